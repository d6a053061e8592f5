package net.ntsbox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import net.ntsbox.fpga.FpgaCounters;
import net.ntsbox.fpga.FpgaDatapath;
import net.ntsbox.fpga.FpgaDevice;
import net.ntsbox.fpga.LabFrames;
import net.ntsbox.fpga.LabModel;
import net.ntsbox.fpga.Registers;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.RotationPolicy;
import net.ntsbox.testsupport.LabModelLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DP ENABLE through the whole Verilated top: with every bit on, then with each bit off in turn
 * (and all off), one frame of each service goes in (plain NTP over IPv4 and IPv6, NTS over
 * IPv4, ARP request, neighbour solicitation, ICMP and ICMPv6 echo). A frame whose service is
 * off must be dropped and counted in DROP_DISABLED, every other one answered and counted by its
 * service counter, and nothing else may move (no other drop counter, one frame out per answer).
 */
class FpgaTopEnableTest {
    static final long NOW = 1_780_000_000L;
    static final int NTP = Registers.DP_ENABLE_NTP_MASK, NTS = Registers.DP_ENABLE_NTS_MASK,
            V4 = Registers.DP_ENABLE_IPV4_MASK, V6 = Registers.DP_ENABLE_IPV6_MASK,
            ARP = Registers.DP_ENABLE_ARP_MASK, ND = Registers.DP_ENABLE_ND_MASK,
            ECHO = Registers.DP_ENABLE_ICMP_ECHO_MASK;
    static final int ALL = NTP | NTS | V4 | V6 | ARP | ND | ECHO;

    /** One test frame: the enable bits it needs and the counter that counts its answer. */
    record Service(String name, int needs, int counter, byte[] frame) {}

    @Test
    @Timeout(120)
    void eachDisabledServiceIsDroppedAndCountedTheRestServed() throws Exception {
        LabModelLibrary.require(); // builds the model; skips only without the engine RTL or make/verilator
        FpgaDatapath dp = FpgaDatapath.open(LabModel.DEVICE, FpgaDatapath.DEFAULT_TX_BUDGET_NTP);
        try (dp) {
            FpgaDevice dev = dp.device();
            KeyRing ring = KeyRing.fromSeed(new byte[32], 0, RotationPolicy.DEFAULT, NOW);
            dp.keyRingChanged(ring);
            dev.setIpv6(FpgaTopFrameCosimTest.FPGA_IPV6, FpgaTopFrameCosimTest.FPGA_IPV6_LL);
            SplittableRandom rnd = new SplittableRandom(5);
            byte[] plain = new byte[48];
            plain[0] = 0x23;
            List<Service> services = List.of(
                    new Service("plain NTP / IPv4", V4 | NTP, Registers.CNT_IDX_NTP_SERVED,
                            FpgaTopFrameCosimTest.build(plain, 40001, false, false, 123, false)),
                    new Service("plain NTP / IPv6", V6 | NTP, Registers.CNT_IDX_NTP_SERVED,
                            FpgaTopFrameCosimTest.build(plain, 40002, true, false, 123, false)),
                    new Service("NTS / IPv4", V4 | NTS, Registers.CNT_IDX_NTS_OK,
                            FpgaTopFrameCosimTest.build(FpgaTopFrameCosimTest.nts(rnd, ring, 1), 40003, false, false, 123, false)),
                    new Service("NTS / IPv6", V6 | NTS, Registers.CNT_IDX_NTS_OK,
                            FpgaTopFrameCosimTest.build(FpgaTopFrameCosimTest.nts(rnd, ring, 0), 40004, true, false, 123, false)),
                    new Service("ARP request", V4 | ARP, Registers.CNT_IDX_ARP_REPLIES, arpRequest()),
                    new Service("neighbour solicitation", V6 | ND, Registers.CNT_IDX_ND_REPLIES, neighbourSolicitation()),
                    new Service("ICMP echo", V4 | ECHO, Registers.CNT_IDX_ICMP_ECHO_REPLIES, echo(false)),
                    new Service("ICMPv6 echo", V6 | ECHO, Registers.CNT_IDX_ICMP_ECHO_REPLIES, echo(true)));
            int[] masks = {ALL, ALL & ~NTP, ALL & ~NTS, ALL & ~V4, ALL & ~V6, ALL & ~ARP, ALL & ~ND, ALL & ~ECHO, 0, ALL};
            for (int mask : masks) {
                dev.setEnables(mask);
                dev.applyDatapath();
                FpgaCounters.Snapshot before = dp.counters();
                long arrive = dev.simCycles() + 1;
                long[] want = new long[Registers.CNT_NAMES.size()];
                int answers = 0;
                for (Service s : services) {
                    dev.injectFrame(s.frame(), arrive);
                    arrive += 600;
                    boolean on = (mask & s.needs()) == s.needs();
                    want[on ? s.counter() : Registers.CNT_IDX_DROP_DISABLED]++;
                    if (on) answers++;
                }
                dev.runUntil(arrive + (FpgaDatapath.DEFAULT_TX_BUDGET_NTP * 156_250_000L >>> 32) + 5000);
                int out = 0;
                while (dev.collectFrame() != null) out++;
                FpgaCounters.Snapshot after = dp.counters();
                String what = String.format("ENABLE = 0x%02X", mask);
                assertEquals(answers, out, what + ": frames out");
                assertEquals(services.size(), after.counter(Registers.CNT_IDX_RX_FRAMES) - before.counter(Registers.CNT_IDX_RX_FRAMES),
                        what + ": RX_FRAMES");
                for (int i = 0; i < want.length; i++) {
                    String name = Registers.CNT_NAMES.get(i);
                    if (!name.startsWith("DROP_") && !name.startsWith("NTS_") && !name.endsWith("_REPLIES")
                            && !name.equals("NTP_SERVED")) continue;
                    assertEquals(want[i], after.counter(i) - before.counter(i), what + ": " + name);
                }
            }
        }
    }

