package net.ntsbox.time.gpsd;

import java.time.Duration;

/** Reconnect delays: initial, doubling up to a maximum; reset after a session that worked. */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private long nextMs;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff: need 0 < initial <= max");
        }
        this.initialMs = initial.toMillis();
        this.maxMs = max.toMillis();
        this.nextMs = initialMs;
    }

    /** The delay before the next attempt; the one after it is twice as long (up to the maximum). */
    public Duration next() {
        long d = nextMs;
        nextMs = Math.min(maxMs, nextMs * 2);
        return Duration.ofMillis(d);
    }

    public void reset() {
        nextMs = initialMs;
    }
}
