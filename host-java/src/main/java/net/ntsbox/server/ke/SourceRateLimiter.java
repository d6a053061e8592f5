package net.ntsbox.server.ke;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-source token buckets: each source may open {@code burst} connections at once and
 * {@code perSecond} on average. Time is passed in (nanoTime) so the rule is testable without
 * sleeping. Idle sources (bucket full again) are evicted when the table grows past its cap.
 */
final class SourceRateLimiter {
    private final double perNano;
    private final double burst;
    private final int maxSources;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long lastNanos;

        Bucket(double tokens, long lastNanos) {
            this.tokens = tokens;
            this.lastNanos = lastNanos;
        }

        synchronized boolean take(long now, double perNano, double burst) {
            refill(now, perNano, burst);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized boolean isFull(long now, double perNano, double burst) {
            refill(now, perNano, burst);
            return tokens >= burst;
        }

        private void refill(long now, double perNano, double burst) {
            long dt = now - lastNanos;
            if (dt > 0) {
                tokens = Math.min(burst, tokens + dt * perNano);
                lastNanos = now;
            }
        }
    }

    SourceRateLimiter(double perSecond, int burst, int maxSources) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.maxSources = maxSources;
    }

    /** True if {@code source} may open one more connection at {@code nowNanos}. */
    boolean tryAcquire(String source, long nowNanos) {
        Bucket b = buckets.get(source);
        if (b == null) {
            if (buckets.size() >= maxSources) {
                evictIdle(nowNanos);
                if (buckets.size() >= maxSources) {
                    return false; // a flood of distinct sources: refuse new ones rather than grow without bound
                }
            }
            b = buckets.computeIfAbsent(source, s -> new Bucket(burst, nowNanos));
        }
        return b.take(nowNanos, perNano, burst);
    }

    /** Drops sources whose bucket has refilled: they are indistinguishable from new ones. */
    void evictIdle(long nowNanos) {
        buckets.entrySet().removeIf(e -> e.getValue().isFull(nowNanos, perNano, burst));
    }

    int trackedSources() {
        return buckets.size();
    }
}
