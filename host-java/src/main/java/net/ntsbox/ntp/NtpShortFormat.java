package net.ntsbox.ntp;

/**
 * The 32-bit NTP short format (RFC 5905 §6): 16 bits of seconds and 16 bits of fraction,
 * used for root delay and root dispersion. Held as a raw {@code int}.
 */
public final class NtpShortFormat {
    /** Largest value: 65535 + 65535/65536 s. */
    public static final int MAX = 0xFFFF_FFFF;

    private NtpShortFormat() {}

    /** Short format for a non-negative duration, rounded; saturates at {@link #MAX}, negatives give 0. */
    public static int fromNanos(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        if (nanos >= 65_536L * 1_000_000_000L) {
            return MAX;
        }
        // nanos < 2^46, so nanos << 16 < 2^62.
        long v = ((nanos << 16) + 500_000_000L) / 1_000_000_000L;
        return v > 0xFFFF_FFFFL ? MAX : (int) v;
    }

    /** Nanoseconds for a short-format value (unsigned), rounded. */
    public static long toNanos(int shortFormat) {
        long v = Integer.toUnsignedLong(shortFormat);
        return (v * 1_000_000_000L + (1L << 15)) >>> 16;
    }
}
