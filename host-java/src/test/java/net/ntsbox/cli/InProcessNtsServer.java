package net.ntsbox.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.RotationPolicy;
import net.ntsbox.ke.KeServerPolicy;
import net.ntsbox.ntp.NtpTimestamp;
import net.ntsbox.server.NonceSource;
import net.ntsbox.server.NtsKeService;
import net.ntsbox.server.NtsServerStep;
import net.ntsbox.server.ServerHeader;
import net.ntsbox.server.ke.KeServerConfig;
import net.ntsbox.server.ke.KeTlsServer;
import net.ntsbox.server.udp.RealtimeClock;
import net.ntsbox.server.udp.UdpConfig;
import net.ntsbox.server.udp.UdpDatapath;
import net.ntsbox.tls.PemKeyMaterial;
import net.ntsbox.tls.TestPki;

/**
 * Our own NTS server on loopback for client tests: KeTlsServer + NtsKeService for NTS-KE and
 * UdpDatapath + NtsServerStep for NTP, on 127.0.0.1 and ::1, ephemeral ports (the KE sends a
 * Port record). {@link #caPem()} is the self-signed certificate to pass as {@code --ca}.
 */
final class InProcessNtsServer implements AutoCloseable {
    static final ServerHeader HEADER = new ServerHeader(0, 1, -20, 0x10, 0x20, 0x54455354 /* TEST */, 0L);

    final Path caPem;
    final KeyRing ring;
    private final UdpDatapath udp4;
    private final UdpDatapath udp6;
    private final KeTlsServer ke;

    static final String ALL_LOOPBACK_NAMES = "DNS:localhost,IP:127.0.0.1,IP:::1";

    InProcessNtsServer(Path dir, List<Integer> aeads) throws Exception {
        this(dir, aeads, ALL_LOOPBACK_NAMES);
    }

    /** @param subjectAltName the server certificate's SAN extension value (openssl syntax) */
    InProcessNtsServer(Path dir, List<Integer> aeads, String subjectAltName) throws Exception {
        TestPki.openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "server.key");
        TestPki.openssl(dir, "req", "-x509", "-new", "-key", "server.key", "-subj", "/CN=ntsbox test", "-days", "2",
                "-addext", "subjectAltName=" + subjectAltName, "-out", "server.pem");
        PemKeyMaterial tls = PemKeyMaterial.load(dir.resolve("server.pem"), dir.resolve("server.key"));
        caPem = dir.resolve("server.pem");
        SecureRandom random = new SecureRandom();
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        long now = System.currentTimeMillis() / 1000;
        ring = KeyRing.fromSeed(seed, now - 10, RotationPolicy.DEFAULT, now);
        NonceSource nonces = (out, off, len) -> {
            byte[] b = new byte[len];
            random.nextBytes(b);
            System.arraycopy(b, 0, out, off, len);
        };
        udp4 = UdpDatapath.start(new UdpConfig(List.of(new InetSocketAddress("127.0.0.1", 0)), 1, 2048, 0),
                () -> handler(nonces), RealtimeClock::unixNanos);
        int port = udp4.boundAddresses().get(0).getPort();
        udp6 = UdpDatapath.start(new UdpConfig(List.of(new InetSocketAddress("::1", port)), 1, 2048, 0),
                () -> handler(nonces), RealtimeClock::unixNanos);
        NtsKeService service = new NtsKeService(KeServerPolicy.of(aeads).withNtpPort(port), ring, nonces);
        ke = KeTlsServer.start(KeServerConfig.defaults(List.of(new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("::1", 0))).withEventLoops(1).withRateLimit(10_000, 10_000),
                tls.keyManagerFactory(), service, Duration.ofSeconds(10));
    }

    private net.ntsbox.server.udp.DatagramHandler handler(NonceSource nonces) {
        NtsServerStep step = new NtsServerStep();
        return (in, len, rx, out) -> {
            long rxTs = NtpTimestamp.fromUnixNanos(rx);
            var o = step.respond(in, 0, len, rxTs, NtpTimestamp.fromUnixNanos(RealtimeClock.unixNanos()), ring, nonces,
                    HEADER, out);
            return o.answers() ? step.responseLength() : -1;
        };
    }

    /** NTS-KE port on 127.0.0.1 (index 0) or ::1 (index 1). */
    int kePort(int index) { return ke.boundAddresses().get(index).getPort(); }

    int ntpPort() { return udp4.boundAddresses().get(0).getPort(); }

    /** Datagrams the NTP side sent (responses and NAKs), both addresses. */
    long ntpSent() { return udp4.counters().sent() + udp6.counters().sent(); }

    @Override
    public void close() {
        ke.close();
        udp4.close();
        udp6.close();
    }
}
