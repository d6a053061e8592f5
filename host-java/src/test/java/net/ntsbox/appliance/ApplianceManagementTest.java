package net.ntsbox.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.ntsbox.keys.MasterKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The running appliance's management API and metrics over real HTTP, fed by real traffic. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApplianceManagementTest {
    @TempDir
    Path dir;

    @Test
    void metricsAndStatusReflectTrafficAndNeverShowKeyMaterial() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "s3cret-token-0123456789\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        String extra = """
                [management]
                listen = "127.0.0.1:0"
                token_file = "%s"
                """.formatted(token);
        try (var a = SoftwareAppliance.start(SoftwareApplianceTest.config(dir, extra),
                SoftwareApplianceTest.env(SoftwareApplianceTest.SYNCED))) {
            var s = NtsTestClient.keyExchange(SoftwareApplianceTest.trustingOwnCert(a), a.keAddresses().getFirst(), List.of(15));
            byte[] uid = NtsTestClient.uid();
            long t = SoftwareApplianceTest.now();
            NtsTestClient.verify(s, NtsTestClient.exchange(a.ntpAddresses().getFirst(),
                    NtsTestClient.ntsRequest(s, s.cookies().getFirst(), uid, t, 0)), uid, t);
            NtsTestClient.exchange(a.ntpAddresses().getFirst(), NtsTestClient.plainRequest(t));

            String base = "http://127.0.0.1:" + a.management().boundAddress().getPort();
            HttpClient http = HttpClient.newHttpClient();
            var unauth = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, unauth.statusCode(), "no default credentials");
            String metrics = get(http, base + "/metrics");
            assertTrue(metrics.contains("ntsbox_nts_ke_handshakes_total{outcome=\"ok\"} 1"), metrics);
            assertTrue(metrics.contains("ntsbox_nts_ke_cookies_issued_total 8"), metrics);
            assertTrue(metrics.contains("ntsbox_ntp_requests_total 2\n"), metrics);
            assertTrue(metrics.contains("ntsbox_ntp_responses_total{kind=\"nts\"} 1\n"), metrics);
            assertTrue(metrics.contains("ntsbox_ntp_responses_total{kind=\"plain\"} 1\n"), metrics);
            assertTrue(metrics.contains("ntsbox_nts_key_slot_uses_total{slot=\"" + a.keys().ring().current().slot() + "\"} 1\n"),
                    metrics);
            assertTrue(metrics.contains("ntsbox_udp_datagrams_received_total 2"), metrics);
            assertTrue(metrics.contains("ntsbox_tls_certificate_expiry_timestamp_seconds"), metrics);
            String status = get(http, base + "/api/v1/status");
            assertTrue(status.contains("\"software\""), status);
            for (MasterKey k : a.keys().ring().slots()) {
                if (k == null) continue;
                String hex = HexFormat.of().formatHex(k.keyBytes());
                assertFalse(status.toLowerCase().contains(hex) || metrics.contains(hex), "no key material exposed");
                assertTrue(status.contains(k.idHex()), "keys listed by ID: " + status);
            }
        }
    }

    @Test
    void aRenewedCertificateIsUsedByNewHandshakesWithoutARestart() throws Exception {
        var pki = net.ntsbox.interop.TestPki.get();
        Path cert = dir.resolve("fullchain.pem");
        Path key = dir.resolve("privkey.pem");
        Files.copy(pki.serverChainPem(net.ntsbox.interop.TestPki.KeyType.EC), cert);
        Files.copy(pki.serverKeyPem(net.ntsbox.interop.TestPki.KeyType.EC), key);
        String extra = """
                [nts_ke]
                listen = ["127.0.0.1:0"]
                cert = "%s"
                key = "%s"
                [management]
                certificate_reload_s = 1
                """.formatted(cert, key);
        var cfg = net.ntsbox.config.ConfigReader.parse("""
                state_dir = "%s"
                [ntp]
                listen = ["127.0.0.1:0"]
                %s
                """.formatted(dir, extra), "t.toml", dir, net.ntsbox.config.ConfigOverrides.none());
        try (var a = SoftwareAppliance.start(cfg, SoftwareApplianceTest.env(SoftwareApplianceTest.SYNCED))) {
            assertEquals("EC", serverKeyAlgorithm(a));
            // certbot-style renewal: new files, renamed over the old ones
            Path tmpCert = dir.resolve("fullchain.new");
            Path tmpKey = dir.resolve("privkey.new");
            Files.copy(pki.serverChainPem(net.ntsbox.interop.TestPki.KeyType.RSA), tmpCert);
            Files.copy(pki.serverKeyPem(net.ntsbox.interop.TestPki.KeyType.RSA), tmpKey);
            Files.move(tmpKey, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmpCert, cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"RSA".equals(serverKeyAlgorithm(a)) && System.nanoTime() < deadline) Thread.sleep(200);
            assertEquals("RSA", serverKeyAlgorithm(a), "new handshakes use the renewed pair");
            var s = NtsTestClient.keyExchange(trustingCa(pki), a.keAddresses().getFirst(), List.of(15));
            assertEquals(8, s.cookies().size(), "NTS-KE still works after the reload");
        }
    }

    private static javax.net.ssl.SSLContext trustingCa(net.ntsbox.interop.TestPki pki) throws Exception {
        try (var in = Files.newInputStream(pki.caCert())) {
            return NtsTestClient.trusting((java.security.cert.X509Certificate)
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
    }

    /** The public-key algorithm of the certificate a fresh TLS 1.3 handshake presents. */
    private static String serverKeyAlgorithm(SoftwareAppliance a) throws Exception {
        var ctx = trustingCa(net.ntsbox.interop.TestPki.get());
        var to = a.keAddresses().getFirst();
        try (var s = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket(to.getAddress(), to.getPort())) {
            var p = s.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3"});
            p.setApplicationProtocols(new String[] {"ntske/1"});
            s.setSSLParameters(p);
            s.startHandshake();
            return s.getSession().getPeerCertificates()[0].getPublicKey().getAlgorithm();
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer s3cret-token-0123456789")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return r.body();
    }
}
