package net.ntsbox.time;

import java.util.Optional;
import net.ntsbox.time.leap.LeapPlanner;
import net.ntsbox.time.leap.LeapSecondTable;

/**
 * Disciplines a {@link DisciplinedClock} to a GNSS receiver's PPS edges (phase) and
 * time-of-day messages (which second an edge is), and says what the server may advertise.
 * Sans-IO apart from the clock interface: the caller delivers time-of-day messages and leap
 * information, and calls {@link #poll()} often (every 100 ms or so) to read the PPS capture
 * register and run timeouts. Single-threaded: call from one thread.
 *
 * <h2>Measurement</h2>
 * Each new PPS capture, minus the cable delay, gives the phase offset as its distance to the
 * nearest whole second (|offset| &lt; 0.5 s once the clock has been set). Time-of-day messages
 * are paired with an edge ({@link TodConvention}) only to check the whole seconds: the first
 * pairing sets the clock; later disagreements step whole seconds after
 * {@code secondsMismatchCount} pairings agree on it. {@code ppsWindow} offsets are averaged into
 * one {@link PiServo} sample (interval T = window seconds).
 *
 * <h2>State machine</h2>
 * FREERUN -(first servo sample)-&gt; STEPPING -(second sample: step or slew)-&gt; TRACKING
 * -(lockCount samples under lockThreshold)-&gt; LOCKED -(a sample over unlockThreshold)-&gt; TRACKING.
 * PPS lost while LOCKED (or while degraded after a lock) -&gt; HOLDOVER on the averaged frequency;
 * when the holdover bound passes the limits -&gt; UNSYNCHRONISED. PPS back -&gt; STEPPING (a new servo
 * run that may step once) and the advertised error keeps following the holdover model until
 * LOCKED again. PPS lost before any lock -&gt; FREERUN.
 */
public final class ClockDiscipline {
    private static final System.Logger LOG = System.getLogger(ClockDiscipline.class.getName());
    private static final long NANOS = 1_000_000_000L;

    private final DisciplinedClock clock;
    private final TimekeepingConfig config;
    private final LeapPlanner leapPlanner = new LeapPlanner();
    private final FrequencyHistory history;
    private final RunningStats rawJitter = new RunningStats(1.0 / 64);
    private final RunningStats filteredJitter = new RunningStats(1.0 / 32);
    private final double periodNs;

    private DisciplineState state = DisciplineState.FREERUN;
    private PiServo servo;
    private double appliedPpb;

    private long lastSequence = -1;
    private boolean seenPps;
    private long lastEdge;            // last capture minus cable delay (NTP)
    private long lastCaptureRaw;
    private long prevEdge;
    private boolean havePrevEdge;
    private boolean timeSet;
    private long lastTodPairedAt;     // clock NTP; 0 = never
    private boolean todEverPaired;
    private TimeOfDay pendingFollowing;
    private long pendingFollowingAt;
    private long secondsMismatch;
    private int secondsMismatchRun;

    private final double[] window;
    private final double[] windowTimes;
    private int windowFill;
    private double lastRawOffset;
    private double lastFilteredOffset;
    private int belowThresholdRun;

    private boolean everLocked;
    private boolean degraded;
    private double degradedSince;      // clock seconds
    private double degradedInitialNs;
    private double degradedFrequencyBound;
    private boolean expired;

    private long lastCorrectionAt;    // clock NTP of the last servo correction; 0 = none

    private long missedPps;
    private long ppsEdges;
    private long todPaired;
    private long todUnpaired;
    private long todInvalid;
    private long steps;
    private long secondsSteps;

    public ClockDiscipline(DisciplinedClock clock, TimekeepingConfig config) {
        this.clock = clock;
        this.config = config;
        this.history = new FrequencyHistory(config.frequencyAveragingSeconds());
        this.window = new double[config.ppsWindow()];
        this.windowTimes = new double[config.ppsWindow()];
        this.appliedPpb = ClockIncrement.ppbOf(clock.nominalIncrement(), clock.increment());
        this.periodNs = ClockIncrement.nanosPerCycle(clock.nominalIncrement());
    }

    public DisciplineState state() {
        return state;
    }

    public LeapPlanner leapPlanner() {
        return leapPlanner;
    }

    public void setLeapTable(LeapSecondTable table) {
        leapPlanner.setTable(table);
    }

    public void onLeapAnnouncement(LeapAnnouncement a) {
        leapPlanner.announce(a);
    }

    /** The frequency correction applied now (ppb). */
    public double appliedFrequencyPpb() {
        return appliedPpb;
    }

