package net.ntsbox.metrics;

/** Prometheus metric types used here (text format {@code # TYPE} values). */
public enum MetricType {
    COUNTER("counter"),
    GAUGE("gauge"),
    HISTOGRAM("histogram");

    private final String text;

    MetricType(String text) {
        this.text = text;
    }

    /** The word in the {@code # TYPE} line. */
    public String text() {
        return text;
    }
}
