package net.ntsbox.time.gpsd;

import java.util.Optional;
import java.util.OptionalInt;
import net.ntsbox.time.TimeOfDay;
import net.ntsbox.time.leap.LeapSecondTable;

/**
 * Turns gpsd reports into what the discipline consumes. Pure and stateful (one instance per
 * gpsd connection or device), single-threaded.
 * <ul>
 * <li>TPV with a whole-second {@code time} becomes a {@link TimeOfDay} for that second, valid
 *     when {@code mode} &ge; 2 (2D/3D fix) and {@code status} is not 5 (dead reckoning only)
 *     or 8 (simulated). gpsd sends the TPV after the epoch's serial burst, so it labels the
 *     PPS edge before it ({@link net.ntsbox.time.TodConvention#PRECEDING_EDGE}). One message per
 *     second (a receiver's several sentences per epoch may give several TPVs).</li>
 * <li>PPS becomes a {@link PpsEdge}: the second the edge marks and the host clock's offset
 *     from it (monitoring of the host clock; the FPGA's own capture disciplines the counter).</li>
 * <li>{@code leapseconds} (GPS-UTC) is remembered. gpsd's JSON has no pending-leap warning, so
 *     no {@link net.ntsbox.time.LeapAnnouncement} can come from it; the count is checked
 *     against leap-seconds.list instead ({@link #leapCountAgrees}).</li>
 * </ul>
 */
public final class GpsdTimeDecoder {
    /** TAI - GPS: GPS time was TAI - 19 s at its 1980 epoch and has no leaps. */
    public static final int TAI_MINUS_GPS = 19;

    /**
     * A PPS edge as gpsd saw it.
     * @param utcNtpSeconds the UTC second the edge marks (NTP, DisciplinedClock convention)
     * @param hostOffsetNs host clock minus the edge's time (positive: host ahead)
     * @param precision gpsd's claimed NTP precision (log2 s), if sent
     */
    public record PpsEdge(String device, long utcNtpSeconds, long hostOffsetNs, OptionalInt precision) {}

    private long lastEmitted = Long.MIN_VALUE;
    private Integer leapSeconds;
    private String release;
    private long tpv;
    private long notOnSecond;
    private long noTime;

    public long tpvReports() { return tpv; }
    public long notOnSecond() { return notOnSecond; }
    public long tpvWithoutTime() { return noTime; }

    /** gpsd's release string from VERSION, if seen. */
    public Optional<String> release() {
        return Optional.ofNullable(release);
    }

    /** GPS-UTC from the latest TPV that carried it. */
    public Optional<Integer> leapSeconds() {
        return Optional.ofNullable(leapSeconds);
    }

    /**
     * True if gpsd's GPS-UTC agrees with the table's TAI-UTC at {@code nowNtpSeconds}
     * (TAI-UTC = GPS-UTC + 19); empty if gpsd has not reported a count.
     */
    public Optional<Boolean> leapCountAgrees(LeapSecondTable table, long nowNtpSeconds) {
        return leapSeconds().map(ls -> ls + TAI_MINUS_GPS == table.taiMinusUtcAt(nowNtpSeconds));
    }

    /** A time-of-day message for a TPV report, if it names a new whole second. */
    public Optional<TimeOfDay> timeOfDay(GpsdMessage m) {
        if (m instanceof GpsdMessage.Version v) {
            release = v.release();
            return Optional.empty();
        }
        if (!(m instanceof GpsdMessage.Tpv t)) {
            return Optional.empty();
        }
        tpv++;
        t.leapSeconds().ifPresent(ls -> leapSeconds = ls);
        if (t.time().isEmpty()) {
            noTime++;
            return Optional.empty();
        }
        GpsdTime time = t.time().get();
        if (time.nanos() != 0) {
            notOnSecond++;
            return Optional.empty();
        }
        long label = time.ntpSeconds();
        long key = label * 2 + (time.leapSecond() ? 1 : 0); // 23:59:59 and :60 share a label
        if (key == lastEmitted) {
            return Optional.empty();
        }
        lastEmitted = key;
        int status = t.status().orElse(0);
        boolean valid = t.mode() >= 2 && status != 5 && status != 8;
        return Optional.of(new TimeOfDay(label, time.leapSecond(), valid, "gpsd TPV"));
    }

    /** The PPS edge a PPS report describes (TOFF is the serial-time analogue and is not an edge). */
    public static Optional<PpsEdge> ppsEdge(GpsdMessage m) {
        if (!(m instanceof GpsdMessage.Pps p)) {
            return Optional.empty();
        }
        long offset = (p.clock().unixSeconds() - p.real().unixSeconds()) * 1_000_000_000L
                + (p.clock().nanos() - p.real().nanos());
        return Optional.of(new PpsEdge(p.device(), p.real().ntpSeconds(), offset, p.precision()));
    }
}
