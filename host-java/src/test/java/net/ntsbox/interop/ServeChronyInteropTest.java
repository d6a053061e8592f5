package net.ntsbox.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.ntsbox.appliance.SoftwareAppliance;
import net.ntsbox.config.ApplianceConfig;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import net.ntsbox.config.HostPort;
import net.ntsbox.interop.TestPki.KeyType;
import net.ntsbox.ke.KeOutcome;
import net.ntsbox.server.StepOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * chronyd 4.3 as NTS client of the in-process appliance (software datapath) on loopback. The
 * appliance runs with {@code require_sync = false}: this machine's kernel clock is
 * unsynchronised (STA_UNSYNC), and chrony would rightly ignore a stratum-16 server.
 */
class ServeChronyInteropTest {
    private static final Duration RESPONSES = Duration.ofSeconds(20);

    @TempDir
    Path state;

    private static ApplianceConfig config(Path state, List<String> ke, List<String> ntp, String extra) throws Exception {
        String toml = """
                state_dir = "%s"
                [nts_ke]
                listen = [%s]
                cert = "%s"
                key = "%s"
                [ntp]
                listen = [%s]
                threads = 2
                [clock]
                require_sync = false
                %s
                """.formatted(state, quoted(ke), TestPki.get().serverChainPem(KeyType.EC), TestPki.get().serverKeyPem(KeyType.EC),
                quoted(ntp), extra);
        return ConfigReader.parse(toml, "interop.toml", state, ConfigOverrides.none());
    }

    private static String quoted(List<String> l) {
        return String.join(", ", l.stream().map(s -> "\"" + s + "\"").toList());
    }

    private static final List<String> ANY = List.of("127.0.0.1:0", "[::1]:0");

    private static int index(String host) { return host.contains(":") ? 1 : 0; }

    @ParameterizedTest(name = "chrony -> {0}")
    @ValueSource(strings = {"127.0.0.1", "::1"})
    @Timeout(60)
    void ntsKeEightCookiesAuthenticatedResponsesCookiesReplenished(String host) throws Exception {
        try (var a = SoftwareAppliance.start(config(state, ANY, ANY, ""));
                var client = ChronyClientPeer.builder(host, a.advertisedNtpPort(), a.keAddresses().get(index(host)).getPort())
                        .start()) {
            ChronyNtpData ntp = client.awaitAuthenticatedResponses(4, RESPONSES);
            String diag = client.diagnostics() + "\nappliance: " + a.datapathCounters() + " " + a.keCounters();
            ChronyAuthData auth = client.authdata().orElseThrow();
            assertEquals("NTS", auth.mode(), diag);
            assertEquals(15, auth.aead(), diag);
            assertEquals(100, auth.cookieLength(), diag);
            assertEquals(8, auth.cookies(), "cookies replenished\n" + diag);
            assertEquals(0, auth.naks(), diag);
            assertEquals(a.advertisedNtpPort(), ntp.remotePort(), "NTP port from the Port record\n" + diag);
            assertEquals(1, ntp.stratum(), diag);
            assertEquals(1, a.keCounters().replies(KeOutcome.OK), diag);
            assertTrue(a.datapathCounters().outcome(StepOutcome.NTS_RESPONSE) >= 4, diag);
            assertTrue(client.sources().stream().anyMatch(s -> s.reach() > 0), diag);
        }
    }

