package net.ntsbox.appliance;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import net.ntsbox.config.ClockSettings;
import net.ntsbox.ntp.NtpShortFormat;
import net.ntsbox.ntp.NtpTimestamp;
import net.ntsbox.server.ServerHeader;

/**
 * The {@link ServerHeader} the datapath puts in responses, refreshed from the kernel's clock
 * status: the configured stratum and reference while the kernel says the clock is
 * synchronised, leap 3 / stratum 16 otherwise, so clients never get false confidence. With
 * {@code require_sync = false} the configured fields are served regardless (test machines,
 * or a clock disciplined by something the kernel does not know about).
 *
 * <p>{@link #current()} is a volatile read; {@link #refresh()} is called by one background thread.
 */
public final class ServerHeaderSource {
    private static final System.Logger LOG = System.getLogger("net.ntsbox.appliance");

    private final ClockSettings clock;
    private final Supplier<TimexReading> kernel;
    private final LongSupplier unixNanos;
    private final Supplier<ServerHeader> disciplined;
    private final String disciplinedName;
    private volatile ServerHeader current;
    private volatile TimexReading lastReading;
    private Boolean lastSynced;

    public ServerHeaderSource(ClockSettings clock, Supplier<TimexReading> kernel, LongSupplier unixNanos) {
        this(clock, kernel, unixNanos, null);
    }

    /**
     * With {@code disciplined} non-null the header is the discipline's ({@code --gnss-sim}, or
     * the [gnss] time service with pps = "fpga": {@code StatusPublisher} fields, LI 3 / stratum 16 until lock), read live; the kernel and
     * the configured stratum/refid are not consulted.
     */
    public ServerHeaderSource(ClockSettings clock, Supplier<TimexReading> kernel, LongSupplier unixNanos,
                              Supplier<ServerHeader> disciplined) {
        this(clock, kernel, unixNanos, disciplined, "disciplined clock");
    }

    /** As above, {@code disciplinedName} naming that clock in the log lines of its transitions. */
    public ServerHeaderSource(ClockSettings clock, Supplier<TimexReading> kernel, LongSupplier unixNanos,
                              Supplier<ServerHeader> disciplined, String disciplinedName) {
        this.disciplinedName = disciplinedName;
        this.clock = clock;
        this.kernel = kernel;
        this.unixNanos = unixNanos;
        this.disciplined = disciplined;
        refresh();
    }

    public ServerHeader current() { return disciplined != null ? disciplined.get() : current; }

    /** The kernel reading behind {@link #current()}. */
    public TimexReading lastReading() { return lastReading; }

    /** Reads the kernel status once and republishes the header. */
    public synchronized void refresh() {
        if (disciplined != null) {
            ServerHeader h = disciplined.get();
            current = h;
            logTransition(h, disciplinedName);
            return;
        }
        TimexReading r = kernel.get();
        lastReading = r;
        ServerHeader h = decide(clock, r, NtpTimestamp.fromUnixNanos(unixNanos.getAsLong()));
        current = h;
        boolean synced = h.synchronised();
        if (lastSynced == null || lastSynced != synced) {
            LOG.log(synced ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                    synced ? "serving stratum " + h.stratum() + " refid " + clock.referenceIdText()
                            + (clock.requireSync() ? " (kernel clock synchronised: " + r + ")"
                                    : " (require_sync = false; kernel: " + r + ")")
                            : "host clock not synchronised (" + r + "): serving leap 3, stratum 16");
            lastSynced = synced;
        }
    }

    private void logTransition(ServerHeader h, String what) {
        boolean synced = h.synchronised();
        if (lastSynced == null || lastSynced != synced) {
            LOG.log(synced ? System.Logger.Level.INFO : System.Logger.Level.WARNING, synced
                    ? "serving stratum " + h.stratum() + " refid " + refid(h.referenceId()) + " (" + what + ")"
                    : what + " not synchronised: serving leap 3, stratum 16");
            lastSynced = synced;
        }
    }

    private static String refid(int v) {
        StringBuilder b = new StringBuilder();
        for (int i = 24; i >= 0; i -= 8) {
            int c = (v >>> i) & 0xFF;
            if (c != 0) b.append((char) c);
        }
        return b.toString();
    }

    /** The header for one kernel reading at NTP time {@code nowNtp}: pure, for tests. */
    public static ServerHeader decide(ClockSettings clock, TimexReading reading, long nowNtp) {
        if (clock.requireSync() && !reading.synchronised()) return ServerHeader.unsynchronised(clock.precision());
        return new ServerHeader(0, clock.stratum(), clock.precision(),
                NtpShortFormat.fromNanos(Math.round(clock.rootDelayMs() * 1e6)),
                NtpShortFormat.fromNanos(Math.round(clock.rootDispersionMs() * 1e6)),
                clock.referenceId(), nowNtp);
    }
}
