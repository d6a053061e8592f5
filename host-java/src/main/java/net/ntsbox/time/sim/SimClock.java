package net.ntsbox.time.sim;

import java.math.BigInteger;
import java.util.Optional;
import java.util.function.LongSupplier;
import net.ntsbox.time.ClockIncrement;
import net.ntsbox.time.DisciplinedClock;
import net.ntsbox.time.LeapKind;
import net.ntsbox.time.LeapStatus;
import net.ntsbox.time.NtpTime;
import net.ntsbox.time.PpsCapture;

/**
 * A simulated FPGA time-of-day counter: the cycle-exact model of fpga-rtl/tod_clock.v
 * ({@link TodCounter}) clocked by a {@link SimOscillator} (or, for the comparison with the
 * Verilated RTL, by any cycle count). The increment register is the {@link DisciplinedClock}
 * 32.32 ns value, loaded into the RTL's 2^-64 s register by {@link ClockIncrement#toFpga} (the
 * conversion FpgaDisciplinedClock makes); phase adjustments are rounded to 2^-32 s by
 * {@link NtpTime#offsetOfNanos}. Reads are quantised to whole cycles, a PPS edge captures the
 * counter one cycle after the synchroniser's sampling edge, and leap seconds happen on the
 * seconds carry, all as the RTL does. Operations land in the current cycle (the simulation
 * spends no time on a bus; the equivalence test models FpgaDisciplinedClock's bus latency).
 * If an operation lands in a cycle the counter has already produced (several operations at
 * one simulated instant), an adjustment is added to that cycle's value, the step into it
 * keeping its leap processing; the RTL cannot do two bus operations in one cycle.
 */
public final class SimClock implements DisciplinedClock, SimulatedClock {
    private static final long NANOS = 1_000_000_000L;

    private final SimOscillator oscillator;
    private final LongSupplier cycles;
    private final long nominal;
    private final long incrementMask;
    private long increment;
    private final TodCounter counter;

    private PpsCapture lastPps;
    private long lastApplied;

    /**
     * @param startNtpSeconds counter value at t = 0 (whole seconds; the clock's initial error is
     *                        this minus true time)
     * @param startSubNanos initial sub-second part of the counter (ns, 0 to 10^9-1)
     * @param incrementFractionBits fraction bits the increment register keeps (32 = full 32.32)
     */
    public SimClock(SimOscillator oscillator, long startNtpSeconds, long startSubNanos, int incrementFractionBits) {
        this(oscillator, oscillator::cyclesWhole, oscillator.nominalHz(), startNtpSeconds, fraction64(startSubNanos),
                incrementFractionBits);
    }

    /**
     * A counter clocked by an external cycle count (the Verilated model's, in the equivalence
     * test): it reads T(cycles) and operations land in that cycle. It has no true time, so
     * {@link #advanceTo}, {@link #ppsEdge} and {@link #errorNs} are not available; use
     * {@link #ppsAtCycle}.
     */
    public SimClock(LongSupplier cycles, double nominalHz, long startNtpTimestamp, int incrementFractionBits) {
        this(null, cycles, nominalHz, startNtpTimestamp >>> 32, startNtpTimestamp << 32, incrementFractionBits);
    }

    private SimClock(SimOscillator oscillator, LongSupplier cycles, double nominalHz, long startSeconds, long fraction64,
                     int bits) {
        if (bits < 0 || bits > 32) {
            throw new IllegalArgumentException("fraction bits 0..32");
        }
        this.oscillator = oscillator;
        this.cycles = cycles;
        this.nominal = Math.round(NANOS / nominalHz * 4_294_967_296.0);
        this.incrementMask = -1L << (32 - bits);
        this.increment = nominal & incrementMask;
        this.counter = new TodCounter(cycles.getAsLong(), (startSeconds << 32) | (fraction64 >>> 32), fraction64,
                ClockIncrement.toFpga(increment));
    }

