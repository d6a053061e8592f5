package net.ntsbox.server.ke;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;

/** Logs a refusal at most once per source per interval, so a flood costs counters, not log lines. */
final class ThrottledLog {
    private static final Logger LOG = System.getLogger("net.ntsbox.server.ke");
    private final long intervalNanos;
    private final int maxSources;
    private final ConcurrentHashMap<String, Long> lastLogged = new ConcurrentHashMap<>();

    ThrottledLog(long intervalNanos, int maxSources) {
        this.intervalNanos = intervalNanos;
        this.maxSources = maxSources;
    }

    /** Logs "{@code source}: {@code what}" unless this source was logged within the interval. */
    void refused(String source, KeRefusal reason, String detail, long nowNanos) {
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        if (lastLogged.size() >= maxSources) {
            lastLogged.entrySet().removeIf(e -> nowNanos - e.getValue() >= intervalNanos);
            if (lastLogged.size() >= maxSources) {
                return;
            }
        }
        boolean[] due = {false};
        lastLogged.compute(source, (k, last) -> {
            if (last == null || nowNanos - last >= intervalNanos) {
                due[0] = true;
                return nowNanos;
            }
            return last;
        });
        if (due[0]) {
            LOG.log(Level.INFO, "NTS-KE connection from {0} refused: {1}{2} (further refusals of this source "
                    + "are only counted for a while)", source, reason.name().toLowerCase(java.util.Locale.ROOT),
                    detail == null ? "" : " (" + detail + ")");
        }
    }

    void evictOld(long nowNanos) {
        lastLogged.entrySet().removeIf(e -> nowNanos - e.getValue() >= intervalNanos);
    }
}
