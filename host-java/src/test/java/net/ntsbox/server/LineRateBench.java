package net.ntsbox.server;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.fpga.FpgaCounters;
import net.ntsbox.fpga.FpgaDatapath;
import net.ntsbox.fpga.FpgaDevice;
import net.ntsbox.fpga.LabFrames;
import net.ntsbox.fpga.LabModel;
import net.ntsbox.fpga.Registers;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.RotationPolicy;

/**
 * Line-rate benchmark of the whole Verilated FPGA (ntsbox_top) through the packet port (a
 * command, scripts/bench-line-rate.sh, not a test): COUNT back-to-back NTS requests with
 * PLACEHOLDERS placeholders (0 = the minimal 274-byte frame) arrive at 10 GbE line rate
 * (frame + FCS + 20 bytes of preamble and gap, 8 bytes per 156.25 MHz cycle), and every
 * response is checked (NTS, the request's length, origin = the request's transmit
 * timestamp, sent at tx_ts). Prints requests/s, drops by reason, and the receive-to-transmit
 * latency on the wire (first byte in to first byte out). PLACEHOLDERS = -1 mixes them: each
 * request has 0..7 placeholders (seeded, uniform), so slow responses are overtaken by fast
 * later ones in the engine and the launch queue must still release each at its own instant.
 *   java ... net.ntsbox.server.LineRateBench COUNT PLACEHOLDERS BUDGET_US
 * The library is chosen by -Dntsbox.fpga.lib (the 3 x 14 build for the board numbers).
 */
public final class LineRateBench {
    static final double CLOCK_HZ = 156.25e6;
    static final long NOW = 1_780_000_000L;
    static final ServerHeader HDR = new ServerHeader(0, 1, -27, 0x20, 0x10, 0x47505300, 0xeeaf1dc3_12345678L);

