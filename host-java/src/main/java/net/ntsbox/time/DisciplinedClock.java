package net.ntsbox.time;

import java.util.Optional;

/**
 * The time-of-day counter the servo disciplines: the FPGA's clock (156.25 MHz, nominally
 * 6.4 ns per cycle) or the simulator's model of it. The FPGA driver implements this; nothing
 * else in net.ntsbox.time touches hardware.
 *
 * <h2>Units</h2>
 * <ul>
 * <li>Time is an NTP 64-bit timestamp (RFC 5905 era 0, 32.32 seconds since 1900, UTC as labelled
 *     by this counter).</li>
 * <li>Frequency is the <b>increment register</b>: nanoseconds added per oscillator cycle as
 *     unsigned 32.32 fixed point (32 integer bits of ns, 32 fraction bits). 6.4 ns is
 *     {@link #NOMINAL_INCREMENT_6_4NS} = round(6.4 * 2^32). One LSB is 2^-32 ns per 6.4 ns, a
 *     fractional frequency step of 3.6e-11 (0.036 ppb), below the noise of the oscillators we model.
 *     {@link ClockIncrement} converts between ppb and register values.</li>
 * <li>Phase adjustments are signed nanoseconds, applied atomically (the FPGA adds them to the
 *     counter in one cycle; no cycle's increment is lost or doubled).</li>
 * </ul>
 *
 * <h2>Leap seconds (23:59:60)</h2>
 * NTP timestamps cannot name 23:59:60. A leap is scheduled as the NTP second E of 00:00:00 UTC
 * that follows the last day (the epoch column of leap-seconds.list). For an <b>insert</b>, when
 * the counter reaches E it is set back to E-1: the inserted second 23:59:60 reads as a repeat
 * of 23:59:59 (E-1 .. E), and {@link LeapStatus#inInsertedSecond()} is true during it, so the
 * server keeps LI=01 until it ends. For a <b>delete</b>, when the counter reaches E-1
 * (23:59:59) it jumps to E: 23:59:59 never appears. After the event the schedule is cleared and
 * {@link LeapStatus#lastApplied()} records E. Time-of-day sources use the same convention:
 * a receiver's 23:59:60 is labelled E-1.
 */
public interface DisciplinedClock {
    /** round(6.4 * 2^32): 6.4 ns per cycle at 156.25 MHz, 32.32 fixed point (error 1.5e-11). */
    long NOMINAL_INCREMENT_6_4NS = 27_487_790_694L;

    /** The increment for a perfect oscillator at the nominal frequency. */
    long nominalIncrement();

    /** The increment register now (32.32 ns per cycle). */
    long increment();

    /** Writes the increment register; takes effect from the next cycle. */
    void setIncrement(long increment);

    /** The counter now, as an NTP timestamp. */
    long now();

    /**
     * Loads the counter with an absolute time. Coarse: in hardware the value lands a bus write
     * later, so the servo uses it only for errors of 0.5 s or more and finishes with
     * {@link #adjustPhase}.
     */
    void setTime(long ntpTimestamp);

    /** Adds {@code nanos} (signed) to the counter atomically. */
    void adjustPhase(long nanos);

    /** The most recent PPS capture (counter value at the edge plus its sequence number), if any. */
    Optional<PpsCapture> latestPps();

    /** Schedules one leap event at NTP second {@code atNtpSeconds} (00:00:00 UTC after the last day). */
    void scheduleLeap(LeapKind kind, long atNtpSeconds);

    /** Clears any scheduled leap event. */
    void cancelLeap();

    /** The leap schedule and what the counter did. */
    LeapStatus leapStatus();
}
