package net.ntsbox.tls.nativecrypto;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import net.ntsbox.ke.KeyExporter;
import net.ntsbox.tls.PemKeyMaterial;
import net.ntsbox.tls.TestPki;

/**
 * Server-side CPU of one SunJSSE TLS 1.3 handshake as the NTS-KE server does it (P-256
 * certificate, ALPN ntske/1, x25519 share from a JDK client, exporter for the two NTS keys),
 * in memory: only the server engine's calls are timed (this thread's CPU time), so neither the
 * client, the network nor Netty/Vert.x count. Not run by the test suite. Run with
 * {@code -Djdk.tls.server.newSessionTicketCount=0} like the server:
 * {@code taskset -c 1 java ... net.ntsbox.tls.nativecrypto.KeHandshakeCpu jdk|native [seconds]}
 */
public final class KeHandshakeCpu {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private long serverCpu;

    public static void main(String[] args) throws Exception {
        KeCryptoMode mode = KeCryptoMode.parse(args.length > 0 ? args[0] : "jdk").orElseThrow();
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        System.out.println(NativeCrypto.install(mode));
        Path dir = Files.createTempDirectory("ke-cpu");
        PemKeyMaterial server = TestPki.ecServer(dir);
        var clientCtx = TestPki.clientTrusting(server.chain());
        // the server's key manager (PemKeyMaterial's own context decrypts its PKCS#12 entry per handshake)
        var serverCtx = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
        serverCtx.init(new net.ntsbox.tls.ReloadingKeyManager(server).keyManagerFactory().getKeyManagers(), null, null);
        KeHandshakeCpu h = new KeHandshakeCpu();
        for (int round = 0; round < 3; round++) { // rounds 0-1: JIT warm-up
            h.serverCpu = 0;
            long n = 0;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                SSLEngine s = serverCtx.createSSLEngine();
                s.setUseClientMode(false);
                SSLParameters sp = s.getSSLParameters();
                sp.setProtocols(new String[] {"TLSv1.3"});
                sp.setApplicationProtocols(new String[] {"ntske/1"});
                s.setSSLParameters(sp);
                SSLEngine c = clientCtx.createSSLEngine("localhost", 4460);
                c.setUseClientMode(true);
                SSLParameters cp = c.getSSLParameters();
                cp.setProtocols(new String[] {"TLSv1.3"});
                cp.setApplicationProtocols(new String[] {"ntske/1"});
                c.setSSLParameters(cp);
                h.handshake(c, s);
                n++;
            }
            if (round == 2) {
                System.out.printf("%s: %.1f us server CPU per handshake (%d handshakes, load average %s)%n", mode.configName(),
                        h.serverCpu / 1e3 / n, n, Files.readString(Path.of("/proc/loadavg")).trim());
            }
        }
    }

    private void handshake(SSLEngine c, SSLEngine s) throws Exception {
        ByteBuffer c2s = ByteBuffer.allocate(1 << 16);
        ByteBuffer s2c = ByteBuffer.allocate(1 << 16);
        ByteBuffer app = ByteBuffer.allocate(1 << 16);
        ByteBuffer empty = ByteBuffer.allocate(0);
        c.beginHandshake();
        long t0 = MX.getCurrentThreadCpuTime();
        s.beginHandshake();
        serverCpu += MX.getCurrentThreadCpuTime() - t0;
        for (int i = 0; i < 100; i++) {
            step(c, empty, c2s, app, false);
            c2s.flip();
            serverStep(s, c2s, s2c, app);
            c2s.compact();
            s2c.flip();
            step(c, s2c, c2s, app, false);
            s2c.compact();
            if (c.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                    && s.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING && c2s.position() == 0) {
                t0 = MX.getCurrentThreadCpuTime();
                ExtendedSSLSession session = (ExtendedSSLSession) s.getSession();
                session.exportKeyingMaterialData(KeyExporter.LABEL, new byte[] {0, 0, 0, 15, 0}, 32);
                session.exportKeyingMaterialData(KeyExporter.LABEL, new byte[] {0, 0, 0, 15, 1}, 32);
                serverCpu += MX.getCurrentThreadCpuTime() - t0;
                if (!"ntske/1".equals(s.getApplicationProtocol())) throw new IllegalStateException("ALPN");
                return;
            }
        }
        throw new IllegalStateException("handshake did not finish");
    }

    /** The server's step, under its own name so that profiles can tell the two ends apart. */
    private void serverStep(SSLEngine e, ByteBuffer in, ByteBuffer out, ByteBuffer app) throws Exception {
        step(e, in, out, app, true);
    }

    /** Unwraps what there is, runs tasks, wraps what the engine wants to send. */
    private void step(SSLEngine e, ByteBuffer in, ByteBuffer out, ByteBuffer app, boolean timed) throws Exception {
        long t0 = timed ? MX.getCurrentThreadCpuTime() : 0;
        for (int guard = 0; guard < 20; guard++) {
            SSLEngineResult.HandshakeStatus hs = e.getHandshakeStatus();
            if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                Runnable r;
                while ((r = e.getDelegatedTask()) != null) r.run();
            } else if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                e.wrap(ByteBuffer.allocate(0), out);
            } else if (hs == SSLEngineResult.HandshakeStatus.NEED_UNWRAP && in.hasRemaining()) {
                SSLEngineResult r = e.unwrap(in, app);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) break;
            } else {
                break;
            }
        }
        if (timed) serverCpu += MX.getCurrentThreadCpuTime() - t0;
    }
}