    private LineRateBench() {}

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int placeholders = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        double budgetUs = args.length > 2 ? Double.parseDouble(args[2]) : 20.0;
        long budget = Math.round(budgetUs * 1e-6 * 4294967296.0);
        KeyRing ring = KeyRing.fromSeed(new byte[32], 0, RotationPolicy.DEFAULT, NOW);
        SplittableRandom rnd = new SplittableRandom(5);
        // 64 sessions, each request with its own UID, nonce and transmit timestamp (= index)
        TestRequests.Session[] sessions = new TestRequests.Session[64];
        for (int i = 0; i < sessions.length; i++) {
            sessions[i] = TestRequests.session(ring, AeadAlgorithm.AES_SIV_CMAC_256, rnd);
        }
        try (FpgaDatapath dp = FpgaDatapath.open(LabModel.DEVICE, budget)) {
            dp.keyRingChanged(ring);
            dp.headerChanged(HDR);
            FpgaDevice dev = dp.device();
            dev.runUntil(dev.simCycles() + 64);   // key copy and header reach the engine
            FpgaCounters.Snapshot before = dp.counters();
            long t0 = dev.simCycles() + 100;
            long[] arrival = new long[count];
            long[] latency = new long[count];
            int[] lengths = new int[count];
            boolean mixed = placeholders < 0;
            long payloadBytes = 0;
            int reqLen = 0, injected = 0, answered = 0, bad = 0;
            long wire = 0;                       // wire time in bytes from t0
            long lastDeparture = 0, firstDeparture = -1;
            byte[] payload = new byte[2048];
            long now = dev.simCycles();
            while (answered + bad < count) {
                // keep up to ~3,000 frames queued ahead of the model
                while (injected < count && injected - answered - bad < 3000) {
                    int ph = mixed ? rnd.nextInt(8) : placeholders;
                    byte[] req = TestRequests.request(sessions[injected & 63], TestRequests.bytes(rnd, 32),
                            injected, ph, TestRequests.bytes(rnd, 16));
                    reqLen = req.length;
                    lengths[injected] = req.length;
                    payloadBytes += req.length;
                    byte[] f = LabFrames.request(req, req.length, 1024 + injected % 60000, injected & 0xFFFF);
                    arrival[injected] = t0 + wire / 8;
                    dev.injectFrame(f, arrival[injected]);
                    wire += f.length + 20;
                    injected++;
                }
                now += 4096;
                dev.runUntil(now);
                for (FpgaDevice.SentFrame s; (s = dev.collectFrame()) != null; ) {
                    byte[] fr = s.frame();
                    int port = fr.length > 40 ? (fr[36] & 0xFF) << 8 | (fr[37] & 0xFF) : -1;
                    int n = LabFrames.responsePayload(fr, port, payload);
                    long origin = n >= 48 ? getLong(payload, 24) : -1;
                    if (origin < 0 || origin >= injected || n != lengths[(int) origin] || (payload[0] & 7) != 4
                            || getLong(payload, 40) != getLong(payload, 32) + budget) {
                        bad++;
                        continue;
                    }
                    latency[answered++] = s.departureCycle() - arrival[(int) origin];
                    if (firstDeparture < 0) firstDeparture = s.departureCycle();
                    lastDeparture = s.departureCycle();
                }
                if (injected == count && now > arrival[count - 1] + 200_000) break;   // the rest are lost
            }
            FpgaCounters.Snapshot after = dp.counters();
            long span = lastDeparture - firstDeparture;
            double perReq = answered > 1 ? span / (double) (answered - 1) : 0;
            double offered = (arrival[count - 1] - t0) / (double) (count - 1);
            long[] lat = Arrays.copyOf(latency, answered);
            Arrays.sort(lat);
            double mean = Arrays.stream(lat).average().orElse(0);
            if (mixed) {
                double avg = payloadBytes / (double) count;
                System.out.printf("ntsbox_top line-rate benchmark: %d NTS requests, 0..7 placeholders mixed, mean"
                        + " %.1f-byte payload (%.1f-byte frames), tx budget %.1f us%n", count, avg, avg + 46, budgetUs);
            } else {
                System.out.printf("ntsbox_top line-rate benchmark: %d NTS requests, %d placeholders, %d-byte payload,"
                        + " %d-byte frames, tx budget %.1f us%n", count, placeholders, reqLen, reqLen + 46, budgetUs);
            }
            System.out.printf("offered: one frame per %.2f cycles = %.3f M requests/s at 156.25 MHz%n",
                    offered, CLOCK_HZ / offered / 1e6);
            System.out.printf("served:  %d responses, one per %.2f cycles = %.3f M requests/s%n",
                    answered, perReq, perReq > 0 ? CLOCK_HZ / perReq / 1e6 : 0);
            System.out.printf("drops:   %d (late %d, engine late %d, overload %d, wrong or unanswered %d)%n",
                    count - answered, delta(before, after, Registers.CNT_IDX_TX_LATE),
                    delta(before, after, Registers.CNT_IDX_NTS_DROP_LATE), delta(before, after, Registers.CNT_IDX_DROP_OVERLOAD),
                    count - answered - delta(before, after, Registers.CNT_IDX_TX_LATE)
                            - delta(before, after, Registers.CNT_IDX_NTS_DROP_LATE)
                            - delta(before, after, Registers.CNT_IDX_DROP_OVERLOAD));
            if (answered > 0) {
                System.out.printf("latency, first byte in to first byte out: min %d, mean %.1f, max %d cycles"
                        + " (%.2f / %.2f / %.2f us)%n", lat[0], mean, lat[answered - 1],
                        lat[0] / CLOCK_HZ * 1e6, mean / CLOCK_HZ * 1e6, lat[answered - 1] / CLOCK_HZ * 1e6);
            }
            System.out.printf("counters: NTS ok %d, frames sent %d%n", delta(before, after, Registers.CNT_IDX_NTS_OK),
                    delta(before, after, Registers.CNT_IDX_TX_SENT));
            if (answered != count) System.exit(1);
        }
    }

    private static long delta(FpgaCounters.Snapshot a, FpgaCounters.Snapshot b, int idx) {
        return b.counter(idx) - a.counter(idx);
    }

    private static long getLong(byte[] b, int o) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = v << 8 | (b[o + i] & 0xFF);
        return v;
    }
}
