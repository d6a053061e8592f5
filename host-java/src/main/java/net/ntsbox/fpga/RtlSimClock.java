package net.ntsbox.fpga;

import net.ntsbox.time.DisciplinedClock;
import net.ntsbox.time.sim.SimOscillator;
import net.ntsbox.time.sim.SimulatedClock;

/**
 * The Verilated tod_clock (a "sim:" FpgaDevice) as a clock under test in simulated time:
 * hardware-in-the-loop for the servo. The model is clocked by a {@link SimOscillator}: moving
 * true time steps the model to the oscillator's cycle count ({@code ntsfpga_sim_step}, the
 * cycles run in C), a PPS edge raises the model's PPS input for 3 cycles in the cycle it
 * arrives ({@code ntsfpga_sim_pps}), and the discipline talks to the registers through
 * {@link FpgaDisciplinedClock}. Bus transactions take model cycles (about 10 per call) while
 * simulated true time stands still, so the model runs that many cycles ahead until the next
 * move of time catches the oscillator up; a PPS edge arriving then is captured late by them.
 * The true error is read from the model's time-of-day output port ({@code ntsfpga_sim_tod}, no
 * bus cycles), interpolated between cycles like SimClock's.
 */
public final class RtlSimClock implements SimulatedClock {
    private static final int PPS_HIGH_CYCLES = 3;

    private final FpgaDevice dev;
    private final SimOscillator oscillator;
    private final FpgaDisciplinedClock clock;
    private final long cycleAtZero;

    /**
     * Loads the nominal increment for the oscillator's frequency and sets the counter to
     * {@code startNtp} at oscillator cycle 0.
     */
    public RtlSimClock(FpgaDevice dev, SimOscillator oscillator, long startNtp) {
        if (!dev.isSimulation()) throw new IllegalArgumentException("needs a sim: device");
        this.dev = dev;
        this.oscillator = oscillator;
        this.clock = new FpgaDisciplinedClock(new FpgaClock(dev, Math.round(oscillator.nominalHz())));
        clock.setIncrement(clock.nominalIncrement());
        clock.setTime(startNtp);
        this.cycleAtZero = dev.simCycles() - 1; // the SET strobe lands in the last cycle of the call
        if (oscillator.cyclesWhole() != 0) throw new IllegalArgumentException("the oscillator must be at cycle 0");
    }

    public FpgaDisciplinedClock fpgaClock() {
        return clock;
    }

    @Override
    public DisciplinedClock disciplined() {
        return clock;
    }

    @Override
    public void advanceTo(long trueNs) {
        oscillator.advanceTo(trueNs);
        long behind = cycleAtZero + oscillator.cyclesWhole() - dev.simCycles();
        if (behind > 0) dev.simStep(behind);
    }

    @Override
    public void ppsEdge(long trueNs) {
        advanceTo(trueNs);
        dev.simPps(PPS_HIGH_CYCLES);
    }

    @Override
    public double errorNs(long trueUtcNtpNanos) {
        double incrNs = clock.increment() / 0x1p32;
        long m = dev.simCycles();
        long tod = dev.simTod();
        double position = cycleAtZero + oscillator.cyclesWhole() + oscillator.cyclesFraction();
        return ((tod >>> 32) * 1_000_000_000L - trueUtcNtpNanos) + (tod & 0xFFFF_FFFFL) * 1e9 / 0x1p32
                + (position - m) * incrNs;
    }
}
