package net.ntsbox.time;

/**
 * Holdover constants of an oscillator class, used to bound the time error after the reference
 * is lost with the oscillator equation x(t) = x0 + y0*t + D*t^2/2 (plus a random-walk term).
 * The values are our worst-case (3-sigma style) choices, set so the bound at 4 h and 24 h lands
 * near the published vendor figures (SecureSync: TCXO 12/450 us, standard OCXO 1/25 us,
 * rubidium 0.2/1 us at 4/24 h; docs/timekeeping.md). The simulator's oscillators of a class are
 * built from the same constants ({@code net.ntsbox.time.sim.SimOscillator#of}).
 *
 * @param stabilityFraction largest change of fractional frequency (temperature and the like)
 *                          during holdover, excluding aging
 * @param agingPerSecond frequency drift rate D (fractional frequency per second), worst case
 * @param randomWalkPerRootSecond RMS frequency random walk per sqrt(second) (sigma of y after 1 s)
 */
public record OscillatorClass(String name, double stabilityFraction, double agingPerSecond,
                              double randomWalkPerRootSecond) {
    public static final OscillatorClass TCXO = new OscillatorClass("TCXO", 5e-9, 1e-14, 1e-12);
    public static final OscillatorClass OCXO = new OscillatorClass("OCXO", 1.5e-10, 1.5e-15, 1e-13);
    public static final OscillatorClass RUBIDIUM = new OscillatorClass("rubidium", 8e-12, 4e-17, 5e-15);

    /**
     * Worst-case time error (ns) after {@code seconds} of holdover.
     * @param initialErrorNs x0: phase error bound when holdover began
     * @param frequencyErrorBound y0 from the estimate: bound on the frequency estimate's error
     */
    public double holdoverErrorNs(double seconds, double initialErrorNs, double frequencyErrorBound) {
        double t = Math.max(0, seconds);
        double linear = (frequencyErrorBound + stabilityFraction) * t;
        double aging = 0.5 * agingPerSecond * t * t;
        // Random-walk FM: sigma_x(t) = sigma_rw * sqrt(t^3/3); 3 sigma.
        double walk = 3 * randomWalkPerRootSecond * Math.sqrt(t * t * t / 3);
        return initialErrorNs + (linear + aging + walk) * 1e9;
    }
}
