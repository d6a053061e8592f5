package net.ntsbox.metrics;

import java.util.ArrayList;
import java.util.List;

/** Time-source gauges from a {@link ClockStatusSource}. */
public final class ClockMetrics implements MetricsCollector {
    private final ClockStatusSource source;

    public ClockMetrics(ClockStatusSource source) {
        this.source = source;
    }

    @Override
    public List<MetricFamily> collect() {
        ClockStatus s = source.clockStatus();
        MetricFamily.Builder state = MetricFamily.gauge("ntsbox_clock_state",
                "1 for the clock discipline state in force, 0 for the others");
        for (ClockState c : ClockState.values()) {
            state.add(c == s.state() ? 1 : 0, "state", c.label());
        }
        List<MetricFamily> out = new ArrayList<>();
        out.add(state.build());
        out.add(MetricFamily.gauge("ntsbox_clock_stratum", "Stratum announced in responses").add(s.stratum()).build());
        gauge(out, "ntsbox_clock_offset_seconds", "Offset of the system clock from the reference", s.offsetSeconds());
        gauge(out, "ntsbox_clock_frequency_offset_ratio",
                "Frequency correction applied to the system clock (1e-9 = 1 ppb)", s.frequencyPpb() * 1e-9);
        gauge(out, "ntsbox_clock_holdover_seconds", "Time since the reference was lost (0 when not in holdover)",
                s.holdoverSeconds());
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
