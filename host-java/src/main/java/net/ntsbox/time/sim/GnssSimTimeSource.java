package net.ntsbox.time.sim;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import net.ntsbox.metrics.ClockStatus;
import net.ntsbox.metrics.ClockStatusSource;
import net.ntsbox.ntp.NtpTimestamp;
import net.ntsbox.server.ServerHeader;
import net.ntsbox.time.OscillatorClass;
import net.ntsbox.time.StatusPublisher;
import net.ntsbox.time.TimekeepingConfig;

/**
 * The timekeeping stack in simulated time as a live time source ({@code --gnss-sim}): a
 * simulated GNSS receiver (PPS with Gaussian jitter, NMEA RMC/GGA/ZDA/PUBX) and a simulated
 * 156.25 MHz oscillator with a frequency error and wander, counted by the simulated FPGA
 * time-of-day counter ({@link SimClock}) that {@link net.ntsbox.time.ClockDiscipline}
 * disciplines through the {@link net.ntsbox.time.DisciplinedClock} interface, exactly as
 * {@link TimekeepingSimulation} runs it in the tests. A background thread advances the
 * simulation one simulated second at a time, paced at {@code acceleration} simulated seconds
 * per wall second, and publishes the discipline's state after each second through a
 * {@link StatusPublisher}: that is what the appliance advertises (LI, stratum, refid, root
 * dispersion) and reports (metrics, management status).
 *
 * <p>What is not simulated here: the served timestamps. They still come from the host clock
 * (software datapath) or from the Verilated model's ToD, which lab mode sets to host time
 * before each request. The reference timestamp advertised is the host time of the last
 * publish (the simulation's own timescale runs {@code acceleration} times faster).
 */
public final class GnssSimTimeSource implements ClockStatusSource, Supplier<ServerHeader>, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("net.ntsbox.time");
    private static final long NANOS = 1_000_000_000L;

    /**
     * @param oscillator class of the simulated oscillator (its aging, daily sinusoid and random walk)
     * @param initialPpm its frequency error at start
     * @param jitterNs RMS PPS jitter of the receiver
     * @param cableDelayNs antenna cable delay (compensated by the discipline's setting)
     * @param acceleration simulated seconds per wall second (1 = real time)
     * @param seed random seed of oscillator and receiver
     */
    public record Settings(OscillatorClass oscillator, double initialPpm, double jitterNs, long cableDelayNs,
                           double acceleration, long seed) {
        public Settings {
            if (!(acceleration > 0) || acceleration > 10_000 || !(jitterNs >= 0) || Math.abs(initialPpm) > 500) {
                throw new IllegalArgumentException("gnss-sim: acceleration in (0, 10000], jitter >= 0, |ppm| <= 500");
            }
        }

        /** TCXO at +30 ppm, 20 ns RMS PPS jitter, 42 ns cable, real time. */
        public static Settings defaults() {
            return new Settings(OscillatorClass.TCXO, 30, 20, 42, 1, 1);
        }

        public Settings withAcceleration(double a) {
            return new Settings(oscillator, initialPpm, jitterNs, cableDelayNs, a, seed);
        }
    }

    private final Settings settings;
    private final SimScenario scenario;
    private final StatusPublisher publisher = new StatusPublisher(StatusPublisher.PRECISION_6_4NS);
    private final LongSupplier unixNanos;
    private final Thread thread;
    private volatile ServerHeader header;
    private volatile long simulatedSeconds;
    private volatile double lastTrueErrorNs = Double.NaN;
    private volatile boolean running = true;

    private GnssSimTimeSource(Settings s, LongSupplier unixNanos) {
        this.settings = s;
        this.unixNanos = unixNanos;
        long epoch = NtpTimestamp.fromUnixNanos(unixNanos.getAsLong()) >>> 32;
        TimekeepingConfig config = TimekeepingConfig.defaults(s.oscillator());
        this.scenario = new SimScenario(s.oscillator(), s.initialPpm(), s.jitterNs(), s.cableDelayNs(), config, epoch,
                s.seed());
        this.header = publisher.get();
        this.thread = Thread.ofPlatform().name("gnss-sim").daemon(true).unstarted(this::loop);
    }

    /** Starts the simulation thread. */
    public static GnssSimTimeSource start(Settings s, LongSupplier unixNanos) {
        GnssSimTimeSource t = create(s, unixNanos);
        t.begin();
        return t;
    }

    /**
     * The simulation, not running yet: it serves the unsynchronised header until {@link #begin}.
     * The appliance begins it once it is serving, so that acquisition (LI 3 / stratum 16 until
     * lock) is what its first clients see however long the start took.
     */
    public static GnssSimTimeSource create(Settings s, LongSupplier unixNanos) {
        return new GnssSimTimeSource(s, unixNanos);
    }

    /** Starts the simulation thread (once). */
    public synchronized void begin() {
        if (thread.getState() != Thread.State.NEW) return;
        thread.start();
        Settings s = settings;
        LOG.log(System.Logger.Level.INFO, "gnss-sim: simulated receiver (" + s.jitterNs() + " ns RMS PPS jitter, NMEA) "
                + "disciplining a simulated " + s.oscillator().name() + " at " + s.initialPpm() + " ppm, "
                + s.acceleration() + "x real time");
    }

    private void loop() {
        long wall0 = System.nanoTime();
        String lastState = "";
        try {
            while (running) {
                scenario.simulation.run(1, sample -> lastTrueErrorNs = sample.trueErrorNs());
                StatusPublisher.Snapshot snap = publisher.publish(scenario.simulation.discipline());
                ServerHeader h = snap.header();
                header = h.synchronised() ? new ServerHeader(h.leap(), h.stratum(), h.precision(), h.rootDelay(),
                        h.rootDispersion(), h.referenceId(), NtpTimestamp.fromUnixNanos(unixNanos.getAsLong())) : h;
                long k = ++simulatedSeconds;
                String state = snap.status().state().name();
                if (!state.equals(lastState)) {
                    LOG.log(System.Logger.Level.INFO, "gnss-sim: simulated second " + k + ": " + state + " (LI "
                            + snap.status().leapIndicator() + ", stratum " + snap.status().stratum() + ", refid "
                            + snap.status().referenceId() + ")");
                    lastState = state;
                }
                long due = wall0 + Math.round(k * NANOS / settings.acceleration());
                long wait = due - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        } catch (InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "gnss-sim stopped: " + e);
        }
    }

    @Override
    public ServerHeader get() {
        return header;
    }

    @Override
    public ClockStatus clockStatus() {
        return publisher.clockStatus();
    }

    /** The last published snapshot (discipline status, metrics view, header). */
    public StatusPublisher.Snapshot snapshot() {
        return publisher.snapshot();
    }

    /** Simulated seconds run so far. */
    public long simulatedSeconds() {
        return simulatedSeconds;
    }

    /** The simulated clock's true error (counter minus true UTC) at the last simulated second, ns. */
    public double lastTrueErrorNs() {
        return lastTrueErrorNs;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
