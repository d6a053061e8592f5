package net.ntsbox.metrics;

import net.ntsbox.server.DatapathCounters;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToLongFunction;
import java.util.function.Supplier;
import net.ntsbox.keys.RotationPolicy;
import net.ntsbox.server.StepOutcome;

/** NTP/NTS datapath metrics from a map of {@link StepOutcome} counts, read at scrape time. */
public final class DatapathMetrics implements MetricsCollector {
    private final Supplier<Map<StepOutcome, Long>> outcomes;
    private final IntToLongFunction keySlotUses;

    /**
     * @param outcomes    counts by outcome (missing outcomes count as 0)
     * @param keySlotUses cookies opened per master-key slot 0..3
     */
    public DatapathMetrics(Supplier<Map<StepOutcome, Long>> outcomes, IntToLongFunction keySlotUses) {
        this.outcomes = outcomes;
        this.keySlotUses = keySlotUses;
    }

    public DatapathMetrics(DatapathCounters counters) {
        this(counters::snapshot, counters::slot);
    }

    /** The outcome name without its kind prefix: "unknown_key", "malformed_packet", "plain", "nts". */
    public static String reasonLabel(StepOutcome o) {
        String n = o.name().toLowerCase(Locale.ROOT);
        return switch (o.kind()) {
            case NAK -> n.substring("nak_".length());
            case DROP -> n.substring("drop_".length());
            case RESPONSE -> n.substring(0, n.length() - "_response".length());
        };
    }

    @Override
    public List<MetricFamily> collect() {
        Map<StepOutcome, Long> m = outcomes.get();
        long total = 0;
        MetricFamily.Builder responses = MetricFamily.counter("ntsbox_ntp_responses_total",
                "NTP responses sent, by kind (plain NTP or authenticated NTS)");
        MetricFamily.Builder naks = MetricFamily.counter("ntsbox_nts_naks_total", "NTS NAK responses sent, by reason");
        MetricFamily.Builder drops = MetricFamily.counter("ntsbox_ntp_drops_total",
                "Requests dropped without a response, by reason");
        for (StepOutcome o : StepOutcome.values()) {
            long v = m.getOrDefault(o, 0L);
            total += v;
            switch (o.kind()) {
                case RESPONSE -> responses.add(v, "kind", reasonLabel(o));
                case NAK -> naks.add(v, "reason", reasonLabel(o));
                case DROP -> drops.add(v, "reason", reasonLabel(o));
            }
        }
        MetricFamily.Builder slots = MetricFamily.counter("ntsbox_nts_key_slot_uses_total",
                "Cookies opened, by master-key slot (low 2 bits of the key ID)");
        for (int s = 0; s < RotationPolicy.SLOTS; s++) {
            slots.add(keySlotUses.applyAsLong(s), "slot", Integer.toString(s));
        }
        return List.of(
                MetricFamily.counter("ntsbox_ntp_requests_total", "Datagrams handled by the NTP/NTS server step")
                        .add(total).build(),
                responses.build(), naks.build(), drops.build(), slots.build());
    }
}
