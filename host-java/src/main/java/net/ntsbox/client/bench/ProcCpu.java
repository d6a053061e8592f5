package net.ntsbox.client.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time (utime + stime) of a process and its direct children from /proc (Linux), in
 * nanoseconds, so a benchmark can charge a server's CPU to the requests it answered. The
 * children count because chronyd serves NTS-KE in helper processes.
 */
public final class ProcCpu {
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ is 100 on every Linux ABI the JDK runs on

    private ProcCpu() {}

    /** CPU nanoseconds used so far by {@code pid} and its children; -1 if the process is gone. */
    public static long cpuNanos(long pid) {
        long[] own = stat(Path.of("/proc", Long.toString(pid), "stat"));
        if (own == null) return -1;
        long total = own[1];
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String n = p.getFileName().toString();
                if (n.isEmpty() || !Character.isDigit(n.charAt(0))) continue;
                long[] s = stat(p.resolve("stat"));
                if (s != null && s[0] == pid) total += s[1];
            }
        } catch (IOException e) {
            return total;
        }
        return total;
    }

    /** {ppid, (utime + stime) in ns} from one stat file, or null. */
    private static long[] stat(Path f) {
        try {
            String s = Files.readString(f);
            String[] a = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // after the command: state(3) ppid(4) ... utime(14) stime(15)
            return new long[] {Long.parseLong(a[1]), (Long.parseLong(a[11]) + Long.parseLong(a[12])) * TICK_NANOS};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
