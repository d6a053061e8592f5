package net.ntsbox.fpga;

import java.util.Optional;
import net.ntsbox.time.ClockIncrement;
import net.ntsbox.time.DisciplinedClock;
import net.ntsbox.time.LeapKind;
import net.ntsbox.time.LeapStatus;
import net.ntsbox.time.NtpTime;
import net.ntsbox.time.PpsCapture;

/**
 * The FPGA's time-of-day counter (fpga-rtl/tod_clock.v, CSR block CLK) as the servo's
 * {@link DisciplinedClock}. Unit conversions, all exact or rounded to nearest (no ties occur):
 * <ul>
 * <li>increment: the interface's 32.32 ns per cycle to CLK_INCR's 2^-64 s per cycle by
 *     {@link ClockIncrement#toFpga} (round(v * 2^32 / 10^9)); read back by
 *     {@link ClockIncrement#fromFpga}, which returns exactly the value written (2^-64 s is the
 *     finer unit). The 6.4 ns nominal {@link #NOMINAL_INCREMENT_6_4NS} is loaded as
 *     0x1B_7CDFD9D6, two 2^-64 s LSBs (1.7e-11) below the RTL's reset value 0x1B_7CDFD9D8
 *     (round(2^64 / 156.25 MHz)), whose 32.32 ns reading is again the nominal;</li>
 * <li>phase: signed ns to CLK_ADJ's signed 32.32 s by {@link NtpTime#offsetOfNanos} (the
 *     driver's ntsfpga_ns_to_ntp_offset, same rounding); the RTL adds it in one cycle on top of
 *     that cycle's increment;</li>
 * <li>PPS: CLK_PPS_SEC/FRAC/SEQ, the counter one cycle after the synchroniser's sampling edge;
 *     sequence 0 (no edge since reset) is no capture;</li>
 * <li>leap: LEAP_AT = E and LEAP_CTRL.INSERT/DELETE; the RTL holds E-1 for two seconds or
 *     skips it on the seconds carry. STATUS.LEAP_DONE is read, remembered as
 *     {@link LeapStatus#lastApplied()} = E and cleared. Scheduling or cancelling during the
 *     inserted second is refused by the hardware (EBUSY) and ignored here, as the RTL ignores
 *     LEAP_CTRL then.</li>
 * </ul>
 * Every call is one or more bus transactions. A write lands when its last register write (the
 * CTRL or LEAP_CTRL strobe) is accepted; a read samples when TIME_FRAC/PPS_FRAC/STATUS is read
 * (on the Verilated csr_top model: reads sample the cycle after the call starts, strobes land
 * in the last cycle of the call; see SimClockRtlEquivalenceTest).
 */
public final class FpgaDisciplinedClock implements DisciplinedClock {
    private static final int EBUSY = 16;

    private final FpgaClock clock;
    private final long nominal;
    private long leapAt;
    private long lastApplied;

    public FpgaDisciplinedClock(FpgaClock clock) {
        this.clock = clock;
        this.nominal = ClockIncrement.fromFpga(clock.nominalIncrement());
    }

    public FpgaClock fpgaClock() {
        return clock;
    }

    @Override
    public long nominalIncrement() {
        return nominal;
    }

    @Override
    public long increment() {
        return ClockIncrement.fromFpga(clock.increment());
    }

    /** Loads the increment; values below one 2^-64 s LSB (0 or negative) load one LSB (the RTL cannot stop). */
    @Override
    public void setIncrement(long increment) {
        clock.setIncrement(Math.max(1, ClockIncrement.toFpga(Math.max(0, increment))));
    }

    @Override
    public long now() {
        return clock.now();
    }

    @Override
    public void setTime(long ntpTimestamp) {
        clock.setTime(ntpTimestamp);
    }

    @Override
    public void adjustPhase(long nanos) {
        clock.adjustPhaseNanos(nanos);
    }

    @Override
    public Optional<PpsCapture> latestPps() {
        FpgaClock.PpsCapture p = clock.lastPps();
        return p.sequence() == 0 ? Optional.empty() : Optional.of(new PpsCapture(p.ntp(), p.sequence()));
    }

    @Override
    public void scheduleLeap(LeapKind kind, long atNtpSeconds) {
        try {
            clock.scheduleLeap(atNtpSeconds, kind == LeapKind.INSERT);
            leapAt = atNtpSeconds;
        } catch (FpgaException e) {
            if (e.errno() != EBUSY) throw e;
        }
    }

    @Override
    public void cancelLeap() {
        try {
            clock.cancelLeap();
        } catch (FpgaException e) {
            if (e.errno() != EBUSY) throw e;
        }
    }

    @Override
    public LeapStatus leapStatus() {
        FpgaClock.Status s = clock.status();
        if (s.leapDone()) {
            lastApplied = leapAt;
            clock.clearLeapDone();
        }
        Optional<LeapKind> kind = s.leapInsertScheduled() && !s.inLeapSecond() ? Optional.of(LeapKind.INSERT)
                : s.leapDeleteScheduled() ? Optional.of(LeapKind.DELETE) : Optional.empty();
        return new LeapStatus(kind, kind.isPresent() ? leapAt : 0, s.inLeapSecond(), lastApplied);
    }
}
