package net.ntsbox.time.sim;

import java.util.Arrays;
import java.util.function.Consumer;
import net.ntsbox.time.ClockDiscipline;
import net.ntsbox.time.TimekeepingConfig;
import net.ntsbox.time.TimekeepingStatus;
import net.ntsbox.time.source.NmeaStreamSource;

/**
 * Runs the discipline against a simulated clock and receiver in simulated time, second by
 * second, deterministically. In each second: the PPS edge reaches the capture input; the
 * discipline polls the capture register at +50, +300, +550 and +800 ms; the NMEA burst is
 * parsed when it arrives; at +900 ms the clock's true error and the advertised status are
 * handed to the observer.
 */
public final class TimekeepingSimulation {
    private static final long MS = 1_000_000L;
    private static final long[] POLLS = {50 * MS, 300 * MS, 550 * MS, 800 * MS};
    private static final long MEASURE = 900 * MS;

    /** One observation per simulated second. */
    public record Sample(long second, double trueErrorNs, TimekeepingStatus status) {}

    private final SimulatedClock clock;
    private final SimGnss gnss;
    private final SimTimeline timeline;
    private final ClockDiscipline discipline;
    private final NmeaStreamSource nmea;
    private long next = 1;

    public TimekeepingSimulation(SimulatedClock clock, SimGnss gnss, SimTimeline timeline, TimekeepingConfig config) {
        this.clock = clock;
        this.gnss = gnss;
        this.timeline = timeline;
        this.discipline = new ClockDiscipline(clock.disciplined(), config);
        this.nmea = new NmeaStreamSource(discipline::onTimeOfDay);
    }

    public ClockDiscipline discipline() {
        return discipline;
    }

    public SimulatedClock clock() {
        return clock;
    }

    public NmeaStreamSource nmea() {
        return nmea;
    }

    /** The next simulated second to run. */
    public long second() {
        return next;
    }

    public void run(long seconds, Consumer<Sample> observer) {
        long[] times = new long[POLLS.length + 3];
        int[] kinds = new int[times.length];
        Integer[] order = new Integer[times.length];
        for (long end = next + seconds; next < end; next++) {
            long k = next;
            long base = k * 1_000_000_000L;
            SimGnss.Second s = gnss.second(k);
            int n = 0;
            if (s.ppsPresent()) {
                times[n] = s.ppsArrivalNs();
                kinds[n++] = 0;
            }
            times[n] = s.nmeaArrivalNs();
            kinds[n++] = 1;
            for (long p : POLLS) {
                times[n] = base + p;
                kinds[n++] = 2;
            }
            times[n] = base + MEASURE;
            kinds[n++] = 3;
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, 0, n, (a, b) -> Long.compare(times[a], times[b]));
            for (int i = 0; i < n; i++) {
                int e = order[i];
                switch (kinds[e]) {
                    case 0 -> clock.ppsEdge(times[e]);
                    case 1 -> {
                        clock.advanceTo(times[e]);
                        for (String line : s.nmea()) {
                            nmea.line(line);
                        }
                        if (s.announcement() != null) {
                            discipline.onLeapAnnouncement(s.announcement());
                        }
                    }
                    case 2 -> {
                        clock.advanceTo(times[e]);
                        discipline.poll();
                    }
                    default -> {
                        clock.advanceTo(times[e]);
                        double err = clock.errorNs(timeline.utcNtpNanos(times[e]));
                        observer.accept(new Sample(k, err, discipline.status()));
                    }
                }
            }
        }
    }
}
