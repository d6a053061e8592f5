package net.ntsbox.time.sim;

import java.util.SplittableRandom;
import net.ntsbox.time.OscillatorClass;

/**
 * A simulated oscillator: fractional frequency error y(t) = y0 + aging*t + A*sin(2*pi*t/P + phi)
 * + random walk (one Gaussian step per simulated second). y is held constant within each
 * simulated second; cycles are integrated exactly within it. Deterministic for a seed.
 */
public final class SimOscillator {
    private final double nominalHz;
    private final double initialFraction;
    private final double agingPerSecond;
    private final double sineAmplitude;
    private final double sinePeriodSeconds;
    private final double sinePhase;
    private final double walkPerRootSecond;
    private final SplittableRandom random;

    private long second = -1;
    private double walk;
    private double currentY;
    private long cyclesWhole;
    private double cyclesFraction;
    private long timeNs;

    /**
     * @param initialPpm frequency error at t = 0 (ppm)
     * @param agingPerSecond fractional frequency drift per second
     * @param sineAmplitude temperature-like sinusoid amplitude (fractional), 0 for none
     * @param sinePeriodSeconds its period
     * @param walkPerRootSecond random-walk step sigma per second (fractional)
     */
    public SimOscillator(double nominalHz, double initialPpm, double agingPerSecond, double sineAmplitude,
                         double sinePeriodSeconds, double walkPerRootSecond, long seed) {
        this.nominalHz = nominalHz;
        this.initialFraction = initialPpm * 1e-6;
        this.agingPerSecond = agingPerSecond;
        this.sineAmplitude = sineAmplitude;
        this.sinePeriodSeconds = sinePeriodSeconds;
        this.walkPerRootSecond = walkPerRootSecond;
        this.random = new SplittableRandom(seed);
        this.sinePhase = random.nextDouble() * 2 * Math.PI;
        advanceSecond();
    }

    /**
     * An oscillator of a class at 156.25 MHz: the class's worst-case aging, a daily sinusoid of
     * half its stability figure (so the peak-to-peak change is the figure) and its random walk.
     */
    public static SimOscillator of(OscillatorClass c, double initialPpm, long seed) {
        return of(c, initialPpm, seed, 156.25e6);
    }

    /** The same at another nominal frequency (the RTL benchmark runs a slower clock to save time). */
    public static SimOscillator of(OscillatorClass c, double initialPpm, long seed, double nominalHz) {
        return new SimOscillator(nominalHz, initialPpm, c.agingPerSecond(), c.stabilityFraction() / 2, 86_400,
                c.randomWalkPerRootSecond(), seed);
    }

    public double nominalHz() {
        return nominalHz;
    }

    /** Fractional frequency error now. */
    public double fractionalError() {
        return currentY;
    }

    public long timeNs() {
        return timeNs;
    }

    /** Cycles since t = 0, as whole + fraction. */
    public long cyclesWhole() {
        return cyclesWhole;
    }

    public double cyclesFraction() {
        return cyclesFraction;
    }

    /** Cycles elapsed at t = {@code targetNs} (&ge; now), as a double (for capture rounding). */
    public void advanceTo(long targetNs) {
        if (targetNs < timeNs) {
            throw new IllegalArgumentException("simulated time runs forwards");
        }
        while (timeNs < targetNs) {
            long secondEnd = (second + 1) * 1_000_000_000L;
            long stepEnd = Math.min(targetNs, secondEnd);
            double cycles = (stepEnd - timeNs) * 1e-9 * nominalHz * (1 + currentY);
            double f = cyclesFraction + cycles;
            long whole = (long) Math.floor(f);
            cyclesWhole += whole;
            cyclesFraction = f - whole;
            timeNs = stepEnd;
            if (timeNs == secondEnd) {
                advanceSecond();
            }
        }
    }

    /** Time (ns, fractional) at which the cycle counter reaches the next whole cycle after now. */
    public double nanosToNextCycle() {
        return (1 - cyclesFraction) / (nominalHz * (1 + currentY)) * 1e9;
    }

    private void advanceSecond() {
        second++;
        if (second > 0) {
            walk += walkPerRootSecond * random.nextGaussian();
        }
        double t = second;
        currentY = initialFraction + agingPerSecond * t
                + sineAmplitude * Math.sin(2 * Math.PI * t / sinePeriodSeconds + sinePhase) + walk;
    }
}
