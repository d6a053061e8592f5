package net.ntsbox.time.sim;

import net.ntsbox.time.OscillatorClass;
import net.ntsbox.time.TimekeepingConfig;
import net.ntsbox.time.TodConvention;
import net.ntsbox.time.leap.UtcCalendar;

/**
 * Builds a standard simulation: a receiver with {@code jitterNs} RMS PPS jitter and a
 * {@code cableDelayNs} antenna cable (compensated by the setting), NMEA 100 ms after the edge,
 * an oscillator of a class with an initial error, and a clock that starts 0.3 s and 5 s off.
 */
public final class SimScenario {
    /** 2024-06-29 00:00:00 UTC: two days before a (hypothetical) leap at 2024-07-01. */
    public static final long DEFAULT_EPOCH = UtcCalendar.ntpSecondsOf(2024, 6, 29);

    public final SimTimeline timeline;
    public final SimGnss gnss;
    public final SimClock clock;
    public final TimekeepingSimulation simulation;

    public SimScenario(OscillatorClass oscillator, double initialPpm, double jitterNs, long cableDelayNs,
                       TimekeepingConfig config, long epochNtpSeconds, long seed) {
        timeline = new SimTimeline(epochNtpSeconds);
        gnss = new SimGnss(timeline, jitterNs, 0, cableDelayNs, 100_000_000L, config.todConvention(), seed * 31 + 7);
        clock = new SimClock(SimOscillator.of(oscillator, initialPpm, seed), epochNtpSeconds - 5, 300_000_000L, 32);
        simulation = new TimekeepingSimulation(clock, gnss, timeline, config.withCableDelayNs(cableDelayNs));
    }

    public SimScenario(OscillatorClass oscillator, double initialPpm, long seed) {
        this(oscillator, initialPpm, 20, 42, TimekeepingConfig.defaults(oscillator), DEFAULT_EPOCH, seed);
    }

    public static TodConvention defaultConvention() {
        return TodConvention.PRECEDING_EDGE;
    }
}
