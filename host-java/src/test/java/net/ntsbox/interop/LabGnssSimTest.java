package net.ntsbox.interop;

import net.ntsbox.testsupport.LabModelLibrary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import net.ntsbox.appliance.ApplianceEnvironment;
import net.ntsbox.appliance.LabAppliance;
import net.ntsbox.appliance.SoftwareAppliance;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import net.ntsbox.fpga.FpgaDatapath;
import net.ntsbox.fpga.Registers;
import net.ntsbox.metrics.ClockState;
import net.ntsbox.time.sim.GnssSimTimeSource;
import net.ntsbox.time.sim.PlainNtpQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ntsbox lab --gnss-sim}: the Verilated FPGA answers, its header registers follow the
 * simulated GNSS discipline (20x real time). Responses built by the RTL say LI 3 / stratum 16
 * at start and stratum 1 / refid GPS once the discipline is LOCKED; the management status
 * (the same {@code StatusSource.timeSource()}) says locked. The timeout covers a first build
 * of the model.
 */
class LabGnssSimTest {
    @TempDir
    Path state;

    @Test
    @Timeout(150)
    void rtlResponsesFollowTheSimulatedDisciplineFromUnsynchronisedToLockedGps() throws Exception {
        LabModelLibrary.require();
        var cfg = ConfigReader.parse("""
                state_dir = "%s"
                [nts_ke]
                listen = ["127.0.0.1:0"]
                [ntp]
                listen = ["127.0.0.1:0"]
                """.formatted(state), "lab.toml", state, ConfigOverrides.none());
        ApplianceEnvironment env = ApplianceEnvironment.system()
                .withGnssSim(GnssSimTimeSource.Settings.defaults().withAcceleration(20), Duration.ofMillis(100));
        long wall0 = System.nanoTime();
        try (SoftwareAppliance a = LabAppliance.start(cfg, env, FpgaDatapath.DEFAULT_TX_BUDGET_NTP)) {
            var ntp = a.ntpAddresses().getFirst();
            FpgaDatapath fpga = (FpgaDatapath) a.datapath();
            PlainNtpQuery.Reply first = PlainNtpQuery.query(ntp, 3);
            assertEquals(3, first.leap(), first.toString());
            assertEquals(16, first.stratum(), first.toString());
            PlainNtpQuery.Reply r = first;
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (r.stratum() != 1 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                r = PlainNtpQuery.query(ntp, 3);
            }
            System.out.printf("lab gnss-sim: stratum 1 from the RTL after %.1f s wall, %d simulated s%n",
                    (System.nanoTime() - wall0) / 1e9, a.gnssSim().simulatedSeconds());
            assertEquals(0, r.leap(), r.toString());
            assertEquals(1, r.stratum(), r.toString());
            assertEquals("GPS", r.referenceId(), r.toString());
            assertEquals(ClockState.LOCKED, a.gnssSim().clockStatus().state());
            assertTrue(fpga.counters().counter(Registers.CNT_IDX_RX_FRAMES) >= 2, "answered by the model");
        }
    }
}
