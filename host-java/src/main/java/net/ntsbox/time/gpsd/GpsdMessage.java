package net.ntsbox.time.gpsd;

import java.util.List;
import java.util.OptionalInt;

/**
 * The gpsd JSON reports a timing client reads (gpsd_json(5), protocol 3.x). Only the fields
 * listed here are used; gpsd omits fields it has no value for (never JSON null), so optional
 * numbers are Optional*. Times are as gpsd sends them: UTC seconds since 1970 plus nanoseconds.
 */
public sealed interface GpsdMessage {
    /** {@code {"class":"VERSION","release":"3.22","proto_major":3,"proto_minor":14}}: sent on connect. */
    record Version(String release, int protoMajor, int protoMinor) implements GpsdMessage {}

    /** {@code DEVICES}: the devices gpsd knows, with their {@code path} and {@code driver}. */
    record Devices(List<Device> devices) implements GpsdMessage {
        public Devices {
            devices = List.copyOf(devices);
        }
    }

    /** One {@code DEVICE} object (also sent alone when a device appears or goes away). */
    record Device(String path, String driver, boolean activated) implements GpsdMessage {}

    /** The {@code WATCH} echo: what gpsd will stream to us. */
    record Watch(boolean enable, boolean json, boolean pps) implements GpsdMessage {}

    /**
     * {@code TPV} time-position-velocity report.
     * @param mode 0 unknown, 1 no fix, 2 2D, 3 3D
     * @param status fix status if sent (0 unknown, 1 GPS, 2 DGPS, ..., 5 dead reckoning,
     *               7 surveyed time, 8 simulated); absent on most NMEA receivers
     * @param time the epoch's UTC time, if the receiver gave one
     * @param leapSeconds GPS-UTC in seconds, if the receiver reports it (gpsd 3.20+)
     */
    record Tpv(String device, int mode, OptionalInt status, java.util.Optional<GpsdTime> time,
               OptionalInt leapSeconds) implements GpsdMessage {}

    /**
     * {@code TOFF}: the time gpsd decoded from the serial stream for the latest epoch
     * ({@code real}) and the system clock when that message started ({@code clock}).
     */
    record Toff(String device, GpsdTime real, GpsdTime clock) implements GpsdMessage {}

    /**
     * {@code PPS}: a PPS edge: the receiver's time of the edge ({@code real}, a whole second)
     * and the system clock at the edge ({@code clock}, from the kernel PPS API when gpsd has it).
     * @param precision NTP precision (log2 s) gpsd claims for the edge, if sent
     */
    record Pps(String device, GpsdTime real, GpsdTime clock, OptionalInt precision) implements GpsdMessage {}

    /** {@code ERROR}: gpsd rejected a request. */
    record Error(String message) implements GpsdMessage {}

    /** A report a timing client ignores (SKY, GST, ATT, ...), by its class. */
    record Other(String className) implements GpsdMessage {}
}
