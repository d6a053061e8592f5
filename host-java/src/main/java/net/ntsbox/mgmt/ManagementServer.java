package net.ntsbox.mgmt;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import net.ntsbox.metrics.TextFormat;
import net.ntsbox.tls.CertificateWatcher;

/**
 * The management HTTP API on its own address: {@code GET /metrics} (Prometheus text),
 * {@code GET /api/v1/status} (JSON), {@code POST /api/v1/keys/rotate}. Authentication by
 * bearer token and/or TLS client certificate (every configured method must pass); see
 * {@link ManagementConfig} for the rules that keep it from ever running without credentials
 * by accident. Errors are JSON {@code {"error": code, "message": text}}: 401 for missing or
 * wrong credentials, 403 for a change on a read-only server, 404, 405, 409, 501.
 */
public final class ManagementServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("net.ntsbox.mgmt");
    static final String METRICS = "/metrics";
    static final String STATUS = "/api/v1/status";
    static final String ROTATE = "/api/v1/keys/rotate";

    private final Vertx vertx;
    private final InetSocketAddress bound;

    private ManagementServer(Vertx vertx, InetSocketAddress bound) {
        this.vertx = vertx;
        this.bound = bound;
    }

    /**
     * Checks the configuration, reads the token, binds and returns once listening.
     *
     * @param tls the server certificate (HTTPS), or null for plain HTTP (loopback only)
     */
    public static ManagementServer start(ManagementConfig config, ManagementSources sources, CertificateWatcher tls,
            Duration timeout) throws ManagementException {
        boolean loopback = config.bind().getAddress().isLoopbackAddress();
        boolean hasToken = config.tokenFile() != null;
        boolean hasClientCa = config.clientCaFile() != null;
        if (!hasToken && !hasClientCa) {
            if (!loopback || !config.allowUnauthenticatedLoopback()) {
                throw new ManagementException("management API on " + config.bind() + " has no credentials configured: "
                        + "set a token file and/or a client CA; without them it starts only on a loopback address "
                        + "with allow_unauthenticated_loopback");
            }
            LOG.log(System.Logger.Level.WARNING, "management API on " + config.bind()
                    + " accepts every local user (allow_unauthenticated_loopback)");
        }
        if (hasClientCa && tls == null) {
            throw new ManagementException("management client certificates need TLS: configure a server certificate");
        }
        if (!loopback && tls == null) {
            throw new ManagementException("management API on non-loopback " + config.bind()
                    + " needs TLS (credentials would cross the network in clear text)");
        }
        if (hasClientCa && !Files.isReadable(config.clientCaFile())) {
            throw new ManagementException("management client CA file not readable: " + config.clientCaFile());
        }
        BearerToken token = hasToken ? BearerToken.load(config.tokenFile()) : null;

        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.bind().getAddress().getHostAddress())
                .setPort(config.bind().getPort())
                .setIdleTimeout(60)
                .setMaxInitialLineLength(1024)
                .setMaxHeaderSize(8192);
        if (tls != null) {
            options.setSsl(true)
                    .setEnabledSecureTransportProtocols(java.util.Set.of("TLSv1.3", "TLSv1.2"))
                    .setKeyCertOptions(KeyCertOptions.wrap(tls.keyManagerFactory()));
            if (hasClientCa) {
                // REQUEST when /metrics is open, so scrapers without a certificate still connect; the
                // handler then requires a verified certificate on every other path.
                options.setTrustOptions(new PemTrustOptions().addCertPath(config.clientCaFile().toString()))
                        .setClientAuth(config.metricsUnauthenticated() ? ClientAuth.REQUEST : ClientAuth.REQUIRED);
            }
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        HttpServer server = vertx.createHttpServer(options);
        Handler handler = new Handler(vertx, config, sources, token, hasClientCa);
        server.requestHandler(handler::handle);
        try {
            HttpServer s = await(server.listen(), timeout, "bind " + config.bind());
            InetSocketAddress at = new InetSocketAddress(config.bind().getAddress(), s.actualPort());
            LOG.log(System.Logger.Level.INFO, "management API on " + (tls != null ? "https://" : "http://") + at
                    + (config.readWrite() ? " (read-write)" : " (read-only)"));
            return new ManagementServer(vertx, at);
        } catch (ManagementException e) {
            vertx.close();
            throw e;
        }
    }

    public InetSocketAddress boundAddress() {
        return bound;
    }

    public Future<Void> closeAsync() {
        return vertx.close();
    }

    @Override
    public void close() {
        try {
            closeAsync().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "management API did not close cleanly: " + e);
        }
    }

    private static <T> T await(Future<T> f, Duration timeout, String what) throws ManagementException {
        try {
            return f.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ManagementException("management API: " + what + ": no result within " + timeout);
        } catch (ExecutionException e) {
            throw new ManagementException("management API: " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManagementException("management API: " + what + ": interrupted");
        }
    }

    /** Authentication, then routing; runs on the event loop (rotation on a worker). */
    private record Handler(Vertx vertx, ManagementConfig config, ManagementSources sources, BearerToken token,
            boolean clientCertRequired) {

        void handle(HttpServerRequest req) {
            try {
                String path = req.path();
                boolean open = METRICS.equals(path) && config.metricsUnauthenticated();
                if (!open && !authenticated(req)) {
                    return;
                }
                switch (path) {
                    case METRICS -> {
                        if (allow(req, HttpMethod.GET)) {
                            req.response().putHeader("Content-Type", TextFormat.CONTENT_TYPE)
                                    .end(sources.metrics().scrape());
                        }
                    }
                    case STATUS -> {
                        if (allow(req, HttpMethod.GET)) {
                            json(req, 200, StatusJson.build(sources, config.readWrite()));
                        }
                    }
                    case ROTATE -> {
                        if (allow(req, HttpMethod.POST)) {
                            rotate(req);
                        }
                    }
                    default -> error(req, 404, "not_found", "no such endpoint: " + path);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "management request " + req.path() + " failed: " + e);
                error(req, 500, "internal_error", e.getClass().getSimpleName());
            }
        }

        private boolean authenticated(HttpServerRequest req) {
            if (clientCertRequired && !hasVerifiedClientCertificate(req)) {
                error(req, 401, "unauthorized", "a client certificate signed by the configured CA is required");
                return false;
            }
            if (token != null) {
                String h = req.getHeader("Authorization");
                if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    req.response().putHeader("WWW-Authenticate", "Bearer realm=\"ntsbox\"");
                    error(req, 401, "unauthorized", "missing bearer token (Authorization: Bearer <token>)");
                    return false;
                }
                if (!token.matches(h.substring(7).strip())) {
                    req.response().putHeader("WWW-Authenticate", "Bearer realm=\"ntsbox\", error=\"invalid_token\"");
                    error(req, 401, "invalid_token", "the bearer token is not valid");
                    return false;
                }
            }
            return true;
        }

        private static boolean hasVerifiedClientCertificate(HttpServerRequest req) {
            SSLSession session = req.connection().sslSession();
            if (session == null) {
                return false;
            }
            try {
                return session.getPeerCertificates().length > 0; // only verified chains get here
            } catch (SSLPeerUnverifiedException e) {
                return false;
            }
        }

        private static boolean allow(HttpServerRequest req, HttpMethod method) {
            if (req.method().equals(method) || (method == HttpMethod.GET && req.method().equals(HttpMethod.HEAD))) {
                return true;
            }
            req.response().putHeader("Allow", method.name());
            error(req, 405, "method_not_allowed", req.path() + " accepts " + method.name() + " only");
            return false;
        }

        private void rotate(HttpServerRequest req) {
            if (!config.readWrite()) {
                error(req, 403, "read_only", "the management API is read-only; set read_write to allow key rotation");
                return;
            }
            KeyRotationControl control = sources.rotation();
            if (control == null) {
                error(req, 501, "not_available", "key rotation is not available on this server");
                return;
            }
            vertx.executeBlocking(control::rotateNow, true).onComplete(r -> {
                if (r.succeeded()) {
                    KeyRotationControl.Result res = r.result();
                    LOG.log(System.Logger.Level.INFO, "master keys rotated by management API: current key "
                            + res.currentKeyId() + ", period " + res.currentPeriod());
                    json(req, 200, new JsonObject().put("rotated", true).put("current_id", res.currentKeyId())
                            .put("current_period", res.currentPeriod()));
                } else if (r.cause() instanceof IllegalStateException e) {
                    error(req, 409, "conflict", String.valueOf(e.getMessage()));
                } else {
                    LOG.log(System.Logger.Level.WARNING, "key rotation failed: " + r.cause());
                    error(req, 500, "rotation_failed", r.cause().getClass().getSimpleName());
                }
            });
        }

        private static void json(HttpServerRequest req, int status, JsonObject body) {
            req.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store").end(body.encodePrettily() + "\n");
        }

        private static void error(HttpServerRequest req, int status, String code, String message) {
            json(req, status, new JsonObject().put("error", code).put("message", message));
        }
    }
}
