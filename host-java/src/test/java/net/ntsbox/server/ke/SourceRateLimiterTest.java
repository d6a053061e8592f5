package net.ntsbox.server.ke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SourceRateLimiterTest {
    static final long SECOND = 1_000_000_000L;

    @Test
    void burstThenRefillAtTheRate() {
        SourceRateLimiter r = new SourceRateLimiter(20, 40, 100);
        long t = 5 * SECOND;
        for (int i = 0; i < 40; i++) {
            assertTrue(r.tryAcquire("192.0.2.1", t), "burst token " + i);
        }
        assertFalse(r.tryAcquire("192.0.2.1", t));
        assertTrue(r.tryAcquire("192.0.2.2", t), "other sources have their own bucket");
        assertTrue(r.tryAcquire("192.0.2.1", t + SECOND / 20), "one token after 50 ms at 20/s");
        assertFalse(r.tryAcquire("192.0.2.1", t + SECOND / 20));
        int granted = 0;
        for (long ms = 100; ms <= 1050; ms += 10) { // 1.0 s after the token at 50 ms
            if (r.tryAcquire("192.0.2.1", t + ms * 1_000_000)) {
                granted++;
            }
        }
        assertEquals(20, granted, "20 per second once the burst is spent");
    }

    @Test
    void idleSourcesAreEvictedAndTheTableIsBounded() {
        SourceRateLimiter r = new SourceRateLimiter(1, 2, 3);
        assertTrue(r.tryAcquire("a", 0));
        assertTrue(r.tryAcquire("b", 0));
        assertTrue(r.tryAcquire("c", 0));
        assertFalse(r.tryAcquire("d", 0), "table full of active sources: a new one is refused");
        assertTrue(r.tryAcquire("d", 10 * SECOND), "after refill, idle ones are evicted to make room");
        assertEquals(1, r.trackedSources());
    }
}
