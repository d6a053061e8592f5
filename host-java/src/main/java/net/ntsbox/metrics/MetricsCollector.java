package net.ntsbox.metrics;

import java.util.List;

/**
 * A source of metric families, asked at every scrape: collectors read the live counters of
 * the component they describe, so nothing is counted twice. Called on the scraping thread;
 * must not block and must not throw (a missing value is simply not emitted).
 */
@FunctionalInterface
public interface MetricsCollector {
    List<MetricFamily> collect();
}
