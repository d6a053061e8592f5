package net.ntsbox.fpga;

import java.util.zip.CRC32;

/**
 * Ethernet II / IPv4 / UDP framing between the lab's UDP bridge and the simulated PHY: wraps
 * an NTP request in a frame from a fixed peer (the bridge) to the FPGA's addresses, with IPv4
 * header and UDP checksums and the FCS; unwraps the FPGA's response. Pure functions.
 */
public final class LabFrames {
    /** The simulated FPGA port's addresses (documentation ranges: 02:... locally administered, TEST-NET-1). */
    public static final byte[] FPGA_MAC = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x01};
    public static final byte[] FPGA_IPV4 = {(byte) 192, 0, 2, 1};
    /** The bridge as the FPGA sees it. */
    public static final byte[] PEER_MAC = {0x02, 0x00, 0x5e, 0x20, 0x00, 0x02};
    public static final byte[] PEER_IPV4 = {(byte) 192, 0, 2, 100};
    public static final int NTP_PORT = 123;

    static final int HEADERS = 14 + 20 + 8;

    private LabFrames() {}

    /** The frame (with FCS) carrying payload[0..len) from PEER:srcPort to FPGA:123. */
    public static byte[] request(byte[] payload, int len, int srcPort, int ipId) {
        byte[] f = new byte[HEADERS + len + 4];
        System.arraycopy(FPGA_MAC, 0, f, 0, 6);
        System.arraycopy(PEER_MAC, 0, f, 6, 6);
        put16(f, 12, 0x0800);
        int ip = 14;
        f[ip] = 0x45;
        put16(f, ip + 2, 20 + 8 + len);
        put16(f, ip + 4, ipId);
        f[ip + 8] = 64;
        f[ip + 9] = 17;
        System.arraycopy(PEER_IPV4, 0, f, ip + 12, 4);
        System.arraycopy(FPGA_IPV4, 0, f, ip + 16, 4);
        put16(f, ip + 10, fold(sum(f, ip, 20, 0)));
        int udp = ip + 20;
        put16(f, udp, srcPort);
        put16(f, udp + 2, NTP_PORT);
        put16(f, udp + 4, 8 + len);
        System.arraycopy(payload, 0, f, udp + 8, len);
        int c = fold(sum(f, udp, 8 + len, sum(f, ip + 12, 8, 17 + 8 + len)));
        put16(f, udp + 6, c == 0 ? 0xFFFF : c);
        CRC32 crc = new CRC32();
        crc.update(f, 0, f.length - 4);
        long v = crc.getValue();
        for (int i = 0; i < 4; i++) f[f.length - 4 + i] = (byte) (v >>> (8 * i));
        return f;
    }

    /**
     * The UDP payload of a response frame to PEER:dstPort from FPGA:123 copied into out, or -1
     * when the frame is anything else (ARP, another port, bad FCS, truncated).
     */
    public static int responsePayload(byte[] f, int dstPort, byte[] out) {
        if (f.length < HEADERS + 4 || get16(f, 12) != 0x0800 || (f[14] & 0xFF) != 0x45 || f[14 + 9] != 17) return -1;
        CRC32 crc = new CRC32();
        crc.update(f, 0, f.length - 4);
        long v = crc.getValue();
        for (int i = 0; i < 4; i++) if (f[f.length - 4 + i] != (byte) (v >>> (8 * i))) return -1;
        int udp = 14 + 20;
        if (get16(f, udp) != NTP_PORT || get16(f, udp + 2) != dstPort) return -1;
        int len = get16(f, udp + 4) - 8;
        if (len < 0 || udp + 8 + len > f.length - 4 || len > out.length) return -1;
        System.arraycopy(f, udp + 8, out, 0, len);
        return len;
    }

    private static void put16(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    private static int get16(byte[] b, int o) { return (b[o] & 0xFF) << 8 | (b[o + 1] & 0xFF); }

    private static int sum(byte[] b, int o, int n, int s) {
        for (int i = 0; i + 1 < n; i += 2) s += get16(b, o + i);
        if ((n & 1) != 0) s += (b[o + n - 1] & 0xFF) << 8;
        return s;
    }

    private static int fold(int s) {
        long x = s & 0xFFFFFFFFL;
        while ((x >>> 16) != 0) x = (x & 0xFFFF) + (x >>> 16);
        return (int) (~x & 0xFFFF);
    }
}
