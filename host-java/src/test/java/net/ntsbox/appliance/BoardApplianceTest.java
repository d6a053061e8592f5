package net.ntsbox.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import net.ntsbox.config.ApplianceConfig;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import net.ntsbox.fpga.FpgaDatapath;
import net.ntsbox.fpga.FpgaDevice;
import net.ntsbox.fpga.FpgaException;
import net.ntsbox.fpga.LabFrames;
import net.ntsbox.fpga.Registers;
import net.ntsbox.keys.MasterKey;
import net.ntsbox.metrics.ClockState;
import net.ntsbox.ntp.NtpTimestamp;
import net.ntsbox.server.udp.RealtimeClock;
import net.ntsbox.testsupport.LabModelLibrary;
import net.ntsbox.time.service.GpioFactory;
import net.ntsbox.time.service.TimeServiceEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Board mode ({@code serve} with {@code [fpga]}) with the Verilated {@code ntsbox_top} as the
 * device standing in for the board's FPGA. The model has a packet port, which board mode does
 * not use (no UDP listener, nothing bridged); the test itself injects a frame at the model's
 * PHY to show that the keys NTS-KE handed cookies out under are the ones in KMEM.
 *
 * <p>The model does not advance in wall time (it runs only while the host calls into it), so
 * the FPGA clock never sees a second go by or a PPS edge: the time service cannot lock here,
 * and the test checks the unlocked state (LI 3 / stratum 16 in the HDR registers and in the
 * RTL's responses), not a lock. ServoOnRtlTest covers the servo on the RTL clock.
 */
@Timeout(120)
class BoardApplianceTest {
    @TempDir
    Path dir;

    private static final String PORT = """
            [fpga]
            device = "sim:model=ntsbox_top"
            mac = "02:00:5e:10:00:01"
            ipv4 = "192.0.2.1"
            tx_budget_us = 20
            """;

    private ApplianceConfig config(String extra) throws Exception {
        return ConfigReader.parse("""
                state_dir = "%s"
                [nts_ke]
                listen = ["127.0.0.1:0"]
                [management]
                listen = "127.0.0.1:0"
                allow_unauthenticated_loopback = true
                %s
                %s
                """.formatted(dir, PORT, extra), "board.toml", dir, ConfigOverrides.none());
    }

    private static ApplianceEnvironment env() {
        // The kernel says synchronised: board mode must not care (the FPGA clock is served).
        return new ApplianceEnvironment(RealtimeClock::unixNanos, () -> new TimexReading(0, 0x2001, 1000, 1000),
                Duration.ofMillis(100));
    }

    @Test
    void keysLandInKmemAndTheFpgaAnswersUnsynchronisedWithoutGnss() throws Exception {
        LabModelLibrary.require();
        FpgaDevice dev;
        try (SoftwareAppliance a = BoardAppliance.start(config(""), env())) {
            assertEquals(List.of(), a.ntpAddresses(), "board mode opens no NTP listener");
            FpgaDatapath dp = assertInstanceOf(FpgaDatapath.class, a.datapath());
            assertEquals("fpga", dp.kind());
            dev = dp.device();
            assertEquals(123, a.advertisedNtpPort(), "clients go to the FPGA's port 123");

            // NTS-KE: AEAD 15 only (17 alone is refused), cookies under the ring's current key.
            SSLContext tls = SoftwareApplianceTest.trustingOwnCert(a);
            InetSocketAddress ke = a.keAddresses().getFirst();
            NtsTestClient.Session s = NtsTestClient.keyExchange(tls, ke, List.of(17, 15));
            assertEquals(15, s.aead().id());
            assertEquals(8, s.cookies().size());
            assertTrue(s.ke().port().isEmpty(), "no Port record: 123 is the default");
            assertEquals("192.0.2.1", s.ke().server().orElseThrow(), "Server record: the FPGA port's address, not this host");
            MasterKey current = a.keys().ring().current();
            assertEquals(current.id(), NtsTestClient.keyId(s.cookies().getFirst()));

            // The keys are in KMEM: the IDs, valid bits and current slot (the bytes: the NTS request below).
            FpgaDevice.KeySlotState slots = dev.keySlots();
            assertEquals(current.slot(), slots.currentSlot());
            for (MasterKey k : a.keys().ring().slots()) {
                if (k == null) continue;
                assertTrue(slots.valid(k.slot()) && slots.id(k.slot()) == k.id(), "slot " + k.slot() + ": " + slots);
            }

            // HDR: LI 3 forced, stratum 16 (nothing disciplines the FPGA clock), though the kernel is synced.
            assertEquals(16, dev.read32(Registers.HDR_STRATUM));
            int ovr = dev.read32(Registers.HDR_LEAP_OVERRIDE);
            assertEquals(Registers.HDR_LEAP_OVERRIDE_ENABLE_MASK | 3 << Registers.HDR_LEAP_OVERRIDE_LI_SHIFT, ovr);

            // A cookie NTS-KE handed out authenticates at the FPGA's port, and the RTL says LI 3 / stratum 16.
            byte[] uid = NtsTestClient.uid();
            long t = NtpTimestamp.fromUnixNanos(RealtimeClock.unixNanos());
            byte[] rq = NtsTestClient.ntsRequest(s, s.cookies().getFirst(), uid, t, 1);
            NtsTestClient.Reply r = NtsTestClient.verify(s, atThePort(dev, rq), uid, t);
            assertEquals(3, r.header().leap());
            assertEquals(16, r.header().stratum());
            assertEquals(2, r.cookies().size());
            // The clock was set from the host clock at start: the receive time is this century, not 1900.
            long rxSeconds = r.header().receiveTimestamp() >>> 32;
            assertTrue(Math.abs(rxSeconds - (t >>> 32)) < 3600, "FPGA clock set at start: " + rxSeconds);

            // Counters and status.
            assertEquals(1L, dp.keySlotUses(current.slot()));
            String base = "http://127.0.0.1:" + a.management().boundAddress().getPort();
            var status = json(get(base + "/api/v1/status"));
            assertEquals("fpga", status.path("datapath").asText(), status.toString());
            assertEquals(16, status.path("time_source").path("stratum").asInt(), status.toString());
            assertTrue(status.path("gnss").isMissingNode(), "no [gnss]: no gnss block");
            String metrics = get(base + "/metrics");
            assertTrue(metrics.contains("ntsbox_fpga_events_total"), metrics);
            assertTrue(metrics.contains("ntsbox_clock_stratum 16"), metrics);
        }
        // Shutdown closed the device.
        FpgaDevice closed = dev;
        FpgaException e = assertThrows(FpgaException.class, () -> closed.read32(Registers.HDR_STRATUM));
        assertEquals(FpgaException.ENODEV, e.errno());
    }

    @Test
    void withGnssTheTimeServiceDisciplinesTheFpgaClockAndGovernsTheHeader() throws Exception {
        LabModelLibrary.require();
        int closedPort;
        try (var ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = ss.getLocalPort();
        }
        ApplianceEnvironment env = env().withTimeService(TimeServiceEnvironment.standard(RealtimeClock::unixNanos)
                .withGpio(GpioFactory.standard()));
        try (SoftwareAppliance a = BoardAppliance.start(config("""
                [gnss]
                source = "gpsd"
                gpsd = "127.0.0.1:%d"
                pps = "fpga"
                """.formatted(closedPort)), env)) {
            var ts = a.timeService();
            assertTrue(ts.disciplining(), "pps = fpga: the service disciplines the FPGA clock");
            FpgaDatapath dp = (FpgaDatapath) a.datapath();
            // Unlocked (no receiver, and the model's clock stands still in wall time): LI 3 / stratum 16.
            Thread.sleep(600);
            assertEquals(16, dp.device().read32(Registers.HDR_STRATUM));
            assertEquals(3, (dp.device().read32(Registers.HDR_LEAP_OVERRIDE) & Registers.HDR_LEAP_OVERRIDE_LI_MASK)
                    >>> Registers.HDR_LEAP_OVERRIDE_LI_SHIFT);
            assertTrue(a.header().current().stratum() == 16 && !a.header().current().synchronised());
            assertTrue(ts.clockStatus().state() != ClockState.LOCKED, ts.clockStatus().toString());
            var status = json(get("http://127.0.0.1:" + a.management().boundAddress().getPort() + "/api/v1/status"));
            assertEquals("fpga", status.path("datapath").asText(), status.toString());
            assertEquals("discipline", status.path("gnss").path("mode").asText(), status.toString());
            assertEquals("fpga", status.path("gnss").path("pps").asText(), status.toString());
            assertEquals(false, status.path("gnss").path("connected").asBoolean(true), status.toString());
            assertEquals(16, status.path("time_source").path("stratum").asInt(), status.toString());
        }
    }

    @Test
    void configErrorsAreClear() throws Exception {
        bad("[ntp]\nlisten = [\"127.0.0.1:123\"]\n", "ntp.listen", "not with [fpga]");
        bad("[clock]\nrequire_sync = false\n", "clock.require_sync", "false with [fpga]");
        bad("[gnss]\nsource = \"gpsd\"\npps = \"/dev/pps0\"\n", "gnss.pps", "must be \"fpga\" with [fpga]");
        badFpga("device = \"usb:0\"\nmac = \"02:00:5e:10:00:01\"\nipv4 = \"192.0.2.1\"\n", "fpga.device",
                "not a datapath device");
        badFpga("device = \"uio:/dev/uio0\"\nmac = \"02:00:5e:10:00:01\"\nipv4 = \"192.0.2.1\"\n", "fpga.device",
                "takes the UIO device's name");
        badFpga("device = \"sim:model=csr_top\"\nmac = \"02:00:5e:10:00:01\"\nipv4 = \"192.0.2.1\"\n", "fpga.device",
                "no packet port");
        badFpga("mac = \"02:00:5e:10:00:01\"\nipv4 = \"192.0.2.1\"\n", "fpga.device", "required");
        badFpga("device = \"uio:ntsbox\"\nipv4 = \"192.0.2.1\"\n", "fpga.mac", "required");
        badFpga("device = \"uio:ntsbox\"\nmac = \"01:00:5e:10:00:01\"\nipv4 = \"192.0.2.1\"\n", "fpga.mac", "multicast");
        badFpga("device = \"uio:ntsbox\"\nmac = \"02:00:5e:10:00\"\nipv4 = \"192.0.2.1\"\n", "fpga.mac", "not a MAC");
        badFpga("device = \"uio:ntsbox\"\nmac = \"02:00:5e:10:00:01\"\n", "fpga.ipv4", "needs ipv4 or ipv6");
        badFpga("device = \"uio:ntsbox\"\nmac = \"02:00:5e:10:00:01\"\nipv4 = \"2001:db8::1\"\n", "fpga.ipv4", "not an IPv4");
        badFpga("device = \"uio:ntsbox\"\nmac = \"02:00:5e:10:00:01\"\nipv4 = \"192.0.2.1\"\nalternate_port = 123\n",
                "fpga.alternate_port", "always answers on");
        badFpga("device = \"uio:ntsbox\"\nmac = \"02:00:5e:10:00:01\"\nipv4 = \"192.0.2.1\"\ntx_budget_us = 0\n",
                "fpga.tx_budget_us", "out of range");
        badFpga("device = \"uio:ntsbox\"\nmac = \"02:00:5e:10:00:01\"\nipv4 = \"192.0.2.1\"\nport = \"eth1\"\n",
                "fpga.port", "unknown key in [fpga]");

        // The whole section, as check-config shows it.
        ApplianceConfig c = ConfigReader.parse("""
                [fpga]
                device = "uio:ntsbox"
                mac = "02:00:5e:10:00:01"
                ipv4 = "192.0.2.1"
                ipv6 = "2001:db8::1"
                alternate_port = 1123
                tx_budget_us = 12.5
                """, "board.toml", dir, ConfigOverrides.none());
        assertTrue(c.board());
        assertEquals(List.of(15), c.ntsKe().aeads());
        assertEquals(123, c.ntsKe().ntpPort().orElseThrow());
        assertEquals("192.0.2.1", c.ntsKe().ntpServer().orElseThrow(), "clients sent to the FPGA's IPv4 address");
        ApplianceConfig v6 = ConfigReader.parse("[fpga]\ndevice = \"uio:ntsbox\"\nmac = \"02:00:5e:10:00:01\"\n"
                + "ipv6 = \"2001:db8::1\"\n[nts_ke]\nntp_server = \"time.example.net\"\n", "board.toml", dir,
                ConfigOverrides.none());
        assertEquals("time.example.net", v6.ntsKe().ntpServer().orElseThrow(), "an explicit ntp_server wins");
        assertEquals("fe80:0:0:0:0:5eff:fe10:1", c.fpga().ipv6LinkLocal().orElseThrow().getHostAddress(),
                "link-local from the MAC (EUI-64)");
        assertEquals(12.5, c.fpga().txBudgetMicros(), 0.001);
        assertEquals("MAC 02:00:5e:10:00:01, udp 123 and 1123 on 192.0.2.1, 2001:db8:0:0:0:0:0:1, ICMP echo, TX budget 12.5 us",
                BoardAppliance.describePort(c.fpga()));
    }

    @Test
    void aDeviceThatCannotBeOpenedFailsTheStartClearly() throws Exception {
        ApplianceConfig c = ConfigReader.parse("""
                state_dir = "%s"
                [nts_ke]
                listen = ["127.0.0.1:0"]
                [fpga]
                device = "uio:ntsbox-absent,sysfs=%s"
                mac = "02:00:5e:10:00:01"
                ipv4 = "192.0.2.1"
                """.formatted(dir, dir), "board.toml", dir, ConfigOverrides.none());
        ApplianceStartException e = assertThrows(ApplianceStartException.class, () -> BoardAppliance.start(c, env()).close());
        assertTrue(e.getMessage().startsWith("fpga.device uio:ntsbox-absent"), e.getMessage());
        assertTrue(e.getMessage().contains("board/udev/99-ntsbox-uio.rules"), e.getMessage());
    }

    @Test
    void labRefusesABoardConfiguration() throws Exception {
        ApplianceStartException e = assertThrows(ApplianceStartException.class,
                () -> LabAppliance.start(config("")).close());
        assertTrue(e.getMessage().contains("[fpga] configures the board"), e.getMessage());
    }

    private void bad(String extra, String key, String words) throws Exception {
        var e = assertThrows(net.ntsbox.config.ConfigException.class, () -> config(extra));
        assertTrue(e.getMessage().contains(key + ": ") && e.getMessage().contains(words), e.getMessage());
    }

    private void badFpga(String body, String key, String words) {
        var e = assertThrows(net.ntsbox.config.ConfigException.class,
                () -> ConfigReader.parse("[fpga]\n" + body, "board.toml", dir, ConfigOverrides.none()));
        assertTrue(e.getMessage().contains(key + ": ") && e.getMessage().contains(words), e.getMessage());
    }

    /** One request in at the model's PHY, the UDP payload of its answer out (what the board's port does). */
    private static byte[] atThePort(FpgaDevice dev, byte[] request) {
        int port = 40123;
        byte[] frame = LabFrames.request(request, request.length, port, 1);
        long start = dev.simCycles() + 1;
        dev.injectFrame(frame, start);
        byte[] out = new byte[2048];
        for (long c = start + 256; c <= start + 200_000; c += 256) {
            dev.runUntil(c);
            FpgaDevice.SentFrame f;
            while ((f = dev.collectFrame()) != null) {
                int n = LabFrames.responsePayload(f.frame(), port, out);
                if (n > 0) return java.util.Arrays.copyOf(out, n);
            }
        }
        throw new AssertionError("the FPGA did not answer within 200000 cycles");
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String s) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(s);
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }
}
