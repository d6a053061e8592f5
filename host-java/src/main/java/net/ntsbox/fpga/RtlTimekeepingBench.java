package net.ntsbox.fpga;

import java.util.SplittableRandom;
import net.ntsbox.time.DisciplineState;
import net.ntsbox.time.OscillatorClass;
import net.ntsbox.time.TimekeepingConfig;
import net.ntsbox.time.TodConvention;
import net.ntsbox.time.sim.SimClock;
import net.ntsbox.time.sim.SimGnss;
import net.ntsbox.time.sim.SimOscillator;
import net.ntsbox.time.sim.SimScenario;
import net.ntsbox.time.sim.SimTimeline;
import net.ntsbox.time.sim.SimulatedClock;
import net.ntsbox.time.sim.TimekeepingSimulation;

/**
 * The servo on the RTL, in simulated time: ClockDiscipline disciplines the Verilated tod_clock
 * (csr_top model, {@link RtlSimClock}) from the simulated receiver (SimGnss: PPS with jitter,
 * NMEA), and, in the same invocation, the same scenario (same oscillator, receiver and seed)
 * on SimClock. Prints lock time and the true-error statistics after lock for both. The model
 * runs about 7 M cycles/s, so a simulated second at 156.25 MHz takes about 20 s of wall time;
 * {@code clockHz} can be lowered (the increment is then nominally 1e9/clockHz ns, and capture
 * quantisation grows accordingly). Usage: RtlTimekeepingBench [clockHz] [seconds after lock]
 * [seed] [oscillator class]. Figures are simulated: they test the servo with the RTL, not hardware.
 */
public final class RtlTimekeepingBench {
    private RtlTimekeepingBench() {}

    /** One run: lock second (-1: none), true-error statistics over the tracked seconds, wall time. */
    public record Result(String clock, long lockSecond, long tracked, double meanNs, double rmsNs, double maxAbsNs,
                         double firstStepSecond, double wallSeconds) {
        public String line() {
            return String.format("%-8s %7s %8d | %9.2f %9.2f %9.1f | %7.2f", clock, lockSecond < 0 ? "none" : Long.toString(lockSecond),
                    tracked, meanNs, rmsNs, maxAbsNs, wallSeconds);
        }
    }

    public static void main(String[] args) {
        double hz = args.length > 0 ? Double.parseDouble(args[0]) : 156.25e6;
        long track = args.length > 1 ? Long.parseLong(args[1]) : 30;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        OscillatorClass oc = args.length < 4 ? OscillatorClass.OCXO : switch (args[3].toUpperCase()) {
            case "TCXO" -> OscillatorClass.TCXO;
            case "RUBIDIUM" -> OscillatorClass.RUBIDIUM;
            default -> OscillatorClass.OCXO;
        };
        double ppm = initialPpm(seed);
        long budget = 120;
        System.out.printf("ntsbox timekeeping on the RTL (simulated time; csr_top Verilated model; %s, %.2f ppm, seed %d)%n",
                oc.name(), ppm, seed);
        System.out.printf("clock %.6g Hz (%.3f ns per cycle), 20 ns RMS PPS jitter, 42 ns cable; lock budget %d s, %d s tracked%n",
                hz, 1e9 / hz, budget, track);
        try (FpgaDevice dev = FpgaDevice.open("sim:")) {
            long t = System.nanoTime();
            dev.simStep(10_000_000);
            System.out.printf("model speed: %.3g cycles/s (csr_top, ntsfpga_sim_step)%n", 1e7 / ((System.nanoTime() - t) / 1e9));
            System.out.printf("%-8s %7s %8s | %9s %9s %9s | %7s%n", "clock", "lock s", "tracked", "mean ns", "rms ns", "max ns", "wall s");
            System.out.println(run(null, hz, oc, ppm, seed, budget, track).line());
            System.out.println(run(dev, hz, oc, ppm, seed, budget, track).line());
        }
    }

    /** The bench's initial frequency error for a seed (as TimekeepingBench draws it). */
    public static double initialPpm(long seed) {
        return new SplittableRandom(seed * 1_000_003L).nextDouble(-50, 50);
    }

    /**
     * The standard scenario (SimScenario's: receiver with 20 ns RMS jitter, 42 ns cable, NMEA
     * 100 ms after the edge, RMC only, clock starting 5 s and 0.3 s off) on the RTL model of
     * {@code dev}, or on SimClock when dev is null; the same seed gives the same oscillator and
     * receiver on both.
     */
    public static TimekeepingSimulation scenario(FpgaDevice dev, double clockHz, OscillatorClass oc, double ppm, long seed) {
        long epoch = SimScenario.DEFAULT_EPOCH;
        TimekeepingConfig config = TimekeepingConfig.defaults(oc).withCableDelayNs(42);
        SimTimeline timeline = new SimTimeline(epoch);
        SimGnss gnss = new SimGnss(timeline, 20, 0, 42, 100_000_000L, TodConvention.PRECEDING_EDGE, seed * 31 + 7);
        gnss.rmcOnly(true);
        SimOscillator osc = SimOscillator.of(oc, ppm, seed, clockHz);
        long start = ((epoch - 5) << 32) + Math.round(0.3 * 0x1p32);
        SimulatedClock clock = dev == null ? new SimClock(osc, epoch - 5, 300_000_000L, 32) : new RtlSimClock(dev, osc, start);
        return new TimekeepingSimulation(clock, gnss, timeline, config);
    }

    /**
     * Runs the standard scenario (SimScenario's: receiver with 20 ns RMS jitter, 42 ns cable,
     * NMEA 100 ms after the edge, clock starting 5 s and 0.3 s off) until LOCKED (at most
     * {@code lockBudget} s), then {@code track} more seconds. dev null: on SimClock.
     */
    public static Result run(FpgaDevice dev, double clockHz, OscillatorClass oc, double ppm, long seed, long lockBudget,
                             long track) {
        long wall = System.nanoTime();
        TimekeepingSimulation sim = scenario(dev, clockHz, oc, ppm, seed);
        long[] lockAt = {-1};
        long lockStart = sim.second();
        while (lockAt[0] < 0 && sim.second() - lockStart < lockBudget) {
            sim.run(1, s -> {
                if (s.status().state() == DisciplineState.LOCKED) lockAt[0] = s.second();
                if (dev != null && s.second() % 10 == 0) {
                    System.err.printf("  RTL second %d: %s, true error %.1f ns, %.0f s wall%n", s.second(), s.status().state(),
                            s.trueErrorNs(), (System.nanoTime() - wall) / 1e9);
                }
            });
        }
        double[] acc = new double[4];
        if (lockAt[0] >= 0) {
            sim.run(track, s -> {
                double e = s.trueErrorNs();
                acc[0]++;
                acc[1] += e;
                acc[2] += e * e;
                acc[3] = Math.max(acc[3], Math.abs(e));
            });
        }
        double n = Math.max(1, acc[0]);
        return new Result(dev == null ? "SimClock" : "RTL", lockAt[0], (long) acc[0], acc[1] / n, Math.sqrt(acc[2] / n), acc[3],
                0, (System.nanoTime() - wall) / 1e9);
    }
}
