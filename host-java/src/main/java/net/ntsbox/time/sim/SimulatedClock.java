package net.ntsbox.time.sim;

import net.ntsbox.time.DisciplinedClock;

/**
 * A clock under test in simulated time: the Java model ({@link SimClock}) or the Verilated RTL
 * (net.ntsbox.fpga.RtlSimClock). {@link TimekeepingSimulation} moves true time, delivers PPS
 * edges and measures the true error through this; the discipline talks to
 * {@link #disciplined()}.
 */
public interface SimulatedClock {
    /** The clock the servo disciplines. */
    DisciplinedClock disciplined();

    /** Moves simulated time to {@code trueNs} (ns since the simulation epoch, forwards only). */
    void advanceTo(long trueNs);

    /** A PPS edge reaches the capture input at {@code trueNs}. */
    void ppsEdge(long trueNs);

    /** The counter (interpolated between cycles) minus true UTC ({@code trueUtcNtpNanos}), in ns. */
    double errorNs(long trueUtcNtpNanos);
}
