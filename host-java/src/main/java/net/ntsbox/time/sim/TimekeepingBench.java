package net.ntsbox.time.sim;

import java.util.List;
import net.ntsbox.time.DisciplineState;
import net.ntsbox.time.OscillatorClass;
import net.ntsbox.time.TimekeepingConfig;

/**
 * Benchmark in simulated time: for each oscillator class and seed, lock from a random initial
 * error within +-50 ppm under 20 ns RMS PPS jitter, report lock time and true-error statistics
 * over 1800 s after lock, then cut PPS and NMEA and report the true error and the advertised
 * root dispersion after 4 h and 24 h of holdover. Usage: TimekeepingBench [seeds] [holdoverHours].
 * All figures are simulated: they test the servo and the model, not hardware.
 */
public final class TimekeepingBench {
    private TimekeepingBench() {}

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int hours = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        System.out.printf("ntsbox timekeeping bench (simulated time; 20 ns RMS PPS jitter, 6.4 ns capture quantisation)%n");
        System.out.printf("%-9s %4s %8s %7s | %8s %8s %8s | %10s %10s | %10s %10s | %6s%n", "class", "seed", "init ppm",
                "lock s", "mean ns", "rms ns", "max ns", "err@4h us", "disp@4h us", "err@" + hours + "h us",
                "disp@" + hours + "h us", "wall s");
        for (OscillatorClass oc : List.of(OscillatorClass.TCXO, OscillatorClass.OCXO, OscillatorClass.RUBIDIUM)) {
            for (int seed = 1; seed <= seeds; seed++) {
                run(oc, seed, hours);
            }
        }
    }

    private static void run(OscillatorClass oc, long seed, int hours) {
        long wall = System.nanoTime();
        double ppm = new java.util.SplittableRandom(seed * 1_000_003L).nextDouble(-50, 50);
        // Holdover limits out of the way: the bench reports the model, the test checks the limit.
        TimekeepingConfig config = TimekeepingConfig.defaults(oc).withHoldoverLimits(hours * 3600.0 + 60, 1e12)
                .withFrequencyAveragingSeconds(1500);
        SimScenario sc = new SimScenario(oc, ppm, 20, 42, config, SimScenario.DEFAULT_EPOCH, seed);
        sc.gnss.rmcOnly(true);
        long trackSeconds = 1800;
        long[] lockAt = {-1};
        double[] acc = new double[4];
        long[] outageStart = {-1};
        sc.simulation.run(300, s -> {
            if (lockAt[0] < 0 && s.status().state() == DisciplineState.LOCKED) {
                lockAt[0] = s.second();
            }
        });
        if (lockAt[0] < 0) {
            System.out.printf("%-9s %4d %8.2f   no lock in 300 s%n", oc.name(), seed, ppm);
            return;
        }
        sc.simulation.run(trackSeconds, s -> {
            double e = s.trueErrorNs();
            acc[0]++;
            acc[1] += e;
            acc[2] += e * e;
            acc[3] = Math.max(acc[3], Math.abs(e));
        });
        outageStart[0] = sc.simulation.second();
        sc.gnss.addOutage(new SimGnss.Outage(outageStart[0], Long.MAX_VALUE, true, true));
        double[] at = new double[4];
        long h4 = outageStart[0] + 4 * 3600;
        long hN = outageStart[0] + hours * 3600L;
        sc.simulation.run(hours * 3600L + 1, s -> {
            if (s.second() == h4) {
                at[0] = s.trueErrorNs();
                at[1] = s.status().rootDispersionNs();
            }
            if (s.second() == hN) {
                at[2] = s.trueErrorNs();
                at[3] = s.status().rootDispersionNs();
            }
        });
        System.out.printf("%-9s %4d %8.2f %7d | %8.2f %8.2f %8.1f | %10.3f %10.3f | %10.3f %10.3f | %6.2f%n", oc.name(), seed,
                ppm, lockAt[0], acc[1] / acc[0], Math.sqrt(acc[2] / acc[0]), acc[3], at[0] / 1e3, at[1] / 1e3, at[2] / 1e3,
                at[3] / 1e3, (System.nanoTime() - wall) / 1e9);
    }
}
