package net.ntsbox.time.service;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What the time service takes from its host: the clock it disciplines (discipline mode), the
 * GPIO lines, monotonic and realtime clocks, and its cadence.
 *
 * @param tick period of the loop (discipline polls, LED updates, publishing); the simulation polls 4 times a second
 * @param sourceSilence a source without a valid time-of-day message for this long is reported silent
 * @param sourceBackoff first reconnect/reopen delay (doubling to 60 s)
 */
public record TimeServiceEnvironment(DisciplinedClockFactory clock, GpioFactory gpio, LongSupplier monoNanos,
                                     LongSupplier unixNanos, Duration tick, Duration sourceSilence,
                                     Duration sourceBackoff) {
    public TimeServiceEnvironment {
        if (tick.toMillis() < 10 || tick.toMillis() > 250) {
            throw new IllegalArgumentException("tick must be 10..250 ms (the discipline polls at 4 Hz or faster)");
        }
    }

    /** The board: the FPGA clock, Pi4J or logging GPIO, 250 ms ticks, silence after 3.5 s, backoff from 1 s. */
    public static TimeServiceEnvironment standard(LongSupplier unixNanos) {
        return new TimeServiceEnvironment(DisciplinedClockFactory.fpga(), GpioFactory.standard(), System::nanoTime,
                unixNanos, Duration.ofMillis(250), Duration.ofMillis(3500), Duration.ofSeconds(1));
    }

    public TimeServiceEnvironment withClock(DisciplinedClockFactory c) {
        return new TimeServiceEnvironment(c, gpio, monoNanos, unixNanos, tick, sourceSilence, sourceBackoff);
    }

    public TimeServiceEnvironment withGpio(GpioFactory g) {
        return new TimeServiceEnvironment(clock, g, monoNanos, unixNanos, tick, sourceSilence, sourceBackoff);
    }
}
