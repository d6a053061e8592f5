package net.ntsbox.time.pps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.ntsbox.time.NtpTime;
import net.ntsbox.time.PpsCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class PpsAbiTest {
    @Test
    void ioctlNumbers() {
        // Values printed by a probe compiled against linux/pps.h on x86_64 (see probeAgreesWithHeader).
        assertEquals(0x800870a1L, PpsAbi.getParams(8));
        assertEquals(0x800870a3L, PpsAbi.getCap(8));
        assertEquals(0xc00870a4L, PpsAbi.fetch(8));
        // 32-bit ARM: the size field is sizeof(pointer) = 4.
        assertEquals(0x800470a1L, PpsAbi.getParams(4));
        assertEquals(0xc00470a4L, PpsAbi.fetch(4));
        assertThrows(IllegalArgumentException.class, () -> PpsAbi.ioc(4, 'p', 1, 8));
        assertThrows(IllegalArgumentException.class, () -> PpsAbi.ioc(1, 'p', 256, 8));
    }

    @Test
    void fetchRequestEncodesTheTimeout() {
        ByteBuffer b = PpsAbi.fetchRequest(Duration.ofMillis(1500), ByteOrder.LITTLE_ENDIAN);
        assertEquals(PpsAbi.FDATA_SIZE, b.capacity());
        assertEquals(1, b.getLong(48));
        assertEquals(500_000_000, b.getInt(56));
        assertEquals(0, b.getInt(60));
        for (int i = 0; i < 48; i++) {
            assertEquals(0, b.get(i), "info zeroed");
        }
        ByteBuffer forever = PpsAbi.fetchRequest(null, ByteOrder.LITTLE_ENDIAN);
        assertEquals(PpsAbi.PPS_TIME_INVALID, forever.getInt(60));
        assertThrows(IllegalArgumentException.class, () -> PpsAbi.fetchRequest(Duration.ofSeconds(-1), ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void kinfoRoundTripAndUnsignedSequence() {
        PpsAbi.KInfo info = new PpsAbi.KInfo(0xFFFF_FFF0L, 7, new PpsAbi.KTime(1_718_452_815L, 1234, 0),
                new PpsAbi.KTime(1_718_452_815L, 100_001_234, PpsAbi.PPS_TIME_INVALID), PpsAbi.PPS_CAPTUREASSERT | PpsAbi.PPS_TSFMT_TSPEC);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            ByteBuffer b = ByteBuffer.allocate(PpsAbi.FDATA_SIZE).order(order);
            PpsAbi.putKInfo(b, info);
            assertEquals(info, PpsAbi.kInfo(b));
        }
        // Field offsets, little-endian bytes as the kernel would write them.
        ByteBuffer b = ByteBuffer.allocate(PpsAbi.KINFO_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        PpsAbi.putKInfo(b, info);
        assertEquals((byte) 0xF0, b.get(0));
        assertEquals(7, b.get(4));
        assertEquals(1_718_452_815L, b.getLong(8));
        assertEquals(1234, b.getInt(16));
        assertEquals(100_001_234, b.getInt(32));
        assertEquals(1, b.getInt(36));
        assertEquals(0x1001, b.getInt(40));
        ByteBuffer p = ByteBuffer.allocate(PpsAbi.KPARAMS_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        p.putInt(0, 1).putInt(4, 0x1133);
        PpsAbi.putKTime(p, 8, new PpsAbi.KTime(0, -42, 0));
        assertEquals(new PpsAbi.KParams(1, 0x1133, new PpsAbi.KTime(0, -42, 0), new PpsAbi.KTime(0, 0, 0)), PpsAbi.kParams(p));
    }

    @Test
    void eventToCapture() {
        PpsCapture c = new PpsEvent(1_718_452_815L, 250_000_000, 9).toCapture();
        assertEquals(9, c.sequence());
        assertEquals(1_718_452_815L + 2_208_988_800L, c.ntpTimestamp() >>> 32);
        assertEquals(250_000_000, NtpTime.diffNanos(c.ntpTimestamp(), NtpTime.ofSeconds(c.ntpTimestamp() >>> 32)));
        PpsCapture late = new PpsEvent(10, 999_999_999, 1).toCapture();
        assertEquals(10 + 2_208_988_800L, late.ntpTimestamp() >>> 32, "no carry into the seconds");
    }

    /** Compiles a probe against the kernel header (if gcc and linux/pps.h are here) and compares. */
    @Test
    void probeAgreesWithHeader(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(Path.of("/usr/include/linux/pps.h")) && Files.isExecutable(Path.of("/usr/bin/gcc")),
                "gcc or linux/pps.h absent");
        Path src = dir.resolve("probe.c");
        Files.writeString(src, """
                #include <stdio.h>
                #include <stddef.h>
                #include <linux/pps.h>
                int main(void) {
                  printf("%lu %lu %lu %lu %zu %zu %zu %zu %zu %zu %zu %zu\\n",
                    (unsigned long) PPS_GETPARAMS, (unsigned long) PPS_GETCAP, (unsigned long) PPS_FETCH,
                    (unsigned long) sizeof(void *), sizeof(struct pps_ktime), sizeof(struct pps_kinfo),
                    sizeof(struct pps_kparams), sizeof(struct pps_fdata), offsetof(struct pps_kinfo, assert_tu),
                    offsetof(struct pps_kinfo, clear_tu), offsetof(struct pps_kinfo, current_mode),
                    offsetof(struct pps_fdata, timeout));
                  return 0;
                }
                """);
        Path exe = dir.resolve("probe");
        run(dir, "/usr/bin/gcc", "-o", exe.toString(), src.toString());
        String[] v = run(dir, exe.toString()).trim().split(" ");
        int ptr = Integer.parseInt(v[3]);
        assertEquals(Native.POINTER_SIZE, ptr);
        assertEquals(PpsAbi.getParams(ptr), Long.parseLong(v[0]));
        assertEquals(PpsAbi.getCap(ptr), Long.parseLong(v[1]));
        assertEquals(PpsAbi.fetch(ptr), Long.parseLong(v[2]));
        assertEquals(PpsAbi.KTIME_SIZE, Integer.parseInt(v[4]));
        assertEquals(PpsAbi.KINFO_SIZE, Integer.parseInt(v[5]));
        assertEquals(PpsAbi.KPARAMS_SIZE, Integer.parseInt(v[6]));
        assertEquals(PpsAbi.FDATA_SIZE, Integer.parseInt(v[7]));
        assertEquals("8 24 40 48", v[8] + " " + v[9] + " " + v[10] + " " + v[11]);
    }

    @Test
    void absentDeviceIsReportedClearly() {
        PpsUnavailableException e = assertThrows(PpsUnavailableException.class,
                () -> PpsDevice.open(Path.of("/dev/pps-ntsbox-absent")));
        assertTrue(e.getMessage().contains("/dev/pps-ntsbox-absent is absent"), e.getMessage());
    }

    /** The JNA path for real: open works, PPS_GETCAP on a non-PPS device fails with ENOTTY. */
    @Test
    void nonPpsDeviceIsRefusedByTheKernel() {
        PpsUnavailableException e = assertThrows(PpsUnavailableException.class, () -> PpsDevice.open(Path.of("/dev/null")));
        assertTrue(e.getMessage().contains("ENOTTY") && e.getMessage().contains("not a PPS device"), e.getMessage());
    }

    /** A real kernel PPS source, if this machine has one (pps-gpio, pps-ktimer, pps-ldisc). */
    @Test
    void realDeviceDeliversEdges() throws Exception {
        Path dev = Path.of(System.getProperty("ntsbox.pps", "/dev/pps0"));
        assumeTrue(Files.exists(dev), dev + " absent");
        try (PpsDevice d = PpsDevice.open(dev)) {
            assertTrue((d.capabilities() & PpsAbi.PPS_CAPTUREASSERT) != 0, "assert capture");
            assertEquals(PpsAbi.PPS_API_VERS_1, d.params().apiVersion());
            Optional<PpsEvent> a = d.fetch(Duration.ofMillis(2500));
            Optional<PpsEvent> b = d.fetch(Duration.ofMillis(2500));
            assertTrue(a.isPresent() && b.isPresent(), "two edges within 5 s");
            assertTrue(b.get().sequence() > a.get().sequence());
            long gap = (b.get().unixSeconds() - a.get().unixSeconds()) * 1_000_000_000L + b.get().nanos() - a.get().nanos();
            assertTrue(gap > 900_000_000L && gap < 1_100_000_000L * (b.get().sequence() - a.get().sequence()), "gap " + gap);
        }
    }

    private static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
