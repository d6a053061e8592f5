package net.ntsbox.appliance;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import net.ntsbox.server.udp.RealtimeClock;
import net.ntsbox.time.service.TimeServiceEnvironment;
import net.ntsbox.time.sim.GnssSimTimeSource;

/**
 * What the appliance takes from the host: the realtime clock (Unix nanoseconds, for
 * timestamps and key periods), the kernel's clock status, and how often that is re-read.
 * Tests pass a fake status; production passes {@link #system()}. With {@code gnssSim} set
 * ({@code --gnss-sim}), the advertised header and the clock status come from the simulated
 * GNSS-disciplined clock ({@link GnssSimTimeSource}) instead of the kernel. The clock must be
 * the system's CLOCK_REALTIME: the batched UDP datapath stamps requests with the kernel's
 * receive time on that clock. {@code timeService} is what a configured {@code [gnss]} receiver
 * uses (the FPGA clock factory, GPIO lines, cadence).
 */
public record ApplianceEnvironment(LongSupplier unixNanos, Supplier<TimexReading> kernelClock,
        Duration clockRefresh, Optional<GnssSimTimeSource.Settings> gnssSim, TimeServiceEnvironment timeService) {

    public ApplianceEnvironment(LongSupplier unixNanos, Supplier<TimexReading> kernelClock, Duration clockRefresh) {
        this(unixNanos, kernelClock, clockRefresh, Optional.empty(), TimeServiceEnvironment.standard(unixNanos));
    }

    public ApplianceEnvironment(LongSupplier unixNanos, Supplier<TimexReading> kernelClock, Duration clockRefresh,
                                Optional<GnssSimTimeSource.Settings> gnssSim) {
        this(unixNanos, kernelClock, clockRefresh, gnssSim, TimeServiceEnvironment.standard(unixNanos));
    }

    /** What the [gnss] time service uses (the FPGA clock factory, GPIO, cadence). */
    public ApplianceEnvironment withTimeService(TimeServiceEnvironment t) {
        return new ApplianceEnvironment(unixNanos, kernelClock, clockRefresh, gnssSim, t);
    }

    public static ApplianceEnvironment system() {
        return new ApplianceEnvironment(RealtimeClock::unixNanos, new KernelClockStatus(), Duration.ofSeconds(4));
    }

    public ApplianceEnvironment withKernelClock(Supplier<TimexReading> k) {
        return new ApplianceEnvironment(unixNanos, k, clockRefresh, gnssSim, timeService);
    }

    /** The time source is the simulated GNSS receiver and disciplined clock, header refreshed every {@code refresh}. */
    public ApplianceEnvironment withGnssSim(GnssSimTimeSource.Settings s, Duration refresh) {
        return new ApplianceEnvironment(unixNanos, kernelClock, refresh, Optional.of(s), timeService);
    }
}
