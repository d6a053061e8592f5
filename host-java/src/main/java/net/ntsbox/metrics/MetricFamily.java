package net.ntsbox.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A metric family as scraped: name, type, help text and its samples. Names follow the
 * Prometheus conventions enforced here: an {@code ntsbox_} prefix and, for counters, a
 * {@code _total} suffix (base units in names: {@code _seconds}, {@code _bytes}).
 */
public record MetricFamily(String name, MetricType type, String help, List<Sample> samples) {
    public static final String PREFIX = "ntsbox_";

    public MetricFamily {
        MetricNames.checkMetricName(name);
        if (!name.startsWith(PREFIX)) {
            throw new IllegalArgumentException("metric " + name + " lacks the " + PREFIX + " prefix");
        }
        if (type == MetricType.COUNTER && !name.endsWith("_total")) {
            throw new IllegalArgumentException("counter " + name + " must end in _total");
        }
        if (type != MetricType.COUNTER && name.endsWith("_total")) {
            throw new IllegalArgumentException(type.text() + " " + name + " must not end in _total");
        }
        samples = List.copyOf(samples);
        for (Sample s : samples) {
            boolean ok = type == MetricType.HISTOGRAM
                    ? s.name().equals(name + "_bucket") || s.name().equals(name + "_sum") || s.name().equals(name + "_count")
                    : s.name().equals(name);
            if (!ok) {
                throw new IllegalArgumentException("sample " + s.name() + " does not belong to " + type.text() + " " + name);
            }
        }
    }

    public static Builder counter(String name, String help) {
        return new Builder(name, MetricType.COUNTER, help);
    }

    public static Builder gauge(String name, String help) {
        return new Builder(name, MetricType.GAUGE, help);
    }

    /** Collects samples of one counter or gauge family. */
    public static final class Builder {
        private final String name;
        private final MetricType type;
        private final String help;
        private final List<Sample> samples = new ArrayList<>();

        private Builder(String name, MetricType type, String help) {
            this.name = name;
            this.type = type;
            this.help = help;
        }

        /** Adds a sample; {@code labels} are name, value pairs. */
        public Builder add(double value, String... labels) {
            samples.add(new Sample(name, Arrays.asList(labels), value));
            return this;
        }

        public MetricFamily build() {
            return new MetricFamily(name, type, help, samples);
        }
    }
}
