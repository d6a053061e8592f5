package net.ntsbox.server.ke;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.concurrent.atomic.LongAdder;
import net.ntsbox.ke.KeOutcome;

/** Counters of the NTS-KE server: accepted connections, replies by outcome, refusals by reason. */
public final class KeServerCounters {
    private final LongAdder accepted = new LongAdder();
    private final LongAdder[] replies = adders(KeOutcome.values().length);
    private final LongAdder[] refusals = adders(KeRefusal.values().length);
    private final LongAdder cookies = new LongAdder();
    private volatile LongConsumer handshakeObserver = nanos -> { };

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    void countAccepted() {
        accepted.increment();
    }

    void countReply(KeOutcome outcome, int cookiesSent) {
        replies[outcome.ordinal()].increment();
        cookies.add(cookiesSent);
    }

    void countHandshake(long nanos) {
        handshakeObserver.accept(nanos);
    }

    /**
     * Called with the duration in nanoseconds of every successful TLS handshake (SslHandler
     * added to handshake done), on the event loop: must be cheap and thread-safe (a metrics
     * histogram). Replaces the previous observer.
     */
    public void observeHandshakes(LongConsumer nanos) {
        handshakeObserver = Objects.requireNonNull(nanos);
    }

    /** Cookies in replies written. */
    public long cookiesIssued() {
        return cookies.sum();
    }

    void countRefusal(KeRefusal reason) {
        refusals[reason.ordinal()].increment();
    }

    /** TCP connections accepted (before any limit). */
    public long accepted() {
        return accepted.sum();
    }

    /** Replies written, by the core's outcome. */
    public long replies(KeOutcome outcome) {
        return replies[outcome.ordinal()].sum();
    }

    public long refusals(KeRefusal reason) {
        return refusals[reason.ordinal()].sum();
    }

    /** All counters by name ("accepted", "reply_ok", "refused_tls_failure", ...), in a stable order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("accepted", accepted());
        m.put("cookies_issued", cookiesIssued());
        for (KeOutcome o : KeOutcome.values()) {
            m.put("reply_" + o.name().toLowerCase(java.util.Locale.ROOT), replies(o));
        }
        for (KeRefusal r : KeRefusal.values()) {
            m.put("refused_" + r.name().toLowerCase(java.util.Locale.ROOT), refusals(r));
        }
        return m;
    }

    @Override
    public String toString() {
        return "KeServerCounters" + snapshot();
    }
}
