package net.ntsbox.server.ke;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Limits and bind addresses of the NTS-KE TLS server.
 *
 * @param bindAddresses         where to listen (IPv4 and/or IPv6 literals; port 0 picks a free port)
 * @param eventLoops            Vert.x event loops, one server verticle on each
 * @param maxRequestBytes       an NTS-KE request growing past this is closed without a reply
 * @param deadline              from accept to the reply written: TLS handshake plus request
 * @param maxConnections        open connections over all addresses; more are closed at accept
 * @param ratePerSecond         per source IP: connections per second (token bucket refill)
 * @param rateBurst             per source IP: token bucket size
 * @param maxTrackedSources     source IPs kept in the rate limiter before idle ones are evicted
 * @param logInterval           at most one log line per source IP per this interval
 */
public record KeServerConfig(
        List<InetSocketAddress> bindAddresses,
        int eventLoops,
        int maxRequestBytes,
        Duration deadline,
        int maxConnections,
        double ratePerSecond,
        int rateBurst,
        int maxTrackedSources,
        Duration logInterval) {

    public static final int DEFAULT_MAX_REQUEST_BYTES = 16384;
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final double DEFAULT_RATE_PER_SECOND = 20;
    public static final int DEFAULT_RATE_BURST = 40;
    public static final int DEFAULT_MAX_TRACKED_SOURCES = 65536;
    public static final Duration DEFAULT_LOG_INTERVAL = Duration.ofSeconds(60);

    public KeServerConfig {
        bindAddresses = List.copyOf(bindAddresses);
        if (bindAddresses.isEmpty()) {
            throw new IllegalArgumentException("no bind address");
        }
        if (eventLoops < 1 || maxRequestBytes < 1 || maxConnections < 1 || rateBurst < 1 || maxTrackedSources < 1) {
            throw new IllegalArgumentException("eventLoops, maxRequestBytes, maxConnections, rateBurst and "
                    + "maxTrackedSources must be positive");
        }
        if (!(ratePerSecond > 0) || deadline.isNegative() || deadline.isZero() || logInterval.isNegative()) {
            throw new IllegalArgumentException("ratePerSecond and deadline must be positive, logInterval not negative");
        }
    }

    /** All defaults (event loops = available processors) on these addresses. */
    public static KeServerConfig defaults(List<InetSocketAddress> bindAddresses) {
        return new KeServerConfig(bindAddresses, Runtime.getRuntime().availableProcessors(), DEFAULT_MAX_REQUEST_BYTES,
                DEFAULT_DEADLINE, DEFAULT_MAX_CONNECTIONS, DEFAULT_RATE_PER_SECOND, DEFAULT_RATE_BURST,
                DEFAULT_MAX_TRACKED_SOURCES, DEFAULT_LOG_INTERVAL);
    }

    public KeServerConfig withEventLoops(int n) {
        return new KeServerConfig(bindAddresses, n, maxRequestBytes, deadline, maxConnections, ratePerSecond, rateBurst,
                maxTrackedSources, logInterval);
    }

    public KeServerConfig withMaxRequestBytes(int n) {
        return new KeServerConfig(bindAddresses, eventLoops, n, deadline, maxConnections, ratePerSecond, rateBurst,
                maxTrackedSources, logInterval);
    }

    public KeServerConfig withDeadline(Duration d) {
        return new KeServerConfig(bindAddresses, eventLoops, maxRequestBytes, d, maxConnections, ratePerSecond, rateBurst,
                maxTrackedSources, logInterval);
    }

    public KeServerConfig withMaxConnections(int n) {
        return new KeServerConfig(bindAddresses, eventLoops, maxRequestBytes, deadline, n, ratePerSecond, rateBurst,
                maxTrackedSources, logInterval);
    }

    public KeServerConfig withRateLimit(double perSecond, int burst) {
        return new KeServerConfig(bindAddresses, eventLoops, maxRequestBytes, deadline, maxConnections, perSecond, burst,
                maxTrackedSources, logInterval);
    }
}
