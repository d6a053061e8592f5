package net.ntsbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import net.ntsbox.appliance.ApplianceEnvironment;
import net.ntsbox.appliance.SoftwareAppliance;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import net.ntsbox.metrics.GnssSourceStatus;
import net.ntsbox.ntp.NtpTimestamp;
import net.ntsbox.server.udp.RealtimeClock;
import net.ntsbox.testsupport.WallTimeFpgaModel;
import net.ntsbox.time.DisciplineState;
import net.ntsbox.time.OscillatorClass;
import net.ntsbox.time.TodConvention;
import net.ntsbox.time.gpio.LoggingGpio;
import net.ntsbox.time.service.TimeService;
import net.ntsbox.time.service.TimeServiceEnvironment;
import net.ntsbox.time.sim.PlainNtpQuery;
import net.ntsbox.time.sim.SimClock;
import net.ntsbox.time.sim.SimGnss;
import net.ntsbox.time.sim.SimOscillator;
import net.ntsbox.time.sim.SimTimeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with {@code [gnss] source = "gpsd", pps = "fpga"}, end to end in real time:
 * a real gpsd (started here, as GpsdInteropTest does) reads the simulated receiver's NMEA
 * (SimGnss: RMC/GGA/ZDA/PUBX at edge + 100 ms, current UTC) over TCP; the time service's
 * gpsd client feeds its discipline, which disciplines the FPGA's Java model advanced in wall
 * time ({@link WallTimeFpgaModel}, 5 s off at start). The kernel claims "synchronised"
 * throughout, and must not matter. Phase 1, time of day without PPS: the receiver shows up
 * (status, metrics), the clock stays FREERUN and responses say LI 3 / stratum 16. Phase 2,
 * PPS edges reach the capture input: gpsd's labels set the counter to the right second and
 * the servo starts (STEPPING), still LI 3 / stratum 16 before lock.
 */
@Timeout(value = 45, unit = TimeUnit.SECONDS)
class GnssGpsdServiceTest {
    private static final Path GPSD = Path.of("/usr/sbin/gpsd");
    private static final String TOKEN = "gnss-gpsd-token-0123456789abcdef";

    @TempDir
    Path dir;

    private volatile boolean ppsOn;

