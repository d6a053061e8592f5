package net.ntsbox.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A private network namespace whose only interface is {@code lo} (127.0.0.1 and ::1), for
 * peers that need fixed ports such as NTPsec's ntpd, which always binds UDP 123 (gotcha G9).
 * Nothing in it can reach any other address: there is no other interface and no route.
 *
 * <p>Processes started in it with {@link #execPrefix()} keep their PID ({@code ip netns exec}
 * execs), so they are stopped by PID like everywhere else. The namespace is deleted on
 * {@link #close()} and, should a test forget, at JVM exit.
 */
public final class NetNamespace implements AutoCloseable {
    private static final Duration IP_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Set<NetNamespace> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(NetNamespace::close), "netns-cleanup"));
    }

    private final String name;

    private NetNamespace(String name) {
        this.name = name;
    }

    /**
     * Creates a uniquely named namespace with {@code lo} up. Aborts the calling test (JUnit
     * assumption) when this machine cannot create namespaces: not root, or no permission
     * (e.g. a container without CAP_SYS_ADMIN). Any other failure is an error.
     */
    public static NetNamespace create() {
        Assumptions.assumeTrue(isRoot(), "network namespaces need root (ip netns add); this JVM is not root, skipping");
        String name = "ntsbox-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        var add = Cmd.run(IP_TIMEOUT, "ip", "netns", "add", name);
        if (!add.ok()) {
            String out = add.output();
            Assumptions.assumeFalse(out.contains("Operation not permitted") || out.contains("Permission denied"),
                    "this machine does not allow creating network namespaces: " + add.describe());
            throw new IllegalStateException("cannot create network namespace: " + add.describe());
        }
        var ns = new NetNamespace(name);
        OPEN.add(ns);
        var up = ns.exec(IP_TIMEOUT, "ip", "link", "set", "lo", "up");
        if (!up.ok()) {
            ns.close();
            throw new IllegalStateException("cannot bring lo up in " + name + ": " + up.describe());
        }
        return ns;
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // effective UID
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    public String name() {
        return name;
    }

    /** {@code ip netns exec NAME}: put it before a command to run that command in here. */
    public List<String> execPrefix() {
        return List.of("ip", "netns", "exec", name);
    }

    /** Runs a short command inside the namespace, bounded by timeout. */
    public Cmd.Result exec(Duration timeout, String... argv) {
        return exec(timeout, List.of(argv));
    }

    public Cmd.Result exec(Duration timeout, List<String> argv) {
        var full = new ArrayList<>(execPrefix());
        full.addAll(argv);
        return Cmd.run(timeout, full);
    }

    /** PIDs of processes still in this namespace. */
    public List<Long> pids() {
        var r = Cmd.run(IP_TIMEOUT, "ip", "netns", "pids", name);
        return r.output().lines().map(String::strip).filter(s -> s.matches("\\d+")).map(Long::valueOf).toList();
    }

    /**
     * Deletes the namespace. Peers should be closed first; any process still inside was
     * started in this private namespace by this JVM, so it is ended here by its PID.
     */
    @Override
    public void close() {
        if (!OPEN.remove(this)) {
            return;
        }
        for (Long pid : pids()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (!pids().isEmpty() && System.nanoTime() < end) {
            Daemon.sleep(Duration.ofMillis(100));
        }
        for (Long pid : pids()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        var del = Cmd.run(IP_TIMEOUT, "ip", "netns", "delete", name);
        if (!del.ok() && Files.exists(Path.of("/run/netns", name))) {
            throw new IllegalStateException("cannot delete network namespace " + name + ": " + del.describe());
        }
    }

    @Override
    public String toString() {
        return "netns " + name;
    }
}
