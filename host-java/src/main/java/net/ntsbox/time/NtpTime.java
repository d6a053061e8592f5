package net.ntsbox.time;

/**
 * Arithmetic on NTP 64-bit timestamps (32.32 s) in nanoseconds. Differences are signed and
 * valid while the two timestamps are within 68 years of each other.
 */
public final class NtpTime {
    private static final long NANOS = 1_000_000_000L;

    private NtpTime() {}

    /** (a - b) in nanoseconds, rounded to the nearest ns. */
    public static long diffNanos(long a, long b) {
        long d = a - b;
        long seconds = d >> 32;
        long fraction = d & 0xFFFF_FFFFL;
        return seconds * NANOS + ((fraction * NANOS + (1L << 31)) >>> 32);
    }

    /** {@code t} plus {@code nanos} (signed), the fraction rounded to the nearest 2^-32 s. */
    public static long plusNanos(long t, long nanos) {
        long seconds = Math.floorDiv(nanos, NANOS);
        long rest = Math.floorMod(nanos, NANOS);
        return t + (seconds << 32) + (((rest << 32) + NANOS / 2) / NANOS);
    }

    /**
     * A signed offset of {@code nanos} as 32.32 s (what CLK_ADJ takes): round(nanos * 2^32 / 10^9),
     * half away from zero like the driver's ntsfpga_ns_to_ntp_offset (a tie cannot occur).
     */
    public static long offsetOfNanos(long nanos) {
        long seconds = Math.floorDiv(nanos, NANOS);
        long rest = Math.floorMod(nanos, NANOS);
        return (seconds << 32) + (((rest << 32) + NANOS / 2) / NANOS);
    }

    /** The timestamp of whole NTP second {@code seconds}. */
    public static long ofSeconds(long seconds) {
        return seconds << 32;
    }

    /** Whole seconds, rounded to the nearest second. */
    public static long nearestSecond(long t) {
        return (t + (1L << 31)) >>> 32;
    }

    /** Fractional seconds as a double (for statistics, never for stamping). */
    public static double toSecondsDouble(long t) {
        return (t >>> 32) + (t & 0xFFFF_FFFFL) / 4_294_967_296.0;
    }
}
