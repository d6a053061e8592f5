package net.ntsbox.client.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.ntsbox.client.NtsSession;
import net.ntsbox.client.net.KeEndpoint;
import net.ntsbox.client.net.KeTlsClient;

/** Runs the load threads of one measurement and formats its one-line summary. */
public final class BenchRuns {
    private BenchRuns() {}

    /** Result of one NTP run: the summary line and whether anything authenticated came back. */
    public record NtpRun(String line, long authenticated, long sent, long lost, double authPerSecond, double lossFraction) {}

    /**
     * Drives {@code sessions.size()} threads (one per session) for {@code duration}, {@code window}
     * outstanding requests in all, {@code rate} requests/s in all (0: as fast as the window allows).
     */
    public static NtpRun ntp(String label, InetSocketAddress server, List<NtsSession> sessions, int window, double rate,
                             Duration duration, Duration timeout, int verifyEvery, long serverPid)
            throws InterruptedException {
        int threads = sessions.size();
        List<NtsLoad> loads = new ArrayList<>();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int w = Math.max(1, window / threads + (i < window % threads ? 1 : 0));
            NtsLoad l = new NtsLoad(new NtsLoad.Config(server, sessions.get(i), w, rate / threads, duration.toNanos(),
                    timeout.toNanos(), verifyEvery));
            loads.add(l);
            ts.add(Thread.ofPlatform().name("bench-ntp-" + i).start(l));
        }
        long cpu0 = serverPid > 0 ? ProcCpu.cpuNanos(serverPid) : -1;
        for (Thread t : ts) t.join();
        long cpu1 = serverPid > 0 ? ProcCpu.cpuNanos(serverPid) : -1;
        double secs = duration.toNanos() / 1e9;
        NtsLoad.Counts c = new NtsLoad.Counts();
        for (NtsLoad l : loads) {
            if (l.failure != null) throw new IllegalStateException("load thread failed", l.failure);
            c.add(l.counts);
        }
        double loss = c.sent == 0 ? 0 : (double) (c.sent - c.answered) / c.sent;
        long counted = verifyEvery <= 1 ? c.authenticated : c.answered;
        String line = String.format(Locale.ROOT,
                "%sntp %s threads=%d window=%d rate=%s dur=%.1fs: sent=%d answered=%d auth=%d (%.0f/s%s) loss=%.3f%% "
                        + "naks=%d rejected=%d %s verify=%s cookies_reused=%d send_errors=%d",
                label, hostPort(server), threads, window, rate > 0 ? String.format(Locale.ROOT, "%.0f", rate) : "max", secs,
                c.sent, c.answered, c.authenticated, counted / secs, verifyEvery <= 1 ? " authenticated" : " answered",
                100 * loss, c.naks, c.rejected, c.latency.summary(),
                verifyEvery <= 1 ? "all" : "1/" + verifyEvery, c.cookiesReused, c.sendErrors);
        if (cpu0 >= 0 && cpu1 >= 0) line += cpuSuffix(cpu1 - cpu0, secs, c.answered, "req");
        return new NtpRun(line, c.authenticated, c.sent, c.sent - c.answered, counted / secs, loss);
    }

    public record KeRun(String line, long ok, long failed, double perSecond) {}

    /** {@code connections} threads doing full NTS-KE handshakes back to back for {@code duration}. */
    public static KeRun ke(String label, KeTlsClient client, KeEndpoint target, List<Integer> aeads, int connections,
                           Duration duration, Duration timeout, long serverPid) throws InterruptedException {
        long cpu0 = serverPid > 0 ? ProcCpu.cpuNanos(serverPid) : -1;
        List<KeLoad> loads = new ArrayList<>();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            KeLoad l = new KeLoad(client, target, aeads, duration.toNanos(), timeout);
            loads.add(l);
            ts.add(Thread.ofPlatform().name("bench-ke-" + i).start(l));
        }
        for (Thread t : ts) t.join();
        long cpu1 = serverPid > 0 ? ProcCpu.cpuNanos(serverPid) : -1;
        long ok = 0, failed = 0;
        String lastError = null;
        LatencyHistogram h = new LatencyHistogram();
        for (KeLoad l : loads) {
            ok += l.ok;
            failed += l.failed;
            if (l.lastError != null) lastError = l.lastError;
            h.merge(l.latency);
        }
        double secs = duration.toNanos() / 1e9;
        String line = String.format(Locale.ROOT, "%ske %s connections=%d dur=%.1fs: handshakes=%d (%.1f/s) failed=%d %s%s",
                label, target, connections, secs, ok, ok / secs, failed, h.summary(),
                lastError == null ? "" : " last_error=" + lastError.replace('\n', ' '));
        if (cpu0 >= 0 && cpu1 >= 0) line += cpuSuffix(cpu1 - cpu0, secs, ok, "handshake");
        return new KeRun(line, ok, failed, ok / secs);
    }

    /** " server_cpu=…% server_cpu_us_per_X=…" (10 ms tick resolution). */
    static String cpuSuffix(long cpuNanos, double secs, long n, String per) {
        return String.format(Locale.ROOT, " server_cpu=%.0f%% server_cpu_us_per_%s=%s", 100 * cpuNanos / 1e9 / secs, per,
                n > 0 ? String.format(Locale.ROOT, "%.2f", cpuNanos / 1e3 / n) : "-");
    }

    static String hostPort(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}
