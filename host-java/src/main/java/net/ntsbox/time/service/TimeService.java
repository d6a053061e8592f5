package net.ntsbox.time.service;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import net.ntsbox.config.GnssSettings;
import net.ntsbox.metrics.ClockState;
import net.ntsbox.metrics.ClockStatus;
import net.ntsbox.metrics.ClockStatusSource;
import net.ntsbox.metrics.GnssSourceStatus;
import net.ntsbox.server.ServerHeader;
import net.ntsbox.time.ClockDiscipline;
import net.ntsbox.time.DisciplinedClock;
import net.ntsbox.time.StatusPublisher;
import net.ntsbox.time.TimeOfDay;
import net.ntsbox.time.TimekeepingConfig;
import net.ntsbox.time.gpio.GnssControl;
import net.ntsbox.time.gpio.GpioLines;
import net.ntsbox.time.gpio.InputLine;
import net.ntsbox.time.gpio.OutputLine;
import net.ntsbox.time.gpio.StatusIndicators;
import net.ntsbox.time.gpsd.Backoff;
import net.ntsbox.time.gpsd.GpsdClient;
import net.ntsbox.time.gpsd.GpsdMessage;
import net.ntsbox.time.gpsd.GpsdTimeDecoder;
import net.ntsbox.time.leap.LeapSecondListParser;
import net.ntsbox.time.leap.LeapSecondTable;
import net.ntsbox.time.pps.PpsDevice;
import net.ntsbox.time.pps.PpsEvent;
import net.ntsbox.time.pps.PpsUnavailableException;
import net.ntsbox.time.source.NmeaStreamSource;

/**
 * The real-time time service assembled from {@code [gnss]}: a time-of-day source (gpsd client
 * or serial NMEA reader, each reconnecting with backoff on its own thread), PPS (the FPGA
 * clock's capture register, read by the discipline; or a kernel PPS device watched on its own
 * thread), the leap table, LEDs and receiver lines, and one "timekeeping" thread that owns
 * {@link TimeServiceCore}: source threads only queue events, the loop applies them and ticks
 * every {@code env.tick()} (polls the discipline, publishes, sets LEDs, logs changes once).
 *
 * <p>What the appliance advertises in discipline mode is {@link #header()} /
 * {@link #clockStatus()}; if the loop stops or stalls for more than {@link #STALE}, both say
 * unsynchronised: a stuck loop never keeps serving the last good header.
 */
