package net.ntsbox.client;

/**
 * Offset and round-trip delay of one exchange (RFC 5905 §8): T1 client send, T2 server
 * receive, T3 server transmit, T4 client receive, all raw NTP timestamps. offset =
 * ((T2 − T1) + (T3 − T4)) / 2, delay = (T4 − T1) − (T3 − T2). Differences are taken modulo
 * 2^64 and read as signed, so they are right across an era boundary as long as the clocks are
 * within 68 years of each other.
 */
public record ClockSample(long offsetNanos, long delayNanos) {

    public static ClockSample of(long t1, long t2, long t3, long t4) {
        long a = t2 - t1;
        long b = t3 - t4;
        // Halve each before adding so the sum of two near-2^63 differences cannot overflow.
        long offset = (a >> 1) + (b >> 1) + ((a & b) & 1);
        long delay = (t4 - t1) - (t3 - t2);
        return new ClockSample(toNanos(offset), toNanos(delay));
    }

    /** A signed 32.32 fixed-point NTP duration in nanoseconds, rounded to nearest. */
    static long toNanos(long fixed) {
        long seconds = fixed >> 32; // floor
        long fraction = fixed & 0xFFFF_FFFFL;
        return seconds * 1_000_000_000L + ((fraction * 1_000_000_000L + (1L << 31)) >>> 32);
    }

    public double offsetSeconds() { return offsetNanos / 1e9; }

    public double delaySeconds() { return delayNanos / 1e9; }
}
