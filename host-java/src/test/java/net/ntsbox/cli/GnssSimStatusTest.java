package net.ntsbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.ntsbox.appliance.ApplianceEnvironment;
import net.ntsbox.appliance.SoftwareAppliance;
import net.ntsbox.appliance.TimexReading;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import net.ntsbox.server.udp.RealtimeClock;
import net.ntsbox.time.sim.GnssSimTimeSource;
import net.ntsbox.time.sim.PlainNtpQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --gnss-sim} in-process (the software datapath; the lab variant is
 * LabGnssSimTest): the simulated receiver disciplines the simulated clock at 20x real time.
 * NTP responses and {@code ntsbox status} start unsynchronised (LI 3 / stratum 16) although
 * the kernel says "synchronised" (the kernel is not consulted), then say LOCKED with stratum 1
 * / refid GPS, in responses, in the management status and in /metrics.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GnssSimStatusTest {
    static final TimexReading KERNEL_SYNCED = new TimexReading(0, 0x2001, 50_000, 1_000);
    static final String TOKEN = "gnss-sim-token-0123456789abcdef";
    static final double ACCELERATION = 20;

    @TempDir
    Path dir;

    @Test
    void startsUnsynchronisedThenLocksToGpsInResponsesStatusAndMetrics() throws Exception {
        Path cfg = LoopbackApplianceConfig.write(dir, TOKEN, 0, "", "");
        Path token = LoopbackApplianceConfig.tokenFile(dir, TOKEN);
        ApplianceEnvironment env = new ApplianceEnvironment(RealtimeClock::unixNanos, () -> KERNEL_SYNCED,
                Duration.ofMillis(200)).withGnssSim(GnssSimTimeSource.Settings.defaults().withAcceleration(ACCELERATION),
                Duration.ofMillis(100));
        long wall0 = System.nanoTime();
        try (SoftwareAppliance a = SoftwareAppliance.start(ConfigReader.load(cfg, ConfigOverrides.none()), env)) {
            String url = "http://127.0.0.1:" + a.management().boundAddress().getPort();
            var ntp = a.ntpAddresses().getFirst();

            PlainNtpQuery.Reply first = PlainNtpQuery.query(ntp, 3);
            assertEquals(3, first.leap(), "unsynchronised at start: " + first);
            assertEquals(16, first.stratum(), first.toString());
            CliRun early = CliRun.of("status", "--url", url, "--token-file", token.toString());
            assertEquals(StatusCommand.DEGRADED, early.rc(), early.toString());
            assertTrue(early.out().contains("time source:  unsynchronized, stratum 16")
                    || early.out().contains("time source:  acquiring, stratum 16"), early.toString());

            PlainNtpQuery.Reply r = first;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (r.stratum() != 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                r = PlainNtpQuery.query(ntp, 3);
            }
            double lockWall = (System.nanoTime() - wall0) / 1e9;
            long simSeconds = a.gnssSim().simulatedSeconds();
            assertEquals(0, r.leap(), "locked: " + r);
            assertEquals(1, r.stratum(), r.toString());
            assertEquals("GPS", r.referenceId(), r.toString());
            assertTrue(r.rootDispersion() > 0 && r.rootDispersion() < 66, "a few us at most: " + r);
            assertEquals("LOCKED", a.gnssSim().snapshot().status().state().name());
            System.out.printf("gnss-sim: locked after %.1f s wall, %d simulated s (%.0fx); true error %.1f ns%n",
                    lockWall, simSeconds, ACCELERATION, a.gnssSim().lastTrueErrorNs());

            CliRun status = CliRun.of("status", "--url", url, "--token-file", token.toString());
            assertEquals(StatusCommand.OK, status.rc(), status.toString());
            assertTrue(status.out().contains("time source:  locked, stratum 1, reference GPS"), status.toString());
            CliRun json = CliRun.of("status", "--url", url, "--token-file", token.toString(), "--json");
            var t = new ObjectMapper().readTree(json.out()).get("time_source");
            assertEquals("locked", t.get("state").asText(), json.toString());
            assertEquals("GPS", t.get("reference").asText(), json.toString());
            assertEquals(1, t.get("stratum").asInt(), json.toString());
            assertTrue(Math.abs(t.get("offset_seconds").asDouble()) < 1e-6, "offset under 1 us: " + json);
            assertTrue(Math.abs(t.get("frequency_ppb").asDouble() + 30_000) < 1_000,
                    "corrects the +30 ppm oscillator: " + json);

            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/metrics"))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("ntsbox_clock_state{state=\"locked\"} 1"), metrics);
            assertTrue(metrics.contains("ntsbox_clock_state{state=\"unsynchronized\"} 0"), metrics);
        }
    }
}
