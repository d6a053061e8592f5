package net.ntsbox.time.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import net.ntsbox.config.GnssSettings;
import net.ntsbox.metrics.GnssSourceStatus;
import net.ntsbox.ntp.NtpTimestamp;
import net.ntsbox.server.udp.RealtimeClock;
import net.ntsbox.time.TodConvention;
import net.ntsbox.time.sim.SimGnss;
import net.ntsbox.time.sim.SimTimeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The serial NMEA path on a pseudo-terminal (openpty through JNA): the time service opens the
 * slave as {@code gnss.nmea_device}, sets 9600 baud raw (checked with cfgetospeed), reads the
 * simulated receiver's sentences (current UTC) written to the master, and reports the
 * receiver in monitor mode; when the master closes the line hangs up, the source is reported
 * down, and it is reopened with backoff.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SerialNmeaServiceTest {
    private static final int B9600 = 0000015;
    private static final int B38400 = 0000017;

    private interface Pty extends Library {
        int openpty(IntByReference master, IntByReference slave, Pointer name, Pointer termios, Pointer winsize);

        String ttyname(int fd);

        int tcgetattr(int fd, Pointer termios);

        int tcsetattr(int fd, int action, Pointer termios);

        int cfsetospeed(Pointer termios, int speed);

        int cfgetospeed(Pointer termios);

        long write(int fd, byte[] buf, long n);

        int close(int fd);
    }

    private static final Pty LIBC = Native.load("c", Pty.class);

    @Test
    void readsNmeaFromAPtyAtTheConfiguredSpeedAndReportsHangUp() throws Exception {
        IntByReference m = new IntByReference();
        IntByReference sl = new IntByReference();
        assertEquals(0, LIBC.openpty(m, sl, null, null, null), "openpty");
        int master = m.getValue();
        int slave = sl.getValue();
        String path = LIBC.ttyname(slave);
        Memory t = new Memory(256);
        LIBC.tcgetattr(slave, t);
        LIBC.cfsetospeed(t, B38400);
        LIBC.tcsetattr(slave, 0, t);

        GnssSettings g = ConfigReader.parse("[gnss]\nsource = \"nmea\"\nnmea_device = \"" + path + "\"\nnmea_baud = 9600\n",
                "t.toml", Path.of("/"), ConfigOverrides.none()).gnss();
        TimeServiceEnvironment env = new TimeServiceEnvironment(DisciplinedClockFactory.fpga(), GpioFactory.standard(),
                System::nanoTime, RealtimeClock::unixNanos, Duration.ofMillis(100), Duration.ofMillis(3500),
                Duration.ofMillis(200));
        long unix = RealtimeClock.unixNanos();
        long epoch = NtpTimestamp.fromUnixNanos(Math.floorDiv(unix, 1_000_000_000L) * 1_000_000_000L) >>> 32;
        SimGnss gnss = new SimGnss(new SimTimeline(epoch), 0, 0, 0, 0, TodConvention.PRECEDING_EDGE, 1);
        try (TimeService ts = TimeService.start(g, env)) {
            assertFalse(ts.disciplining(), "no fpga PPS: monitor mode");
            for (int k = 0; k < 4; k++) {
                // The second that started k s after the epoch, written while it is still current on the host.
                long wait = (epoch - 2_208_988_800L + k) * 1_000_000_000L + 150_000_000L - RealtimeClock.unixNanos();
                if (wait > 0) Thread.sleep(wait / 1_000_000);
                byte[] b = (String.join("\r\n", gnss.sentences(k * 1_000_000_000L)) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                assertEquals(b.length, LIBC.write(master, b, b.length));
            }
            waitFor(5, () -> ts.sourceStatus().timeOfDayMessages() >= 3, () -> ts.sourceStatus().toString());
            GnssSourceStatus s = ts.sourceStatus();
            assertTrue(s.connected(), s.toString());
            assertTrue(s.fixValid(), s.toString());
            assertEquals(Boolean.TRUE, s.hostSecondsAgree(), s.toString());
            assertEquals("monitor", s.mode());
            assertEquals("nmea " + path + " at 9600 baud", s.source());
            LIBC.tcgetattr(slave, t);
            assertEquals(B9600, LIBC.cfgetospeed(t), "the service set the line to 9600 baud");

            LIBC.close(slave);
            LIBC.close(master);
            waitFor(8, () -> !ts.sourceStatus().connected(), () -> ts.sourceStatus().toString());
            s = ts.sourceStatus();
            assertTrue(s.sourceFailures() >= 1, s.toString());
            assertTrue(s.lastError() != null && !s.lastError().isEmpty(), s.toString());
            assertFalse(s.fixValid());
        }
    }

    private static void waitFor(int seconds, BooleanSupplier c, java.util.function.Supplier<String> why)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, why);
            Thread.sleep(50);
        }
    }
}
