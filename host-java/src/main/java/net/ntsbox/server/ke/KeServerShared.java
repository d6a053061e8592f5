package net.ntsbox.server.ke;

import io.vertx.core.Vertx;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.atomic.AtomicInteger;
import net.ntsbox.ke.KeExchange;

/** State shared by all event loops of one KE server: limits, counters, TLS options, the core. */
final class KeServerShared {
    final Vertx vertx;
    final KeServerConfig config;
    final SslContext sslContext;
    final KeExchange exchange;
    final KeServerCounters counters = new KeServerCounters();
    final AtomicInteger openConnections = new AtomicInteger();
    final SourceRateLimiter rateLimiter;
    final ThrottledLog log;

    KeServerShared(Vertx vertx, KeServerConfig config, SslContext sslContext, KeExchange exchange) {
        this.vertx = vertx;
        this.config = config;
        this.sslContext = sslContext;
        this.exchange = exchange;
        this.rateLimiter = new SourceRateLimiter(config.ratePerSecond(), config.rateBurst(), config.maxTrackedSources());
        this.log = new ThrottledLog(config.logInterval().toNanos(), config.maxTrackedSources());
    }
}
