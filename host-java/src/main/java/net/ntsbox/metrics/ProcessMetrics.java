package net.ntsbox.metrics;

import java.time.Instant;
import java.util.List;

/** Build version and start time, for dashboards and restart alerts. */
public final class ProcessMetrics implements MetricsCollector {
    private final String version;
    private final Instant started;

    public ProcessMetrics(String version, Instant started) {
        this.version = version;
        this.started = started;
    }

    @Override
    public List<MetricFamily> collect() {
        return List.of(
                MetricFamily.gauge("ntsbox_build_info", "Always 1; the label names the running version")
                        .add(1, "version", version).build(),
                MetricFamily.gauge("ntsbox_start_time_seconds", "When this process started, Unix time")
                        .add(CertificateMetrics.seconds(started)).build());
    }
}
