package net.ntsbox.time.sim;

import java.util.Optional;
import net.ntsbox.time.DisciplinedClock;
import net.ntsbox.time.LeapKind;
import net.ntsbox.time.LeapStatus;
import net.ntsbox.time.PpsCapture;

/**
 * A simulated FPGA time-of-day counter driven by a {@link SimOscillator}: on every oscillator
 * cycle it adds the increment register (32.32 ns), so reads are quantised to whole cycles and
 * PPS captures to the first cycle after the edge, as in the RTL. The counter is kept as whole
 * seconds plus nanoseconds in 32.32 fixed point. Leap events follow the {@link DisciplinedClock}
 * contract. The simulation driver moves time with {@link #advanceTo(long)}.
 */
public final class SimClock implements DisciplinedClock {
    private static final long NANOS = 1_000_000_000L;
    private static final long SECOND_FIXED = NANOS << 32;
    private static final long MAX_CHUNK = 1L << 26;

    private final SimOscillator oscillator;
    private final long nominal;
    private final long incrementMask;
    private long increment;

    private long counterCycle;
    private long seconds;
    private long subNanosFixed;

    private PpsCapture lastPps;
    private long ppsSequence;

    private LeapKind leapKind;
    private long leapAt;
    private boolean inInserted;
    private long insertedEnd;
    private long lastApplied;

    /**
     * @param startNtpSeconds counter value at t = 0 (whole seconds; the clock's initial error is
     *                        this minus true time)
     * @param startSubNanos initial sub-second part of the counter (ns)
     * @param incrementFractionBits fraction bits the increment register keeps (32 = full 32.32)
     */
    public SimClock(SimOscillator oscillator, long startNtpSeconds, long startSubNanos, int incrementFractionBits) {
        if (incrementFractionBits < 0 || incrementFractionBits > 32) {
            throw new IllegalArgumentException("fraction bits 0..32");
        }
        this.oscillator = oscillator;
        this.nominal = Math.round(NANOS / oscillator.nominalHz() * 4_294_967_296.0);
        this.incrementMask = -1L << (32 - incrementFractionBits);
        this.increment = nominal & incrementMask;
        this.seconds = startNtpSeconds;
        this.subNanosFixed = startSubNanos << 32;
        normalise();
    }

    public SimOscillator oscillator() {
        return oscillator;
    }

    /** Moves simulated time to {@code trueNs} (ns since the simulation epoch). */
    public void advanceTo(long trueNs) {
        oscillator.advanceTo(trueNs);
        syncCounter(oscillator.cyclesWhole());
    }

    /** A PPS edge reaches the capture input at {@code trueNs}: latch the counter at the next cycle. */
    public void ppsEdge(long trueNs) {
        advanceTo(trueNs);
        syncCounter(oscillator.cyclesWhole() + 1);
        lastPps = new PpsCapture(ntpNow(), ++ppsSequence);
    }

    /**
     * The counter interpolated between cycles at the current simulated time, minus
     * {@code trueUtcNtpNanos} (true UTC as NTP seconds*1e9 + ns): the clock's true error in ns.
     */
    public double errorNs(long trueUtcNtpNanos) {
        long cyclesAhead = counterCycle - oscillator.cyclesWhole();
        double fraction = oscillator.cyclesFraction() - cyclesAhead;
        return (seconds * NANOS - trueUtcNtpNanos) + subNanosFixed / 4_294_967_296.0
                + fraction * increment / 4_294_967_296.0;
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
        syncCounter(oscillator.cyclesWhole());
        increment = Math.max(0, value) & incrementMask;
    }

    @Override
    public long now() {
        syncCounter(Math.max(counterCycle, oscillator.cyclesWhole()));
        return ntpNow();
    }

    @Override
    public void setTime(long ntpTimestamp) {
        syncCounter(oscillator.cyclesWhole());
        seconds = ntpTimestamp >>> 32;
        subNanosFixed = (ntpTimestamp & 0xFFFF_FFFFL) * NANOS;
        inInserted = false;
    }

    @Override
    public void adjustPhase(long nanos) {
        syncCounter(oscillator.cyclesWhole());
        seconds += Math.floorDiv(nanos, NANOS);
        subNanosFixed += Math.floorMod(nanos, NANOS) << 32;
        normalise();
        applyLeap();
    }

    @Override
    public Optional<PpsCapture> latestPps() {
        return Optional.ofNullable(lastPps);
    }

    @Override
    public void scheduleLeap(LeapKind kind, long atNtpSeconds) {
        leapKind = kind;
        leapAt = atNtpSeconds;
    }

    @Override
    public void cancelLeap() {
        leapKind = null;
        leapAt = 0;
    }

    @Override
    public LeapStatus leapStatus() {
        return new LeapStatus(Optional.ofNullable(leapKind), leapKind == null ? 0 : leapAt, inInserted, lastApplied);
    }

    private long ntpNow() {
        return (seconds << 32) | (subNanosFixed / NANOS);
    }

    private void syncCounter(long targetCycle) {
        while (counterCycle < targetCycle) {
            long n = Math.min(MAX_CHUNK, targetCycle - counterCycle);
            subNanosFixed += n * increment;
            counterCycle += n;
            normalise();
            applyLeap();
        }
    }

    private void normalise() {
        if (subNanosFixed >= SECOND_FIXED || subNanosFixed < 0) {
            seconds += Math.floorDiv(subNanosFixed, SECOND_FIXED);
            subNanosFixed = Math.floorMod(subNanosFixed, SECOND_FIXED);
        }
    }

    private void applyLeap() {
        if (inInserted && seconds >= insertedEnd) {
            inInserted = false;
        }
        if (leapKind == LeapKind.INSERT && seconds >= leapAt) {
            seconds -= 1;
            inInserted = seconds < leapAt;
            insertedEnd = leapAt;
            lastApplied = leapAt;
            leapKind = null;
        } else if (leapKind == LeapKind.DELETE && seconds >= leapAt - 1) {
            seconds += 1;
            lastApplied = leapAt;
            leapKind = null;
        }
    }
}
