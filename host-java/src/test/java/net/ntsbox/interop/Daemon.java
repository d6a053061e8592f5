package net.ntsbox.interop;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One long-running peer process started as
 * {@code [ip netns exec NS] timeout -s TERM LIFETIME setpriv --bounding-set=-sys_time -- DAEMON ...}.
 *
 * <p>Why this shape: {@code setpriv} drops CAP_SYS_TIME from the bounding set, so even a
 * daemon that tries to touch the clock gets EPERM; {@code timeout} kills it if the JVM dies
 * without stopping it. Everything is stopped by PID (the daemon's own pidfile, the wrapper,
 * and the descendants seen before stopping), never by name: other users of the machine may
 * run their own chronyd or ntpd.
 */
final class Daemon {
    /** Peers still running when the JVM exits (e.g. a surefire fork being torn down). */
    private static final Set<Daemon> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Daemon::stop), "interop-peer-reaper"));
    }

    private final String name;
    private final Process wrapper;
    private final Path log;
    private final Path pidFile;

    private Daemon(String name, Process wrapper, Path log, Path pidFile) {
        this.name = name;
        this.wrapper = wrapper;
        this.log = log;
        this.pidFile = pidFile;
    }

    /**
     * Starts {@code daemonArgv} wrapped as described above.
     *
     * @param name the daemon's process name (its /proc comm), used to check the pidfile's PID
     * @param netns namespace to run in, or null for the caller's
     * @param lifetime upper bound after which {@code timeout} sends SIGTERM
     * @param log file receiving the daemon's stdout and stderr
     * @param pidFile the pidfile the daemon writes itself (may be null)
     */
    static Daemon start(String name, NetNamespace netns, Duration lifetime, List<String> daemonArgv, Path log, Path pidFile) {
        List<String> argv = new ArrayList<>();
        if (netns != null) {
            argv.addAll(netns.execPrefix());
        }
        argv.addAll(List.of("timeout", "-s", "TERM", Long.toString(Math.max(1, lifetime.toSeconds())),
                "setpriv", "--bounding-set=-sys_time", "--"));
        argv.addAll(daemonArgv);
        var pb = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            var d = new Daemon(name, pb.start(), log, pidFile);
            LIVE.add(d);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", argv), e);
        }
    }

    /** PID of the wrapper; it lives in the same network namespace as the daemon. */
    long wrapperPid() {
        return wrapper.pid();
    }

    boolean isAlive() {
        return wrapper.isAlive();
    }

    /** The daemon itself: the PID in its pidfile if that process has the expected name, else the wrapper's descendant of that name. */
    Optional<ProcessHandle> daemonProcess() {
        if (pidFile != null) {
            try {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(p -> name.equals(comm(pid)));
                if (h.isPresent()) {
                    return h;
                }
            } catch (IOException | NumberFormatException e) {
                // not written yet, or being rewritten: fall back to the process tree
            }
        }
        return wrapper.descendants().filter(p -> name.equals(comm(p.pid()))).findFirst();
    }

    /** The daemon's log so far (for assertion messages); never throws. */
    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log " + log + ": " + e.getMessage() + ")";
        }
    }

    Path logFile() {
        return log;
    }

    /**
     * SIGTERM to the daemon (it saves its NTS state on a clean exit), then to the wrapper,
     * SIGKILL for anything of this tree still alive after a grace period. Idempotent.
     */
    void stop() {
        List<ProcessHandle> tree = wrapper.descendants().toList();
        Optional<ProcessHandle> main = daemonProcess();
        main.ifPresent(ProcessHandle::destroy);
        main.ifPresent(p -> awaitExit(p, Duration.ofSeconds(5)));
        main.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        if (wrapper.isAlive()) {
            // timeout exits as soon as its child does; if the daemon never started, TERM it
            if (!awaitExit(wrapper.toHandle(), Duration.ofSeconds(2))) {
                wrapper.destroy();
                if (!awaitExit(wrapper.toHandle(), Duration.ofSeconds(3))) {
                    wrapper.destroyForcibly();
                }
            }
        }
        for (ProcessHandle p : tree) {
            if (!awaitExit(p, Duration.ofSeconds(2))) {
                p.destroyForcibly();
            }
        }
        try {
            wrapper.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(this);
    }

    private static boolean awaitExit(ProcessHandle p, Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (p.isAlive()) {
            if (System.nanoTime() > end) {
                return false;
            }
            sleep(Duration.ofMillis(50));
        }
        return true;
    }

    static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name + "[wrapper pid " + wrapper.pid() + ", log " + log + "]";
    }
}
