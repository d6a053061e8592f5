package net.ntsbox.metrics;

import java.util.List;

/**
 * One line of the exposition: a sample name (the family name, or for histograms the family
 * name plus {@code _bucket}, {@code _sum} or {@code _count}), label pairs in order, a value.
 *
 * @param labels name, value, name, value, ...
 */
public record Sample(String name, List<String> labels, double value) {
    public Sample {
        labels = List.copyOf(labels);
        if (labels.size() % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs: " + labels);
        }
        MetricNames.checkMetricName(name);
        for (int i = 0; i < labels.size(); i += 2) {
            MetricNames.checkLabelName(labels.get(i));
        }
    }
}
