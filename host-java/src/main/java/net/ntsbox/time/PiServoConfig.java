package net.ntsbox.time;

/**
 * Settings of {@link PiServo}. The gain rule and defaults follow linuxptp's pi.c for hardware
 * timestamps (kp_scale 0.7, ki_scale 0.3, kp_exponent -0.3, ki_exponent 0.4, kp_norm_max 0.7,
 * ki_norm_max 0.3; first_step_threshold 20 us): kp = min(kp_scale*T^-0.3, 0.7/T) and
 * ki = min(ki_scale*T^0.4, 0.3/T) for the update interval T.
 *
 * @param intervalSeconds T, seconds between servo samples (here: the PPS averaging window)
 * @param kpScale proportional scale
 * @param kiScale integral scale
 * @param maxFrequencyPpb clamp of the frequency correction
 * @param firstStepThresholdNs step instead of slewing when the first offset exceeds this; 0 never
 * @param stepThresholdNs after start, step when an offset exceeds this; 0 never (linuxptp default)
 */
public record PiServoConfig(double intervalSeconds, double kpScale, double kiScale, double maxFrequencyPpb,
                            double firstStepThresholdNs, double stepThresholdNs) {
    public static final double KP_EXPONENT = -0.3;
    public static final double KI_EXPONENT = 0.4;
    public static final double KP_NORM_MAX = 0.7;
    public static final double KI_NORM_MAX = 0.3;

    public PiServoConfig {
        if (!(intervalSeconds > 0) || !(maxFrequencyPpb > 0) || kpScale < 0 || kiScale < 0
                || firstStepThresholdNs < 0 || stepThresholdNs < 0) {
            throw new IllegalArgumentException("invalid servo settings");
        }
    }

    /** linuxptp's hardware-timestamp constants for interval T, 500 ppm clamp, 20 us first step. */
    public static PiServoConfig hardware(double intervalSeconds) {
        return new PiServoConfig(intervalSeconds, 0.7, 0.3, 500_000, 20_000, 0);
    }

    public double kp() {
        return Math.min(kpScale * Math.pow(intervalSeconds, KP_EXPONENT), KP_NORM_MAX / intervalSeconds);
    }

    public double ki() {
        return Math.min(kiScale * Math.pow(intervalSeconds, KI_EXPONENT), KI_NORM_MAX / intervalSeconds);
    }
}