public final class TimeService implements ClockStatusSource, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("net.ntsbox.time");
    /** A published snapshot older than this is not served. */
    public static final Duration STALE = Duration.ofSeconds(3);

    private sealed interface Event {
        record Tod(TimeOfDay tod, long hostUnixNanos) implements Event {}
        record Up(String detail) implements Event {}
        record Down(String reason) implements Event {}
        record HostPps(PpsEvent event) implements Event {}
        record HostOffset(long hostMinusEdgeNs) implements Event {}
        record LeapCount(int gpsMinusUtc, long hostUnixNanos) implements Event {}
        record Log(System.Logger.Level level, String message) implements Event {}
    }

    private final GnssSettings settings;
    private final TimeServiceEnvironment env;
    private final TimeServiceCore core;
    private final StatusPublisher publisher;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>(4096);
    private final GpioLines gpio;
    private final InputLine antennaFault;
    private final GnssControl gnssControl;
    private final Thread loop;
    private GpsdClient gpsd;
    private Thread serial;
    private Thread pps;
    private volatile boolean closed;
    private volatile boolean failed;
    private volatile long lastPublishMono;
    private volatile GnssSourceStatus status;
    private volatile BooleanSupplier hostSynchronised = () -> false;

    private TimeService(GnssSettings settings, TimeServiceEnvironment env, DisciplinedClock clock, GpioLines gpio,
                        LeapSecondTable leap) {
        this.settings = settings;
        this.env = env;
        this.gpio = gpio;
        GnssSettings.Pins p = settings.pins();
        StatusIndicators leds = null;
        if (gpio != null && (p.ledSync().isPresent() || p.ledHoldover().isPresent() || p.ledAlarm().isPresent())) {
            leds = new StatusIndicators(out(gpio, "led-sync", p.ledSync(), p.ledsActiveLow()),
                    out(gpio, "led-holdover", p.ledHoldover(), p.ledsActiveLow()),
                    out(gpio, "led-alarm", p.ledAlarm(), p.ledsActiveLow()));
        }
        antennaFault = gpio != null && p.antennaFault().isPresent()
                ? gpio.input("antenna-fault", p.antennaFault().getAsInt(), p.antennaFaultActiveLow()) : () -> false;
        gnssControl = gpio != null && p.gnssReset().isPresent()
                ? new GnssControl(gpio.output("gnss-reset", p.gnssReset().getAsInt(), p.gnssResetActiveLow()), antennaFault)
                : null;
        ClockDiscipline discipline = null;
        if (clock != null) {
            discipline = new ClockDiscipline(clock, config(settings));
            publisher = new StatusPublisher(StatusPublisher.PRECISION_6_4NS);
        } else {
            publisher = null;
        }
        core = new TimeServiceCore(discipline, publisher, leds, settings.describeSource(), settings.describePps(),
                env.sourceSilence().toNanos(), settings.todEdge());
        if (leap != null) {
            core.setLeapTable(leap);
        }
        status = core.status(env.monoNanos().getAsLong());
        loop = Thread.ofPlatform().name("timekeeping").daemon(true).unstarted(this::run);
    }

    /** The discipline's settings from {@code [gnss]}. */
    public static TimekeepingConfig config(GnssSettings s) {
        return TimekeepingConfig.defaults(s.oscillator()).withCableDelayNs(s.cableDelayNs())
                .withTodConvention(s.todEdge()).withHoldoverLimits(s.holdoverLimitSeconds(), s.maxRootDispersionMs() * 1e6);
    }

    /** Reads the leap file, opens the clock (discipline mode) and GPIO, starts the threads. */
    public static TimeService start(GnssSettings s, TimeServiceEnvironment env) throws TimeServiceException {
        if (!s.enabled()) {
            throw new IllegalArgumentException("no GNSS source configured");
        }
        LeapSecondTable leap = s.leapSecondsFile().isPresent() ? readLeapFile(s.leapSecondsFile().get()) : null;
        DisciplinedClock clock = s.disciplinesFpgaClock() ? env.clock().open() : null;
        GpioLines gpio = s.pins().any() ? env.gpio().open(s.pins()) : null;
        TimeService t;
        try {
            t = new TimeService(s, env, clock, gpio, leap);
        } catch (RuntimeException e) {
            if (gpio != null) gpio.close();
            throw new TimeServiceException("gnss: GPIO lines: " + e.getMessage() + " (is there a /dev/gpiochipN the "
                    + "service user may open? on a machine without GPIO set gnss.gpio = \"log\" or remove the pins)", e);
        }
        LOG.log(System.Logger.Level.INFO, "time service: " + s.describeSource() + ", PPS " + s.describePps() + ", "
                + (clock != null ? "disciplining the FPGA clock (its state governs the header)"
                : "monitoring the receiver (the kernel clock state governs the header)")
                + (leap != null ? ", leap-seconds.list expires " + leapExpiry(leap) : ""));
        t.loop.start();
        t.startSource();
        if (s.pps() == GnssSettings.Pps.DEVICE) {
            t.pps = Thread.ofPlatform().name("pps-" + s.ppsDevice().orElseThrow().getFileName()).daemon(true)
                    .start(t::ppsLoop);
        }
        return t;
    }

    /** Reads and checks an IERS leap-seconds.list (also what check-config does). */
    public static LeapSecondTable readLeapFile(Path file) throws TimeServiceException {
        byte[] bytes;
        try {
            if (Files.size(file) > LeapSecondListParser.MAX_BYTES) {
                throw new TimeServiceException("gnss.leap_seconds_file: " + file + " is larger than "
                        + LeapSecondListParser.MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TimeServiceException("gnss.leap_seconds_file: cannot read " + file + ": " + e.getMessage());
        }
        LeapSecondListParser.Result r = LeapSecondListParser.parse(bytes);
        if (!r.ok()) {
            throw new TimeServiceException("gnss.leap_seconds_file: " + file + ": " + r.failure()
                    + (r.line() > 0 ? " at line " + r.line() : "") + " (not an IERS leap-seconds.list?)");
        }
        return r.table();
    }

    private static String leapExpiry(LeapSecondTable t) {
        return java.time.Instant.ofEpochSecond(t.expiresNtpSeconds() - 2_208_988_800L).toString().substring(0, 10);
    }

    private static OutputLine out(GpioLines g, String name, java.util.OptionalInt pin, boolean activeLow) {
        if (pin.isEmpty()) {
            return new OutputLine() {
                @Override public void set(boolean active) { }
                @Override public boolean active() { return false; }
            };
        }
        return g.output(name, pin.getAsInt(), activeLow);
    }

    /** Monitor mode: what the header served says (the LEDs show it). */
    public void setHostSynchronised(BooleanSupplier s) {
        hostSynchronised = s;
    }

    /** True when the service disciplines a clock and its header is what the appliance serves. */
    public boolean disciplining() {
        return publisher != null;
    }

    /** The receiver, as of the last tick. */
    public GnssSourceStatus sourceStatus() {
        return status;
    }

    /** The receiver's reset/antenna lines, if wired. */
    public Optional<GnssControl> gnssControl() {
        return Optional.ofNullable(gnssControl);
    }

    /** Discipline mode: the header to serve (LI 3 / stratum 16 if the loop stopped or stalled). */
    public ServerHeader header() {
        if (publisher == null || !fresh()) {
            return ServerHeader.unsynchronised(StatusPublisher.PRECISION_6_4NS);
        }
        return publisher.get();
    }

    /** Discipline mode: the metrics view (unsynchronized if the loop stopped or stalled). */
    @Override
    public ClockStatus clockStatus() {
        if (publisher == null || !fresh()) {
            return new ClockStatus(ClockState.UNSYNCHRONIZED, null, 16, Double.NaN, Double.NaN, 0);
        }
        return publisher.clockStatus();
    }

    /** Discipline mode: the whole last snapshot, or empty. */
    public Optional<StatusPublisher.Snapshot> snapshot() {
        return publisher == null ? Optional.empty() : Optional.of(publisher.snapshot());
    }

    private boolean fresh() {
        return !failed && lastPublishMono != 0 && env.monoNanos().getAsLong() - lastPublishMono < STALE.toNanos();
    }

    private void offer(Event e) {
        if (!queue.offer(e)) {
            LOG.log(System.Logger.Level.WARNING, "time service queue full: event dropped");
        }
    }

    private void run() {
        long tickNs = env.tick().toNanos();
        long next = env.monoNanos().getAsLong();
        try {
            while (!closed) {
                long wait = next - env.monoNanos().getAsLong();
                Event e = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                if (e != null) {
                    handle(e);
                }
                long now = env.monoNanos().getAsLong();
                if (now >= next) {
                    List<TimeServiceCore.Notice> notices = core.tick(now, env.unixNanos().getAsLong(), antennaFault.active(),
                            hostSynchronised.getAsBoolean());
                    if (publisher != null) {
                        lastPublishMono = now;
                    }
                    status = core.status(now);
                    notices.forEach(n -> LOG.log(n.level(), n.message()));
                    next += tickNs;
                    if (next < now) {
                        next = now + tickNs;
                    }
                }
            }
        } catch (InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            failed = true;
            LOG.log(System.Logger.Level.ERROR, "time service stopped: " + e + "; serving leap 3, stratum 16");
        }
    }

    private void handle(Event e) {
        switch (e) {
            case Event.Tod t -> core.onTimeOfDay(t.tod(), env.monoNanos().getAsLong(), t.hostUnixNanos());
            case Event.Up u -> core.onSourceUp(u.detail());
            case Event.Down d -> core.onSourceDown(d.reason());
            case Event.HostPps p -> core.onHostPps(p.event().unixSeconds(), p.event().nanos());
            case Event.HostOffset o -> core.onHostPpsOffset(o.hostMinusEdgeNs());
            case Event.LeapCount c -> core.onReceiverLeapCount(c.gpsMinusUtc(),
                    net.ntsbox.ntp.NtpTimestamp.fromUnixNanos(c.hostUnixNanos()) >>> 32);
            case Event.Log l -> LOG.log(l.level(), l.message());
        }
    }

    private void startSource() {
        switch (settings.source()) {
            case GPSD -> {
                GpsdTimeDecoder decoder = new GpsdTimeDecoder();
                Optional<String> device = settings.gpsdDevice();
                GpsdClient.Settings gs = new GpsdClient.Settings(settings.gpsdHost(), settings.gpsdPort(),
                        Duration.ofSeconds(2), Duration.ofSeconds(5), env.sourceBackoff(), Duration.ofSeconds(60),
                        net.ntsbox.time.gpsd.GpsdJsonParser.MAX_LENGTH);
                gpsd = new GpsdClient(gs, m -> {
                    if (m instanceof GpsdMessage.Version v) {
                        offer(new Event.Up("gpsd " + v.release()));
                    }
                    if (m instanceof GpsdMessage.Tpv tpv && device.isPresent() && !device.get().equals(tpv.device())) {
                        return;
                    }
                    decoder.timeOfDay(m).ifPresent(t -> {
                        offer(new Event.Tod(t, env.unixNanos().getAsLong()));
                        decoder.leapSeconds().ifPresent(ls -> offer(new Event.LeapCount(ls, env.unixNanos().getAsLong())));
                    });
                    // gpsd's own PPS (its /dev/ppsN): the host clock against the edge, when we do not read a PPS device ourselves.
                    if (publisher == null && settings.pps() != GnssSettings.Pps.DEVICE) {
                        GpsdTimeDecoder.ppsEdge(m).ifPresent(e -> offer(new Event.HostOffset(e.hostOffsetNs())));
                    }
                });
                gpsd.onFailure(why -> offer(new Event.Down(why)));
                gpsd.start();
            }
            case NMEA -> serial = Thread.ofPlatform().name("nmea-serial").daemon(true).start(this::serialLoop);
            case NONE -> { }
        }
    }

    /** Opens the serial device, reads NMEA until it fails or goes quiet, reopens after a backoff. */
    private void serialLoop() {
        Path dev = settings.nmeaDevice().orElseThrow();
        Backoff backoff = new Backoff(env.sourceBackoff(), Duration.ofSeconds(60));
        while (!closed) {
            try (SerialTty tty = SerialTty.open(dev, settings.nmeaBaud(), env.sourceSilence().toMillis() + 1500,
                    () -> closed)) {
                NmeaStreamSource[] self = new NmeaStreamSource[1];
                NmeaStreamSource nmea = new NmeaStreamSource(t -> {
                    backoff.reset();
                    offer(new Event.Tod(t, env.unixNanos().getAsLong()));
                    var d = self[0].decoder();
                    if (!d.leapSecondsDefault()) {
                        d.leapSeconds().ifPresent(ls -> offer(new Event.LeapCount(ls, env.unixNanos().getAsLong())));
                    }
                });
                self[0] = nmea;
                nmea.run(tty);
                if (!closed) {
                    offer(new Event.Down(dev + ": end of stream"));
                }
            } catch (InterruptedIOException e) {
                offer(new Event.Down(dev + ": " + e.getMessage()));
            } catch (IOException | RuntimeException e) {
                offer(new Event.Down(e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            if (closed) {
                return;
            }
            try {
                Thread.sleep(backoff.next());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Monitor mode: kernel PPS edges of the host clock; reopens with backoff; logs outages once. */
    private void ppsLoop() {
        Path dev = settings.ppsDevice().orElseThrow();
        Backoff backoff = new Backoff(env.sourceBackoff(), Duration.ofSeconds(60));
        String lastProblem = null;
        while (!closed) {
            try (PpsDevice d = PpsDevice.open(dev)) {
                boolean gotEdge = false;
                while (!closed) {
                    Optional<PpsEvent> ev = d.fetch(Duration.ofSeconds(2));
                    if (ev.isEmpty()) {
                        throw new PpsUnavailableException(dev + ": no PPS edge for 2 s");
                    }
                    if (!gotEdge) {
                        gotEdge = true;
                        backoff.reset();
                        if (lastProblem != null) {
                            offer(new Event.Log(System.Logger.Level.INFO, "PPS " + dev + ": edges again"));
                        }
                        lastProblem = null;
                    }
                    offer(new Event.HostPps(ev.get()));
                }
            } catch (PpsUnavailableException | RuntimeException e) {
                String why = e.getMessage();
                if (!java.util.Objects.equals(why, lastProblem)) {
                    offer(new Event.Log(System.Logger.Level.WARNING, "PPS " + dev + ": " + why + "; retrying"));
                    lastProblem = why;
                }
            }
            try {
                Thread.sleep(backoff.next());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the threads, releases the lines (LEDs off, reset released). */
    @Override
    public void close() {
        closed = true;
        if (gpsd != null) gpsd.close();
        for (Thread t : new Thread[] {loop, serial, pps}) {
            if (t != null) {
                t.interrupt();
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (gpio != null) gpio.close();
    }

    /** For tests and diagnostics: the supplier form of {@link #header()}. */
    public Supplier<ServerHeader> headerSupplier() {
        return this::header;
    }
}
