package net.ntsbox.fpga;

import static net.ntsbox.fpga.NtsFpgaNative.*;

/**
 * The FPGA time-of-day clock, typed: times are 64-bit NTP timestamps (seconds in the high 32
 * bits, as {@link net.ntsbox.ntp.NtpTimestamp}), frequency in ppb relative to the nominal
 * increment of the FPGA clock, phase steps in nanoseconds.
 */
public final class FpgaClock {
    /** The datapath clock of the 10 GbE MAC (156.25 MHz, the increment's reset value). */
    public static final long DEFAULT_CLOCK_HZ = 156_250_000L;

    private final FpgaDevice dev;
    private final long nominal;

    public FpgaClock(FpgaDevice dev) { this(dev, DEFAULT_CLOCK_HZ); }

    public FpgaClock(FpgaDevice dev, long clockHz) {
        if (clockHz <= 0) throw new IllegalArgumentException("clock frequency must be positive");
        this.dev = dev;
        this.nominal = ntsfpga_incr_nominal(clockHz);
    }

    /** Increment per cycle at 0 ppb, units of 2^-64 s. */
    public long nominalIncrement() { return nominal; }

    /** The time now (one atomic read: the fraction read latches the seconds). */
    public long now() { return dev.clockRead()[0]; }

    /** Sets the time; the clock reads ntp in the cycle after the write. */
    public void setTime(long ntp) { dev.clockSet(ntp, false); }

    /** Arms a set: the clock reads ntp at the next PPS edge ({@link Status#setPending} until then). */
    public void setTimeAtNextPps(long ntp) { dev.clockSet(ntp, true); }

    public void cancelPendingSet() { dev.clockCancelSet(); }

    /** Runs the clock ppb parts per billion fast (negative: slow); clamped to +-1e6 ppb. */
    public void setFrequencyPpb(double ppb) { dev.clockSetIncr(ntsfpga_incr_from_ppb(nominal, ppb)); }

    /** The frequency offset the increment register stands for now. */
    public double frequencyPpb() { return ntsfpga_incr_to_ppb(nominal, dev.clockIncr()); }

    /** Raw increment per cycle (2^-64 s). */
    public long increment() { return dev.clockIncr(); }

    /** Loads a raw increment per cycle (2^-64 s, non-zero): CLK_INCR staged, then CTRL.INCR. */
    public void setIncrement(long incr) {
        if (incr == 0) throw new IllegalArgumentException("a zero increment stops the clock");
        dev.clockSetIncr(incr);
    }

    /** The device this clock is on. */
    public FpgaDevice device() { return dev; }

    /** Steps the time by ns nanoseconds once (rounded to 2^-32 s). */
    public void adjustPhaseNanos(long ns) { dev.clockAdjustPhase(ntsfpga_ns_to_ntp_offset(ns)); }

    /** The last PPS capture. */
    public PpsCapture lastPps() {
        long[] p = dev.clockPps();
        return new PpsCapture(p[0], p[1]);
    }

    /** Time of the last synchronised PPS edge and the number of edges seen since reset. */
    public record PpsCapture(long ntp, long sequence) {}

    /**
     * Schedules a leap second at NTP second leapAt, the midnight that ends the leap day
     * (insert: 23:59:59 is held for two seconds; delete: it is skipped).
     * @throws FpgaException EBUSY while an inserted second is running
     */
    public void scheduleLeap(long leapAtNtpSeconds, boolean insert) {
        if (leapAtNtpSeconds <= 0 || leapAtNtpSeconds > 0xFFFF_FFFFL) throw new IllegalArgumentException("leap time must be an NTP era-0 second");
        dev.leapSchedule(leapAtNtpSeconds, insert);
    }

    public void cancelLeap() { dev.leapCancel(); }

    public void clearLeapDone() { dev.leapClearDone(); }

    public Status status() { return Status.of(dev.clockStatus()); }

    /** CLK_STATUS decoded. leapIndicator is what the clock announces now (0 none, 1 insert, 2 delete). */
    public record Status(boolean setPending, boolean leapInsertScheduled, boolean leapDeleteScheduled, boolean inLeapSecond,
                         boolean leapDone, int leapIndicator) {
        static Status of(int v) {
            return new Status((v & Registers.CLK_STATUS_SET_PENDING_MASK) != 0, (v & Registers.CLK_STATUS_LEAP_INS_MASK) != 0,
                    (v & Registers.CLK_STATUS_LEAP_DEL_MASK) != 0, (v & Registers.CLK_STATUS_IN_LEAP_MASK) != 0,
                    (v & Registers.CLK_STATUS_LEAP_DONE_MASK) != 0,
                    (v & Registers.CLK_STATUS_LI_MASK) >>> Registers.CLK_STATUS_LI_SHIFT);
        }
    }
}
