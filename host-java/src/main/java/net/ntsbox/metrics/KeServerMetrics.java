package net.ntsbox.metrics;

import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import net.ntsbox.ke.KeOutcome;
import net.ntsbox.server.ke.KeRefusal;
import net.ntsbox.server.ke.KeServerCounters;

/**
 * NTS-KE server metrics read from {@link KeServerCounters} at scrape time. Every connection
 * ends as exactly one {@code outcome}: a reply ({@link KeOutcome}) or a refusal
 * ({@link KeRefusal}); see {@link #outcomeLabel}. Constructing this installs the handshake
 * duration histogram as the counters' handshake observer.
 */
public final class KeServerMetrics implements MetricsCollector {
    private final KeServerCounters counters;
    private final IntSupplier openConnections;
    private final Histogram handshakeDuration = new Histogram("ntsbox_nts_ke_tls_handshake_duration_seconds",
            "Duration of successful NTS-KE TLS handshakes", Histogram.LATENCY_SECONDS);

    /** @param openConnections e.g. {@code server::openConnections} */
    public KeServerMetrics(KeServerCounters counters, IntSupplier openConnections) {
        this.counters = counters;
        this.openConnections = openConnections;
        counters.observeHandshakes(handshakeDuration::recordNanos);
    }

    /** The handshake latency histogram (fed by the server; {@code record(seconds)} for others). */
    public Histogram handshakeDuration() {
        return handshakeDuration;
    }

    public static String outcomeLabel(KeOutcome o) {
        return o.name().toLowerCase(Locale.ROOT);
    }

    /** Refusal labels; "too_large_no_reply" because a reply outcome is already called too_large. */
    public static String outcomeLabel(KeRefusal r) {
        return switch (r) {
            case ALPN_REFUSED -> "alpn";
            case NON_TLS_BYTES -> "non_tls";
            case TOO_LARGE -> "too_large_no_reply";
            default -> r.name().toLowerCase(Locale.ROOT);
        };
    }

    @Override
    public List<MetricFamily> collect() {
        MetricFamily.Builder outcomes = MetricFamily.counter("ntsbox_nts_ke_handshakes_total",
                "NTS-KE connections by how they ended: a reply outcome or a refusal reason");
        for (KeOutcome o : KeOutcome.values()) {
            outcomes.add(counters.replies(o), "outcome", outcomeLabel(o));
        }
        for (KeRefusal r : KeRefusal.values()) {
            outcomes.add(counters.refusals(r), "outcome", outcomeLabel(r));
        }
        return List.of(
                MetricFamily.counter("ntsbox_nts_ke_connections_total", "TCP connections accepted by the NTS-KE server")
                        .add(counters.accepted()).build(),
                outcomes.build(),
                MetricFamily.counter("ntsbox_nts_ke_cookies_issued_total", "Cookies sent in NTS-KE replies")
                        .add(counters.cookiesIssued()).build(),
                MetricFamily.gauge("ntsbox_nts_ke_open_connections", "NTS-KE connections open now")
                        .add(openConnections.getAsInt()).build(),
                handshakeDuration.family());
    }
}
