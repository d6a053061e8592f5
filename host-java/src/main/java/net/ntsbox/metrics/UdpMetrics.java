package net.ntsbox.metrics;

import java.util.List;
import java.util.function.IntFunction;
import net.ntsbox.server.udp.UdpCounters;

/**
 * UDP socket metrics of the software datapath, read from {@link UdpCounters} at scrape time
 * and summed over all its listeners (one {@code UdpCounters} per listen address).
 */
public final class UdpMetrics implements MetricsCollector {
    private final List<UdpCounters> counters;
    private final IntFunction<String> dropReason;

    /**
     * @param dropReason label for a handler drop code (0 or -1..-63), e.g. the name of the
     *                   StepOutcome the wiring encoded in it; codes outside the named range
     *                   are reported as "other"
     */
    public UdpMetrics(List<UdpCounters> counters, IntFunction<String> dropReason) {
        this.counters = List.copyOf(counters);
        this.dropReason = dropReason;
    }

    public UdpMetrics(UdpCounters counters, IntFunction<String> dropReason) {
        this(List.of(counters), dropReason);
    }

    /** Labels drop codes as "code_0", "code_1" (for -1), ... */
    public UdpMetrics(UdpCounters counters) {
        this(counters, code -> "code_" + (-code));
    }

    @Override
    public List<MetricFamily> collect() {
        MetricFamily.Builder drops = MetricFamily.counter("ntsbox_udp_handler_drops_total",
                "Datagrams the handler answered with nothing, by drop code; codes never seen are omitted");
        for (int i = 0; i <= UdpCounters.NAMED_DROP_CODES; i++) {
            final int code = -i;
            long v = sum(c -> c.dropped(code));
            if (v != 0) {
                drops.add(v, "reason", dropReason.apply(-i));
            }
        }
        drops.add(sum(UdpCounters::droppedOther), "reason", "other");
        return List.of(
                MetricFamily.counter("ntsbox_udp_datagrams_received_total", "UDP datagrams received")
                        .add(sum(UdpCounters::received)).build(),
                MetricFamily.counter("ntsbox_udp_datagrams_sent_total", "UDP datagrams sent").add(sum(UdpCounters::sent)).build(),
                MetricFamily.counter("ntsbox_udp_send_failures_total", "UDP sends that failed")
                        .add(sum(UdpCounters::sendFailures)).build(),
                MetricFamily.counter("ntsbox_udp_handler_errors_total",
                        "Datagrams dropped because the handler threw (a bug)").add(sum(UdpCounters::handlerErrors)).build(),
                drops.build());
    }

    private long sum(java.util.function.ToLongFunction<UdpCounters> f) {
        long t = 0;
        for (UdpCounters c : counters) t += f.applyAsLong(c);
        return t;
    }
}