    /**
     * Seconds since the reference was lost after a lock (HOLDOVER, and UNSYNCHRONISED once the
     * holdover expired); 0 in every other state.
     */
    public double holdoverSeconds() {
        if (!degraded || (state != DisciplineState.HOLDOVER && state != DisciplineState.UNSYNCHRONISED)) {
            return 0;
        }
        return Math.max(0, NtpTime.toSecondsDouble(clock.now()) - degradedSince);
    }

    /** When the servo last corrected the clock (NTP timestamp; RFC 5905's reference time), 0 if never. */
    public long lastCorrectionTime() {
        return lastCorrectionAt;
    }

    /** True once a servo sample has produced an offset (the offset in {@link #status()} means something). */
    public boolean hasOffset() {
        return lastCorrectionAt != 0;
    }

    public long missedPps() { return missedPps; }
    /** PPS captures read from the clock (new sequence numbers). */
    public long ppsEdges() { return ppsEdges; }
    public long todPaired() { return todPaired; }
    public long todUnpaired() { return todUnpaired; }
    public long todInvalid() { return todInvalid; }
    public long steps() { return steps; }
    public long secondsSteps() { return secondsSteps; }
    public long secondsMismatches() { return secondsMismatch; }

    /** Reads the PPS capture register, runs the servo on a new edge, and handles timeouts and leaps. */
    public void poll() {
        Optional<PpsCapture> cap = clock.latestPps();
        if (cap.isPresent() && cap.get().sequence() != lastSequence) {
            PpsCapture c = cap.get();
            if (lastSequence >= 0 && c.sequence() > lastSequence + 1) {
                missedPps += c.sequence() - lastSequence - 1;
            }
            lastSequence = c.sequence();
            ppsEdges++;
            onEdge(c.ntpTimestamp());
        }
        long now = clock.now();
        if (seenPps && NtpTime.diffNanos(now, lastCaptureRaw) > config.ppsTimeoutNs()) {
            ppsLost(now);
        }
        if (degraded && !expired) {
            double t = NtpTime.toSecondsDouble(now) - degradedSince;
            if (t > config.holdoverLimitSeconds() || modelledErrorNs(now) > config.maxRootDispersionNs()) {
                expired = true;
                if (state == DisciplineState.HOLDOVER) {
                    transition(DisciplineState.UNSYNCHRONISED);
                }
            }
        }
        planLeap(now);
    }

    /** A time-of-day message, delivered as soon as it is read (stamped with the clock now). */
    public void onTimeOfDay(TimeOfDay tod) {
        long receivedAt = clock.now();
        if (!tod.valid()) {
            todInvalid++;
            return;
        }
        if (config.todConvention() == TodConvention.FOLLOWING_EDGE) {
            pendingFollowing = tod;
            pendingFollowingAt = receivedAt;
            return;
        }
        // PRECEDING_EDGE: the latest edge at least todMinDelay before arrival, within 1 s.
        if (!seenPps) {
            todUnpaired++;
            return;
        }
        long age = NtpTime.diffNanos(receivedAt, lastCaptureRaw);
        if (age >= config.todMinDelayNs() && age < NANOS) {
            pair(tod, lastEdge);
        } else if (havePrevEdge && NtpTime.diffNanos(receivedAt, prevEdge) >= config.todMinDelayNs()
                && NtpTime.diffNanos(receivedAt, prevEdge) < NANOS + config.todMinDelayNs()) {
            pair(tod, prevEdge);
        } else {
            todUnpaired++;
        }
    }

    private void onEdge(long captureRaw) {
        long now = clock.now();
        seenPps = true;
        prevEdge = lastEdge;
        havePrevEdge = lastCaptureRaw != 0;
        lastCaptureRaw = captureRaw;
        // tod_clock.v samples PPS at the next clock edge (on average half a cycle after it) and
        // latches the counter one cycle later (PPS_LATENCY): on average 1.5 cycles late.
        lastEdge = NtpTime.plusNanos(captureRaw, -config.cableDelayNs() - Math.round(periodNs * 1.5));
        if (pendingFollowing != null) {
            long wait = NtpTime.diffNanos(lastEdge, pendingFollowingAt);
            if (wait > 0 && wait < NANOS) {
                pair(pendingFollowing, lastEdge);
            } else {
                todUnpaired++;
            }
            pendingFollowing = null;
        }
        if (!timeSet) {
            return;
        }
        if (state == DisciplineState.HOLDOVER || state == DisciplineState.UNSYNCHRONISED) {
            reacquire();
        }
        long nearest = NtpTime.ofSeconds(NtpTime.nearestSecond(lastEdge));
        double offset = NtpTime.diffNanos(lastEdge, nearest);
        lastRawOffset = offset;
        window[windowFill] = offset;
        windowTimes[windowFill] = NtpTime.toSecondsDouble(lastEdge);
        windowFill++;
        if (windowFill == window.length) {
            double mean = 0;
            double meanTime = 0;
            for (int i = 0; i < windowFill; i++) {
                mean += window[i];
                meanTime += windowTimes[i];
            }
            mean /= windowFill;
            meanTime /= windowFill;
            for (int i = 0; i < windowFill; i++) {
                rawJitter.add(window[i] - mean);
            }
            windowFill = 0;
            servoSample(mean, meanTime, now);
        }
    }

