package net.ntsbox.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * chronyd 4.3 as an NTS client of one server on loopback (or inside a {@link NetNamespace}).
 *
 * <p>Isolation (G3, G4): {@code -x} inside {@code setpriv --bounding-set=-sys_time} and
 * {@code timeout}; {@code port 0} (no NTP server socket on UDP 123), {@code cmdport 0} and its
 * own command socket, pidfile and {@code ntsdumpdir}; system CAs off, only the given CA trusted.
 *
 * <p>The dump dir is emptied at start unless {@link Builder#reuseDumpDir()} was asked for:
 * chronyd saves its cookies and keys there on exit, and a chronyd started on a non-empty dump
 * dir resumes with them <em>without NTS-KE</em>. {@link #restart()} keeps it on purpose, to
 * test exactly that.
 */
public final class ChronyClientPeer implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_STEP = Duration.ofMillis(200);

    private final Builder cfg;
    private final Path dir;
    private final boolean ownDir;
    private Daemon daemon;
    private boolean failed;

    private ChronyClientPeer(Builder cfg) {
        this.cfg = cfg;
        this.ownDir = cfg.dir == null;
        this.dir = ownDir ? PeerDirs.create("chrony-client") : cfg.dir;
        PeerDirs.ensure(dumpDir());
        if (!cfg.reuseDumpDir) {
            PeerDirs.clear(dumpDir());
        }
        Cmd.writeString(configFile(), config());
    }

    /** A client of host (127.0.0.1, ::1 or localhost): NTS-KE on kePort, NTP on ntpPort unless the server negotiates another. */
    public static Builder builder(String host, int ntpPort, int kePort) {
        return new Builder(host, ntpPort, kePort);
    }

    /** A client of a chrony server peer at the given address of that peer. */
    public static Builder of(ChronyServerPeer server, String host) {
        return new Builder(host, server.ntpPort(), server.kePort());
    }

    /** Options; defaults: trust the TestPki CA, minpoll = maxpoll = 0 with iburst, fresh dump dir, host namespace. */
    public static final class Builder {
        private final String host;
        private final int ntpPort;
        private final int kePort;
        private Path trustedCa;
        private int minpoll = 0;
        private int maxpoll = 0;
        private String extraServerOptions = "";
        private String extraConfig = "";
        private Path dir;
        private boolean reuseDumpDir;
        private NetNamespace netns;
        private Duration lifetime = Duration.ofMinutes(10);

        private Builder(String host, int ntpPort, int kePort) {
            if (!(host.startsWith("127.") || host.equals("::1") || host.equals("localhost"))) {
                throw new IllegalArgumentException("loopback only: " + host);
            }
            this.host = host;
            this.ntpPort = ntpPort;
            this.kePort = kePort;
        }

        public Builder trustedCa(Path caPem) {
            this.trustedCa = caPem;
            return this;
        }

        /** log2 seconds; chrony accepts down to -6 (G14). iburst is always on. */
        public Builder poll(int minpoll, int maxpoll) {
            this.minpoll = minpoll;
            this.maxpoll = maxpoll;
            return this;
        }

        /** Extra options on the {@code server} line, e.g. {@code certset 0}. */
        public Builder extraServerOptions(String opts) {
            this.extraServerOptions = opts;
            return this;
        }

        public Builder extraConfig(String lines) {
            this.extraConfig = lines;
            return this;
        }

        /** State dir owned by the caller (kept); default: a fresh one, deleted on close unless a check failed. */
        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** Keep the cookies/keys already in the dir's dump dir (from an earlier client on the same dir). */
        public Builder reuseDumpDir() {
            this.reuseDumpDir = true;
            return this;
        }

        public Builder netns(NetNamespace ns) {
            this.netns = ns;
            return this;
        }

        public Builder lifetime(Duration d) {
            this.lifetime = d;
            return this;
        }

        public ChronyClientPeer start() {
            if (trustedCa == null) {
                trustedCa = TestPki.get().caCert();
            }
            var peer = new ChronyClientPeer(this);
            peer.start();
            return peer;
        }
    }

    private String config() {
        return """
                # chrony NTS client for the ntsbox interop tests: never touches the clock (-x)
                server %s port %d nts ntsport %d iburst minpoll %d maxpoll %d %s
                ntstrustedcerts %s
                nosystemcert
                ntsdumpdir %s
                # no NTP server socket, no UDP command port
                port 0
                cmdport 0
                bindcmdaddress %s
                pidfile %s
                %s
                """.formatted(cfg.host, cfg.ntpPort, cfg.kePort, cfg.minpoll, cfg.maxpoll, cfg.extraServerOptions,
                cfg.trustedCa.toAbsolutePath(), dumpDir(), socket(), pidFile(), cfg.extraConfig);
    }

    /** Starts chronyd (again) on the same config and dump dir; returns once its command socket answers. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        var argv = List.of(Binaries.chronyd(), "-d", "-x", "-u", "root", "-f", configFile().toString());
        daemon = Daemon.start("chronyd", cfg.netns, cfg.lifetime, argv, logFile(), pidFile());
        boolean ready = Ports.await(READY_TIMEOUT, daemon::isAlive, () -> Files.exists(socket()) && chronyc().run("-c", "sources").ok());
        if (!ready) {
            failed = true;
            String log = daemon.logText();
            daemon.stop();
            throw new IllegalStateException("chronyd client did not open its command socket within " + READY_TIMEOUT.toSeconds()
                    + " s (state kept in " + dir + "); log:\n" + log);
        }
    }

    /** SIGTERM by PID: chronyd saves its cookies and keys to the dump dir on the way out. */
    public synchronized void stop() {
        if (daemon != null) {
            daemon.stop();
        }
    }

    /** Stop and start again with the same dump dir (so it resumes with saved cookies, no NTS-KE). */
    public synchronized void restart() {
        stop();
        start();
    }

    /** PID of the running daemon itself (not its wrapper); stop it through this object, not by this PID. */
    public synchronized long pid() {
        if (daemon == null) {
            throw new IllegalStateException("not started");
        }
        return daemon.daemonProcess().map(ProcessHandle::pid).orElseThrow(() -> new IllegalStateException("chronyd not running"));
    }

    public synchronized boolean isRunning() {
        return daemon != null && daemon.isAlive();
    }

    public Chronyc chronyc() {
        return new Chronyc(socket());
    }

    /** The row for our server, if chronyd lists it yet. */
    public Optional<ChronyAuthData> authdata() {
        return chronyc().authdata().stream().findFirst();
    }

    public Optional<ChronyNtpData> ntpdata() {
        return chronyc().ntpdata().stream().findFirst();
    }

    public List<ChronySource> sources() {
        return chronyc().sources();
    }

    /**
     * Waits until NTS-KE has succeeded and at least n responses were valid and authenticated
     * ({@code authdata} mode NTS with a key, {@code ntpdata} "Authenticated: Yes" and "Total
     * valid RX" &ge; n). Fails with the log and chronyc dumps otherwise.
     */
    public ChronyNtpData awaitAuthenticatedResponses(int n, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        String last = "nothing yet";
        while (System.nanoTime() < end) {
            if (!isRunning()) {
                last = "chronyd exited";
                break;
            }
            Optional<ChronyAuthData> a = safe(this::authdata);
            Optional<ChronyNtpData> d = safe(this::ntpdata);
            if (a.isPresent() && d.isPresent()) {
                last = a.get() + " / valid RX " + d.get().totalValidRx() + ", authenticated " + d.get().authenticated();
                if (a.get().ntsKeyEstablished() && d.get().authenticated() && d.get().totalValidRx() >= n) {
                    return d.get();
                }
            }
            Daemon.sleep(POLL_STEP);
        }
        failed = true;
        throw new AssertionError("chrony client -> " + cfg.host + ":" + cfg.kePort + ": fewer than " + n
                + " authenticated responses within " + timeout.toMillis() + " ms (last: " + last + ")\n" + diagnostics());
    }

    /** Waits until NTS-KE has succeeded (keys and cookies held); fails with diagnostics otherwise. */
    public ChronyAuthData awaitNtsKe(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end && isRunning()) {
            Optional<ChronyAuthData> a = safe(this::authdata);
            if (a.isPresent() && a.get().ntsKeyEstablished() && a.get().cookies() > 0) {
                return a.get();
            }
            Daemon.sleep(POLL_STEP);
        }
        failed = true;
        throw new AssertionError("chrony client -> " + cfg.host + ":" + cfg.kePort + ": no NTS-KE within " + timeout.toMillis() + " ms\n"
                + diagnostics());
    }

    private static <T> Optional<T> safe(java.util.function.Supplier<Optional<T>> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return Optional.empty(); // chronyc briefly unavailable, or the source not listed yet
        }
    }

    public Path dir() {
        return dir;
    }

    /** chronyd's {@code ntsdumpdir}: saved cookies and keys, {@code <server address>.nts}. */
    public Path dumpDir() {
        return dir.resolve("nts");
    }

    public Path configFile() {
        return dir.resolve("chrony.conf");
    }

    public Path logFile() {
        return dir.resolve("chronyd.log");
    }

    Path pidFile() {
        return dir.resolve("chronyd.pid");
    }

    Path socket() {
        return dir.resolve("chronyd.sock");
    }

    public String logText() {
        return PeerDirs.read(logFile());
    }

    /** Config, log and (if running) chronyc sources/authdata/ntpdata, for assertion messages. */
    public String diagnostics() {
        var sb = new StringBuilder("---- chrony client ").append(dir).append(cfg.netns == null ? "" : " (" + cfg.netns + ")").append('\n');
        sb.append("== chrony.conf\n").append(PeerDirs.read(configFile()));
        sb.append("== chronyd.log\n").append(logText());
        if (isRunning()) {
            sb.append(chronyc().dump("sources", "authdata", "ntpdata"));
        }
        return sb.toString();
    }

    /** Marks the run failed so that close() keeps the dir (awaits do this themselves). */
    public void keepDir() {
        failed = true;
    }

    @Override
    public void close() {
        stop();
        if (ownDir && !failed && !Boolean.getBoolean("ntsbox.interop.keep")) {
            PeerDirs.delete(dir);
        }
    }

    @Override
    public String toString() {
        return "chrony NTS client of " + cfg.host + ":" + cfg.kePort + " " + dir;
    }
}
