package net.ntsbox.client.bench;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.ntsbox.client.NtsSession;
import net.ntsbox.client.PendingRequest;
import net.ntsbox.client.ResponseResult;

/**
 * The native load engine: a pool of distinct valid NTS requests built here (distinct UIDs,
 * nonces and transmit timestamps HIGH:index, the session's cookies round robin; NTS servers
 * are stateless, so requests may be replayed), replayed by {@code tools/ntsload} (C,
 * sendmmsg/recvmmsg) which matches answers by origin timestamp. Every {@code sample}-th
 * answer comes back in a file and is verified here in full (origin, UID, S2C authenticator,
 * cookies) against the pooled request it answers.
 */
public final class NativeLoad {
    private final Path generator;
    private final Path pool;
    private final PendingRequest[] pending;
    private final NtsSession session;
    private final int length;

    private NativeLoad(Path generator, Path pool, PendingRequest[] pending, NtsSession session, int length) {
        this.generator = generator;
        this.pool = pool;
        this.pending = pending;
        this.session = session;
        this.length = length;
    }

    /** Builds a pool of {@code count} requests (one cookie, no placeholder) in a temporary file. */
    public static NativeLoad build(Path generator, NtsSession session, int count) throws IOException {
        if (!Files.isExecutable(generator)) {
            throw new IOException(generator + " missing: build it with tools/build.sh");
        }
        List<byte[]> cookies = new ArrayList<>();
        for (byte[] c; (c = session.takeCookie()) != null; ) cookies.add(c);
        if (cookies.isEmpty()) throw new IOException("the NTS-KE gave no cookie");
        SecureRandom random = new SecureRandom();
        int high = random.nextInt() | 1;
        byte[] uid = new byte[32];
        byte[] nonce = new byte[session.aead().nonceLength()];
        byte[] buf = new byte[2048];
        PendingRequest[] pending = new PendingRequest[count];
        Path file = Files.createTempFile("ntsbox-pool", ".bin");
        file.toFile().deleteOnExit();
        int len = -1;
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int i = 0; i < count; i++) {
                random.nextBytes(uid);
                random.nextBytes(nonce);
                long tx = ((long) high << 32) | (i & 0xFFFF_FFFFL);
                PendingRequest p = session.writeRequest(buf, 0, cookies.get(i % cookies.size()), 0, tx, uid, nonce);
                if (len < 0) {
                    len = p.length();
                    out.write(ByteBuffer.allocate(16).put("NTSPOOL1".getBytes(StandardCharsets.US_ASCII))
                            .putInt(count).putInt(len).array());
                } else if (p.length() != len) {
                    throw new IOException("cookies of different lengths: the pool needs one request length");
                }
                pending[i] = p;
                out.write(buf, 0, len);
            }
        }
        for (byte[] c : cookies) session.storeCookie(c);
        return new NativeLoad(generator, file, pending, session, len);
    }

    public int requestLength() { return length; }

    /**
     * One run: {@code window} outstanding, {@code rate} req/s (0: as fast as the window allows),
     * a warm-up of {@code warmupSeconds} first (not counted), every {@code sample}-th answer verified.
     */
    public BenchRuns.NtpRun run(String label, InetSocketAddress server, int window, double rate, double seconds,
                                double warmupSeconds, double timeoutSeconds, int sample, long serverPid)
            throws IOException, InterruptedException {
        Path samples = Files.createTempFile("ntsbox-samples", ".bin");
        try {
            List<String> cmd = new ArrayList<>(List.of(generator.toString(), "--server", BenchRuns.hostPort(server),
                    "--pool", pool.toString(), "--duration", fmt(seconds), "--warmup", fmt(warmupSeconds),
                    "--window", Integer.toString(window), "--rate", fmt(rate), "--timeout", fmt(timeoutSeconds),
                    "--sample", Integer.toString(sample), "--sample-out", samples.toString()));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            long cpu0 = -1, cpu1 = -1;
            String result = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.equals("measure-start")) cpu0 = serverPid > 0 ? ProcCpu.cpuNanos(serverPid) : -1;
                    else if (line.equals("measure-end")) cpu1 = serverPid > 0 ? ProcCpu.cpuNanos(serverPid) : -1;
                    else result = line;
                }
            }
            int exit = p.waitFor();
            if (exit != 0 || result == null) throw new IOException(generator + " failed (exit " + exit + ")");
            Map<String, Long> c = parse(result);
            long verified = 0, authenticated = 0, naks = 0, bad = 0;
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(samples)))) {
                byte[] d = new byte[2048];
                while (true) {
                    int idx, n;
                    try {
                        idx = in.readInt();
                    } catch (EOFException e) {
                        break;
                    }
                    n = in.readInt();
                    if (idx < 0 || idx >= pending.length || n < 0 || n > d.length) throw new IOException("bad sample file");
                    in.readFully(d, 0, n);
                    verified++;
                    switch (session.verify(d, 0, n, pending[idx])) {
                        case ResponseResult.Authenticated a -> authenticated++;
                        case ResponseResult.Nak x -> naks++;
                        case ResponseResult.Rejected x -> bad++;
                    }
                }
            }
            long sent = c.get("sent"), answered = c.get("answered");
            // An answer is counted as authenticated only when every sampled answer verified.
            long auth = verified > 0 && authenticated == verified ? answered : authenticated;
            double loss = sent == 0 ? 0 : (double) (sent - answered) / sent;
            String line = String.format(Locale.ROOT,
                    "%sntp %s engine=native pool=%d len=%d window=%d rate=%s dur=%.1fs: sent=%d answered=%d auth=%d (%.0f/s "
                            + "authenticated) loss=%.3f%% naks=%d rejected=%d p50=%dus p99=%dus verify=sample 1/%d "
                            + "(%d of %d sampled answers authenticated) late=%d stray=%d send_errors=%d",
                    label, BenchRuns.hostPort(server), pending.length, length, window,
                    rate > 0 ? String.format(Locale.ROOT, "%.0f", rate) : "max", seconds, sent, answered, auth,
                    auth / seconds, 100 * loss, naks, bad, c.get("p50_us"), c.get("p99_us"), sample, authenticated,
                    verified, c.get("late"), c.get("stray"), c.get("send_errors"));
            if (cpu0 >= 0 && cpu1 >= 0) line += BenchRuns.cpuSuffix(cpu1 - cpu0, seconds, answered, "req");
            return new BenchRuns.NtpRun(line, auth, sent, sent - answered, auth / seconds, loss);
        } finally {
            Files.deleteIfExists(samples);
        }
    }

    private static Map<String, Long> parse(String line) throws IOException {
        Map<String, Long> m = new HashMap<>();
        for (String kv : line.trim().split(" ")) {
            int e = kv.indexOf('=');
            if (e > 0) m.put(kv.substring(0, e), Long.parseLong(kv.substring(e + 1)));
        }
        for (String k : List.of("sent", "answered", "late", "stray", "send_errors", "p50_us", "p99_us")) {
            if (!m.containsKey(k)) throw new IOException("generator output lacks " + k + ": " + line);
        }
        return m;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