    private void servoSample(double offset, double time, long now) {
        if (servo == null) {
            servo = new PiServo(config.servo(), appliedPpb);
        }
        double nowSec = NtpTime.toSecondsDouble(now);
        if (!servo.estimating()) {
            // The window mean is the offset at the window's middle; the correction acts from
            // now. Move it on by the rate the servo believes the offset grows at (applied minus
            // estimated frequency) so the loop sees no extra half-window delay. Deterministic:
            // it adds no noise.
            offset += (appliedPpb - servo.frequencyEstimatePpb()) * (nowSec - time);
            time = nowSec;
        }
        lastFilteredOffset = offset;
        PiServo.Result r = servo.sample(offset, time);
        if (r.action() != PiServo.Action.NONE) {
            lastCorrectionAt = clock.now();
        }
        switch (r.action()) {
            case NONE -> {
                if (state == DisciplineState.FREERUN || state == DisciplineState.TRACKING) {
                    transition(DisciplineState.STEPPING);
                }
            }
            case STEP -> {
                // Step to where the phase is now: the latest raw offset, moved on by the rate it
                // grows at (applied minus needed frequency) since that edge.
                double growth = (appliedPpb - r.frequencyPpb()) * 1e-9 * NtpTime.diffNanos(now, lastEdge);
                applyFrequency(r.frequencyPpb(), nowSec);
                clock.adjustPhase(Math.round(-(lastRawOffset + growth)));
                steps++;
                history.clear();
                windowFill = 0;
                belowThresholdRun = 0;
                transition(DisciplineState.STEPPING);
            }
            case ADJUST -> {
                if (state == DisciplineState.LOCKED || state == DisciplineState.TRACKING) {
                    history.add(time, appliedPpb, offset);
                    filteredJitter.add(offset);
                }
                applyFrequency(r.frequencyPpb(), nowSec);
                if (state == DisciplineState.STEPPING || state == DisciplineState.FREERUN) {
                    transition(DisciplineState.TRACKING);
                }
                lockDetect(offset, nowSec);
            }
        }
    }

    private void lockDetect(double offset, double nowSec) {
        if (state == DisciplineState.LOCKED) {
            if (Math.abs(offset) > config.unlockThresholdNs()) {
                belowThresholdRun = 0;
                startDegraded(nowSec);
                transition(DisciplineState.TRACKING);
            }
            return;
        }
        belowThresholdRun = Math.abs(offset) < config.lockThresholdNs() ? belowThresholdRun + 1 : 0;
        if (belowThresholdRun >= config.lockCount()) {
            everLocked = true;
            degraded = false;
            expired = false;
            transition(DisciplineState.LOCKED);
        }
    }

    private void applyFrequency(double ppb, double nowSec) {
        clock.setIncrement(ClockIncrement.forPpb(clock.nominalIncrement(), ppb));
        appliedPpb = ppb;
        history.frequencyChanged(nowSec, ppb);
    }

    private void pair(TimeOfDay tod, long edge) {
        todPaired++;
        lastTodPairedAt = clock.now();
        todEverPaired = true;
        long offset = NtpTime.diffNanos(edge, NtpTime.ofSeconds(tod.utcNtpSeconds()));
        if (!timeSet) {
            if (Math.abs(offset) >= NANOS / 2) {
                clock.setTime(NtpTime.plusNanos(clock.now(), -offset));
                steps++;
                // Edges captured before the set are in the old time scale.
                seenPps = false;
                lastCaptureRaw = 0;
                lastSequence = clock.latestPps().map(PpsCapture::sequence).orElse(-1L);
            }
            timeSet = true;
            windowFill = 0;
            return;
        }
        long wholeSeconds = Math.round(offset / 1e9);
        if (wholeSeconds == 0) {
            secondsMismatchRun = 0;
            return;
        }
        secondsMismatch++;
        if (++secondsMismatchRun >= config.secondsMismatchCount()) {
            LOG.log(System.Logger.Level.WARNING, "time of day disagrees by {0} s; stepping whole seconds", wholeSeconds);
            clock.adjustPhase(-wholeSeconds * NANOS);
            secondsSteps++;
            secondsMismatchRun = 0;
            windowFill = 0;
        }
    }

