package net.ntsbox.time;

/**
 * Settings of {@link ClockDiscipline}.
 *
 * @param ppsWindow PPS offsets averaged into one servo sample (the servo interval T in seconds)
 * @param servo PI servo settings (use {@link PiServoConfig#hardware(double)} with T = ppsWindow)
 * @param cableDelayNs antenna cable + receiver delay, subtracted from each PPS capture
 * @param todConvention which edge a time-of-day message labels
 * @param todMinDelayNs minimum delay from an edge to its message (ts2phc nmea_delay); a message
 *                      labels the latest edge at least this long before its arrival
 * @param lockThresholdNs |filtered offset| below this counts towards lock
 * @param lockCount consecutive samples below the threshold needed for LOCKED
 * @param unlockThresholdNs |filtered offset| above this leaves LOCKED
 * @param ppsTimeoutNs no PPS for this long means PPS lost
 * @param todTimeoutNs no paired time-of-day for this long means ToD lost (refid becomes PPS)
 * @param todHoldoverSeconds how long PPS alone may keep the server synchronised without ToD
 * @param oscillator holdover model constants
 * @param holdoverLimitSeconds holdover longer than this advertises LI 3 / stratum 16
 * @param maxRootDispersionNs a modelled error above this advertises LI 3 / stratum 16
 * @param frequencyAveragingSeconds span of the frequency average used as the holdover frequency
 * @param secondsMismatchCount consecutive ToD pairings disagreeing in whole seconds before a step
 * @param referenceId refid when PPS and ToD come from the GNSS receiver ("GPS")
 */
public record TimekeepingConfig(int ppsWindow, PiServoConfig servo, long cableDelayNs, TodConvention todConvention,
                                long todMinDelayNs, double lockThresholdNs, int lockCount, double unlockThresholdNs,
                                long ppsTimeoutNs, long todTimeoutNs, double todHoldoverSeconds,
                                OscillatorClass oscillator, double holdoverLimitSeconds, double maxRootDispersionNs,
                                double frequencyAveragingSeconds, int secondsMismatchCount, String referenceId) {
    public TimekeepingConfig {
        if (ppsWindow < 1 || lockCount < 1 || secondsMismatchCount < 1 || ppsTimeoutNs <= 0 || todTimeoutNs <= 0
                || !(lockThresholdNs > 0) || !(unlockThresholdNs >= lockThresholdNs) || referenceId.length() > 4) {
            throw new IllegalArgumentException("invalid timekeeping settings");
        }
    }

    /**
     * Defaults: 8-PPS window, linuxptp hardware gains for T = 8 s, lock after 4 samples below
     * 50 ns, unlock above 500 ns, PPS lost after 1.5 s, ToD lost after 3.5 s and PPS-only for
     * 1 h, holdover limit 7200 s (SecureSync's default), 1 ms dispersion limit.
     */
    public static TimekeepingConfig defaults(OscillatorClass oscillator) {
        return new TimekeepingConfig(8, PiServoConfig.hardware(8), 0, TodConvention.PRECEDING_EDGE, 0,
                50, 4, 500, 1_500_000_000L, 3_500_000_000L, 3600, oscillator, 7200, 1_000_000, 1000, 2, "GPS");
    }

    public TimekeepingConfig withCableDelayNs(long ns) {
        return new TimekeepingConfig(ppsWindow, servo, ns, todConvention, todMinDelayNs, lockThresholdNs, lockCount,
                unlockThresholdNs, ppsTimeoutNs, todTimeoutNs, todHoldoverSeconds, oscillator, holdoverLimitSeconds,
                maxRootDispersionNs, frequencyAveragingSeconds, secondsMismatchCount, referenceId);
    }

    public TimekeepingConfig withTodConvention(TodConvention c) {
        return new TimekeepingConfig(ppsWindow, servo, cableDelayNs, c, todMinDelayNs, lockThresholdNs, lockCount,
                unlockThresholdNs, ppsTimeoutNs, todTimeoutNs, todHoldoverSeconds, oscillator, holdoverLimitSeconds,
                maxRootDispersionNs, frequencyAveragingSeconds, secondsMismatchCount, referenceId);
    }

    public TimekeepingConfig withHoldoverLimits(double limitSeconds, double maxDispersionNs) {
        return new TimekeepingConfig(ppsWindow, servo, cableDelayNs, todConvention, todMinDelayNs, lockThresholdNs,
                lockCount, unlockThresholdNs, ppsTimeoutNs, todTimeoutNs, todHoldoverSeconds, oscillator, limitSeconds,
                maxDispersionNs, frequencyAveragingSeconds, secondsMismatchCount, referenceId);
    }

    public TimekeepingConfig withFrequencyAveragingSeconds(double s) {
        return new TimekeepingConfig(ppsWindow, servo, cableDelayNs, todConvention, todMinDelayNs, lockThresholdNs,
                lockCount, unlockThresholdNs, ppsTimeoutNs, todTimeoutNs, todHoldoverSeconds, oscillator,
                holdoverLimitSeconds, maxRootDispersionNs, s, secondsMismatchCount, referenceId);
    }
}
