package net.ntsbox.appliance;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import net.ntsbox.server.udp.RealtimeClock;

/**
 * What the appliance takes from the host: the realtime clock (Unix nanoseconds, for
 * timestamps and key periods), the kernel's clock status, and how often that is re-read.
 * Tests pass a fake status; production passes {@link #system()}. The clock must be the
 * system's CLOCK_REALTIME: the batched UDP datapath stamps requests with the kernel's receive
 * time on that clock.
 */
public record ApplianceEnvironment(LongSupplier unixNanos, Supplier<TimexReading> kernelClock,
        Duration clockRefresh) {

    public static ApplianceEnvironment system() {
        return new ApplianceEnvironment(RealtimeClock::unixNanos, new KernelClockStatus(), Duration.ofSeconds(4));
    }

    public ApplianceEnvironment withKernelClock(Supplier<TimexReading> k) {
        return new ApplianceEnvironment(unixNanos, k, clockRefresh);
    }
}
