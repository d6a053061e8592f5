package net.ntsbox.time;

/**
 * A proportional-integral clock servo, pure: feed (offset, local time) samples, get frequency
 * corrections. Structure after linuxptp's pi.c (our own code): the first sample is only
 * remembered; the second gives a frequency estimate from the two offsets and, if the offset is
 * above the first-step threshold, asks for a step; from then on a PI loop.
 *
 * <p>Signs: {@code offsetNs} is clock minus reference (positive: the clock is ahead). The
 * returned frequency is the correction to apply to the clock in ppb (positive: run faster),
 * absolute, not incremental.
 */
public final class PiServo {
    /** What the caller should do with a sample's result. */
    public enum Action { NONE, STEP, ADJUST }

    /**
     * @param action NONE: keep the current frequency; STEP: step the clock by {@code stepNs} and
     *               apply {@code frequencyPpb}; ADJUST: apply {@code frequencyPpb}
     * @param stepNs phase change to apply (minus the offset), for STEP
     * @param frequencyPpb absolute frequency correction
     */
    public record Result(Action action, double stepNs, double frequencyPpb) {}

    private final PiServoConfig config;
    private final double kp;
    private final double ki;
    private int count;
    private double firstOffset;
    private double firstTime;
    /** The integral term in pi.c's sign (clock-fast positive): correction = -(kp*offset + drift). */
    private double drift;
    private boolean firstUpdate = true;

    /** @param currentFrequencyPpb the correction the clock runs with now */
    public PiServo(PiServoConfig config, double currentFrequencyPpb) {
        this.config = config;
        this.kp = config.kp();
        this.ki = config.ki();
        this.drift = clamp(-currentFrequencyPpb);
    }

    public double kp() {
        return kp;
    }

    public double ki() {
        return ki;
    }

    /** The integral term as a correction (ppb): the frequency the servo believes is right. */
    public double frequencyEstimatePpb() {
        return -drift;
    }

    /** True once the servo has a frequency estimate (two samples seen). */
    public boolean estimating() {
        return count < 2;
    }

    public Result sample(double offsetNs, double localTimeSeconds) {
        switch (count) {
            case 0 -> {
                firstOffset = offsetNs;
                firstTime = localTimeSeconds;
                count = 1;
                return new Result(Action.NONE, 0, -drift);
            }
            case 1 -> {
                double dt = localTimeSeconds - firstTime;
                if (!(dt > 0)) {
                    // Time went backwards or stood still: start the estimate again.
                    count = 0;
                    return sample(offsetNs, localTimeSeconds);
                }
                drift = clamp(drift + (offsetNs - firstOffset) / dt);
                count = 2;
                boolean step = firstUpdate && config.firstStepThresholdNs() > 0
                        && Math.abs(offsetNs) > config.firstStepThresholdNs();
                firstUpdate = false;
                return new Result(step ? Action.STEP : Action.ADJUST, step ? -offsetNs : 0, -drift);
            }
            default -> {
                if (config.stepThresholdNs() > 0 && Math.abs(offsetNs) > config.stepThresholdNs()) {
                    count = 0;
                    return new Result(Action.STEP, -offsetNs, -drift);
                }
                double kiTerm = ki * offsetNs; // as pi.c: the interval enters through ki itself
                double ppb = kp * offsetNs + drift + kiTerm;
                if (ppb < -config.maxFrequencyPpb() || ppb > config.maxFrequencyPpb()) {
                    ppb = clamp(ppb); // integrator held: no wind-up while saturated
                } else {
                    drift += kiTerm;
                }
                return new Result(Action.ADJUST, 0, -ppb);
            }
        }
    }

    private double clamp(double ppb) {
        return Math.max(-config.maxFrequencyPpb(), Math.min(config.maxFrequencyPpb(), ppb));
    }
}
