package net.ntsbox.time.service;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.ntsbox.time.ClockDiscipline;
import net.ntsbox.time.StatusPublisher;
import net.ntsbox.time.TimekeepingConfig;
import net.ntsbox.time.gpio.LoggingGpio;
import net.ntsbox.time.gpio.OutputLine;
import net.ntsbox.time.gpio.StatusIndicators;
import net.ntsbox.time.sim.SimClock;
import net.ntsbox.time.sim.SimGnss;
import net.ntsbox.time.sim.SimTimeline;
import net.ntsbox.time.source.NmeaStreamSource;

/**
 * Drives a {@link TimeServiceCore} in simulated time, deterministically: per simulated second
 * the PPS edge reaches the simulated FPGA counter ({@link SimClock}, the FPGA's model), the
 * NMEA burst goes through the NMEA decoder into {@link TimeServiceCore#onTimeOfDay}, and the
 * core ticks four times (the service's 250 ms cadence). Monotonic time is simulated time;
 * the host clock is true UTC. Collects every notice.
 */
final class CoreDriver {
    private static final long NANOS = 1_000_000_000L;
    private static final long NTP_UNIX_NANOS = 2_208_988_800L * NANOS;

    final SimClock clock;
    final SimGnss gnss;
    final SimTimeline timeline;
    final TimeServiceCore core;
    final StatusPublisher publisher = new StatusPublisher(StatusPublisher.PRECISION_6_4NS);
    final LoggingGpio gpio = new LoggingGpio();
    final OutputLine sync = gpio.output("led-sync", 17, false);
    final OutputLine holdover = gpio.output("led-holdover", 27, false);
    final OutputLine alarm = gpio.output("led-alarm", 22, false);
    final List<TimeServiceCore.Notice> notices = new ArrayList<>();
    private final NmeaStreamSource nmea;
    private long next = 1;
    private long now;
    /** When in each second the core ticks (ms): the service's 250 ms cadence at some phase. */
    long[] tickMs = {50, 300, 550, 800};

    CoreDriver(SimClock clock, SimGnss gnss, SimTimeline timeline, TimekeepingConfig config) {
        this.clock = clock;
        this.gnss = gnss;
        this.timeline = timeline;
        core = new TimeServiceCore(new ClockDiscipline(clock, config), publisher, new StatusIndicators(sync, holdover, alarm),
                "nmea sim", "fpga", 3_500_000_000L);
        nmea = new NmeaStreamSource(t -> core.onTimeOfDay(t, now, hostUnixNanos(now)));
    }

    long hostUnixNanos(long t) {
        return timeline.utcNtpNanos(t) - NTP_UNIX_NANOS;
    }

    long second() {
        return next;
    }

    /** Runs {@code seconds} simulated seconds; {@code each} sees the core after every second. */
    void run(long seconds, Consumer<Long> each) {
        for (long end = next + seconds; next < end; next++) {
            long base = next * NANOS;
            SimGnss.Second s = gnss.second(next);
            boolean ppsDone = !s.ppsPresent();
            boolean nmeaDone = false;
            for (long ms : tickMs) {
                long tick = base + ms * 1_000_000L;
                if (!ppsDone && s.ppsArrivalNs() <= tick) {
                    clock.ppsEdge(s.ppsArrivalNs());
                    ppsDone = true;
                }
                if (!nmeaDone && s.nmeaArrivalNs() <= tick) {
                    now = s.nmeaArrivalNs();
                    clock.advanceTo(now);
                    s.nmea().forEach(nmea::line);
                    nmeaDone = true;
                }
                now = tick;
                clock.advanceTo(tick);
                notices.addAll(core.tick(tick, hostUnixNanos(tick), false, false));
            }
            each.accept(next);
        }
    }

    long count(String fragment) {
        return notices.stream().filter(n -> n.message().contains(fragment)).count();
    }
}
