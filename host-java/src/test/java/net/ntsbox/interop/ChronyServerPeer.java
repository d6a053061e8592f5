package net.ntsbox.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.ntsbox.interop.TestPki.KeyType;

/**
 * chronyd 4.3 as a reference NTS server on loopback (or inside a {@link NetNamespace}).
 *
 * <p>Isolation (gotchas G3–G5): {@code -x} (never touches the clock) inside
 * {@code setpriv --bounding-set=-sys_time} and {@code timeout}; {@code -u root} so chronyd need
 * not drop to {@code _chrony} before reading the key; {@code bindaddress} on loopback only;
 * its own pidfile, ntsdumpdir, dumpdir and command socket, {@code cmdport 0}. {@code local
 * stratum 1} makes it serve its undisciplined clock as synchronised; {@code allow} lets
 * loopback clients in. chrony sends the NTPv4 Port record because its NTP port is not 123.
 *
 * <p>{@link #stop()} and {@link #start()} keep the state dir, so a restarted server reloads
 * its cookie keys from {@link #ntsKeysFile()} (chronyd writes it at start and on exit).
 */
public final class ChronyServerPeer implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final Builder cfg;
    private final Path dir;
    private final boolean ownDir;
    private Daemon daemon;
    private boolean keepDir;

    private ChronyServerPeer(Builder cfg) {
        this.cfg = cfg;
        this.ownDir = cfg.dir == null;
        this.dir = ownDir ? PeerDirs.create("chrony-server") : cfg.dir;
        PeerDirs.ensure(dir.resolve("nts"));
        Cmd.writeString(configFile(), config());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options; defaults: TestPki EC chain, free ports, 127.0.0.1 and ::1, host namespace. */
    public static final class Builder {
        private Path certChain;
        private Path key;
        private int ntpPort;
        private int kePort;
        private List<String> addresses = List.of("127.0.0.1", "::1");
        private Path dir;
        private NetNamespace netns;
        private String extraConfig = "";
        private Duration lifetime = Duration.ofMinutes(10);

        private Builder() {}

        /** One of the test PKI's server certificates. */
        public Builder keyType(KeyType t) {
            var pki = TestPki.get();
            return certificate(pki.serverChainPem(t), pki.serverKeyPem(t));
        }

        /** Any chain (leaf first) and key, e.g. a negative-test certificate. */
        public Builder certificate(Path chain, Path key) {
            this.certChain = chain;
            this.key = key;
            return this;
        }

        public Builder ntpPort(int port) {
            this.ntpPort = port;
            return this;
        }

        public Builder kePort(int port) {
            this.kePort = port;
            return this;
        }

        /** Loopback addresses to bind and allow (each must be 127.x.x.x or ::1). */
        public Builder addresses(String... addrs) {
            for (String a : addrs) {
                if (!(a.startsWith("127.") || a.equals("::1"))) {
                    throw new IllegalArgumentException("loopback only: " + a);
                }
            }
            this.addresses = List.of(addrs);
            return this;
        }

        /** State dir owned by the caller (kept); default: a fresh one, deleted on a clean close. */
        public Builder stateDir(Path dir) {
            this.dir = dir;
            return this;
        }

        public Builder netns(NetNamespace ns) {
            this.netns = ns;
            return this;
        }

        /** Extra chrony.conf lines, e.g. {@code ntsntpserver localhost} or {@code ratelimit ...}. */
        public Builder extraConfig(String lines) {
            this.extraConfig = lines;
            return this;
        }

        /** Upper bound on the daemon's life, enforced by {@code timeout} even if the JVM dies. */
        public Builder lifetime(Duration d) {
            this.lifetime = d;
            return this;
        }

        /** Writes the config and starts chronyd; returns once both ports are bound. */
        public ChronyServerPeer start() {
            if (certChain == null) {
                keyType(KeyType.EC);
            }
            if (ntpPort == 0) {
                ntpPort = Ports.free();
            }
            if (kePort == 0) {
                kePort = Ports.free();
            }
            var peer = new ChronyServerPeer(this);
            peer.start();
            return peer;
        }
    }

    private String config() {
        var sb = new StringBuilder("# chrony NTS server for the ntsbox interop tests: loopback only, never touches the clock\n");
        sb.append("port ").append(cfg.ntpPort).append('\n');
        sb.append("ntsport ").append(cfg.kePort).append('\n');
        for (String a : cfg.addresses) {
            sb.append("bindaddress ").append(a).append('\n');
        }
        for (String a : cfg.addresses) {
            sb.append("allow ").append(a).append('\n');
        }
        sb.append("local stratum 1\n");
        sb.append("ntsserverkey ").append(cfg.key.toAbsolutePath()).append('\n');
        sb.append("ntsservercert ").append(cfg.certChain.toAbsolutePath()).append('\n');
        sb.append("ntsprocesses 1\n");
        sb.append("ntsdumpdir ").append(dir.resolve("nts")).append('\n');
        sb.append("dumpdir ").append(dir).append('\n');
        sb.append("cmdport 0\n");
        sb.append("bindcmdaddress ").append(socket()).append('\n');
        sb.append("pidfile ").append(pidFile()).append('\n');
        sb.append(cfg.extraConfig).append('\n');
        return sb.toString();
    }

    /** Starts chronyd (again) with the same config and state; no-op if it runs. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        List<String> argv = new ArrayList<>(List.of(Binaries.chronyd(), "-d", "-x", "-u", "root", "-f", configFile().toString()));
        daemon = Daemon.start("chronyd", cfg.netns, cfg.lifetime, argv, logFile(), pidFile());
        boolean ready = Ports.await(READY_TIMEOUT, daemon::isAlive,
                () -> Ports.tcpListening(daemon.wrapperPid(), cfg.kePort) && Ports.udpBound(daemon.wrapperPid(), cfg.ntpPort)
                        && Files.exists(socket()));
        if (!ready) {
            String log = daemon.logText();
            daemon.stop();
            keepDir = true;
            throw new IllegalStateException("chronyd server did not bind NTS-KE tcp/" + cfg.kePort + " and NTP udp/" + cfg.ntpPort
                    + " within " + READY_TIMEOUT.toSeconds() + " s (state kept in " + dir + "); log:\n" + log);
        }
    }

    /** SIGTERM by PID; chronyd then writes its keys to {@link #ntsKeysFile()}. State is kept. */
    public synchronized void stop() {
        if (daemon != null) {
            daemon.stop();
        }
    }

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

    public int ntpPort() {
        return cfg.ntpPort;
    }

    public int kePort() {
        return cfg.kePort;
    }

    public List<String> addresses() {
        return cfg.addresses;
    }

    public Path certChain() {
        return cfg.certChain;
    }

    public Path stateDir() {
        return dir;
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

    /** chronyd's cookie (server) keys, written at start-up and on exit; kept after stop. */
    public Path ntsKeysFile() {
        return dir.resolve("nts").resolve("ntskeys");
    }

    public Chronyc chronyc() {
        return new Chronyc(socket());
    }

    /** {@code chronyc serverstats}: NTS-KE connections accepted, authenticated NTP packets, ... */
    public ChronyServerStats serverStats() {
        return chronyc().serverstats();
    }

    public String logText() {
        return PeerDirs.read(logFile());
    }

    /** Config, log and serverstats, for assertion messages. */
    public String diagnostics() {
        var sb = new StringBuilder("---- chrony server ").append(dir).append(" (NTP udp/").append(cfg.ntpPort).append(", NTS-KE tcp/")
                .append(cfg.kePort).append(cfg.netns == null ? "" : ", " + cfg.netns).append(")\n");
        sb.append("== chrony.conf\n").append(PeerDirs.read(configFile()));
        sb.append("== chronyd.log\n").append(logText());
        if (isRunning()) {
            sb.append(chronyc().dump("serverstats"));
        }
        return sb.toString();
    }

    /** Keep the state dir after close (set automatically when start fails). */
    public void keepStateDir() {
        keepDir = true;
    }

    @Override
    public void close() {
        stop();
        if (ownDir && !keepDir && !Boolean.getBoolean("ntsbox.interop.keep")) {
            PeerDirs.delete(dir);
        }
    }

    @Override
    public String toString() {
        return "chrony NTS server udp/" + cfg.ntpPort + " tcp/" + cfg.kePort + " " + Objects.toString(cfg.netns, "host") + " " + dir;
    }
}
