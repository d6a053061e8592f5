package net.ntsbox.appliance;

import net.ntsbox.tls.nativecrypto.NativeCrypto;
import net.ntsbox.tls.nativecrypto.NativeCryptoUnavailableException;
import net.ntsbox.server.DatapathCounters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.ntsbox.config.ApplianceConfig;
import net.ntsbox.config.HostPort;
import net.ntsbox.config.NtsKeSettings;
import net.ntsbox.ke.KeServerPolicy;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.server.ke.KeServerConfig;
import net.ntsbox.server.ke.KeServerCounters;
import net.ntsbox.server.ke.KeServerException;
import net.ntsbox.server.ke.KeTlsServer;
import net.ntsbox.server.udp.UdpConfig;
import net.ntsbox.server.udp.UdpDatapath;
import net.ntsbox.config.ManagementSettings;
import net.ntsbox.metrics.CertificateMetrics;
import net.ntsbox.metrics.ClockMetrics;
import net.ntsbox.metrics.ClockState;
import net.ntsbox.metrics.ClockStatus;
import net.ntsbox.metrics.DatapathMetrics;
import net.ntsbox.metrics.KeServerMetrics;
import net.ntsbox.metrics.KeyRingMetrics;
import net.ntsbox.metrics.MetricRegistry;
import net.ntsbox.metrics.ProcessMetrics;
import net.ntsbox.metrics.UdpMetrics;
import net.ntsbox.mgmt.ManagementConfig;
import net.ntsbox.mgmt.ManagementException;
import net.ntsbox.mgmt.ManagementServer;
import net.ntsbox.mgmt.ManagementSources;
import net.ntsbox.mgmt.StatusSource;
import net.ntsbox.server.ServingDatapath;
import net.ntsbox.server.StepOutcome;
import net.ntsbox.tls.CertificateWatcher;
import net.ntsbox.tls.KeyMaterialException;

/**
 * The appliance with the software datapath: key ring (restored or derived, rotated at each
 * period boundary and persisted before use), NTS-KE over TLS, the UDP NTP/NTS datapath, and
 * the server header from the kernel's clock status. {@link #start} returns once every
 * listener is bound, or throws with nothing left running; {@link #close} stops everything
 * and writes the key state.
 */
