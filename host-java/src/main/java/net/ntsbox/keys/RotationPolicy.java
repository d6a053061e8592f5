package net.ntsbox.keys;

/**
 * How often master keys rotate, and the client behaviour the acceptance window must cover:
 * a client holding {@code clientCookies} cookies and polling every {@code clientPollSeconds}
 * may present a cookie up to cookies × poll seconds after it was minted.
 *
 * <p>Live keys: one future, the current, and {@link #pastKeys()} past keys. The FPGA has 4
 * slots (future, current, 2 past) addressed by the low 2 bits of the key ID, so at most 2
 * past keys fit; a period too short for 2 past keys to cover the client's cookie lifetime is
 * rejected rather than silently causing NAKs.
 */
public record RotationPolicy(long periodSeconds, int clientCookies, int clientPollSeconds) {
    public static final long DEFAULT_PERIOD_SECONDS = 24 * 3600;
    public static final int SLOTS = 4;
    /** Slots left for past keys once the future and the current key are placed. */
    public static final int MAX_PAST_KEYS = SLOTS - 2;
    public static final RotationPolicy DEFAULT = new RotationPolicy(DEFAULT_PERIOD_SECONDS, 8, 1024);

    public RotationPolicy {
        if (periodSeconds <= 0 || clientCookies <= 0 || clientPollSeconds <= 0) {
            throw new IllegalArgumentException("rotation period, client cookies and poll interval must be positive");
        }
        int past = pastKeysFor(periodSeconds, clientCookies, clientPollSeconds);
        if (past > MAX_PAST_KEYS) {
            throw new IllegalArgumentException("rotation period " + periodSeconds + " s is too short: cookies live up to "
                    + (long) clientCookies * clientPollSeconds + " s, which needs " + past + " past keys but only "
                    + MAX_PAST_KEYS + " fit in " + SLOTS + " slots; use at least "
                    + minimumPeriod(clientCookies, clientPollSeconds) + " s");
        }
    }

    public static RotationPolicy ofPeriod(long periodSeconds) {
        return new RotationPolicy(periodSeconds, 8, 1024);
    }

    /** Longest time a client may hold a cookie before presenting it. */
    public long cookieLifetimeSeconds() { return (long) clientCookies * clientPollSeconds; }

    /**
     * Past keys kept: a cookie minted at the very end of period n is presented up to
     * lifetime seconds later, so key n must stay for ceil(lifetime / period) more periods;
     * at least 2 (covers a clock step and a late copy of the ring to a peer).
     */
    public int pastKeys() { return pastKeysFor(periodSeconds, clientCookies, clientPollSeconds); }

    private static int pastKeysFor(long period, int cookies, int poll) {
        long lifetime = (long) cookies * poll;
        return (int) Math.max(2, (lifetime + period - 1) / period);
    }

    private static long minimumPeriod(int cookies, int poll) {
        return ((long) cookies * poll + MAX_PAST_KEYS - 1) / MAX_PAST_KEYS;
    }
}
