package net.ntsbox.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import net.ntsbox.client.NtsSession;
import net.ntsbox.client.bench.BenchRuns;
import net.ntsbox.client.net.KeEndpoint;
import net.ntsbox.client.net.KeTlsClient;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.ke.KeClientResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ntsbox bench}: a load generator for NTS servers. NTP mode: one NTS-KE, then
 * authenticated NTS requests over UDP from {@code --threads} threads with a window of
 * outstanding requests, at a fixed {@code --rate}, a {@code --ramp} of rates, or as fast as
 * the window allows. KE mode ({@code --ke}): full NTS-KE handshakes from {@code --connections}
 * parallel clients. Prints one summary line per run. Loopback and own test hosts only.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load generator: authenticated NTS responses/s (loss, latency) or NTS-KE handshakes/s against a server.",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:the runs got answers", "1:no authenticated answer / no handshake", "2:bad command line",
            "3:the initial NTS-KE failed"})
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST[:KEPORT]", description = "NTS-KE server (port default 4460).")
    String target;

    @Option(names = "--ca", paramLabel = "FILE", description = "Trust only the CA certificates in this PEM file.")
    Path ca;

    @Option(names = "--aead", split = ",", defaultValue = "15", paramLabel = "ID", description = "AEADs to offer (default ${DEFAULT-VALUE}).")
    List<Integer> aeads;

    @Option(names = "--ntp-port", paramLabel = "PORT", description = "NTP port instead of the NTS-KE's.")
    Integer ntpPort;

    @Option(names = "--ntp-server", paramLabel = "HOST", description = "NTP server instead of the NTS-KE's.")
    String ntpServer;

    @Option(names = "--duration", defaultValue = "10", paramLabel = "SECONDS", description = "Length of each run (default ${DEFAULT-VALUE} s).")
    double durationSeconds;

    @Option(names = "--timeout", defaultValue = "1", paramLabel = "SECONDS", description = "A request unanswered this long is lost; also the NTS-KE timeout (default ${DEFAULT-VALUE} s).")
    double timeoutSeconds;

    @Option(names = "--threads", defaultValue = "1", description = "NTP load threads, each with its own socket (default ${DEFAULT-VALUE}; at most the cookies the NTS-KE gave).")
    int threads;

    @Option(names = "--window", defaultValue = "64", description = "Outstanding requests in all threads (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "REQ/S", description = "Fixed request rate in all threads; 0: as fast as the window allows (default).")
    double rate;

    @Option(names = "--ramp", paramLabel = "FROM:TO:STEP", description = "Several runs at rates FROM, FROM+STEP, ... TO (req/s), one line each.")
    String ramp;

    @Option(names = "--verify-every", defaultValue = "1", paramLabel = "N", description = "Fully verify every N-th answer (default ${DEFAULT-VALUE}: all; others are matched by origin only).")
    int verifyEvery;

    @Option(names = "--ke", description = "Measure NTS-KE handshakes/s instead of NTP.")
    boolean keMode;

    @Option(names = "--connections", defaultValue = "1", description = "Parallel NTS-KE clients with --ke (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "SECONDS", description = "An unreported run of this length first (JIT warm-up), at the first rate.")
    double warmupSeconds;

    @Option(names = "--server-pid", defaultValue = "0", paramLabel = "PID", description = "Report the CPU time this local process and its children used per request/handshake (Linux /proc).")
    long serverPid;

    @Option(names = "--label", defaultValue = "", description = "Text to put at the start of each summary line.")
    String label;

    @Option(names = "--engine", defaultValue = "java", paramLabel = "java|native", description = "NTP load engine: "
            + "java (threads that build and verify every request, default) or native (tools/build/ntsload replays a pool "
            + "of prebuilt requests with sendmmsg/recvmmsg; every --sample-th answer verified here).")
    String engine;

    @Option(names = "--pool", defaultValue = "65536", description = "Distinct requests in the native engine's pool (default ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(names = "--sample", defaultValue = "64", paramLabel = "N", description = "Native engine: fully verify every N-th answer (default ${DEFAULT-VALUE}; 1: all).")
    int sample;

    @Option(names = "--generator", paramLabel = "FILE", description = "The native generator (default: tools/build/ntsload under ntsbox.home).")
    Path generator;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<KeEndpoint> ke = KeEndpoint.parse(target, KeEndpoint.DEFAULT_KE_PORT);
        if (ke.isEmpty()) return usage(err, "not a HOST[:PORT]: " + target);
        if (durationSeconds <= 0 || timeoutSeconds <= 0 || threads < 1 || window < 1 || rate < 0 || verifyEvery < 1
                || connections < 1) {
            return usage(err, "--duration, --timeout > 0; --threads, --window, --connections, --verify-every ≥ 1; --rate ≥ 0");
        }
        for (int a : aeads) if (AeadAlgorithm.byId(a).isEmpty()) return usage(err, "unsupported AEAD " + a);
        List<Double> rates = new ArrayList<>();
        if (ramp != null) {
            String[] p = ramp.split(":");
            try {
                double from = Double.parseDouble(p[0]), to = Double.parseDouble(p[1]), step = Double.parseDouble(p[2]);
                if (p.length != 3 || from <= 0 || to < from || step <= 0) throw new NumberFormatException();
                for (double r = from; r <= to + 1e-9; r += step) rates.add(r);
            } catch (RuntimeException e) {
                return usage(err, "--ramp FROM:TO:STEP with 0 < FROM ≤ TO, STEP > 0");
            }
        } else {
            rates.add(rate);
        }
        String prefix = label.isEmpty() ? "" : label + " ";
        Duration duration = Duration.ofNanos((long) (durationSeconds * 1e9));
        Duration timeout = Duration.ofNanos((long) (timeoutSeconds * 1e9));
        SSLContext tls = ca != null ? KeTlsClient.trustingPem(ca) : KeTlsClient.systemTrust();
        KeTlsClient client = new KeTlsClient(tls);

        if (keMode && warmupSeconds > 0) {
            BenchRuns.ke(prefix, client, ke.get(), aeads, connections, Duration.ofNanos((long) (warmupSeconds * 1e9)), timeout, 0);
        }
        if (keMode) {
            BenchRuns.KeRun r = BenchRuns.ke(prefix, client, ke.get(), aeads, connections, duration, timeout, serverPid);
            out.println(r.line());
            out.flush();
            return r.ok() > 0 ? 0 : 1;
        }
        KeTlsClient.Handshake hs;
        try {
            hs = client.exchange(ke.get(), aeads, timeout.multipliedBy(5));
        } catch (Exception e) {
            err.println("ntsbox bench: NTS-KE with " + ke.get() + " failed: " + QueryCommand.describe(e));
            return 3;
        }
        if (!(hs.result() instanceof KeClientResult.Success ok)) {
            err.println("ntsbox bench: NTS-KE response refused: " + hs.result());
            return 3;
        }
        NtsSession session = hs.session();
        if (threads > session.cookiesHeld()) return usage(err, "--threads at most " + session.cookiesHeld() + " (cookies from the NTS-KE)");
        InetAddress host = ntpServer != null ? InetAddress.getByName(ntpServer)
                : session.server().isPresent() ? InetAddress.getByName(session.server().get()) : hs.peer();
        InetSocketAddress ntp = new InetSocketAddress(host, ntpPort != null ? ntpPort : session.port().orElse(123));
        if (engine.equals("native")) return runNative(out, err, session, ntp, rates, prefix + "aead=" + ok.aead() + " ", duration);
        if (!engine.equals("java")) return usage(err, "--engine java or native");
        List<NtsSession> shares = session.split(threads);
        long authenticated = 0;
        if (warmupSeconds > 0) {
            BenchRuns.ntp("", ntp, shares, window, rates.getFirst(), Duration.ofNanos((long) (warmupSeconds * 1e9)), timeout,
                    verifyEvery, 0);
        }
        for (double r : rates) {
            // Each thread's session gets its freshest cookies back after a run, for the next one.
            BenchRuns.NtpRun res = BenchRuns.ntp(prefix + "aead=" + ok.aead() + " ", ntp, shares, window, r, duration,
                    timeout, verifyEvery, serverPid);
            out.println(res.line());
            out.flush();
            authenticated += res.authenticated();
        }
        return authenticated > 0 ? 0 : 1;
    }

    private int runNative(PrintWriter out, PrintWriter err, NtsSession session, InetSocketAddress ntp, List<Double> rates,
                          String prefix, Duration duration) throws Exception {
        if (poolSize < 1 || sample < 1) return usage(err, "--pool, --sample ≥ 1");
        Path gen = generator != null ? generator
                : Path.of(System.getProperty("ntsbox.home", "."), "tools", "build", "ntsload");
        net.ntsbox.client.bench.NativeLoad load;
        try {
            load = net.ntsbox.client.bench.NativeLoad.build(gen, session, poolSize);
        } catch (java.io.IOException e) {
            err.println("ntsbox bench: " + e.getMessage());
            return 3;
        }
        long authenticated = 0;
        boolean first = true;
        for (double r : rates) {
            BenchRuns.NtpRun res = load.run(prefix, ntp, window, r, duration.toNanos() / 1e9, first ? warmupSeconds : 0,
                    timeoutSeconds, sample, serverPid);
            first = false;
            out.println(res.line());
            out.flush();
            authenticated += res.authenticated();
        }
        return authenticated > 0 ? 0 : 1;
    }

    private int usage(PrintWriter err, String what) {
        err.println("ntsbox bench: " + what);
        return 2;
    }
}
