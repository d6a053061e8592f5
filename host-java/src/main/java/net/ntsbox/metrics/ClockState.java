package net.ntsbox.metrics;

import java.util.Locale;

/** Discipline state of the system clock as the appliance reports it. */
public enum ClockState {
    /** No usable reference yet (just booted, GNSS not fixed): the server answers unsynchronized. */
    UNSYNCHRONIZED,
    /** A reference is there, the loop is converging. */
    ACQUIRING,
    /** Locked to the reference (GNSS + PPS) within the configured bound. */
    LOCKED,
    /** Reference lost: free-running on the last frequency estimate. */
    HOLDOVER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
