package net.ntsbox.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import net.ntsbox.config.ApplianceConfig;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import net.ntsbox.ke.KeOutcome;
import net.ntsbox.ntp.NtpHeader;
import net.ntsbox.ntp.NtpTimestamp;
import net.ntsbox.server.StepOutcome;
import net.ntsbox.server.udp.RealtimeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The appliance in-process on loopback with ephemeral ports, spoken to by a JDK TLS client and a DatagramChannel. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SoftwareApplianceTest {
    static final int REFID_GPS = 0x47505300;
    static final TimexReading SYNCED = new TimexReading(0, 0x2001, 50_000, 1_000);
    static final TimexReading UNSYNCED = new TimexReading(5, TimexReading.STA_UNSYNC, 16_000_000, 16_000_000);

    @TempDir
    Path dir;

    static ApplianceConfig config(Path stateDir, String extraToml) throws Exception {
        String toml = """
                state_dir = "%s"
                [nts_ke]
                listen = ["127.0.0.1:0", "[::1]:0"]
                [ntp]
                listen = ["127.0.0.1:0", "[::1]:0"]
                threads = 2
                %s
                """.formatted(stateDir, extraToml);
        return ConfigReader.parse(toml, "test.toml", stateDir, ConfigOverrides.none());
    }

    static ApplianceEnvironment env(TimexReading kernel) {
        return new ApplianceEnvironment(RealtimeClock::unixNanos, () -> kernel, Duration.ofMillis(200));
    }

    static SSLContext trustingOwnCert(SoftwareAppliance a) throws Exception {
        try (InputStream in = Files.newInputStream(a.certificate())) {
            return NtsTestClient.trusting((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
    }

    static long now() { return NtpTimestamp.fromUnixNanos(RealtimeClock.unixNanos()); }

    @Test
    void plainNtpOnBothFamiliesWithTheConfiguredStratumAndRefid() throws Exception {
        try (var a = SoftwareAppliance.start(config(dir, "[clock]\nstratum = 1\nreference_id = \"GPS\"\nprecision = -22\n"),
                env(SYNCED))) {
            assertEquals(2, a.ntpAddresses().size());
            assertEquals(a.ntpAddresses().get(0).getPort(), a.ntpAddresses().get(1).getPort(), "one port for v4 and v6");
            for (InetSocketAddress to : a.ntpAddresses()) {
                long t = 0x1234_5678_9abc_def0L;
                long before = now();
                byte[] r = NtsTestClient.exchange(to, NtsTestClient.plainRequest(t));
                long after = now();
                NtpHeader h = NtpHeader.read(r, 0);
                assertEquals(48, r.length);
                assertEquals(0, h.leap());
                assertEquals(NtpHeader.MODE_SERVER, h.mode());
                assertEquals(1, h.stratum());
                assertEquals(REFID_GPS, h.referenceId());
                assertEquals(-22, h.precision());
                assertEquals(t, h.originTimestamp());
                assertTrue(Long.compareUnsigned(h.receiveTimestamp(), before) >= 0
                        && Long.compareUnsigned(h.transmitTimestamp(), h.receiveTimestamp()) >= 0
                        && Long.compareUnsigned(after, h.transmitTimestamp()) >= 0, "before <= rx <= tx <= after");
                assertTrue(h.referenceTimestamp() != 0 && Long.compareUnsigned(h.referenceTimestamp(), h.transmitTimestamp()) <= 0);
            }
            assertEquals(2, a.datapathCounters().outcome(StepOutcome.PLAIN_RESPONSE));
        }
    }

    @Test
    void ntsKeGivesEightCookiesAndThePortRecordThenNtsRequestsAuthenticate() throws Exception {
        try (var a = SoftwareAppliance.start(config(dir, ""), env(SYNCED))) {
            assertTrue(a.selfSignedCertificate());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    dir.resolve(SelfSignedCertificate.KEY_FILE))));
            SSLContext tls = trustingOwnCert(a);
            for (List<Integer> aeads : List.of(List.of(15), List.of(17), List.of(30), List.of(30, 15))) {
                for (InetSocketAddress ke : a.keAddresses()) {
                    var s = NtsTestClient.keyExchange(tls, ke, aeads);
                    assertEquals(aeads.getFirst(), s.aead().id(), "the client's preference decides");
                    assertEquals(8, s.cookies().size());
                    assertEquals(a.advertisedNtpPort(), s.ke().port().orElseThrow(), "Port record (port is not 123)");
                    InetSocketAddress ntp = a.ntpAddresses().get(ke.getAddress() instanceof java.net.Inet6Address ? 1 : 0);
                    byte[] uid = NtsTestClient.uid();
                    long t = now();
                    byte[] rq = NtsTestClient.ntsRequest(s, s.cookies().getFirst(), uid, t, 2);
                    var reply = NtsTestClient.verify(s, NtsTestClient.exchange(ntp, rq), uid, t);
                    assertEquals(3, reply.cookies().size(), "one cookie back per cookie + placeholder");
                    assertEquals(1, reply.header().stratum());
                    // a cookie from the response works too
                    byte[] uid2 = NtsTestClient.uid();
                    var again = NtsTestClient.verify(s, NtsTestClient.exchange(ntp,
                            NtsTestClient.ntsRequest(s, reply.cookies().get(1), uid2, t + 1, 0)), uid2, t + 1);
                    assertEquals(1, again.cookies().size());
                }
            }
            assertEquals(8, a.keCounters().replies(KeOutcome.OK));
            assertEquals(16, a.datapathCounters().outcome(StepOutcome.NTS_RESPONSE));
            int slot = a.keys().ring().current().slot();
            assertEquals(16, a.datapathCounters().slot(slot));
        }
    }

    @Test
    void cookiesFromBeforeARestartStillAuthenticate() throws Exception {
        NtsTestClient.Session s;
        InetSocketAddress ntp;
        int keyBefore;
        try (var a = SoftwareAppliance.start(config(dir, ""), env(SYNCED))) {
            s = NtsTestClient.keyExchange(trustingOwnCert(a), a.keAddresses().getFirst(), List.of(15));
            ntp = a.ntpAddresses().getFirst();
            keyBefore = a.keys().ring().current().id();
        }
        assertTrue(Files.exists(dir.resolve("keys.state")) && Files.exists(dir.resolve("cluster.seed")));
        String seed = Files.readString(dir.resolve("cluster.seed"));
        // The same NTP port again, the same state dir: the ring is restored from the state file.
        try (var b = SoftwareAppliance.start(restartConfig(dir, ntp), env(SYNCED))) {
            assertEquals(keyBefore, b.keys().ring().current().id());
            assertEquals(seed, Files.readString(dir.resolve("cluster.seed")), "seed not regenerated");
            byte[] uid = NtsTestClient.uid();
            long t = now();
            var reply = NtsTestClient.verify(s, NtsTestClient.exchange(b.ntpAddresses().getFirst(),
                    NtsTestClient.ntsRequest(s, s.cookies().get(3), uid, t, 0)), uid, t);
            assertEquals(1, reply.cookies().size());
            assertEquals(1, b.datapathCounters().outcome(StepOutcome.NTS_RESPONSE));
            assertEquals(0, b.datapathCounters().outcome(StepOutcome.NAK_UNKNOWN_KEY)
                    + b.datapathCounters().outcome(StepOutcome.NAK_BAD_COOKIE));
        }
    }

    static ApplianceConfig restartConfig(Path stateDir, InetSocketAddress ntp) throws Exception {
        String toml = """
                state_dir = "%s"
                [nts_ke]
                listen = ["127.0.0.1:0"]
                [ntp]
                listen = ["%s"]
                threads = 1
                """.formatted(stateDir, net.ntsbox.config.HostPort.format(ntp));
        return ConfigReader.parse(toml, "test.toml", stateDir, ConfigOverrides.none());
    }

    @Test
    void aRotationKeepsOldCookiesAcceptedAndNewCookiesUseTheNewKey() throws Exception {
        long period = 4; // 8 cookies x 1 s poll = 8 s lifetime: 2 past keys of 4 s
        long nowS = RealtimeClock.unixNanos() / 1_000_000_000L;
        long epoch = nowS + 2 - 100 * period; // a boundary about 1-2 s from now
        String keys = "[keys]\nrotation_period_s = %d\nclient_poll_s = 1\nepoch = %d\n".formatted(period, epoch);
        try (var a = SoftwareAppliance.start(config(dir, keys), env(SYNCED))) {
            var s = NtsTestClient.keyExchange(trustingOwnCert(a), a.keAddresses().getFirst(), List.of(15));
            int before = a.keys().ring().current().id();
            assertEquals(before, NtsTestClient.keyId(s.cookies().getFirst()));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (a.keys().ring().current().id() == before && System.nanoTime() < end) Thread.sleep(20);
            int after = a.keys().ring().current().id();
            assertNotEquals(before, after, "rotated at the period boundary");
            // the state on disk already holds the new period
            var onDisk = net.ntsbox.keys.KeyRingFile.read(dir.resolve("keys.state"));
            assertEquals(a.keys().ring().currentPeriod() + 1, onDisk.ratchetPeriod());
            InetSocketAddress ntp = a.ntpAddresses().getFirst();
            byte[] uid = NtsTestClient.uid();
            long t = now();
            var reply = NtsTestClient.verify(s, NtsTestClient.exchange(ntp,
                    NtsTestClient.ntsRequest(s, s.cookies().get(1), uid, t, 0)), uid, t);
            assertEquals(after, NtsTestClient.keyId(reply.cookies().getFirst()), "new cookies under the new key");
            assertEquals(0, a.datapathCounters().outcome(StepOutcome.NAK_UNKNOWN_KEY));
        }
    }

    @Test
    void unsynchronisedKernelClockGivesLeap3Stratum16() throws Exception {
        try (var a = SoftwareAppliance.start(config(dir, ""), env(UNSYNCED))) {
            NtpHeader h = NtpHeader.read(NtsTestClient.exchange(a.ntpAddresses().getFirst(), NtsTestClient.plainRequest(7)), 0);
            assertEquals(3, h.leap());
            assertEquals(16, h.stratum());
            assertEquals(0, h.referenceId());
        }
        try (var a = SoftwareAppliance.start(config(dir, "[clock]\nrequire_sync = false\n"), env(UNSYNCED))) {
            NtpHeader h = NtpHeader.read(NtsTestClient.exchange(a.ntpAddresses().getFirst(), NtsTestClient.plainRequest(7)), 0);
            assertEquals(0, h.leap(), "require_sync = false serves the configured stratum anyway");
            assertEquals(1, h.stratum());
        }
    }

    @Test
    void clockStatusIsReReadWhileRunning() throws Exception {
        var kernel = new java.util.concurrent.atomic.AtomicReference<>(UNSYNCED);
        try (var a = SoftwareAppliance.start(config(dir, ""),
                new ApplianceEnvironment(RealtimeClock::unixNanos, kernel::get, Duration.ofMillis(50)))) {
            InetSocketAddress to = a.ntpAddresses().getFirst();
            assertEquals(16, NtpHeader.read(NtsTestClient.exchange(to, NtsTestClient.plainRequest(1)), 0).stratum());
            kernel.set(SYNCED);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            int stratum;
            do {
                Thread.sleep(20);
                stratum = NtpHeader.read(NtsTestClient.exchange(to, NtsTestClient.plainRequest(1)), 0).stratum();
            } while (stratum != 1 && System.nanoTime() < end);
            assertEquals(1, stratum);
        }
    }

    @Test
    void aPortInUseFailsTheStartWithAClearMessageAndLeavesNothingBound() throws Exception {
        try (var a = SoftwareAppliance.start(config(dir, ""), env(SYNCED))) {
            InetSocketAddress taken = a.ntpAddresses().getFirst();
            String toml = "[ntp]\nlisten = [\"" + net.ntsbox.config.HostPort.format(taken) + "\"]\n";
            Path other = dir.resolve("other");
            var e = assertThrows(ApplianceStartException.class, () -> SoftwareAppliance.start(
                    ConfigReader.parse("state_dir = \"" + other + "\"\n[nts_ke]\nlisten = [\"127.0.0.1:0\"]\n" + toml,
                            "t", other, ConfigOverrides.none()), env(SYNCED)));
            assertTrue(e.getMessage().contains("cannot bind UDP") && e.getMessage().contains(String.valueOf(taken.getPort())),
                    e.getMessage());
            InetSocketAddress keTaken = a.keAddresses().getFirst();
            var e2 = assertThrows(ApplianceStartException.class, () -> SoftwareAppliance.start(
                    ConfigReader.parse("state_dir = \"" + other + "\"\n[nts_ke]\nlisten = [\""
                            + net.ntsbox.config.HostPort.format(keTaken) + "\"]\n[ntp]\nlisten = [\"127.0.0.1:0\"]\n",
                            "t", other, ConfigOverrides.none()), env(SYNCED)));
            assertTrue(e2.getMessage().contains("nts_ke.listen"), e2.getMessage());
        }
    }

    @Test
    void anUnreadableCertificateFailsTheStart() throws Exception {
        Files.writeString(dir.resolve("bad.pem"), "not a certificate");
        Files.writeString(dir.resolve("bad.key"), "not a key");
        var e = assertThrows(ApplianceStartException.class, () -> SoftwareAppliance.start(
                ConfigReader.parse("state_dir = \"" + dir + "\"\n[nts_ke]\n"
                        + "listen = [\"127.0.0.1:0\"]\ncert = \"bad.pem\"\nkey = \"bad.key\"\n[ntp]\nlisten = [\"127.0.0.1:0\"]\n",
                        "t", dir, ConfigOverrides.none()), env(SYNCED)));
        assertTrue(e.getMessage().startsWith("nts_ke.cert/nts_ke.key"), e.getMessage());
    }
}
