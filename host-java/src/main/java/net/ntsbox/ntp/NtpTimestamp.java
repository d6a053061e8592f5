package net.ntsbox.ntp;

/**
 * The 64-bit NTP timestamp (RFC 5905 §6): 32 bits of seconds since 1900-01-01 00:00 UTC and
 * 32 bits of fraction, held as a raw {@code long}. Only era 0 is mapped (1900-01-01 up to
 * 2036-02-07 06:28:16 UTC); the era is not carried on the wire, so picking another era is a
 * policy for the caller, not something this codec guesses.
 */
public final class NtpTimestamp {
    /** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (Unix epoch). */
    public static final long UNIX_EPOCH_NTP_SECONDS = 2_208_988_800L;
    /** First Unix nanosecond that era 0 cannot hold. */
    public static final long ERA0_END_UNIX_NANOS = ((1L << 32) - UNIX_EPOCH_NTP_SECONDS) * 1_000_000_000L;
    /** Earliest Unix nanosecond of era 0 (1900-01-01). */
    public static final long ERA0_START_UNIX_NANOS = -UNIX_EPOCH_NTP_SECONDS * 1_000_000_000L;

    private static final long NANOS = 1_000_000_000L;

    private NtpTimestamp() {}

    /** True if {@code unixNanos} falls in NTP era 0 and so has an exact era-0 timestamp. */
    public static boolean inEra0(long unixNanos) {
        return unixNanos >= ERA0_START_UNIX_NANOS && unixNanos < ERA0_END_UNIX_NANOS;
    }

    /**
     * Era-0 timestamp for Unix nanoseconds, the fraction rounded to the nearest 2^-32 s.
     * @throws IllegalArgumentException outside era 0 (a clock bug, not network input)
     */
    public static long fromUnixNanos(long unixNanos) {
        if (!inEra0(unixNanos)) {
            throw new IllegalArgumentException("time outside NTP era 0: " + unixNanos + " ns");
        }
        long seconds = Math.floorDiv(unixNanos, NANOS);
        long nanos = Math.floorMod(unixNanos, NANOS);
        // nanos < 2^30, so nanos << 32 < 2^62: no overflow; the rounding never carries into seconds.
        long fraction = ((nanos << 32) + NANOS / 2) / NANOS;
        return ((seconds + UNIX_EPOCH_NTP_SECONDS) << 32) | fraction;
    }

    /** Unix nanoseconds for an era-0 timestamp, rounded to the nearest nanosecond. */
    public static long toUnixNanos(long ntpTimestamp) {
        long seconds = ntpTimestamp >>> 32;
        long fraction = ntpTimestamp & 0xFFFF_FFFFL;
        long nanos = (fraction * NANOS + (1L << 31)) >>> 32;
        return (seconds - UNIX_EPOCH_NTP_SECONDS) * NANOS + nanos;
    }

    /** Whole seconds field (unsigned 32 bits). */
    public static long seconds(long ntpTimestamp) {
        return ntpTimestamp >>> 32;
    }

    /** Fraction field (unsigned 32 bits, units of 2^-32 s). */
    public static long fraction(long ntpTimestamp) {
        return ntpTimestamp & 0xFFFF_FFFFL;
    }
}