    @Test
    @Timeout(60)
    void restartBetweenPollsKeepsOldCookiesAndNeedsNoSecondNtsKe() throws Exception {
        SoftwareAppliance first = SoftwareAppliance.start(config(state, ANY, ANY, ""));
        List<String> ke = first.keAddresses().stream().map(HostPort::format).toList();
        List<String> ntp = first.ntpAddresses().stream().map(HostPort::format).toList();
        InetSocketAddress ke4 = first.keAddresses().getFirst();
        try (var client = ChronyClientPeer.builder("127.0.0.1", first.advertisedNtpPort(), ke4.getPort()).start()) {
            try {
                client.awaitAuthenticatedResponses(2, RESPONSES);
                assertEquals(1, first.keCounters().replies(KeOutcome.OK));
            } finally {
                first.close();
            }
            long validBefore = client.ntpdata().orElseThrow().totalValidRx();
            try (var second = SoftwareAppliance.start(config(state, ke, ntp, ""))) {
                ChronyNtpData after = client.awaitAuthenticatedResponses((int) validBefore + 3, RESPONSES);
                String diag = client.diagnostics() + "\nappliance: " + second.datapathCounters() + " " + second.keCounters();
                assertEquals(0, second.keCounters().accepted(), "no NTS-KE with the restarted server\n" + diag);
                ChronyAuthData auth = client.authdata().orElseThrow();
                assertEquals(0, auth.naks(), diag);
                assertEquals(0, auth.attempts(), diag);
                assertTrue(second.datapathCounters().outcome(StepOutcome.NTS_RESPONSE) >= 3, diag);
                assertEquals(0, second.datapathCounters().outcome(StepOutcome.NAK_UNKNOWN_KEY)
                        + second.datapathCounters().outcome(StepOutcome.NAK_BAD_COOKIE), diag);
                assertTrue(after.authenticated(), diag);
            }
        }
    }

    @Test
    @Timeout(60)
    void keyRotationWhileChronyPollsGivesNoNak() throws Exception {
        long period = 4; // with client_poll_s = 1: cookies live 8 s, 2 past keys cover them
        long now = System.currentTimeMillis() / 1000;
        String keys = "[keys]\nrotation_period_s = %d\nclient_poll_s = 1\nepoch = %d\n".formatted(period, now - 1000 * period + 2);
        try (var a = SoftwareAppliance.start(config(state, ANY, ANY, keys));
                var client = ChronyClientPeer.builder("127.0.0.1", a.advertisedNtpPort(), a.keAddresses().getFirst().getPort())
                        .poll(-1, -1).start()) {
            client.awaitAuthenticatedResponses(2, RESPONSES);
            long startPeriod = a.keys().ring().currentPeriod();
            long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (a.keys().ring().currentPeriod() < startPeriod + 2 && System.nanoTime() < end) Daemon.sleep(Duration.ofMillis(100));
            long valid = client.ntpdata().orElseThrow().totalValidRx();
            // chrony presents its oldest cookie first: 8 more responses reach the cookies minted after a rotation
            client.awaitAuthenticatedResponses((int) valid + 10, RESPONSES);
            String diag = client.diagnostics() + "\nappliance: " + a.datapathCounters() + " " + a.keCounters();
            assertTrue(a.keys().ring().currentPeriod() >= startPeriod + 2, "two rotations happened\n" + diag);
            ChronyAuthData auth = client.authdata().orElseThrow();
            assertEquals(0, auth.naks(), diag);
            assertEquals(1, a.keCounters().replies(KeOutcome.OK), "no second NTS-KE\n" + diag);
            long slotsUsed = java.util.stream.IntStream.range(0, 4).filter(s -> a.datapathCounters().slot(s) > 0).count();
            assertTrue(slotsUsed >= 2, "cookies under several keys were presented\n" + diag);
            assertTrue(client.ntpdata().orElseThrow().authenticated(), diag);
            assertTrue(client.sources().stream().anyMatch(s -> s.reach() > 0), "sync kept\n" + diag);
        }
    }

    /** The printed chrony hint for a fresh machine: the self-signed certificate as ntstrustedcerts. */
    @Test
    @Timeout(60)
    void selfSignedCertificateWorksWithChronyOverIpv6() throws Exception {
        String toml = """
                state_dir = "%s"
                [nts_ke]
                listen = ["[::1]:0"]
                [ntp]
                listen = ["[::1]:0"]
                threads = 1
                [clock]
                require_sync = false
                """.formatted(state);
        try (var a = SoftwareAppliance.start(ConfigReader.parse(toml, "t", state, ConfigOverrides.none()));
                var client = ChronyClientPeer.builder("::1", a.advertisedNtpPort(), a.keAddresses().getFirst().getPort())
                        .trustedCa(a.certificate()).start()) {
            assertTrue(a.selfSignedCertificate());
            client.awaitAuthenticatedResponses(3, RESPONSES);
            assertEquals(0, client.authdata().orElseThrow().naks(), client.diagnostics());
        }
    }
}
