package net.ntsbox.time.service;

import java.util.ArrayList;
import java.util.List;
import net.ntsbox.metrics.GnssSourceStatus;
import net.ntsbox.ntp.NtpTimestamp;
import net.ntsbox.time.ClockDiscipline;
import net.ntsbox.time.DisciplineState;
import net.ntsbox.time.StatusPublisher;
import net.ntsbox.time.TimeOfDay;
import net.ntsbox.time.TimekeepingStatus;
import net.ntsbox.time.TodConvention;
import net.ntsbox.time.gpio.StatusIndicators;
import net.ntsbox.time.leap.LeapSecondTable;

/**
 * The time service's decisions, sans-IO: a pure function of the events delivered (time-of-day
 * messages, source up/down, kernel PPS edges) and of the times passed in, apart from the
 * {@link ClockDiscipline} it drives (which reads its clock) and the LED lines it sets.
 * Single-threaded: the service's thread calls it.
 *
 * <ul>
 * <li><b>Discipline mode</b> (PPS captured by the FPGA clock): every {@link #tick} polls the
 *     discipline, publishes its status ({@link StatusPublisher}: what the appliance advertises)
 *     and updates the LEDs. Loss of PPS is the discipline's: HOLDOVER, then LI 3 / stratum 16
 *     past the holdover limit; loss of time of day makes the refid PPS, then LI 3.</li>
 * <li><b>Monitor mode</b> (software datapath: chronyd/gpsd discipline the host clock): the
 *     receiver is watched (fix, freshness, whole seconds and kernel PPS offset of the host
 *     clock); the header is the kernel's, and the LEDs show what is served.</li>
 * </ul>
 * State changes become {@link Notice}s once per change, never per sample.
 */
public final class TimeServiceCore {
    public enum Mode { DISCIPLINE, MONITOR }

    /** A line for the log. */
    public record Notice(System.Logger.Level level, String message) {}

    private static final long NANOS = 1_000_000_000L;
    private static final long SLACK_NS = 50_000_000L;

    private final Mode mode;
    private final ClockDiscipline discipline;
    private final StatusPublisher publisher;
    private final StatusIndicators leds;
    private final String source;
    private final String pps;
    private final long silenceNs;
    private final TodConvention convention;
    private final List<Notice> notices = new ArrayList<>();

    private LeapSecondTable leapTable;
    private boolean connected;
    private boolean everConnected;
    private long failures;
    private String lastError;
    private boolean fixValid;
    private Boolean loggedFix;
    private long todMessages;
    private long lastValidTodMono = Long.MIN_VALUE;
    private boolean silentLogged;
    private long kernelPpsEdges;
    private double hostOffsetSeconds = Double.NaN;
    private Boolean hostSecondsAgree;
    private Boolean loggedSecondsAgree;
    private Boolean loggedLeapAgrees;
    private boolean antennaFault;
    private boolean leapExpired;
    private String loggedState;
    private TimekeepingStatus lastStatus;

    /**
     * @param discipline the discipline (discipline mode) or null (monitor mode)
     * @param publisher where the discipline's status goes (discipline mode), or null
     * @param leds the LEDs, or null when none are wired
     * @param silenceNs a connected source without a valid time-of-day message for this long is reported silent
     */
    public TimeServiceCore(ClockDiscipline discipline, StatusPublisher publisher, StatusIndicators leds, String source,
                           String pps, long silenceNs) {
        this(discipline, publisher, leds, source, pps, silenceNs, TodConvention.PRECEDING_EDGE);
    }

    /** @param convention monitor mode: which edge the receiver's messages label (where the host second should be) */
    public TimeServiceCore(ClockDiscipline discipline, StatusPublisher publisher, StatusIndicators leds, String source,
                           String pps, long silenceNs, TodConvention convention) {
        if ((discipline == null) != (publisher == null)) {
            throw new IllegalArgumentException("discipline and publisher go together");
        }
        this.mode = discipline == null ? Mode.MONITOR : Mode.DISCIPLINE;
        this.discipline = discipline;
        this.publisher = publisher;
        this.leds = leds;
        this.source = source;
        this.pps = pps;
        this.silenceNs = silenceNs;
        this.convention = convention;
    }

    public Mode mode() {
        return mode;
    }

    /** The discipline (discipline mode), or null. */
    public ClockDiscipline discipline() {
        return discipline;
    }

    public void setLeapTable(LeapSecondTable table) {
        leapTable = table;
        if (discipline != null) {
            discipline.setLeapTable(table);
        }
    }

