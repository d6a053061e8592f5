package net.ntsbox.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.fpga.FpgaDatapath;
import net.ntsbox.fpga.LabModel;
import net.ntsbox.testsupport.LabModelLibrary;
import net.ntsbox.fpga.Registers;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.RotationPolicy;
import net.ntsbox.server.udp.DatagramHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole Verilated FPGA (ntsbox_top: frontend + engine + registers) against the golden
 * model: requests go in through the packet port as Ethernet frames, and each response's UDP
 * payload must equal, byte for byte, {@link NtsServerStep#respond} given the same request, the
 * rx/tx timestamps the RTL put in it, the same key ring (installed by FpgaKeySlots), header
 * registers and nonce stream (test mode: AES-CTR under a known seed, counter 0; the RTL
 * reserves nonces at the end of the parse, so a NAK consumes blocks the Java step does not draw).
 */
class FpgaTopGoldenTest {
    static final long NOW = 1_780_000_000L;
    static final ServerHeader HDR = new ServerHeader(0, 1, -27, 0x20, 0x10, 0x47505300, 0xeeaf1dc3_12345678L);

    @Test
    @Timeout(120)
    void plainNtsAndNakResponsesEqualTheJavaServerStep() throws Exception {
        LabModelLibrary.require(); // builds the model; skips only without the engine RTL or make/verilator
        FpgaDatapath dp = FpgaDatapath.open(LabModel.DEVICE, FpgaDatapath.DEFAULT_TX_BUDGET_NTP);
        try (dp) {
            KeyRing ring = KeyRing.fromSeed(new byte[32], 0, RotationPolicy.DEFAULT, NOW);
            dp.keyRingChanged(ring);
            dp.headerChanged(HDR);
            byte[] seed = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
            dp.device().setFixedNonceTestMode(seed);
            dp.device().applyDatapath();
            NonceSource golden = new AesCtrNonceSource(seed, new byte[16]);
            DatagramHandler bridge = dp.newHandler();
            NtsServerStep step = new NtsServerStep();
            SplittableRandom rnd = new SplittableRandom(11);
            KeyRing old = KeyRing.fromSeed(new byte[32], 0, RotationPolicy.DEFAULT, NOW - 10 * 86400);

            var before = dp.counters();
            long[] slotUses = new long[4];
            int nts = 0;
            for (int i = 0; i < 12; i++) {
                byte[] req;
                StepOutcome want;
                if (i == 5) {          // plain NTPv4
                    req = new byte[48];
                    req[0] = 0x23;
                    for (int k = 40; k < 48; k++) req[k] = (byte) rnd.nextInt(256);
                    want = StepOutcome.PLAIN_RESPONSE;
                } else if (i == 9) {   // cookie under a key long gone: NAK unknown key
                    var s = TestRequests.session(old, AeadAlgorithm.AES_SIV_CMAC_256, rnd);
                    req = TestRequests.request(s, TestRequests.bytes(rnd, 32), 77, 0, TestRequests.bytes(rnd, 16));
                    want = StepOutcome.NAK_UNKNOWN_KEY;
                } else {
                    var s = TestRequests.session(ring, AeadAlgorithm.AES_SIV_CMAC_256, rnd);
                    req = TestRequests.request(s, TestRequests.bytes(rnd, 32 + 4 * (i % 3)), rnd.nextLong(), i % 4,
                            TestRequests.bytes(rnd, 16));
                    want = StepOutcome.NTS_RESPONSE;
                    nts++;
                }
                byte[] got = new byte[2048];
                int n = bridge.handle(req, req.length, System.currentTimeMillis() * 1_000_000L, got);
                org.junit.jupiter.api.Assertions.assertTrue(n > 0, "request " + i + " answered; FPGA " + dp.counters());
                long rx = getLong(got, 32);
                long tx = getLong(got, 40);
                assertEquals(rx + FpgaDatapath.DEFAULT_TX_BUDGET_NTP, tx, "tx_ts = rx_ts + budget");
                byte[] exp = new byte[2048];
                StepOutcome o = step.respond(req, 0, req.length, rx, tx, ring, golden, HDR, exp);
                assertEquals(want, o);
                if (step.usedKey() != null) slotUses[step.usedKey().slot()]++;
                assertEquals(step.responseLength(), n, "request " + i + " length");
                assertArrayEquals(Arrays.copyOf(exp, n), Arrays.copyOf(got, n), "request " + i + " (" + want + ")");
                if (o == StepOutcome.NAK_UNKNOWN_KEY) {
                    // the RTL reserves 1 + (placeholders + 1) nonce blocks for every well-formed NTS
                    // request when its parse ends, before the key lookup can turn it into a NAK
                    byte[] skip = new byte[16];
                    for (int b = 0; b < 2; b++) golden.next(skip, 0, 16);
                }
            }
            var hw = dp.counters();
            assertEquals(nts, hw.counter(Registers.CNT_IDX_NTS_OK));
            assertEquals(1, hw.counter(Registers.CNT_IDX_NTP_SERVED));
            assertEquals(1, hw.counter(Registers.CNT_IDX_NTS_UNKNOWN_KEY));
            // KMEM: the engine's key outcome of every request reaches the per-slot use counters
            for (int slot = 0; slot < 4; slot++) {
                assertEquals(slotUses[slot], hw.keyUse(slot) - before.keyUse(slot), "KMEM USE_CNT" + slot);
            }
            assertEquals(nts, java.util.Arrays.stream(slotUses).sum(), "every NTS response used a key");
            assertEquals(1, hw.keyUnknown() - before.keyUnknown(), "KMEM UNKNOWN_CNT");
        }
    }

    private static long getLong(byte[] b, int o) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = v << 8 | (b[o + i] & 0xFF);
        return v;
    }
}