    private static long fraction64(long subNanos) {
        if (subNanos < 0 || subNanos >= NANOS) {
            throw new IllegalArgumentException("sub-second part 0 .. 999999999 ns");
        }
        return BigInteger.valueOf(subNanos).shiftLeft(64).divide(BigInteger.valueOf(NANOS)).longValue();
    }

    public SimOscillator oscillator() {
        return oscillator;
    }

    /** The RTL model this clock drives. */
    public TodCounter counter() {
        return counter;
    }

    @Override
    public DisciplinedClock disciplined() {
        return this;
    }

    /** Moves simulated time to {@code trueNs} (ns since the simulation epoch). */
    @Override
    public void advanceTo(long trueNs) {
        requireOscillator();
        oscillator.advanceTo(trueNs);
        counter.runTo(cycles.getAsLong());
    }

    /** A PPS edge reaches the capture input at {@code trueNs}: the next clock edge samples it. */
    @Override
    public void ppsEdge(long trueNs) {
        advanceTo(trueNs);
        ppsAtCycle();
    }

    /** The PPS input rises during the current cycle k (before edge k+1): captures T(k+2). */
    public void ppsAtCycle() {
        counter.ppsCaptureAfter(cycles.getAsLong());
        lastPps = new PpsCapture(counter.ppsTime(), counter.ppsSequence());
    }

    /**
     * The counter interpolated between cycles at the current simulated time, minus
     * {@code trueUtcNtpNanos} (true UTC as NTP seconds*1e9 + ns): the clock's true error in ns.
     */
    @Override
    public double errorNs(long trueUtcNtpNanos) {
        requireOscillator();
        counter.runTo(cycles.getAsLong());
        return (counter.seconds() * NANOS - trueUtcNtpNanos) + unsigned(counter.fraction64()) * 1e9 / 0x1p64
                + oscillator.cyclesFraction() * unsigned(counter.increment()) * 1e9 / 0x1p64;
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
    }

    private void requireOscillator() {
        if (oscillator == null) {
            throw new IllegalStateException("this SimClock is clocked by cycle count, not by an oscillator");
        }
    }

    @Override
    public long nominalIncrement() {
        return nominal;
    }

    @Override
    public long increment() {
        return increment;
    }

    @Override
    public void setIncrement(long value) {
        long v = Math.max(0, value) & incrementMask;
        increment = v == 0 ? Long.lowestOneBit(incrementMask) : v; // one LSB: the RTL cannot stop
        counter.loadIncrement(cycles.getAsLong(), ClockIncrement.toFpga(increment));
    }

    @Override
    public long now() {
        counter.runTo(cycles.getAsLong());
        return counter.ntp();
    }

    @Override
    public void setTime(long ntpTimestamp) {
        counter.set(cycles.getAsLong(), ntpTimestamp);
    }

    @Override
    public void adjustPhase(long nanos) {
        counter.adjust(cycles.getAsLong(), NtpTime.offsetOfNanos(nanos));
    }

    @Override
    public Optional<PpsCapture> latestPps() {
        return Optional.ofNullable(lastPps);
    }

    @Override
    public void scheduleLeap(LeapKind kind, long atNtpSeconds) {
        counter.scheduleLeap(cycles.getAsLong(), kind == LeapKind.INSERT, atNtpSeconds);
    }

    @Override
    public void cancelLeap() {
        counter.cancelLeap(cycles.getAsLong());
    }

    @Override
    public LeapStatus leapStatus() {
        counter.runTo(cycles.getAsLong());
        if (counter.leapDone()) {
            lastApplied = counter.leapAt();
            counter.clearLeapDone(cycles.getAsLong());
        }
        Optional<LeapKind> kind = counter.leapInsertScheduled() ? Optional.of(LeapKind.INSERT)
                : counter.leapDeleteScheduled() ? Optional.of(LeapKind.DELETE) : Optional.empty();
        return new LeapStatus(kind, kind.isPresent() ? counter.leapAt() : 0, counter.inLeapSecond(), lastApplied);
    }
}