    /** The source delivers data again (a gpsd report, a serial line) after being down or at start. */
    public void onSourceUp(String detail) {
        if (connected) {
            return;
        }
        connected = true;
        everConnected = true;
        silentLogged = false;
        notice(System.Logger.Level.INFO, "GNSS source " + source + ": up" + (detail.isEmpty() ? "" : " (" + detail + ")"));
    }

    /** A connect/open failed or a connection was lost; logged once per outage, counted every time. */
    public void onSourceDown(String reason) {
        failures++;
        lastError = reason;
        if (connected || !everConnected && failures == 1) {
            notice(System.Logger.Level.WARNING, "GNSS source " + source + ": down (" + reason + "); retrying with backoff");
        }
        connected = false;
        fixValid = false;
    }

    /**
     * A time-of-day message, as it is read. {@code monoNanos} is the service's monotonic time,
     * {@code hostUnixNanos} the host clock (monitor mode compares whole seconds).
     */
    public void onTimeOfDay(TimeOfDay tod, long monoNanos, long hostUnixNanos) {
        onSourceUp("");
        todMessages++;
        fixValid = tod.valid();
        if (loggedFix == null || loggedFix != fixValid) {
            notice(fixValid ? System.Logger.Level.INFO : System.Logger.Level.WARNING, "GNSS receiver "
                    + (fixValid ? "reports a valid time fix (" + tod.source() + ")" : "has no valid time fix (" + tod.source() + ")"));
            loggedFix = fixValid;
        }
        if (!tod.valid()) {
            return;
        }
        lastValidTodMono = monoNanos;
        silentLogged = false;
        if (discipline != null) {
            // Read the capture register first: the message names the edge before it, and the
            // tick's 4 Hz poll may not have seen that edge yet. Without this, a tick phase that
            // falls after the message every second (the phase is fixed) never pairs at all.
            discipline.poll();
            discipline.onTimeOfDay(tod);
            return;
        }
        // A message labelling the edge before it arrives within the second after that edge; one
        // labelling the next edge within the second before it. 50 ms of slack for the host clock.
        long ntpNanos = (NtpTimestamp.fromUnixNanos(hostUnixNanos) >>> 32) * NANOS
                + (NtpTimestamp.fromUnixNanos(hostUnixNanos) & 0xFFFF_FFFFL) * NANOS / (1L << 32);
        long d = ntpNanos - tod.utcNtpSeconds() * NANOS;
        long lo = convention == TodConvention.PRECEDING_EDGE ? -SLACK_NS : -NANOS - SLACK_NS;
        long hi = convention == TodConvention.PRECEDING_EDGE ? NANOS + SLACK_NS : SLACK_NS;
        hostSecondsAgree = d >= lo && d < hi;
        if (loggedSecondsAgree == null || loggedSecondsAgree != hostSecondsAgree) {
            notice(hostSecondsAgree ? System.Logger.Level.INFO : System.Logger.Level.WARNING, hostSecondsAgree
                    ? "host clock agrees with the GNSS receiver to the second"
                    : String.format(java.util.Locale.ROOT, "host clock disagrees with the GNSS receiver: %+.3f s after "
                            + "the labelled second (expected %.2f .. %.2f s)", d / 1e9, lo / 1e9, hi / 1e9));
            loggedSecondsAgree = hostSecondsAgree;
        }
    }

    /**
     * The receiver's GPS-UTC count (gpsd TPV {@code leapseconds}, u-blox PUBX,04) at host NTP
     * second {@code nowNtpSeconds}: checked against the leap table (TAI-UTC = GPS-UTC + 19);
     * a disagreement is logged once (a receiver that has not yet downloaded the count, or a stale table).
     */
    public void onReceiverLeapCount(int gpsMinusUtc, long nowNtpSeconds) {
        if (leapTable == null) {
            return;
        }
        int table = leapTable.taiMinusUtcAt(nowNtpSeconds);
        boolean agrees = gpsMinusUtc + 19 == table;
        if (loggedLeapAgrees == null || loggedLeapAgrees != agrees) {
            if (!agrees || loggedLeapAgrees != null) {
                notice(agrees ? System.Logger.Level.INFO : System.Logger.Level.WARNING, agrees
                        ? "receiver's GPS-UTC agrees with leap-seconds.list again"
                        : "receiver says GPS-UTC = " + gpsMinusUtc + " s, leap-seconds.list says TAI-UTC = " + table
                                + " s (GPS-UTC " + (table - 19) + ")");
            }
            loggedLeapAgrees = agrees;
        }
    }

