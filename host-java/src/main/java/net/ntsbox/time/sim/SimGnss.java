package net.ntsbox.time.sim;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.ntsbox.time.LeapAnnouncement;
import net.ntsbox.time.LeapKind;
import net.ntsbox.time.TodConvention;
import net.ntsbox.time.leap.UtcCalendar;
import net.ntsbox.time.source.NmeaSentence;

/**
 * A simulated GNSS timing receiver: PPS edges at true UTC seconds with Gaussian jitter and an
 * optional sawtooth (the receiver's own clock quantisation, uniform), delayed by the antenna
 * cable; NMEA sentences (RMC, GGA, ZDA, PUBX,04) with the receiver's output delay; outages
 * of PPS and/or NMEA; leap announcements (modelled as a UBX-NAV-TIMELS-like message).
 */
public final class SimGnss {
    /** A window of simulated seconds [from, to) in which PPS and/or NMEA are missing. */
    public record Outage(long fromSecond, long toSecond, boolean pps, boolean nmea) {}

    /** What the receiver sends for second k. */
    public record Second(long ppsArrivalNs, boolean ppsPresent, long nmeaArrivalNs, List<String> nmea,
                         LeapAnnouncement announcement) {}

    private final SimTimeline timeline;
    private final SplittableRandom random;
    private final double jitterNs;
    private final double sawtoothNs;
    private final long cableDelayNs;
    private final long nmeaDelayNs;
    private final TodConvention convention;
    private final List<Outage> outages = new ArrayList<>();
    private LeapAnnouncement announcement;
    private long announceFromSecond = Long.MAX_VALUE;
    private int gpsUtcLeap = 18;
    private boolean rmcOnly;

    public SimGnss(SimTimeline timeline, double jitterNs, double sawtoothNs, long cableDelayNs, long nmeaDelayNs,
                   TodConvention convention, long seed) {
        this.timeline = timeline;
        this.random = new SplittableRandom(seed);
        this.jitterNs = jitterNs;
        this.sawtoothNs = sawtoothNs;
        this.cableDelayNs = cableDelayNs;
        this.nmeaDelayNs = nmeaDelayNs;
        this.convention = convention;
    }

    /** Sends only RMC (for day-long simulations: a quarter of the parsing). */
    public void rmcOnly(boolean only) {
        rmcOnly = only;
    }

    public void addOutage(Outage o) {
        outages.add(o);
    }

    /** From simulated second {@code fromSecond} on, announce {@code kind} at E once a minute. */
    public void announceLeap(LeapKind kind, long atNtpSeconds, long fromSecond) {
        announcement = new LeapAnnouncement(kind, atNtpSeconds, "sim UBX-NAV-TIMELS");
        announceFromSecond = fromSecond;
    }

    /** The receiver's output for true second k (the edge at t = k s). */
    public Second second(long k) {
        boolean pps = true;
        boolean nmea = true;
        for (Outage o : outages) {
            if (k >= o.fromSecond() && k < o.toSecond()) {
                pps &= !o.pps();
                nmea &= !o.nmea();
            }
        }
        double noise = jitterNs * random.nextGaussian() + (sawtoothNs > 0 ? (random.nextDouble() - 0.5) * sawtoothNs : 0);
        long edgeNs = k * 1_000_000_000L;
        long arrival = edgeNs + Math.round(noise) + cableDelayNs;
        List<String> lines = List.of();
        long nmeaAt;
        if (convention == TodConvention.PRECEDING_EDGE) {
            nmeaAt = edgeNs + nmeaDelayNs + random.nextLong(20_000_000L);
            if (nmea) {
                lines = sentences(edgeNs);
            }
        } else {
            nmeaAt = edgeNs + 1_000_000_000L - nmeaDelayNs;
            if (nmea) {
                lines = sentences(edgeNs + 1_000_000_000L);
            }
        }
        LeapAnnouncement a = announcement != null && k >= announceFromSecond && k % 60 == 0 ? announcement : null;
        return new Second(arrival, pps, nmeaAt, lines, a);
    }

    /** NMEA for the UTC second that starts at simulated time {@code edgeNs}. */
    public List<String> sentences(long edgeNs) {
        long utc = timeline.utcNtpNanos(edgeNs) / 1_000_000_000L;
        boolean leap = timeline.inLeapSecond(edgeNs);
        LocalDate date = UtcCalendar.dateOf(utc);
        int sod = UtcCalendar.secondOfDay(utc);
        int h = sod / 3600;
        int m = sod / 60 % 60;
        int s = leap ? 60 : sod % 60;
        String time = pad2(h) + pad2(m) + pad2(s) + ".00";
        String ddmmyy = pad2(date.getDayOfMonth()) + pad2(date.getMonthValue()) + pad2(date.getYear() % 100);
        List<String> out = new ArrayList<>(4);
        out.add(NmeaSentence.frame("GNRMC," + time + ",A,4717.11437,N,00833.91522,E,0.004,77.52," + ddmmyy + ",,,A"));
        if (rmcOnly) {
            return out;
        }
        out.add(NmeaSentence.frame("GNGGA," + time + ",4717.11437,N,00833.91522,E,1,08,1.01,499.6,M,48.0,M,,"));
        out.add(NmeaSentence.frame("GNZDA," + time + "," + pad2(date.getDayOfMonth()) + "," + pad2(date.getMonthValue())
                + "," + date.getYear() + ",00,00"));
        out.add(NmeaSentence.frame("PUBX,04," + time + "," + ddmmyy + ",0.00,2300," + gpsUtcLeap
                + ",1930035,-2660.664,43,"));
        return out;
    }

    private static String pad2(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }
}