    @Test
    void timeOfDayFromRealGpsdThenPpsStartsTheDiscipline() throws Exception {
        assumeTrue(Files.isExecutable(GPSD), "gpsd not installed (scripts/lib.sh installs it)");
        // Simulated time 0 = the next whole UTC second.
        long unix = RealtimeClock.unixNanos();
        long nextSecond = Math.floorDiv(unix, 1_000_000_000L) + 1;
        Thread.sleep((nextSecond * 1_000_000_000L - unix) / 1_000_000 + 1);
        long t0 = System.nanoTime();
        long epoch = NtpTimestamp.fromUnixNanos(nextSecond * 1_000_000_000L) >>> 32;
        SimTimeline timeline = new SimTimeline(epoch);
        SimGnss gnss = new SimGnss(timeline, 20, 0, 42, 100_000_000L, TodConvention.PRECEDING_EDGE, 77);
        WallTimeFpgaModel fpga = new WallTimeFpgaModel(
                new SimClock(SimOscillator.of(OscillatorClass.TCXO, 30, 7), epoch - 5, 300_000_000L, 32), timeline, t0);

        int gpsdPort = freePort();
        Path cfg = LoopbackApplianceConfig.write(dir, TOKEN, 0, "", """
                [gnss]
                source = "gpsd"
                gpsd = "127.0.0.1:%d"
                pps = "fpga"
                cable_delay_ns = 42
                led_sync = 17
                led_holdover = 27
                led_alarm = 22
                gpio = "log"
                """.formatted(gpsdPort));
        Path token = LoopbackApplianceConfig.tokenFile(dir, TOKEN);
        LoggingGpio leds = new LoggingGpio();
        ApplianceEnvironment env = new ApplianceEnvironment(RealtimeClock::unixNanos,
                () -> GnssSimStatusTest.KERNEL_SYNCED, Duration.ofMillis(200))
                .withTimeService(TimeServiceEnvironment.standard(RealtimeClock::unixNanos).withClock(() -> fpga)
                        .withGpio(pins -> leds));

        try (ServerSocket nmea = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread feeder = Thread.ofPlatform().daemon().name("sim-receiver").start(() -> feed(nmea, gnss, fpga, t0));
            Path log = dir.resolve("gpsd.log");
            Process gpsd = new ProcessBuilder(GPSD.toString(), "-N", "-n", "-S", String.valueOf(gpsdPort),
                    "tcp://127.0.0.1:" + nmea.getLocalPort()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try (SoftwareAppliance a = SoftwareAppliance.start(ConfigReader.load(cfg, ConfigOverrides.none()), env)) {
                TimeService ts = a.timeService();
                assertTrue(ts.disciplining());
                String url = "http://127.0.0.1:" + a.management().boundAddress().getPort();
                var ntp = a.ntpAddresses().getFirst();

                // Phase 1: time of day only.
                waitFor(12, () -> ts.sourceStatus().fixValid() && ts.sourceStatus().timeOfDayMessages() >= 3,
                        () -> "gpsd TPVs: " + ts.sourceStatus() + "; gpsd log: " + read(log));
                GnssSourceStatus s = ts.sourceStatus();
                assertTrue(s.connected(), s.toString());
                assertEquals("discipline", s.mode());
                assertEquals(0, s.ppsEdges(), s.toString());
                assertEquals(DisciplineState.FREERUN, ts.snapshot().orElseThrow().status().state());
                PlainNtpQuery.Reply r = PlainNtpQuery.query(ntp, 3);
                assertEquals(3, r.leap(), "ToD without PPS is not time to serve: " + r);
                assertEquals(16, r.stratum(), r.toString());
                assertFalse(leds.output("led-sync", 17, false).active(), "sync LED off");
                assertFalse(leds.output("led-alarm", 22, false).active(), "alarm LED off: never locked");

                CliRun status = CliRun.of("status", "--url", url, "--token-file", token.toString());
                assertEquals(StatusCommand.DEGRADED, status.rc(), status.toString());
                assertTrue(status.out().contains("gnss:"), status.toString());
                assertTrue(status.out().contains("gpsd 127.0.0.1:" + gpsdPort + ", PPS fpga (discipline): up, fix valid"),
                        status.toString());
                assertTrue(status.out().contains("time source:  unsynchronized, stratum 16"), status.toString());
                JsonNode g = new ObjectMapper().readTree(CliRun.of("status", "--url", url, "--token-file", token.toString(),
                        "--json").out()).get("gnss");
                assertEquals("gpsd 127.0.0.1:" + gpsdPort, g.get("source").asText(), g.toString());
                assertTrue(g.get("fix_valid").asBoolean(), g.toString());
                assertTrue(g.get("time_of_day_messages").asLong() >= 3, g.toString());
                String metrics = metrics(url);
                assertTrue(metrics.contains("ntsbox_gnss_connected 1"), metrics);
                assertTrue(metrics.contains("ntsbox_gnss_fix_valid 1"), metrics);
                assertTrue(metrics.contains("ntsbox_gnss_info{mode=\"discipline\",source=\"gpsd 127.0.0.1:" + gpsdPort
                        + "\",pps=\"fpga\"} 1"), metrics);
                assertTrue(metrics.contains("ntsbox_clock_state{state=\"unsynchronized\"} 1"), metrics);

                // Phase 2: PPS edges reach the FPGA model's capture input.
                ppsOn = true;
                waitFor(16, () -> ts.snapshot().orElseThrow().status().state() == DisciplineState.STEPPING,
                        () -> "state " + ts.snapshot().orElseThrow().status() + ", " + ts.sourceStatus());
                double err = fpga.trueErrorNs();
                assertTrue(Math.abs(err) < 1e6, "gpsd's labels set the counter to the right second: error " + err + " ns");
                assertTrue(ts.sourceStatus().ppsEdges() >= 8, ts.sourceStatus().toString());
                r = PlainNtpQuery.query(ntp, 3);
                assertEquals(16, r.stratum(), "still not locked: " + r);
                boolean seenOn = false;
                boolean seenOff = false;
                for (int i = 0; i < 30 && !(seenOn && seenOff); i++) {
                    boolean on = leds.output("led-sync", 17, false).active();
                    seenOn |= on;
                    seenOff |= !on;
                    Thread.sleep(50);
                }
                assertTrue(seenOn && seenOff, "sync LED blinks while acquiring");
                assertTrue(metrics(url).contains("ntsbox_clock_state{state=\"acquiring\"} 1"));
                System.out.printf("gnss gpsd: FPGA model error %.0f ns after the time set; %d PPS edges; missed %d%n",
                        err, ts.sourceStatus().ppsEdges(), fpga.missedEdges());
            } finally {
                gpsd.destroy();
                if (!gpsd.waitFor(5, TimeUnit.SECONDS)) gpsd.destroyForcibly();
                feeder.interrupt();
            }
        }
    }

    /** The simulated receiver in wall time: registers each PPS edge ahead, writes NMEA at its arrival time. */
    private void feed(ServerSocket server, SimGnss gnss, WallTimeFpgaModel fpga, long t0) {
        try (Socket s = server.accept()) {
            OutputStream out = s.getOutputStream();
            for (long k = 1; k < 120; k++) {
                sleepUntil(t0 + k * 1_000_000_000L - 200_000_000L);
                SimGnss.Second sec = gnss.second(k);
                if (ppsOn && sec.ppsPresent()) fpga.edgeAt(sec.ppsArrivalNs());
                sleepUntil(t0 + sec.nmeaArrivalNs());
                StringBuilder b = new StringBuilder();
                sec.nmea().forEach(l -> b.append(l).append("\r\n"));
                out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // gpsd went away or the test ended
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long w = nanoTime - System.nanoTime();
        if (w > 0) Thread.sleep(w / 1_000_000, (int) (w % 1_000_000));
    }

    private static void waitFor(int seconds, BooleanSupplier c, java.util.function.Supplier<String> why)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, why);
            Thread.sleep(100);
        }
    }

    private static String metrics(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/metrics"))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
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
