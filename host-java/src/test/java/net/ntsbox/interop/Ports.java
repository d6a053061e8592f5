package net.ntsbox.interop;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Loopback port selection and "is something listening" probes.
 *
 * <p>The probes read {@code /proc/PID/net/{tcp,tcp6,udp,udp6}} of a peer process: that view
 * belongs to the process's network namespace, so the same probe works on the host loopback
 * and inside a private namespace, and it never connects (a probe connection to an NTS-KE
 * port would count as an NTS-KE connection in the server's statistics).
 */
final class Ports {
    private Ports() {}

    /** Ports handed out in this JVM, so two peers started back to back never get the same one. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** A port that is free for both TCP and UDP on 127.0.0.1 and ::1 right now. */
    static int free() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (var probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                port = probe.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("cannot bind a loopback TCP socket", e);
            }
            if (HANDED_OUT.contains(port) || !freeEverywhere(port)) {
                continue;
            }
            HANDED_OUT.add(port);
            return port;
        }
        throw new IllegalStateException("no free loopback port found in 50 attempts");
    }

    private static boolean freeEverywhere(int port) {
        for (String host : List.of("127.0.0.1", "::1")) {
            try (var t = new ServerSocket(); var u = new DatagramSocket(null)) {
                InetAddress a = InetAddress.getByName(host);
                t.bind(new InetSocketAddress(a, port));
                u.bind(new InetSocketAddress(a, port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** True if a TCP socket in pid's namespace listens on port (any address). */
    static boolean tcpListening(long pid, int port) {
        return anyEntry(pid, List.of("tcp", "tcp6"), port, "0A");
    }

    /** True if a UDP socket in pid's namespace is bound to port (any address). */
    static boolean udpBound(long pid, int port) {
        return anyEntry(pid, List.of("udp", "udp6"), port, null);
    }

    private static boolean anyEntry(long pid, List<String> tables, int port, String state) {
        String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
        for (String table : tables) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
            } catch (IOException e) {
                continue; // process gone, or no IPv6 in this kernel
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st ...
                if (f.length > 3 && f[1].endsWith(hexPort) && (state == null || state.equals(f[3]))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Polls until cond holds, up to timeout, every 50 ms; false on timeout or if alive stops holding. */
    static boolean await(Duration timeout, BooleanSupplier alive, BooleanSupplier cond) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) {
                return true;
            }
            if (!alive.getAsBoolean()) {
                return cond.getAsBoolean();
            }
            Daemon.sleep(Duration.ofMillis(50));
        }
        return cond.getAsBoolean();
    }
}
