package net.ntsbox.interop;

import net.ntsbox.testsupport.LabModelLibrary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import net.ntsbox.appliance.ApplianceEnvironment;
import net.ntsbox.appliance.LabAppliance;
import net.ntsbox.appliance.SoftwareAppliance;
import net.ntsbox.config.ApplianceConfig;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import net.ntsbox.fpga.FpgaDatapath;
import net.ntsbox.fpga.Registers;
import net.ntsbox.interop.TestPki.KeyType;
import net.ntsbox.ke.KeOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * chronyd 4.3 as NTS client of {@code ntsbox lab}: NTS-KE from the appliance, every NTP/NTS
 * exchange answered by the Verilated RTL (ntsbox_top) behind the UDP bridge. Prints chrony's
 * offset and delay through the lab (docs/lab.md quotes them).
 */
class LabChronyInteropTest {
    private static final Duration RESPONSES = Duration.ofSeconds(30);

    @TempDir
    Path state;

    static ApplianceConfig config(Path state, String extra) throws Exception {
        String toml = """
                state_dir = "%s"
                [nts_ke]
                listen = ["127.0.0.1:0"]
                cert = "%s"
                key = "%s"
                [ntp]
                listen = ["127.0.0.1:0"]
                [clock]
                require_sync = false
                %s
                """.formatted(state, TestPki.get().serverChainPem(KeyType.EC), TestPki.get().serverKeyPem(KeyType.EC), extra);
        return ConfigReader.parse(toml, "lab.toml", state, ConfigOverrides.none());
    }

    static SoftwareAppliance startLab(ApplianceConfig c) throws Exception {
        LabModelLibrary.require();
        return LabAppliance.start(c, ApplianceEnvironment.system(), FpgaDatapath.DEFAULT_TX_BUDGET_NTP);
    }

    @Test
    @Timeout(90)
    void chronyAuthenticatesAgainstTheSimulatedFpga() throws Exception {
        try (var a = startLab(config(state, ""));
                var client = ChronyClientPeer.builder("127.0.0.1", a.advertisedNtpPort(), a.keAddresses().getFirst().getPort())
                        .poll(-1, -1).start()) {
            FpgaDatapath fpga = (FpgaDatapath) a.datapath();
            ChronyNtpData ntp = client.awaitAuthenticatedResponses(6, RESPONSES);
            var hw = fpga.counters();
            String diag = client.diagnostics() + "\nFPGA: " + hw + "\nbridge: " + fpga.bridgeStats();
            ChronyAuthData auth = client.authdata().orElseThrow();
            assertEquals("NTS", auth.mode(), diag);
            assertEquals(15, auth.aead(), diag);
            assertEquals(8, auth.cookies(), "cookies replenished\n" + diag);
            assertEquals(0, auth.naks(), diag);
            assertEquals(1, ntp.stratum(), diag);
            assertEquals(1, a.keCounters().replies(KeOutcome.OK), diag);
            // every request chrony sent went through the RTL and every answer came from it
            long served = hw.counter(Registers.CNT_IDX_NTS_OK);
            assertTrue(served >= ntp.totalValidRx(), diag);
            assertEquals(fpga.bridgeStats().requests(), hw.counter(Registers.CNT_IDX_RX_FRAMES), diag);
            assertEquals(hw.counter(Registers.CNT_IDX_NTS_OK), hw.counter(Registers.CNT_IDX_TX_SENT), diag);
            assertEquals(0, hw.counter(Registers.CNT_IDX_TX_LATE) + hw.counter(Registers.CNT_IDX_NTS_DROP_LATE), diag);
            assertEquals(0, hw.counter(Registers.CNT_IDX_NTS_NAK_BAD_COOKIE) + hw.counter(Registers.CNT_IDX_NTS_NAK_BAD_TAG)
                    + hw.counter(Registers.CNT_IDX_NTS_UNKNOWN_KEY), diag);
            assertTrue(client.sources().stream().anyMatch(s -> s.reach() > 0), diag);
            System.out.println("lab clock through chrony: " + ntp.fields().get("Offset") + ", peer delay "
                    + ntp.fields().get("Peer delay") + "; bridge " + fpga.bridgeStats());
        }
    }

    @Test
    @Timeout(90)
    void keyRotationDuringTheRunGivesNoNak() throws Exception {
        long period = 4;
        long now = System.currentTimeMillis() / 1000;
        String keys = "[keys]\nrotation_period_s = %d\nclient_poll_s = 1\nepoch = %d\n".formatted(period, now - 1000 * period + 2);
        try (var a = startLab(config(state, keys));
                var client = ChronyClientPeer.builder("127.0.0.1", a.advertisedNtpPort(), a.keAddresses().getFirst().getPort())
                        .poll(-1, -1).start()) {
            FpgaDatapath fpga = (FpgaDatapath) a.datapath();
            client.awaitAuthenticatedResponses(2, RESPONSES);
            long startPeriod = a.keys().ring().currentPeriod();
            long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (a.keys().ring().currentPeriod() < startPeriod + 2 && System.nanoTime() < end) {
                Daemon.sleep(Duration.ofMillis(100));
            }
            long valid = client.ntpdata().orElseThrow().totalValidRx();
            client.awaitAuthenticatedResponses((int) valid + 10, RESPONSES);
            var hw = fpga.counters();
            String diag = client.diagnostics() + "\nFPGA: " + hw + "\nslots: " + fpga.device().keySlots();
            assertTrue(a.keys().ring().currentPeriod() >= startPeriod + 2, "two rotations happened\n" + diag);
            assertEquals(a.keys().ring().current().id(), fpga.device().keySlots().id(fpga.device().keySlots().currentSlot()),
                    "the FPGA mints with the ring's current key\n" + diag);
            assertEquals(0, client.authdata().orElseThrow().naks(), diag);
            assertEquals(0, hw.counter(Registers.CNT_IDX_NTS_NAK_BAD_COOKIE) + hw.counter(Registers.CNT_IDX_NTS_UNKNOWN_KEY),
                    diag);
            assertEquals(1, a.keCounters().replies(KeOutcome.OK), "no second NTS-KE\n" + diag);
            assertTrue(client.ntpdata().orElseThrow().authenticated(), diag);
        }
    }
}