public final class SoftwareAppliance implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("net.ntsbox.appliance");
    /** Longest sleep of the rotation task, so a forward clock step is noticed within this. */
    private static final long MAX_ROTATION_SLEEP_MS = 60_000;
    private static final long ROTATION_RETRY_MS = 10_000;

    private static final KeServerCounters NO_KE = new KeServerCounters();

    private final ApplianceConfig config;
    private final ApplianceEnvironment env;
    private final DatapathFactory datapathFactory;
    /** Board mode without [gnss]: the header of the undisciplined FPGA clock (LI 3 / stratum 16); else null. */
    private final java.util.function.Supplier<net.ntsbox.server.ServerHeader> fixedHeader;
    private final String fixedHeaderName;
    private ServingDatapath datapath;
    private final DatapathCounters counters = new DatapathCounters();
    private final List<UdpDatapath> udp = new ArrayList<>();
    private final List<InetSocketAddress> ntpBound = new ArrayList<>();
    private KeyRingManager keys;
    private ServerHeaderSource header;
    private net.ntsbox.time.sim.GnssSimTimeSource gnssSim;
    private net.ntsbox.time.service.TimeService timeService;
    private KeTlsServer ke;
    private CertificateWatcher certs;
    private final MetricRegistry metrics = new MetricRegistry();
    private ManagementServer management;
    private final Instant started = Instant.now();
    private ScheduledExecutorService rotation;
    private ScheduledExecutorService clockRefresh;
    private Path certificate;
    private boolean selfSigned;
    private int advertisedNtpPort;
    private boolean closed;

    private SoftwareAppliance(ApplianceConfig config, ApplianceEnvironment env, DatapathFactory datapathFactory,
                              java.util.function.Supplier<net.ntsbox.server.ServerHeader> fixedHeader,
                              String fixedHeaderName) {
        this.config = config;
        this.env = env;
        this.datapathFactory = datapathFactory;
        this.fixedHeader = fixedHeader;
        this.fixedHeaderName = fixedHeaderName;
    }

    public static SoftwareAppliance start(ApplianceConfig config) throws ApplianceStartException {
        return start(config, ApplianceEnvironment.system());
    }

    public static SoftwareAppliance start(ApplianceConfig config, ApplianceEnvironment env)
            throws ApplianceStartException {
        return start(config, env, DatapathFactory.software(config.ntp().crypto()));
    }

    /**
     * The appliance with another datapath behind the same NTS-KE, keys, header and metrics
     * (lab mode: the simulated FPGA). The datapath gets the ring before NTS-KE hands it out.
     */
    public static SoftwareAppliance start(ApplianceConfig config, ApplianceEnvironment env, DatapathFactory datapath)
            throws ApplianceStartException {
        return start(config, env, datapath, null, null);
    }

    /**
     * Board mode ({@link BoardAppliance}): {@code fixedHeader}, when non-null, is what is
     * advertised unless a time service disciplines the clock (the FPGA clock without [gnss]),
     * named {@code fixedHeaderName} in the log.
     */
    static SoftwareAppliance start(ApplianceConfig config, ApplianceEnvironment env, DatapathFactory datapath,
                                   java.util.function.Supplier<net.ntsbox.server.ServerHeader> fixedHeader,
                                   String fixedHeaderName) throws ApplianceStartException {
        SoftwareAppliance a = new SoftwareAppliance(config, env, datapath, fixedHeader, fixedHeaderName);
        try {
            a.startAll();
            return a;
        } catch (ApplianceStartException | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    private long nowSeconds() { return Math.floorDiv(env.unixNanos().getAsLong(), 1_000_000_000L); }

    private void startAll() throws ApplianceStartException {
        keys = KeyRingManager.open(config.keys(), nowSeconds());
        if (config.ntsKe().enabled()) loadCertificate();

        if (env.gnssSim().isPresent()) gnssSim = net.ntsbox.time.sim.GnssSimTimeSource.create(env.gnssSim().get(),
                env.unixNanos());
        if (config.gnss().enabled()) {
            if (gnssSim != null) throw new ApplianceStartException("--gnss-sim and a [gnss] receiver are both configured: choose one");
            try {
                timeService = net.ntsbox.time.service.TimeService.start(config.gnss(), env.timeService());
            } catch (net.ntsbox.time.service.TimeServiceException e) {
                throw new ApplianceStartException(e.getMessage(), e);
            }
        }
        java.util.function.Supplier<net.ntsbox.server.ServerHeader> disciplined = gnssSim != null ? gnssSim
                : timeService != null && timeService.disciplining() ? timeService::header : fixedHeader;
        String clockName = disciplined != null && disciplined == fixedHeader ? fixedHeaderName : "disciplined clock";
        header = new ServerHeaderSource(config.clock(), env.kernelClock(), env.unixNanos(), disciplined, clockName);
        // Monitor mode: the LEDs show what is served, which the kernel's state decides.
        if (timeService != null && !timeService.disciplining()) timeService.setHostSynchronised(() -> header.current().synchronised());
        clockRefresh = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("clock-status").daemon(true)
                .factory());
        long every = env.clockRefresh().toMillis();
        clockRefresh.scheduleWithFixedDelay(this::refreshClock, every, every, TimeUnit.MILLISECONDS);

        datapath = datapathFactory.open(new DatapathFactory.Context(() -> keys.ring(), header, env.unixNanos(), counters));
        datapath.keyRingChanged(keys.ring());
        datapath.headerChanged(header.current());
        if (config.ntp().enabled()) startUdp();
        NtsKeSettings k = config.ntsKe();
        // ConfigReader requires ntp_port when there is no NTP listener of our own.
        advertisedNtpPort = k.ntpPort().orElseGet(() -> ntpBound.getFirst().getPort());
        if (k.enabled()) startKe(k);
        for (InetSocketAddress a : ntpBound) {
            LOG.log(System.Logger.Level.INFO, "NTP/NTS listening on udp " + HostPort.format(a) + " ("
                    + config.ntp().threads() + " threads)");
        }
        if (!k.enabled()) LOG.log(System.Logger.Level.INFO, "NTS-KE disabled (nts_ke.enabled = false): this appliance "
                + "answers NTS requests with cookies another member of its cluster handed out");
        if (!config.ntp().enabled() && !config.board()) LOG.log(System.Logger.Level.INFO, "NTP disabled (ntp.enabled = false): NTS-KE "
                + "sends clients to " + k.ntpServer().orElse("this host") + " port " + advertisedNtpPort);

        registerMetrics();
        startManagement();

        rotation = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("key-rotation").daemon(true)
                .factory());
        scheduleRotation(delayToNextRotation());
        KeyRing r = keys.ring();
        LOG.log(System.Logger.Level.INFO, "keys: current " + r.current().idHex() + ", period "
                + r.policy().periodSeconds() + " s, next rotation at " + Instant.ofEpochMilli(keys.nextRotationMillis())
                + ", state " + keys.stateFile());
        // Last: the simulated receiver starts acquiring once everything serves (see create()).
        if (gnssSim != null) gnssSim.begin();
    }

    private void startKe(NtsKeSettings k) throws ApplianceStartException {
        KeServerPolicy policy = new KeServerPolicy(k.aeads(), k.ntpServer(), advertisedNtpPort, false, k.cookies());
        KeServerConfig kc = new KeServerConfig(k.listen(), Runtime.getRuntime().availableProcessors(),
                KeServerConfig.DEFAULT_MAX_REQUEST_BYTES, k.deadline(), k.maxConnections(), k.ratePerSecond(),
                k.rateBurst(), KeServerConfig.DEFAULT_MAX_TRACKED_SOURCES, KeServerConfig.DEFAULT_LOG_INTERVAL);
        try {
            LOG.log(System.Logger.Level.INFO, "NTS-KE " + NativeCrypto.install(k.crypto()));
        } catch (NativeCryptoUnavailableException e) {
            throw new ApplianceStartException(e.getMessage() + " (set nts_ke.crypto = \"auto\" to fall back to the JDK)", e);
        }
        try {
            ke = KeTlsServer.start(kc, certs.keyManagerFactory(), new RingKeExchange(policy, keys::ring),
                    Duration.ofSeconds(10));
        } catch (KeServerException e) {
            throw new ApplianceStartException(e.getMessage() + " (nts_ke.listen " + listed(k.listen()) + ")", e);
        }
        for (InetSocketAddress a : ke.boundAddresses()) {
            LOG.log(System.Logger.Level.INFO, "NTS-KE listening on tcp " + HostPort.format(a) + " (TLS 1.3, ALPN ntske/1, "
                    + "AEADs " + k.aeads() + ", " + k.cookies() + " cookies"
                    + (policy.sendsPortRecord() ? ", NTP port record " + advertisedNtpPort : "")
                    + (k.ntpServer().isPresent() ? ", server record " + k.ntpServer().get() : "") + ")");
        }
    }

    /** The NTS-KE certificate behind a watcher: a renewed pair is used by new handshakes, a broken one is refused. */
    private void loadCertificate() throws ApplianceStartException {
        NtsKeSettings k = config.ntsKe();
        Path cert;
        Path key;
        if (k.cert().isPresent()) {
            cert = k.cert().get();
            key = k.key().orElseThrow();
        } else {
            try {
                SelfSignedCertificate.CertificateFiles f = SelfSignedCertificate.ensure(config.stateDir(),
                        Instant.ofEpochSecond(nowSeconds()));
                cert = f.certificate();
                key = f.key();
                selfSigned = true;
            } catch (IOException e) {
                throw new ApplianceStartException("nts_ke: no cert/key configured and cannot create a self-signed one in "
                        + config.stateDir() + ": " + e.getMessage(), e);
            }
        }
        try {
            Duration poll = selfSigned ? Duration.ZERO : config.management().certificateReload();
            certs = CertificateWatcher.open(cert, key, poll);
            certificate = cert;
        } catch (KeyMaterialException e) {
            throw new ApplianceStartException("nts_ke.cert/nts_ke.key: " + e.getMessage(), e);
        }
    }

    /**
     * Binds the UDP listeners. Port 0 (tests) means: the first address picks a free port and
     * every other port-0 address binds that same port, so one advertised port serves IPv4 and
     * IPv6. A fixed port is first probed without SO_REUSEPORT: the datapath's own sockets use
     * it, which would otherwise let a second server share the port silently.
     */
    private void startUdp() throws ApplianceStartException {
        List<InetSocketAddress> asked = config.ntp().allAddresses();
        int picked = 0;
        for (InetSocketAddress a0 : asked) {
            InetSocketAddress a = a0.getPort() == 0 && picked != 0 ? new InetSocketAddress(a0.getAddress(), picked) : a0;
            if (a.getPort() != 0) probeFree(a);
            // kernel receive timestamps are CLOCK_REALTIME, as is every environment's clock
            UdpConfig uc = new UdpConfig(List.of(a), config.ntp().threads(), UdpConfig.DEFAULT_MAX_DATAGRAM_BYTES, 0,
                    config.ntp().io(), true);
            UdpDatapath d;
            try {
                d = UdpDatapath.start(uc, datapath::newHandler, env.unixNanos());
            } catch (IOException e) {
                throw new ApplianceStartException(e.getMessage() + " (ntp.listen)", e);
            }
            udp.add(d);
            InetSocketAddress b = d.boundAddresses().getFirst();
            ntpBound.add(b);
            if (a0.getPort() == 0 && picked == 0) picked = b.getPort();
        }
    }

    private static void probeFree(InetSocketAddress a) throws ApplianceStartException {
        StandardProtocolFamily fam = a.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        try (DatagramChannel ch = DatagramChannel.open(fam)) {
            ch.bind(a);
        } catch (IOException e) {
            throw new ApplianceStartException("cannot bind UDP " + HostPort.format(a) + ": " + e.getMessage()
                    + (a.getPort() < 1024 ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" : "")
                    + " (ntp.listen)", e);
        }
    }

    private void registerMetrics() {
        StepOutcome[] outcomes = StepOutcome.values();
        metrics.register(new ProcessMetrics(version(), started))
                .register(new DatapathMetrics(datapath::outcomes, datapath::keySlotUses))
                .register(new UdpMetrics(udp.stream().map(UdpDatapath::counters).toList(),
                        code -> -code < outcomes.length ? outcomes[-code].name().toLowerCase(java.util.Locale.ROOT) : "other"))
                .register(new KeyRingMetrics(keys::ring, this::nowSeconds))
                .register(new ClockMetrics(this::clockStatus));
        if (timeService != null) metrics.register(new net.ntsbox.metrics.GnssMetrics(timeService::sourceStatus));
        if (!datapath.extraCounters().isEmpty()) {
            metrics.register(() -> {
                var f = net.ntsbox.metrics.MetricFamily.counter("ntsbox_fpga_events_total",
                        "FPGA datapath event counters (CNT and KMEM blocks), by register name");
                datapath.extraCounters().forEach((name, v) -> f.add(v, "counter", name));
                return List.of(f.build());
            });
        }
        if (ke != null) {
            metrics.register(new KeServerMetrics(ke.counters(), ke::openConnections))
                    .register(new CertificateMetrics(java.util.Map.of("nts_ke", certs::status)));
        }
    }

    /**
     * With {@code --gnss-sim}: the simulated discipline's state; with a [gnss] receiver and
     * pps = "fpga", the time service's discipline. Otherwise (including a monitored receiver) the software datapath serves the host clock: "locked" is the kernel's word that some
     * discipline (chrony, ntpd, PTP) keeps it synchronised; the offset is not ours to know.
     */
    private ClockStatus clockStatus() {
        if (gnssSim != null) return gnssSim.clockStatus();
        if (timeService != null && timeService.disciplining()) return timeService.clockStatus();
        var h = header.current();
        boolean sync = h.synchronised();
        return new ClockStatus(sync ? ClockState.LOCKED : ClockState.UNSYNCHRONIZED,
                sync ? config.clock().referenceIdText() : null, h.stratum(), Double.NaN, Double.NaN, 0);
    }

    private void startManagement() throws ApplianceStartException {
        ManagementSettings m = config.management();
        if (m.listen().isEmpty()) return;
        ManagementConfig mc = new ManagementConfig(m.listen().get(), m.tokenFile().orElse(null),
                m.clientCa().orElse(null), m.readWrite(), m.metricsUnauthenticated(), m.allowUnauthenticatedLoopback());
        StatusSource status = new StatusSource() {
            @Override public String datapathKind() { return datapath.kind(); }
            @Override public ClockStatus timeSource() { return clockStatus(); }
            @Override public net.ntsbox.metrics.GnssSourceStatus gnss() {
                return timeService == null ? null : timeService.sourceStatus();
            }
        };
        ManagementSources sources = new ManagementSources(version(), started, metrics, status, keys::ring,
                this::nowSeconds, certs == null ? java.util.Map.of() : java.util.Map.of("nts_ke", certs::status),
                this::rotateNow);
        try {
            management = ManagementServer.start(mc, sources, selfSigned || certs == null ? null : certs,
                    Duration.ofSeconds(10));
        } catch (ManagementException e) {
            throw new ApplianceStartException("management: " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "management API listening on " + HostPort.format(management.boundAddress())
                + (m.readWrite() ? " (read-write)" : " (read-only)"));
    }

    /**
     * The management API's rotation trigger: applies a due rotation at once (e.g. after the
     * host clock was stepped forward) instead of at the next wake-up of the rotation task. It
     * cannot rotate ahead of the period: the key of each period is fixed by the cluster's seed
     * and the clock ({@link KeyRingManager#NO_EARLY_ROTATION}); re-keying is a new seed.
     */
    private net.ntsbox.mgmt.KeyRotationControl.Result rotateNow() {
        try {
            if (keys.advanceTo(nowSeconds())) datapath.keyRingChanged(keys.ring());
        } catch (IOException e) {
            throw new IllegalStateException("rotation failed: cannot write the key state (" + e.getMessage() + ")");
        }
        KeyRing r = keys.ring();
        return new net.ntsbox.mgmt.KeyRotationControl.Result(r.current().idHex(), r.currentPeriod());
    }

    private static String version() {
        String v = SoftwareAppliance.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /** The Prometheus registry (also served at {@code /metrics} when the management API is on). */
    public MetricRegistry metrics() { return metrics; }

    /** The management API, or null when not configured. */
    public ManagementServer management() { return management; }

    /** The NTS-KE certificate watcher (reload status, expiry). */
    public CertificateWatcher certificates() { return certs; }

    private void refreshClock() {
        try {
            header.refresh();
            datapath.headerChanged(header.current());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "clock status refresh failed: " + e);
        }
    }

    private long delayToNextRotation() {
        long now = Math.floorDiv(env.unixNanos().getAsLong(), 1_000_000L);
        return Math.min(MAX_ROTATION_SLEEP_MS, Math.max(0, keys.nextRotationMillis() - now) + 5);
    }

    private void scheduleRotation(long delayMs) {
        try {
            rotation.schedule(this::rotate, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void rotate() {
        long next;
        try {
            if (keys.advanceTo(nowSeconds())) {
                KeyRing r = keys.ring();
                datapath.keyRingChanged(r);
                LOG.log(System.Logger.Level.INFO, "keys: rotated to period " + r.currentPeriod() + ", minting with "
                        + r.current().idHex() + " (state written to " + keys.stateFile() + ")");
            }
            next = delayToNextRotation();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "keys: rotation failed, still minting with "
                    + keys.ring().current().idHex() + " (accepted for " + keys.ring().policy().pastKeys()
                    + " more periods); retrying in " + ROTATION_RETRY_MS / 1000 + " s: " + e.getMessage());
            next = ROTATION_RETRY_MS;
        }
        if (!rotation.isShutdown()) scheduleRotation(next);
    }

    /** The NTS-KE listeners with their actual ports (empty with {@code nts_ke.enabled = false}). */
    public List<InetSocketAddress> keAddresses() { return ke == null ? List.of() : ke.boundAddresses(); }

    /** The NTP listeners (main, then alternate port) with their actual ports. */
    public List<InetSocketAddress> ntpAddresses() { return List.copyOf(ntpBound); }

    /** The NTP port sent in the NTS-KE Port record (when not 123). */
    public int advertisedNtpPort() { return advertisedNtpPort; }

    /** The certificate presented (the self-signed one in the state dir when none was configured); null without NTS-KE. */
    public Path certificate() { return certificate; }

    public boolean selfSignedCertificate() { return selfSigned; }

    public DatapathCounters datapathCounters() { return counters; }

    /** The datapath behind the UDP listeners (software, or the FPGA in lab mode). */
    public ServingDatapath datapath() { return datapath; }

    /** NTS-KE counters (all zero with {@code nts_ke.enabled = false}). */
    public KeServerCounters keCounters() { return ke == null ? NO_KE : ke.counters(); }

    public KeyRingManager keys() { return keys; }

    public ServerHeaderSource header() { return header; }

    /** The simulated GNSS-disciplined time source ({@code --gnss-sim}), or null. */
    public net.ntsbox.time.sim.GnssSimTimeSource gnssSim() { return gnssSim; }

    /** The [gnss] time service, or null when no receiver is configured. */
    public net.ntsbox.time.service.TimeService timeService() { return timeService; }

    public ApplianceConfig config() { return config; }

    /** Stops the listeners and background threads, then writes the key state. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (rotation != null) rotation.shutdownNow();
        if (clockRefresh != null) clockRefresh.shutdownNow();
        if (gnssSim != null) gnssSim.close();
        if (timeService != null) timeService.close();
        if (management != null) management.close();
        if (ke != null) ke.close();
        if (certs != null) certs.close();
        for (UdpDatapath d : udp) d.close();
        if (datapath != null) datapath.close();
        if (keys != null) {
            try {
                keys.persist();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "keys: cannot write " + keys.stateFile() + " at shutdown: "
                        + e.getMessage());
            }
            keys.close();
        }
    }

    private static String listed(List<InetSocketAddress> l) {
        return String.join(", ", l.stream().map(HostPort::format).toList());
    }
}
