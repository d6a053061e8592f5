package net.ntsbox.testsupport;

import java.util.ArrayDeque;
import java.util.Optional;
import net.ntsbox.time.DisciplinedClock;
import net.ntsbox.time.LeapKind;
import net.ntsbox.time.LeapStatus;
import net.ntsbox.time.PpsCapture;
import net.ntsbox.time.sim.SimClock;
import net.ntsbox.time.sim.SimTimeline;

/**
 * The FPGA's time-of-day counter as its Java model ({@link SimClock}: 156.25 MHz simulated
 * oscillator, 32.32 increment register, PPS capture at the first cycle after the edge),
 * advanced in <b>wall time</b> so the real-time time service can discipline it: simulated
 * time is {@code System.nanoTime()} since construction. PPS edges are registered ahead by the
 * test's receiver model and latched when the counter's time passes them. Thread-safe (the
 * service's thread and the test read it). The real FPGA cannot run here; this is what stands
 * in for it, not a stub: the servo's corrections change what the counter reads.
 */
public final class WallTimeFpgaModel implements DisciplinedClock {
    private final SimClock clock;
    private final SimTimeline timeline;
    private final long t0;
    private final ArrayDeque<Long> edges = new ArrayDeque<>();
    private long missedEdges;

    /** {@code t0Nanos}: the System.nanoTime() at simulated time 0 (UTC = the timeline's epoch). */
    public WallTimeFpgaModel(SimClock clock, SimTimeline timeline, long t0Nanos) {
        this.clock = clock;
        this.timeline = timeline;
        this.t0 = t0Nanos;
    }

    /** Simulated time now (ns since t0). */
    public long simNanos() {
        return System.nanoTime() - t0;
    }

    /** A PPS edge will reach the capture input at simulated time {@code simNs}. */
    public synchronized void edgeAt(long simNs) {
        edges.add(simNs);
    }

    /** Edges registered too late to latch (the receiver thread fell behind). */
    public synchronized long missedEdges() {
        return missedEdges;
    }

    /** The counter minus true UTC now (ns). */
    public synchronized double trueErrorNs() {
        long now = sync();
        return clock.errorNs(timeline.utcNtpNanos(now));
    }

    private long sync() {
        long now = Math.max(simNanos(), clock.oscillator().timeNs());
        while (!edges.isEmpty() && edges.peek() <= now) {
            long e = edges.poll();
            if (e < clock.oscillator().timeNs()) {
                missedEdges++;
            } else {
                clock.ppsEdge(e);
            }
        }
        clock.advanceTo(now);
        return now;
    }

    @Override public synchronized long nominalIncrement() { return clock.nominalIncrement(); }
    @Override public synchronized long increment() { sync(); return clock.increment(); }
    @Override public synchronized void setIncrement(long v) { sync(); clock.setIncrement(v); }
    @Override public synchronized long now() { sync(); return clock.now(); }
    @Override public synchronized void setTime(long ntp) { sync(); clock.setTime(ntp); }
    @Override public synchronized void adjustPhase(long nanos) { sync(); clock.adjustPhase(nanos); }
    @Override public synchronized Optional<PpsCapture> latestPps() { sync(); return clock.latestPps(); }
    @Override public synchronized void scheduleLeap(LeapKind k, long at) { sync(); clock.scheduleLeap(k, at); }
    @Override public synchronized void cancelLeap() { clock.cancelLeap(); }
    @Override public synchronized LeapStatus leapStatus() { sync(); return clock.leapStatus(); }
}