    /** Monitor mode: a kernel PPS edge, stamped by the host clock (Unix seconds + ns). */
    public void onHostPps(long unixSeconds, int nanos) {
        onHostPpsOffset(nanos >= NANOS / 2 ? nanos - NANOS : nanos);
    }

    /** Monitor mode: a PPS edge with the host clock's offset from it (kernel PPS, or gpsd's PPS report). */
    public void onHostPpsOffset(long hostMinusEdgeNs) {
        kernelPpsEdges++;
        hostOffsetSeconds = hostMinusEdgeNs / 1e9;
    }

    /**
     * Runs the periodic work at monotonic time {@code monoNanos}: polls and publishes the
     * discipline (discipline mode), checks silence, leap table, antenna fault, sets the LEDs.
     *
     * @param antennaFaultNow the antenna-fault line now
     * @param hostSynchronised monitor mode: the header served now is synchronised (the kernel's word)
     * @return the notices since the last tick
     */
    public List<Notice> tick(long monoNanos, long hostUnixNanos, boolean antennaFaultNow, boolean hostSynchronised) {
        if (connected && lastValidTodMono != Long.MIN_VALUE && monoNanos - lastValidTodMono > silenceNs && !silentLogged) {
            notice(System.Logger.Level.WARNING, "GNSS source " + source + ": no valid time of day for "
                    + (monoNanos - lastValidTodMono) / NANOS + " s");
            silentLogged = true;
        }
        if (antennaFaultNow != antennaFault) {
            antennaFault = antennaFaultNow;
            notice(antennaFault ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                    antennaFault ? "GNSS antenna fault (open or shorted antenna)" : "GNSS antenna fault cleared");
        }
        long nowNtp = NtpTimestamp.fromUnixNanos(hostUnixNanos) >>> 32;
        boolean expiredNow = leapTable != null && leapTable.expired(nowNtp);
        if (expiredNow != leapExpired) {
            leapExpired = expiredNow;
            if (expiredNow) {
                notice(System.Logger.Level.WARNING, "leap-seconds.list has expired: install a current one (IERS)");
            }
        }
        TimekeepingStatus st;
        if (discipline != null) {
            discipline.poll();
            st = publisher.publish(discipline).status();
            String state = st.state() + "/" + st.leapIndicator() + "/" + st.stratum() + "/" + st.referenceId();
            if (!state.equals(loggedState)) {
                boolean sync = st.synchronised();
                notice(sync ? System.Logger.Level.INFO : System.Logger.Level.WARNING, "disciplined clock " + st.state()
                        + (sync ? ": serving stratum " + st.stratum() + " refid " + st.referenceId() + " LI " + st.leapIndicator()
                                : ": serving leap 3, stratum 16 (not synchronised)"));
                loggedState = state;
            }
        } else {
            // What is served, as the LEDs show it: the kernel's state, not the receiver's.
            st = new TimekeepingStatus(hostSynchronised ? DisciplineState.LOCKED : DisciplineState.UNSYNCHRONISED,
                    hostSynchronised ? 0 : 3, hostSynchronised ? 1 : 16, hostSynchronised ? "GPS" : "INIT", Double.NaN,
                    Double.NaN, 0);
        }
        lastStatus = st;
        if (leds != null) {
            leds.update(st, antennaFault, leapExpired, monoNanos);
        }
        List<Notice> out = List.copyOf(notices);
        notices.clear();
        return out;
    }

    /** The status of the last tick (discipline's, or the served state in monitor mode), null before it. */
    public TimekeepingStatus lastStatus() {
        return lastStatus;
    }

    /** Notices raised by events since the last tick (drained by {@link #tick}). */
    public List<Notice> pendingNotices() {
        return List.copyOf(notices);
    }

    public GnssSourceStatus status(long monoNanos) {
        double age = lastValidTodMono == Long.MIN_VALUE ? Double.NaN : (monoNanos - lastValidTodMono) / 1e9;
        long edges = discipline != null ? discipline.ppsEdges() : kernelPpsEdges;
        return new GnssSourceStatus(mode == Mode.DISCIPLINE ? "discipline" : "monitor", source, pps, connected, fixValid,
                todMessages, age, failures, lastError, edges, hostOffsetSeconds, hostSecondsAgree, antennaFault,
                leapExpired);
    }

    private void notice(System.Logger.Level level, String message) {
        notices.add(new Notice(level, message));
    }
}
