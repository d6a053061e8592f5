package net.ntsbox.server.udp;

import java.time.Instant;

/** The system's realtime clock in nanoseconds since the Unix epoch (CLOCK_REALTIME resolution on JDK 25 Linux). */
public final class RealtimeClock {
    private RealtimeClock() {}

    public static long unixNanos() {
        Instant now = Instant.now(); // scalar-replaced by the JIT in the receive loop
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
