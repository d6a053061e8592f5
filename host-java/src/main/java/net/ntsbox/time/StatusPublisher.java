package net.ntsbox.time;

import java.util.function.Supplier;
import net.ntsbox.metrics.ClockState;
import net.ntsbox.metrics.ClockStatus;
import net.ntsbox.metrics.ClockStatusSource;
import net.ntsbox.server.ServerHeader;

/**
 * Hands the discipline's status to the rest of the appliance: the metrics/management view
 * ({@link ClockStatusSource}) and the NTP header fields the datapath advertises
 * ({@code Supplier<ServerHeader>}, what the software datapath and the FPGA header registers
 * take). The discipline's thread calls {@link #publish} after each poll; readers get the last
 * snapshot with one volatile read (never blocking an event loop).
 */
public final class StatusPublisher implements ClockStatusSource, Supplier<ServerHeader> {
    /** NTP precision of the 156.25 MHz counter: ceil(log2(6.4 ns)) = -27. */
    public static final int PRECISION_6_4NS = precisionOf(6.4);

    /** Everything published at one instant. */
    public record Snapshot(TimekeepingStatus status, ClockStatus clockStatus, ServerHeader header) {}

    private final int precision;
    private volatile Snapshot current;

    public StatusPublisher(int precision) {
        this.precision = precision;
        TimekeepingStatus boot = new TimekeepingStatus(DisciplineState.FREERUN, 3, 16, "INIT", Double.NaN, Double.NaN, 0);
        this.current = new Snapshot(boot, clockStatus(boot, Double.NaN, 0, false), ServerHeader.unsynchronised(precision));
    }

    /** log2 of the clock's resolution, rounded up (RFC 5905 precision). */
    public static int precisionOf(double resolutionNs) {
        return (int) Math.ceil(Math.log(resolutionNs * 1e-9) / Math.log(2));
    }

    /** Takes a snapshot of {@code d} (call on the discipline's thread) and publishes it. */
    public Snapshot publish(ClockDiscipline d) {
        TimekeepingStatus st = d.status();
        Snapshot s = new Snapshot(st, clockStatus(st, d.appliedFrequencyPpb(), d.holdoverSeconds(), d.hasOffset()),
                serverHeader(st, precision, d.lastCorrectionTime()));
        current = s;
        return s;
    }

    public Snapshot snapshot() {
        return current;
    }

    @Override
    public ClockStatus clockStatus() {
        return current.clockStatus();
    }

    @Override
    public ServerHeader get() {
        return current.header();
    }

    /**
     * The metrics view. States: LOCKED and HOLDOVER as such; STEPPING/TRACKING are ACQUIRING;
     * FREERUN and UNSYNCHRONISED are UNSYNCHRONIZED. The reference is named only while the
     * server advertises synchronised time.
     */
    public static ClockStatus clockStatus(TimekeepingStatus s, double frequencyPpb, double holdoverSeconds,
                                          boolean haveOffset) {
        ClockState state = switch (s.state()) {
            case LOCKED -> ClockState.LOCKED;
            case HOLDOVER -> ClockState.HOLDOVER;
            case STEPPING, TRACKING -> ClockState.ACQUIRING;
            case FREERUN, UNSYNCHRONISED -> ClockState.UNSYNCHRONIZED;
        };
        return new ClockStatus(state, s.synchronised() ? s.referenceId() : null, s.stratum(),
                haveOffset ? s.offsetNs() * 1e-9 : Double.NaN, frequencyPpb, holdoverSeconds);
    }

    /**
     * The NTP header fields: LI, stratum and refid from the status, root delay 0 (the
     * reference is local), root dispersion rounded up, reference time = last correction. When
     * not synchronised: {@link ServerHeader#unsynchronised} (LI 3, stratum 16).
     */
    public static ServerHeader serverHeader(TimekeepingStatus s, int precision, long referenceTime) {
        if (!s.synchronised() || s.stratum() < 1 || s.stratum() > 15) {
            return ServerHeader.unsynchronised(precision);
        }
        return new ServerHeader(s.leapIndicator(), s.stratum(), precision, 0, s.rootDispersionField(),
                s.referenceIdField(), referenceTime);
    }
}
