package net.ntsbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.ntsbox.appliance.ApplianceEnvironment;
import net.ntsbox.appliance.ApplianceStartException;
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
 * {@code [gnss]} on the software datapath: with a kernel PPS device or none the receiver is
 * only monitored and the kernel's clock state keeps governing the header; a receiver that is
 * down degrades {@code ntsbox status} without touching what is served. {@code pps = "fpga"}
 * needs the FPGA clock, which this build does not have: start fails with that message, as
 * does combining [gnss] with --gnss-sim.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GnssMonitorModeTest {
    private static final String TOKEN = "gnss-monitor-token-0123456789abcdef";

    @TempDir
    Path dir;

    private volatile TimexReading kernel = GnssSimStatusTest.KERNEL_SYNCED;

    private Path config(String gnss) throws Exception {
        return LoopbackApplianceConfig.write(dir, TOKEN, 0, "", "[gnss]\n" + gnss);
    }

    private ApplianceEnvironment env() {
        return new ApplianceEnvironment(RealtimeClock::unixNanos, () -> kernel, Duration.ofMillis(100));
    }

    @Test
    void monitoredReceiverDownDegradesStatusButTheKernelGovernsTheHeader() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Path cfg = config("source = \"gpsd\"\ngpsd = \"127.0.0.1:" + closedPort + "\"\n");
        try (SoftwareAppliance a = SoftwareAppliance.start(ConfigReader.load(cfg, ConfigOverrides.none()), env())) {
            assertFalse(a.timeService().disciplining(), "no fpga PPS: monitor mode");
            var ntp = a.ntpAddresses().getFirst();
            PlainNtpQuery.Reply r = PlainNtpQuery.query(ntp, 3);
            assertEquals(1, r.stratum(), "kernel synchronised: [clock] stratum 1 as without [gnss]: " + r);
            assertEquals("GPS", r.referenceId());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (a.timeService().sourceStatus().sourceFailures() == 0) {
                assertTrue(System.nanoTime() < deadline, "gpsd refusal reported");
                Thread.sleep(50);
            }
            String url = "http://127.0.0.1:" + a.management().boundAddress().getPort();
            CliRun st = CliRun.of("status", "--url", url, "--token-file", dir.resolve("api.token").toString());
            assertEquals(StatusCommand.DEGRADED, st.rc(), st.toString());
            assertTrue(st.out().contains("time source:  locked, stratum 1, reference GPS"), st.toString());
            assertTrue(st.out().contains("gnss:         gpsd 127.0.0.1:" + closedPort + ", PPS none (monitor): down, no fix"),
                    st.toString());
            assertTrue(st.out().contains("GNSS source down (ConnectException"), st.toString());

            // The kernel loses sync: leap 3 / stratum 16, whatever the receiver does.
            kernel = new TimexReading(5, 0x40, 16_000_000, 16_000_000);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (r.stratum() != 16) {
                assertTrue(System.nanoTime() < deadline, "header follows the kernel: " + r);
                Thread.sleep(100);
                r = PlainNtpQuery.query(ntp, 3);
            }
            assertEquals(3, r.leap());
        }
    }

    @Test
    void fpgaPpsNeedsTheFpgaSection() throws Exception {
        Path cfg = config("source = \"gpsd\"\npps = \"fpga\"\n");
        ApplianceStartException e = assertThrows(ApplianceStartException.class,
                () -> SoftwareAppliance.start(ConfigReader.load(cfg, ConfigOverrides.none()), env()).close());
        assertTrue(e.getMessage().contains("gnss.pps = \"fpga\" needs the [fpga] section"), e.getMessage());
    }

    @Test
    void gnssSimAndAReceiverAreExclusive() throws Exception {
        Path cfg = config("source = \"gpsd\"\n");
        ApplianceStartException e = assertThrows(ApplianceStartException.class,
                () -> SoftwareAppliance.start(ConfigReader.load(cfg, ConfigOverrides.none()),
                        env().withGnssSim(GnssSimTimeSource.Settings.defaults(), Duration.ofMillis(100))).close());
        assertTrue(e.getMessage().contains("--gnss-sim and a [gnss] receiver are both configured"), e.getMessage());
    }
}
