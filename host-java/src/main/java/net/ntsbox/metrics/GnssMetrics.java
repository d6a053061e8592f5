package net.ntsbox.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** {@code ntsbox_gnss_*}: the receiver behind the time service ({@link GnssSourceStatus}). */
public final class GnssMetrics implements MetricsCollector {
    private final Supplier<GnssSourceStatus> source;

    public GnssMetrics(Supplier<GnssSourceStatus> source) {
        this.source = source;
    }

    @Override
    public List<MetricFamily> collect() {
        GnssSourceStatus s = source.get();
        List<MetricFamily> out = new ArrayList<>();
        out.add(MetricFamily.gauge("ntsbox_gnss_info", "The configured GNSS source (value 1)")
                .add(1, "mode", s.mode(), "source", s.source(), "pps", s.pps()).build());
        out.add(MetricFamily.gauge("ntsbox_gnss_connected", "1 while the time-of-day source delivers data")
                .add(s.connected() ? 1 : 0).build());
        out.add(MetricFamily.gauge("ntsbox_gnss_fix_valid", "1 while the receiver claims a valid time fix")
                .add(s.fixValid() ? 1 : 0).build());
        out.add(MetricFamily.counter("ntsbox_gnss_time_of_day_messages_total", "Time-of-day messages received")
                .add(s.timeOfDayMessages()).build());
        gauge(out, "ntsbox_gnss_time_of_day_age_seconds", "Seconds since the last valid time-of-day message",
                s.timeOfDayAgeSeconds());
        out.add(MetricFamily.counter("ntsbox_gnss_source_failures_total",
                "Failed connects or opens and lost or silent connections of the time-of-day source")
                .add(s.sourceFailures()).build());
        out.add(MetricFamily.counter("ntsbox_gnss_pps_edges_total", "PPS edges seen").add(s.ppsEdges()).build());
        gauge(out, "ntsbox_gnss_host_offset_seconds", "Host clock minus the PPS edge (monitor mode with a PPS device)",
                s.hostOffsetSeconds());
        out.add(MetricFamily.gauge("ntsbox_gnss_antenna_fault", "1 while the antenna-fault line is asserted")
                .add(s.antennaFault() ? 1 : 0).build());
        out.add(MetricFamily.gauge("ntsbox_gnss_leap_table_expired", "1 when the leap-seconds.list has expired")
                .add(s.leapTableExpired() ? 1 : 0).build());
        return out;
    }

    private static void gauge(List<MetricFamily> out, String name, String help, double v) {
        MetricFamily.Builder b = MetricFamily.gauge(name, help);
        if (!Double.isNaN(v)) {
            b.add(v);
        }
        out.add(b.build());
    }
}
