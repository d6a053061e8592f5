package net.ntsbox.metrics;

/**
 * A snapshot of the time source. Unknown numbers are NaN and are not exported.
 *
 * @param state           discipline state
 * @param reference       reference name ("GPS", "PPS", ...) or null
 * @param stratum         the stratum the server announces (16 when unsynchronized)
 * @param offsetSeconds   last measured offset of the system clock from the reference
 * @param frequencyPpb    frequency correction applied, parts per billion
 * @param holdoverSeconds time since the reference was lost (0 unless in holdover)
 */
public record ClockStatus(ClockState state, String reference, int stratum, double offsetSeconds, double frequencyPpb,
        double holdoverSeconds) {
    public ClockStatus {
        if (state == null) {
            throw new IllegalArgumentException("clock state required");
        }
    }
}
