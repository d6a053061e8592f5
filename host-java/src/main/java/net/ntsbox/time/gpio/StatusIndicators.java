package net.ntsbox.time.gpio;

import java.util.EnumSet;
import java.util.Set;
import net.ntsbox.time.DisciplineState;
import net.ntsbox.time.TimekeepingStatus;

/**
 * Drives the sync, holdover and alarm LEDs from the discipline's status.
 * <ul>
 * <li>sync: on while LOCKED; blinking while acquiring (STEPPING, TRACKING); off otherwise.</li>
 * <li>holdover: on in HOLDOVER.</li>
 * <li>alarm: on when the server advertises unsynchronised (LI 3) after having been locked,
 *     on an antenna fault, or when the leap table has expired.</li>
 * </ul>
 * Blinking is 1 Hz, 50 % duty, phased on the time passed to {@link #update}; call it at 4 Hz
 * or faster. Single-threaded (the discipline's thread).
 */
public final class StatusIndicators {
    public static final long BLINK_PERIOD_NS = 1_000_000_000L;

    private final OutputLine syncLed;
    private final OutputLine holdoverLed;
    private final OutputLine alarmLed;
    private boolean everLocked;
    private IndicatorPattern last;

    public StatusIndicators(OutputLine syncLed, OutputLine holdoverLed, OutputLine alarmLed) {
        this.syncLed = syncLed;
        this.holdoverLed = holdoverLed;
        this.alarmLed = alarmLed;
    }

    /** The pattern for a status; remembers whether the clock was ever locked. Pure apart from that. */
    public IndicatorPattern pattern(TimekeepingStatus status, boolean antennaFault, boolean leapTableExpired) {
        DisciplineState s = status.state();
        if (s == DisciplineState.LOCKED) {
            everLocked = true;
        }
        IndicatorPattern.Mode sync = switch (s) {
            case LOCKED -> IndicatorPattern.Mode.ON;
            case STEPPING, TRACKING -> IndicatorPattern.Mode.BLINK;
            default -> IndicatorPattern.Mode.OFF;
        };
        IndicatorPattern.Mode holdover = s == DisciplineState.HOLDOVER ? IndicatorPattern.Mode.ON : IndicatorPattern.Mode.OFF;
        Set<IndicatorPattern.Alarm> alarms = EnumSet.noneOf(IndicatorPattern.Alarm.class);
        if (everLocked && !status.synchronised()) {
            alarms.add(IndicatorPattern.Alarm.LOST_SYNC);
        }
        if (antennaFault) {
            alarms.add(IndicatorPattern.Alarm.ANTENNA_FAULT);
        }
        if (leapTableExpired) {
            alarms.add(IndicatorPattern.Alarm.LEAP_TABLE_EXPIRED);
        }
        return new IndicatorPattern(sync, holdover, alarms.isEmpty() ? IndicatorPattern.Mode.OFF : IndicatorPattern.Mode.ON,
                alarms);
    }

    /** Computes the pattern and sets the lines for monotonic time {@code nowNanos}. */
    public IndicatorPattern update(TimekeepingStatus status, boolean antennaFault, boolean leapTableExpired, long nowNanos) {
        IndicatorPattern p = pattern(status, antennaFault, leapTableExpired);
        boolean blinkOn = Math.floorMod(nowNanos, BLINK_PERIOD_NS) < BLINK_PERIOD_NS / 2;
        syncLed.set(level(p.sync(), blinkOn));
        holdoverLed.set(level(p.holdover(), blinkOn));
        alarmLed.set(level(p.alarm(), blinkOn));
        last = p;
        return p;
    }

    /** The pattern of the last {@link #update}, or null before the first. */
    public IndicatorPattern last() {
        return last;
    }

    private static boolean level(IndicatorPattern.Mode m, boolean blinkOn) {
        return m == IndicatorPattern.Mode.ON || (m == IndicatorPattern.Mode.BLINK && blinkOn);
    }
}
