package net.ntsbox.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The collectors one process exposes; a scrape asks each in registration order. Family names
 * must be unique over all collectors (checked at registration with a first collect).
 */
public final class MetricRegistry {
    private final List<MetricsCollector> collectors = new CopyOnWriteArrayList<>();

    /** Adds a collector; throws if one of its families is already exposed by another. */
    public synchronized MetricRegistry register(MetricsCollector collector) {
        Set<String> taken = new HashSet<>();
        for (MetricsCollector c : collectors) {
            for (MetricFamily f : c.collect()) {
                taken.add(f.name());
            }
        }
        for (MetricFamily f : collector.collect()) {
            if (!taken.add(f.name())) {
                throw new IllegalArgumentException("metric family " + f.name() + " is already registered");
            }
        }
        collectors.add(collector);
        return this;
    }

    /** All families now, collector by collector. */
    public List<MetricFamily> collect() {
        List<MetricFamily> all = new ArrayList<>();
        for (MetricsCollector c : collectors) {
            all.addAll(c.collect());
        }
        return all;
    }

    /** The body of a scrape (see {@link TextFormat#CONTENT_TYPE}). */
    public String scrape() {
        return TextFormat.write(collect());
    }
}