    /** Who-has FPGA_IPV4, broadcast. */
    private static byte[] arpRequest() {
        byte[] f = new byte[60 + 4];
        for (int i = 0; i < 6; i++) f[i] = (byte) 0xFF;
        System.arraycopy(LabFrames.PEER_MAC, 0, f, 6, 6);
        put16(f, 12, 0x0806);
        put16(f, 14, 1);
        put16(f, 16, 0x0800);
        f[18] = 6;
        f[19] = 4;
        put16(f, 20, 1);
        System.arraycopy(LabFrames.PEER_MAC, 0, f, 22, 6);
        System.arraycopy(LabFrames.PEER_IPV4, 0, f, 28, 4);
        System.arraycopy(LabFrames.FPGA_IPV4, 0, f, 38, 4);
        return fcs(f);
    }

    /** NS for FPGA_IPV6 to its solicited-node group, hop limit 255, no options. */
    private static byte[] neighbourSolicitation() {
        byte[] target = FpgaTopFrameCosimTest.FPGA_IPV6;
        byte[] group = new byte[16];
        group[0] = (byte) 0xFF;
        group[1] = 0x02;
        group[11] = 0x01;
        group[12] = (byte) 0xFF;
        System.arraycopy(target, 13, group, 13, 3);
        byte[] mac = {0x33, 0x33, (byte) 0xFF, target[13], target[14], target[15]};
        byte[] icmp = new byte[24];
        icmp[0] = (byte) 135;
        System.arraycopy(target, 0, icmp, 8, 16);
        return ipv6(mac, group, 255, icmp);
    }

    /** Echo request with 20 payload bytes to FPGA_IPV4 or FPGA_IPV6. */
    private static byte[] echo(boolean v6) {
        byte[] icmp = new byte[8 + 20];
        icmp[0] = (byte) (v6 ? 128 : 8);
        put16(icmp, 4, 0x1234);
        put16(icmp, 6, 7);
        for (int i = 8; i < icmp.length; i++) icmp[i] = (byte) (i * 7);
        if (v6) return ipv6(LabFrames.FPGA_MAC, FpgaTopFrameCosimTest.FPGA_IPV6, 64, icmp);
        put16(icmp, 2, fold(sum(icmp, 0, icmp.length, 0)));
        byte[] f = new byte[Math.max(14 + 20 + icmp.length, 60) + 4];
        System.arraycopy(LabFrames.FPGA_MAC, 0, f, 0, 6);
        System.arraycopy(LabFrames.PEER_MAC, 0, f, 6, 6);
        put16(f, 12, 0x0800);
        f[14] = 0x45;
        put16(f, 16, 20 + icmp.length);
        f[22] = 64;
        f[23] = 1;
        System.arraycopy(LabFrames.PEER_IPV4, 0, f, 26, 4);
        System.arraycopy(LabFrames.FPGA_IPV4, 0, f, 30, 4);
        put16(f, 24, fold(sum(f, 14, 20, 0)));
        System.arraycopy(icmp, 0, f, 34, icmp.length);
        return fcs(f);
    }

    /** An IPv6 ICMPv6 frame from PEER to dst (checksum filled in). */
    private static byte[] ipv6(byte[] dstMac, byte[] dst, int hopLimit, byte[] icmp) {
        byte[] f = new byte[Math.max(14 + 40 + icmp.length, 60) + 4];
        System.arraycopy(dstMac, 0, f, 0, 6);
        System.arraycopy(LabFrames.PEER_MAC, 0, f, 6, 6);
        put16(f, 12, 0x86DD);
        f[14] = 0x60;
        put16(f, 18, icmp.length);
        f[20] = 58;
        f[21] = (byte) hopLimit;
        System.arraycopy(FpgaTopFrameCosimTest.PEER_IPV6, 0, f, 22, 16);
        System.arraycopy(dst, 0, f, 38, 16);
        System.arraycopy(icmp, 0, f, 54, icmp.length);
        put16(f, 56, fold(sum(f, 54, icmp.length, sum(f, 22, 32, 58 + icmp.length))));
        return fcs(f);
    }

    private static byte[] fcs(byte[] f) {
        CRC32 crc = new CRC32();
        crc.update(f, 0, f.length - 4);
        long v = crc.getValue();
        for (int i = 0; i < 4; i++) f[f.length - 4 + i] = (byte) (v >>> (8 * i));
        return f;
    }

    private static void put16(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    private static int sum(byte[] b, int o, int n, int s) {
        for (int i = 0; i + 1 < n; i += 2) s += (b[o + i] & 0xFF) << 8 | (b[o + i + 1] & 0xFF);
        if ((n & 1) != 0) s += (b[o + n - 1] & 0xFF) << 8;
        return s;
    }

    private static int fold(int s) {
        long x = s & 0xFFFFFFFFL;
        while ((x >>> 16) != 0) x = (x & 0xFFFF) + (x >>> 16);
        return (int) (~x & 0xFFFF);
    }
}
