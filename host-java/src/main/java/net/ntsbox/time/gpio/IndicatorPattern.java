package net.ntsbox.time.gpio;

import java.util.Set;

/**
 * What the three front-panel LEDs show, and why the alarm is on.
 */
public record IndicatorPattern(Mode sync, Mode holdover, Mode alarm, Set<Alarm> alarms) {
    public enum Mode { OFF, ON, BLINK }

    public enum Alarm {
        /** LI 3 / stratum 16 after the clock had been locked (holdover expired, ToD lost too long). */
        LOST_SYNC,
        /** The receiver reports an open or shorted antenna. */
        ANTENNA_FAULT,
        /** leap-seconds.list is past its expiry date: future leaps are unknown. */
        LEAP_TABLE_EXPIRED
    }

    public IndicatorPattern {
        alarms = Set.copyOf(alarms);
    }
}