    private void ppsLost(long now) {
        seenPps = false;
        lastCaptureRaw = 0;
        havePrevEdge = false;
        windowFill = 0;
        servo = null;
        double nowSec = NtpTime.toSecondsDouble(now);
        switch (state) {
            case LOCKED, TRACKING, STEPPING -> {
                if (state == DisciplineState.LOCKED) {
                    startDegraded(nowSec);
                }
                if (degraded) {
                    double f = history.estimatePpb();
                    if (!Double.isNaN(f)) {
                        applyFrequency(f, nowSec);
                    }
                    transition(expired ? DisciplineState.UNSYNCHRONISED : DisciplineState.HOLDOVER);
                } else {
                    transition(DisciplineState.FREERUN);
                }
            }
            default -> { }
        }
    }

    private void reacquire() {
        servo = null;
        windowFill = 0;
        transition(DisciplineState.STEPPING);
    }

    private void startDegraded(double nowSec) {
        if (degraded) {
            return;
        }
        degraded = true;
        expired = false;
        degradedSince = nowSec;
        double sigma = filteredJitter.rms();
        degradedInitialNs = Math.abs(lastFilteredOffset) + 3 * sigma + periodNs;
        degradedFrequencyBound = history.errorBound(Math.max(sigma, 1));
    }

    private double modelledErrorNs(long now) {
        double t = NtpTime.toSecondsDouble(now) - degradedSince;
        return config.oscillator().holdoverErrorNs(t, degradedInitialNs, degradedFrequencyBound);
    }

    private void planLeap(long now) {
        long nowSec = now >>> 32;
        LeapStatus st = clock.leapStatus();
        Optional<LeapAnnouncement> next = leapPlanner.next(nowSec, st.lastApplied());
        if (next.isPresent()) {
            LeapAnnouncement n = next.get();
            if (st.scheduled().isEmpty() || st.scheduled().get() != n.kind() || st.scheduledAtNtpSeconds() != n.atNtpSeconds()) {
                LOG.log(System.Logger.Level.INFO, "scheduling leap {0} at NTP {1} from {2}", n.kind(), n.atNtpSeconds(), n.source());
                clock.scheduleLeap(n.kind(), n.atNtpSeconds());
            }
        } else if (st.scheduled().isPresent()) {
            clock.cancelLeap();
        }
    }

    private void transition(DisciplineState next) {
        if (next != state) {
            LOG.log(System.Logger.Level.DEBUG, "{0} -> {1}", state, next);
            state = next;
        }
    }

    /** What the server advertises now. */
    public TimekeepingStatus status() {
        long now = clock.now();
        double jitter = rawJitter.rms();
        if (!everLocked || state == DisciplineState.FREERUN) {
            return unsynchronised(jitter);
        }
        boolean todFresh = todEverPaired && NtpTime.diffNanos(now, lastTodPairedAt) <= config.todTimeoutNs();
        double todAge = todEverPaired ? NtpTime.diffNanos(now, lastTodPairedAt) / 1e9 : Double.POSITIVE_INFINITY;
        if (state != DisciplineState.HOLDOVER && !todFresh && todAge > config.todHoldoverSeconds()) {
            return unsynchronised(jitter);
        }
        double dispersion;
        if (degraded) {
            double model = modelledErrorNs(now);
            if (expired || model > config.maxRootDispersionNs()) {
                return unsynchronised(jitter);
            }
            dispersion = state == DisciplineState.HOLDOVER ? model
                    : Math.max(model, Math.abs(lastFilteredOffset) + 3 * filteredJitter.rms() + periodNs);
        } else {
            dispersion = Math.abs(lastFilteredOffset) + 3 * filteredJitter.rms() + periodNs;
        }
        String refid = todFresh || state == DisciplineState.HOLDOVER ? config.referenceId() : "PPS";
        return new TimekeepingStatus(state, leapIndicator(now), 1, refid, dispersion, lastFilteredOffset, jitter);
    }

    private TimekeepingStatus unsynchronised(double jitter) {
        return new TimekeepingStatus(state, 3, 16, "INIT", config.maxRootDispersionNs(), lastFilteredOffset, jitter);
    }

    /** LI 01/10 during the last UTC day before a scheduled insert/delete, and during 23:59:60. */
    private int leapIndicator(long now) {
        LeapStatus st = clock.leapStatus();
        if (st.inInsertedSecond()) {
            return 1;
        }
        long s = now >>> 32;
        if (st.scheduled().isPresent() && s >= st.scheduledAtNtpSeconds() - 86_400 && s < st.scheduledAtNtpSeconds()) {
            return st.scheduled().get() == LeapKind.INSERT ? 1 : 2;
        }
        return 0;
    }
}
