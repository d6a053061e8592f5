package net.ntsbox.time.gpsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.ntsbox.time.TimeOfDay;
import net.ntsbox.time.leap.UtcCalendar;
import net.ntsbox.time.source.NmeaSentence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real gpsd (Debian's gpsd package, run in the foreground on loopback ports) reads NMEA we
 * write from a {@code tcp://} source and our client parses its JSON. gpsfake is not needed:
 * gpsd takes a TCP NMEA feed as a device. Skipped only when /usr/sbin/gpsd is absent.
 */
@Timeout(30)
class GpsdInteropTest {
    private static final Path GPSD = Path.of("/usr/sbin/gpsd");
    /** First epoch the feed sends: 2024-06-15 12:00:00 UTC. */
    private static final long FIRST = UtcCalendar.ntpSecondsOf(2024, 6, 15) + 12 * 3600;
    private static final int INVALID_EPOCHS = 3;

    @Test
    void gpsdJsonFromOurNmea(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(GPSD), "gpsd not installed (apt-get install gpsd)");
        try (ServerSocket nmea = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread feeder = Thread.ofPlatform().daemon().start(() -> feed(nmea));
            int port = freePort();
            Path log = dir.resolve("gpsd.log");
            Process gpsd = new ProcessBuilder(GPSD.toString(), "-N", "-n", "-S", String.valueOf(port),
                    "tcp://127.0.0.1:" + nmea.getLocalPort())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            BlockingQueue<GpsdMessage> got = new LinkedBlockingQueue<>();
            GpsdClient.Settings s = new GpsdClient.Settings("127.0.0.1", port, Duration.ofSeconds(1),
                    Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(200), GpsdJsonParser.MAX_LENGTH);
            try (GpsdClient client = new GpsdClient(s, got::add)) {
                client.start();
                GpsdTimeDecoder decoder = new GpsdTimeDecoder();
                List<TimeOfDay> tods = new ArrayList<>();
                List<GpsdMessage.Toff> toffs = new ArrayList<>();
                boolean version = false;
                boolean device = false;
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (tods.stream().filter(TimeOfDay::valid).count() < 8 && System.nanoTime() < deadline) {
                    GpsdMessage m = got.poll(1, TimeUnit.SECONDS);
                    if (m == null) {
                        assertTrue(gpsd.isAlive(), () -> "gpsd exited: " + read(log));
                        continue;
                    }
                    if (m instanceof GpsdMessage.Version v) {
                        version = v.protoMajor() == 3;
                    }
                    if (m instanceof GpsdMessage.Devices d) {
                        device |= d.devices().stream().anyMatch(x -> x.path().equals("tcp://127.0.0.1:" + nmea.getLocalPort()));
                    }
                    if (m instanceof GpsdMessage.Toff t) {
                        toffs.add(t);
                    }
                    decoder.timeOfDay(m).ifPresent(tods::add);
                }
                assertTrue(version, "VERSION with proto_major 3");
                assertTrue(device, "DEVICES names our tcp:// feed");
                assertFalse(tods.isEmpty(), () -> "no TPV with time; gpsd log: " + read(log));
                // Every second gpsd labelled is one we sent; valid exactly when our fix was.
                List<TimeOfDay> valid = tods.stream().filter(TimeOfDay::valid).toList();
                assertTrue(valid.size() >= 8, () -> "valid " + tods);
                for (TimeOfDay t : tods) {
                    long epoch = t.utcNtpSeconds() - FIRST;
                    assertTrue(epoch >= 0 && epoch < 1000, t::toString);
                    assertEquals(epoch >= INVALID_EPOCHS, t.valid(), t::toString);
                    assertEquals("gpsd TPV", t.source());
                }
                for (int i = 1; i < valid.size(); i++) {
                    assertEquals(valid.get(i - 1).utcNtpSeconds() + 1, valid.get(i).utcNtpSeconds(), valid::toString);
                }
                // TOFF real_sec is the same epoch time gpsd decoded from our sentences.
                assertFalse(toffs.isEmpty(), "TOFF reports with pps:true");
                for (GpsdMessage.Toff t : toffs) {
                    long epoch = t.real().ntpSeconds() - FIRST;
                    assertTrue(epoch >= 0 && epoch < 1000 && t.real().nanos() == 0, t::toString);
                }
                assertTrue(client.drops().isEmpty(), () -> "drops " + client.drops());
            } finally {
                gpsd.destroy();
                if (!gpsd.waitFor(5, TimeUnit.SECONDS)) {
                    gpsd.destroyForcibly();
                }
                feeder.interrupt();
            }
        }
    }

    /** One epoch every 100 ms: RMC + GGA + GSA; the first epochs without a fix (RMC V, GGA 0). */
    private static void feed(ServerSocket server) {
        try (Socket s = server.accept()) {
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < 300; i++) {
                long sec = FIRST + i;
                int sod = UtcCalendar.secondOfDay(sec);
                String hms = String.format("%02d%02d%02d.00", sod / 3600, sod / 60 % 60, sod % 60);
                boolean fix = i >= INVALID_EPOCHS;
                String date = "150624";
                String body = (fix ? "GPRMC,%s,A,4807.038,N,01131.000,E,0.0,0.0,%s,,,A" : "GPRMC,%s,V,,,,,,,%s,,,N")
                        .formatted(hms, date);
                String gga = fix ? "GPGGA,%s,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,".formatted(hms)
                        : "GPGGA,%s,,,,,0,00,99.9,,,,,,".formatted(hms);
                String gsa = fix ? "GPGSA,A,3,04,05,09,12,24,25,,,,,,,2.5,1.3,2.1" : "GPGSA,A,1,,,,,,,,,,,,,99.9,99.9,99.9";
                out.write((NmeaSentence.frame(body) + "\r\n" + NmeaSentence.frame(gga) + "\r\n"
                        + NmeaSentence.frame(gsa) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException e) {
            // gpsd went away or the test ended
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
