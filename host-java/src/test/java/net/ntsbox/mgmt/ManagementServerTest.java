package net.ntsbox.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.MasterKey;
import net.ntsbox.keys.RotationPolicy;
import net.ntsbox.metrics.ClockState;
import net.ntsbox.metrics.ClockStatus;
import net.ntsbox.metrics.KeyRingMetrics;
import net.ntsbox.metrics.MetricRegistry;
import net.ntsbox.metrics.ProcessMetrics;
import net.ntsbox.tls.CertificateWatcher;
import net.ntsbox.tls.PemKeyMaterial;
import net.ntsbox.tls.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ManagementServerTest {
    static final String TOKEN = "3f9c1e0b7a5d4c2e8f6a1b3c5d7e9f01";
    static final ObjectMapper JSON = new ObjectMapper();
    static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    static final long NOW = 1_800_000_000L;

    @TempDir
    Path dir;
    Path tokenFile;
    KeyRing ring;
    ManagementSources sources;
    final AtomicInteger rotations = new AtomicInteger();
    ManagementServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() throws IOException {
        tokenFile = secret("token", TOKEN + "\n");
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        ring = KeyRing.fromSeed(seed, NOW - 10 * 86400, RotationPolicy.DEFAULT, NOW);
        MetricRegistry metrics = new MetricRegistry()
                .register(new ProcessMetrics("9.9.9-test", Instant.ofEpochSecond(NOW - 3600)))
                .register(new KeyRingMetrics(() -> ring, () -> NOW));
        StatusSource status = new StatusSource() {
            @Override
            public String datapathKind() {
                return "software";
            }

            @Override
            public ClockStatus timeSource() {
                return new ClockStatus(ClockState.HOLDOVER, "GPS", 1, Double.NaN, 12.5, 42);
            }
        };
        sources = new ManagementSources("9.9.9-test", Instant.ofEpochSecond(NOW - 3600), metrics, status, () -> ring,
                () -> NOW, Map.of(), () -> {
                    rotations.incrementAndGet(); // the key wiring advances and persists the ring here
                    return new KeyRotationControl.Result(ring.current().idHex(), ring.currentPeriod());
                });
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    Path secret(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    ManagementServer start(ManagementConfig c) throws ManagementException {
        server = ManagementServer.start(c, sources, null, Duration.ofSeconds(10));
        return server;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.boundAddress().getPort() + path);
    }

    HttpResponse<String> send(HttpClient client, URI uri, String method, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return send(http, uri(path), "GET", token);
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        return JSON.readTree(r.body());
    }

    @Test
    void tokenMissingWrongAndRight() throws Exception {
        start(ManagementConfig.withToken(LOOPBACK, tokenFile));
        HttpResponse<String> missing = get("/api/v1/status", null);
        assertEquals(401, missing.statusCode());
        assertEquals("unauthorized", json(missing).get("error").asText());
        assertTrue(missing.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        HttpResponse<String> wrong = get("/api/v1/status", TOKEN.substring(1) + "x");
        assertEquals(401, wrong.statusCode());
        assertEquals("invalid_token", json(wrong).get("error").asText());
        assertEquals(401, get("/api/v1/status", TOKEN + "0").statusCode());
        assertEquals(401, get("/metrics", null).statusCode(), "metrics are authenticated by default");
        assertEquals(401, get("/nonexistent", null).statusCode(), "no endpoint discovery without credentials");
        assertEquals(200, get("/api/v1/status", TOKEN).statusCode());
        HttpResponse<String> unknown = get("/nonexistent", TOKEN);
        assertEquals(404, unknown.statusCode());
        assertEquals("not_found", json(unknown).get("error").asText());
    }

    @Test
    void statusShapeWithoutKeyMaterial() throws Exception {
        start(ManagementConfig.withToken(LOOPBACK, tokenFile));
        HttpResponse<String> r = get("/api/v1/status", TOKEN);
        assertEquals(200, r.statusCode());
        JsonNode s = json(r);
        assertEquals("9.9.9-test", s.get("version").asText());
        assertEquals(3600, s.get("uptime_seconds").asLong());
        assertEquals("software", s.get("datapath").asText());
        assertEquals("holdover", s.get("time_source").get("state").asText());
        assertTrue(s.get("time_source").get("offset_seconds").isNull(), "NaN becomes null");
        assertEquals(12.5, s.get("time_source").get("frequency_ppb").asDouble());
        JsonNode keys = s.get("keys");
        assertEquals(ring.current().idHex(), keys.get("current_id").asText());
        assertEquals(10, keys.get("current_period").asLong());
        JsonNode live = keys.get("live");
        assertEquals(4, live.size());
        assertEquals(List.of("future", "current", "past", "past"),
                List.of(live.get(0).get("role").asText(), live.get(1).get("role").asText(), live.get(2).get("role").asText(),
                        live.get(3).get("role").asText()));
        assertEquals(0, live.get(1).get("age_seconds").asLong());
        assertEquals(86400, live.get(2).get("age_seconds").asLong());
        assertEquals(Instant.ofEpochSecond(NOW + 86400).toString(), keys.get("next_rotation").asText());
        assertTrue(s.get("management").get("read_only").asBoolean());
        for (MasterKey k : ring.slots()) {
            byte[] bytes = k.keyBytes();
            String hex = HexFormat.of().formatHex(bytes);
            assertFalse(r.body().contains(hex) || r.body().contains(hex.toUpperCase(Locale.ROOT)),
                    "key bytes of " + k.idHex() + " in the status");
            assertFalse(r.body().contains(java.util.Base64.getEncoder().encodeToString(bytes)));
            assertTrue(r.body().contains(k.idHex()));
        }
    }

    @Test
    void metricsContentTypeAndBody() throws Exception {
        start(ManagementConfig.withToken(LOOPBACK, tokenFile));
        HttpResponse<String> r = get("/metrics", TOKEN);
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(sources.metrics().scrape(), r.body());
        assertTrue(r.body().contains("ntsbox_build_info{version=\"9.9.9-test\"} 1\n"));
        assertTrue(r.body().contains("role=\"current\"} 1\n"));
    }

    @Test
    void metricsMayBeOpenWhileTheApiIsNot() throws Exception {
        start(ManagementConfig.withToken(LOOPBACK, tokenFile).withMetricsUnauthenticated(true));
        assertEquals(200, get("/metrics", null).statusCode());
        assertEquals(401, get("/api/v1/status", null).statusCode());
    }

    @Test
    void readOnlyRefusesRotation() throws Exception {
        start(ManagementConfig.withToken(LOOPBACK, tokenFile));
        HttpResponse<String> r = send(http, uri("/api/v1/keys/rotate"), "POST", TOKEN);
        assertEquals(403, r.statusCode());
        assertEquals("read_only", json(r).get("error").asText());
        assertEquals(401, send(http, uri("/api/v1/keys/rotate"), "POST", null).statusCode(), "401 before 403");
        assertEquals(0, rotations.get());
    }

    @Test
    void readWriteRotationCallsTheControl() throws Exception {
        start(ManagementConfig.withToken(LOOPBACK, tokenFile).withReadWrite(true));
        HttpResponse<String> get = send(http, uri("/api/v1/keys/rotate"), "GET", TOKEN);
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
        HttpResponse<String> r = send(http, uri("/api/v1/keys/rotate"), "POST", TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, rotations.get());
        assertEquals(ring.current().idHex(), json(r).get("current_id").asText());
        assertFalse(JSON.readTree(get("/api/v1/status", TOKEN).body()).get("management").get("read_only").asBoolean());
    }

    @Test
    void rotationRefusedByTheControlIsAConflict() throws Exception {
        sources = new ManagementSources(sources.version(), sources.started(), sources.metrics(), sources.status(),
                sources.keys(), sources.nowSeconds(), Map.of(), () -> {
                    throw new IllegalStateException("a rotation is already in progress");
                });
        start(ManagementConfig.withToken(LOOPBACK, tokenFile).withReadWrite(true));
        HttpResponse<String> r = send(http, uri("/api/v1/keys/rotate"), "POST", TOKEN);
        assertEquals(409, r.statusCode());
        assertEquals("a rotation is already in progress", json(r).get("message").asText());
    }

    @Test
    void noDefaultCredentials() throws Exception {
        ManagementConfig none = new ManagementConfig(LOOPBACK, null, null, false, false, false);
        ManagementException e = assertThrows(ManagementException.class, () -> start(none));
        assertTrue(e.getMessage().contains("no credentials"), e.getMessage());
        // Explicitly allowed, but not on a non-loopback address (refused before binding anything).
        ManagementConfig wide = new ManagementConfig(new InetSocketAddress("0.0.0.0", 0), null, null, false, false, true);
        assertThrows(ManagementException.class, () -> start(wide));
        // A token in clear text off loopback is refused too.
        ManagementConfig clear = ManagementConfig.withToken(new InetSocketAddress("0.0.0.0", 0), tokenFile);
        e = assertThrows(ManagementException.class, () -> start(clear));
        assertTrue(e.getMessage().contains("needs TLS"), e.getMessage());
        // A token file others can read, or a short token, is refused.
        Path shared = dir.resolve("shared-token");
        Files.writeString(shared, TOKEN);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
        e = assertThrows(ManagementException.class, () -> start(ManagementConfig.withToken(LOOPBACK, shared)));
        assertTrue(e.getMessage().contains("other users"), e.getMessage());
        Path shortToken = secret("short", "abc");
        assertThrows(ManagementException.class, () -> start(ManagementConfig.withToken(LOOPBACK, shortToken)));

        start(new ManagementConfig(LOOPBACK, null, null, false, false, true));
        assertEquals(200, get("/api/v1/status", null).statusCode());
    }

    @Test
    void clientCertificateOverTls() throws Exception {
        Path pki = Files.createDirectories(dir.resolve("pki"));
        PemKeyMaterial serverKeys = TestPki.ecServer(pki);
        TestPki.openssl(pki, "req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=ntsbox test client CA", "-days", "2");
        TestPki.openssl(pki, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "client.key");
        TestPki.openssl(pki, "req", "-new", "-key", "client.key", "-subj", "/CN=operator", "-out", "client.csr");
        TestPki.openssl(pki, "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-out", "client.pem");
        PemKeyMaterial clientKeys = PemKeyMaterial.load(pki.resolve("client.pem"), pki.resolve("client.key"));

        try (CertificateWatcher tls = CertificateWatcher.open(pki.resolve("ec.pem"), pki.resolve("ec.key"), Duration.ZERO)) {
            ManagementConfig c = new ManagementConfig(LOOPBACK, null, pki.resolve("ca.pem"), false, false, false);
            server = ManagementServer.start(c, sources, tls, Duration.ofSeconds(10));
            URI status = URI.create("https://127.0.0.1:" + server.boundAddress().getPort() + "/api/v1/status");

            HttpClient withCert = HttpClient.newBuilder().sslContext(client(serverKeys, clientKeys.keyManager())).build();
            HttpResponse<String> ok = send(withCert, status, "GET", null);
            assertEquals(200, ok.statusCode());
            assertEquals("software", json(ok).get("datapath").asText());

            HttpClient withoutCert = HttpClient.newBuilder().sslContext(client(serverKeys, null)).build();
            assertThrows(IOException.class, () -> send(withoutCert, status, "GET", null), "handshake refused");
            // A certificate from another CA (the server's self-signed one) is refused as well.
            HttpClient otherCa = HttpClient.newBuilder().sslContext(client(serverKeys, serverKeys.keyManager())).build();
            assertThrows(IOException.class, () -> send(otherCa, status, "GET", null));
        }
    }

    static SSLContext client(PemKeyMaterial trustedServer, KeyManager clientKey) throws Exception {
        java.security.KeyStore ts = java.security.KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("server", trustedServer.chain().getFirst());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(clientKey == null ? null : new KeyManager[] {clientKey}, tmf.getTrustManagers(), null);
        return ctx;
    }
}
