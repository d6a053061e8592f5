package net.ntsbox.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ntpd from NTPsec 1.2.2 as an NTS client, always inside a {@link NetNamespace}: ntpd binds
 * UDP 123 even as a client (gotcha G9), so the server under test must run in the same
 * namespace (start it with {@link NetNamespace#execPrefix()}).
 *
 * <p>The clock is never touched: {@code disable ntp} + {@code disable kernel}, and ntpd runs
 * inside {@code setpriv --bounding-set=-sys_time} because 1.2.2 still calls
 * {@code ntp_adjtime()} at start-up (G3; it gets EPERM and logs it, harmless); never
 * {@code -q}/{@code -g}. {@code restrict 127.0.0.1}/{@code ::1} let {@code ntpq} in (G10).
 *
 * <p>ntpsec cannot do NTS-KE to an IPv6 literal (G7), and it learns the NTP port only from the
 * server's NTPv4 Port record, else 123 (G8): a server on another port must send that record.
 */
public final class NtpsecClientPeer implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration NTPQ_TIMEOUT = Duration.ofSeconds(5);

    private final Builder cfg;
    private final Path dir;
    private final boolean ownDir;
    private Daemon daemon;
    private boolean failed;

    private NtpsecClientPeer(Builder cfg) {
        this.cfg = cfg;
        this.ownDir = cfg.dir == null;
        this.dir = ownDir ? PeerDirs.create("ntpsec-client") : cfg.dir;
        PeerDirs.ensure(dir);
        Cmd.writeString(configFile(), config());
    }

    /** A client, in ns, of the NTS-KE server host:kePort (host 127.0.0.1 or localhost). */
    public static Builder builder(NetNamespace ns, String host, int kePort) {
        return new Builder(ns, host, kePort);
    }

    /** Options; defaults: trust the TestPki CA, minpoll = maxpoll = 0 (ntpsec's minimum) with iburst. */
    public static final class Builder {
        private final NetNamespace netns;
        private final String host;
        private final int kePort;
        private Path trustedCa;
        private int minpoll = 0;
        private int maxpoll = 0;
        private String extraServerOptions = "";
        private String extraConfig = "";
        private Path dir;
        private Duration lifetime = Duration.ofMinutes(10);

        private Builder(NetNamespace ns, String host, int kePort) {
            if (ns == null) {
                throw new IllegalArgumentException("ntpd binds UDP 123: run it in a private NetNamespace");
            }
            if (host.contains(":")) {
                throw new IllegalArgumentException("NTPsec 1.2.2 cannot do NTS-KE to an IPv6 literal (" + host + "); use 127.0.0.1 or localhost");
            }
            if (!(host.startsWith("127.") || host.equals("localhost"))) {
                throw new IllegalArgumentException("loopback only: " + host);
            }
            this.netns = ns;
            this.host = host;
            this.kePort = kePort;
        }

        public Builder trustedCa(Path caPem) {
            this.trustedCa = caPem;
            return this;
        }

        /** log2 seconds, at least 0 for ntpsec (its iburst spacing is 2 s regardless, G14). */
        public Builder poll(int minpoll, int maxpoll) {
            if (minpoll < 0) {
                throw new IllegalArgumentException("ntpsec's minimum minpoll is 0");
            }
            this.minpoll = minpoll;
            this.maxpoll = maxpoll;
            return this;
        }

        /** Extra options on the {@code server} line, e.g. {@code noval} or {@code aead AES_SIV_CMAC_512}. */
        public Builder extraServerOptions(String opts) {
            this.extraServerOptions = opts;
            return this;
        }

        public Builder extraConfig(String lines) {
            this.extraConfig = lines;
            return this;
        }

        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        public Builder lifetime(Duration d) {
            this.lifetime = d;
            return this;
        }

        public NtpsecClientPeer start() {
            if (trustedCa == null) {
                trustedCa = TestPki.get().caCert();
            }
            var peer = new NtpsecClientPeer(this);
            peer.start();
            return peer;
        }
    }

    private String config() {
        return """
                # NTPsec NTS client for the ntsbox interop tests
                server %s:%d nts ca %s iburst minpoll %d maxpoll %d %s
                # never discipline the clock (and ntpd runs without CAP_SYS_TIME)
                disable ntp
                disable kernel
                # loopback only (ntpd still opens listen-and-drop wildcard sockets on UDP 123)
                interface ignore all
                interface listen 127.0.0.1
                interface listen ::1
                # without explicit lines ntpd drops packets from its own addresses, ntpq's included
                restrict default
                restrict 127.0.0.1
                restrict ::1
                %s
                """.formatted(cfg.host, cfg.kePort, cfg.trustedCa.toAbsolutePath(), cfg.minpoll, cfg.maxpoll, cfg.extraServerOptions,
                cfg.extraConfig);
    }

    /** Starts ntpd; returns once it has bound UDP 123 in the namespace. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        var busy = cfg.netns.exec(NTPQ_TIMEOUT, "ss", "-H", "-lnup", "sport = :123");
        if (busy.ok() && !busy.output().isBlank()) {
            throw new IllegalStateException("UDP 123 is already in use in " + cfg.netns + ": " + busy.output().strip());
        }
        var argv = List.of(Binaries.ntpd(), "-n", "-c", configFile().toString(), "-p", pidFile().toString(), "-l", logFile().toString());
        daemon = Daemon.start("ntpd", cfg.netns, cfg.lifetime, argv, stdoutFile(), pidFile());
        if (!Ports.await(READY_TIMEOUT, daemon::isAlive, () -> Ports.udpBound(daemon.wrapperPid(), 123))) {
            failed = true;
            String diag = diagnostics();
            daemon.stop();
            throw new IllegalStateException("ntpd did not bind UDP 123 within " + READY_TIMEOUT.toSeconds() + " s\n" + diag);
        }
    }

    /** SIGTERM by PID, then the wrapper; by PID only. */
    public synchronized void stop() {
        if (daemon != null) {
            daemon.stop();
        }
    }

    /** PID of the running daemon itself (not its wrapper); stop it through this object, not by this PID. */
    public synchronized long pid() {
        if (daemon == null) {
            throw new IllegalStateException("not started");
        }
        return daemon.daemonProcess().map(ProcessHandle::pid).orElseThrow(() -> new IllegalStateException("ntpd not running"));
    }

    public synchronized boolean isRunning() {
        return daemon != null && daemon.isAlive();
    }

    /** Runs {@code ntpq -n ARGS 127.0.0.1} inside the namespace. */
    public Cmd.Result ntpq(String... args) {
        var argv = new java.util.ArrayList<>(List.of(Binaries.ntpq(), "-n"));
        argv.addAll(List.of(args));
        argv.add("127.0.0.1");
        return cfg.netns.exec(NTPQ_TIMEOUT, argv);
    }

    /** {@code ntpq -c nts}: NTS sends / good / bad receives, NTS-KE probes. */
    public NtpsecNtsCounters ntsCounters() {
        return NtpsecNtsCounters.parse(ntpq("-c", "nts").require().output());
    }

    /**
     * {@code ntpq -c "rv &1"}: the association's variables (srcadr, srcport, stratum, reach,
     * flash, ntscookies, offset, delay, ...).
     */
    public Map<String, String> peerVariables() {
        return parseVariables(ntpq("-c", "rv &1").require().output());
    }

    /** {@code ntpq -p}: the peers billboard; its {@code t} column is the number of cookies held. */
    public String peers() {
        return ntpq("-p").output();
    }

    /** The last successful NTS-KE according to the log ("Got N cookies ..."), if any. */
    public Optional<NtpsecKeResult> keResult() {
        return NtpsecKeResult.fromLog(logText());
    }

    static Map<String, String> parseVariables(String text) {
        Map<String, String> vars = new LinkedHashMap<>();
        String flat = text.replace("\n", " ");
        // name=value pairs separated by commas; values may be quoted and contain commas
        var m = java.util.regex.Pattern.compile("([A-Za-z0-9_.]+)=(\"[^\"]*\"|[^,]*)").matcher(flat);
        while (m.find()) {
            vars.put(m.group(1), m.group(2).strip().replace("\"", ""));
        }
        return vars;
    }

    /**
     * Waits until NTS-KE succeeded and at least n responses passed ntpsec's NTS checks
     * ({@code NTS client recvs good}); fails with log and ntpq dumps otherwise.
     */
    public NtpsecNtsCounters awaitAuthenticatedResponses(int n, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        String last = "no ntpq answer yet";
        while (System.nanoTime() < end) {
            if (!isRunning()) {
                last = "ntpd exited";
                break;
            }
            try {
                NtpsecNtsCounters c = ntsCounters();
                last = "sends " + c.clientSends() + ", good " + c.clientRecvsGood() + ", bad " + c.clientRecvsBad() + ", KE good "
                        + c.keClientProbesGood();
                if (c.clientRecvsGood() >= n && keResult().isPresent()) {
                    return c;
                }
            } catch (RuntimeException e) {
                last = e.getMessage();
            }
            Daemon.sleep(Duration.ofMillis(500));
        }
        failed = true;
        throw new AssertionError("ntpsec client -> " + cfg.host + ":" + cfg.kePort + ": fewer than " + n + " authenticated responses within "
                + timeout.toMillis() + " ms (last: " + last + ")\n" + diagnostics());
    }

    public Path dir() {
        return dir;
    }

    public Path configFile() {
        return dir.resolve("ntp.conf");
    }

    /** ntpd's own log ({@code -l}): the "NTSc:" lines tell how NTS-KE went. */
    public Path logFile() {
        return dir.resolve("ntpd.log");
    }

    Path stdoutFile() {
        return dir.resolve("ntpd.stdout");
    }

    Path pidFile() {
        return dir.resolve("ntpd.pid");
    }

    public String logText() {
        return PeerDirs.read(logFile());
    }

    /** Config, logs and (if running) ntpq -p / -c nts / rv &1, for assertion messages. */
    public String diagnostics() {
        var sb = new StringBuilder("---- ntpsec client ").append(dir).append(" (").append(cfg.netns).append(")\n");
        sb.append("== ntp.conf\n").append(PeerDirs.read(configFile()));
        sb.append("== ntpd.log\n").append(logText());
        sb.append("== ntpd stdout\n").append(PeerDirs.read(stdoutFile()));
        if (isRunning()) {
            for (String[] q : List.of(new String[] {"-p"}, new String[] {"-c", "nts"}, new String[] {"-c", "rv &1"})) {
                sb.append("== ntpq ").append(String.join(" ", q)).append('\n').append(ntpq(q).output().strip()).append('\n');
            }
        }
        return sb.toString();
    }

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
        return "ntpsec NTS client of " + cfg.host + ":" + cfg.kePort + " in " + cfg.netns + " " + dir;
    }
}
