package net.ntsbox.metrics;

import java.util.regex.Pattern;

/** Prometheus naming rules, checked when a family or sample is built (a bad name is a bug here). */
final class MetricNames {
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private MetricNames() {}

    static void checkMetricName(String name) {
        if (name == null || !METRIC.matcher(name).matches()) {
            throw new IllegalArgumentException("not a Prometheus metric name: " + name);
        }
    }

    static void checkLabelName(String name) {
        if (name == null || !LABEL.matcher(name).matches() || name.startsWith("__")) {
            throw new IllegalArgumentException("not a Prometheus label name: " + name);
        }
    }
}
