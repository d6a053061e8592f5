package net.ntsbox.server.ke;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import net.ntsbox.ke.KeExchange;

/**
 * The NTS-KE server (RFC 8915 §4): TLS 1.3 only, ALPN ntske/1, on Vert.x with the JDK TLS
 * engine (its exporter is the one NTS needs). The protocol is the sans-IO {@link KeExchange};
 * this class owns sockets, limits and counters. It owns its Vert.x instance too: one event
 * loop per configured core, one server verticle per event loop.
 */
public final class KeTlsServer implements AutoCloseable {
    private static final long EVICT_PERIOD_MS = 10_000;

    /**
     * TLS 1.3 suites in the server's order of preference (SunJSSE servers pick by their own order):
     * AES-128-GCM with SHA-256 first because its transcript hash, HKDF and HMAC run on SHA-256,
     * which is cheaper per handshake in the JDK than SHA-384 (SHA-NI intrinsics on x86). All three
     * are full-strength TLS 1.3 suites; the NTS keys come from the exporter whatever the suite.
     */
    static final List<String> CIPHER_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");

    private final Vertx vertx;
    private final KeServerShared shared;
    private final List<InetSocketAddress> bound;

    private KeTlsServer(Vertx vertx, KeServerShared shared, List<InetSocketAddress> bound) {
        this.vertx = vertx;
        this.shared = shared;
        this.bound = bound;
    }

    /**
     * Binds all addresses and returns once listening, or throws {@link KeServerException} (and
     * leaves nothing running) when that fails or takes longer than {@code timeout}.
     */
    public static KeTlsServer start(KeServerConfig config, KeyManagerFactory keyManagers, KeExchange exchange,
            Duration timeout) throws KeServerException {
        SslContext ssl = tlsContext(keyManagers, config);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops()));
        KeServerShared shared = new KeServerShared(vertx, config, ssl, exchange);
        try {
            // Port 0 becomes a negative port: Vert.x then binds one random port per such address and
            // shares it among all instances (a plain 0 would bind a different port in each).
            List<KeServerVerticle.Listen> asked = new ArrayList<>();
            for (int i = 0; i < config.bindAddresses().size(); i++) {
                InetSocketAddress a = config.bindAddresses().get(i);
                asked.add(new KeServerVerticle.Listen(a.getAddress(), a.getPort() == 0 ? -(i + 1) : a.getPort()));
            }
            List<KeServerVerticle> instances = new CopyOnWriteArrayList<>();
            await(vertx.deployVerticle(() -> {
                KeServerVerticle v = new KeServerVerticle(shared, asked);
                instances.add(v);
                return v;
            }, new DeploymentOptions().setInstances(config.eventLoops())), timeout, "bind " + config.bindAddresses());
            List<InetSocketAddress> bound = instances.getFirst().boundAddresses();
            vertx.setPeriodic(EVICT_PERIOD_MS, t -> {
                long now = System.nanoTime();
                shared.rateLimiter.evictIdle(now);
                shared.log.evictOld(now);
            });
            return new KeTlsServer(vertx, shared, List.copyOf(bound));
        } catch (KeServerException e) {
            vertx.close();
            throw e;
        }
    }

    /**
     * Netty's JDK engine (SunJSSE: the one with the exporter), TLS 1.3 only, ALPN ntske/1 with a
     * fatal alert for clients offering only other protocols. Clients offering no ALPN still pass
     * the handshake; {@link KeConnection} closes them.
     */
    private static SslContext tlsContext(KeyManagerFactory keyManagers, KeServerConfig config) throws KeServerException {
        try {
            return SslContextBuilder.forServer(keyManagers)
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3")
                    .ciphers(CIPHER_SUITES, io.netty.handler.ssl.IdentityCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.FATAL_ALERT,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.FATAL_ALERT,
                            KeConnection.ALPN_NTSKE))
                    .build();
        } catch (javax.net.ssl.SSLException | RuntimeException e) {
            throw new KeServerException("NTS-KE server: cannot build the TLS 1.3 context: " + e.getMessage(), e);
        }
    }

    private static <T> T await(Future<T> f, Duration timeout, String what) throws KeServerException {
        try {
            return f.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new KeServerException("NTS-KE server: " + what + ": no result within " + timeout);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new KeServerException("NTS-KE server: " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeServerException("NTS-KE server: " + what + ": interrupted");
        }
    }

    /** Where the server listens (with the actual ports when port 0 was configured). */
    public List<InetSocketAddress> boundAddresses() {
        return bound;
    }

    public KeServerCounters counters() {
        return shared.counters;
    }

    /** Connections open right now (all addresses). */
    public int openConnections() {
        return shared.openConnections.get();
    }

    /** Stops listening, closes open connections and the event loops; the future ends when all is done. */
    public Future<Void> closeAsync() {
        return vertx.close();
    }

    /** {@link #closeAsync()}, waiting at most 5 s. */
    @Override
    public void close() {
        try {
            closeAsync().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            System.getLogger("net.ntsbox.server.ke").log(System.Logger.Level.WARNING,
                    "NTS-KE server did not close cleanly: " + e);
        }
    }
}
