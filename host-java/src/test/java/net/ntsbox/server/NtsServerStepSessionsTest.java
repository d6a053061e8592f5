package net.ntsbox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.SplittableRandom;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.MasterKey;
import net.ntsbox.keys.RotationPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A server step restricted to some session AEADs (the FPGA: AEAD 15 only) and the KeyLookup overload. */
class NtsServerStepSessionsTest {
    static final ServerHeader HDR = new ServerHeader(0, 1, -20, 0, 0x10, 0x47505300, 0xeeaf1dc3_00000000L);
    final KeyRing ring = KeyRing.fromSeed(new byte[32], 0, RotationPolicy.DEFAULT, 1_780_000_000L);
    final SplittableRandom rnd = new SplittableRandom(11);
    final byte[] out = new byte[2048];

    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void cookiesOfAnUnservedSessionAeadGetBadCookieNaksEvenUnderALiveKey(AeadAlgorithm aead) {
        NtsServerStep fpga = new NtsServerStep(EnumSet.of(AeadAlgorithm.AES_SIV_CMAC_256));
        NtsServerStep all = new NtsServerStep();
        var s = TestRequests.session(ring, aead, rnd);
        byte[] req = TestRequests.request(s, TestRequests.bytes(rnd, 32), 1, 1, TestRequests.bytes(rnd, aead.nonceLength()));
        assertEquals(StepOutcome.NTS_RESPONSE, all.respond(req, 0, req.length, 1, 2, ring, TestRequests.seeded(1), HDR, out));
        StepOutcome o = fpga.respond(req, 0, req.length, 1, 2, ring, TestRequests.seeded(1), HDR, out);
        assertEquals(aead == AeadAlgorithm.AES_SIV_CMAC_256 ? StepOutcome.NTS_RESPONSE : StepOutcome.NAK_BAD_COOKIE, o);
        if (o == StepOutcome.NAK_BAD_COOKIE) assertEquals(48 + 36, fpga.responseLength());
    }

    @Test
    void aKeyLookupAndAMintingKeyGiveTheSameBytesAsTheRing() {
        NtsServerStep a = new NtsServerStep(), b = new NtsServerStep();
        var s = TestRequests.session(ring, AeadAlgorithm.AES_SIV_CMAC_256, rnd);
        byte[] req = TestRequests.request(s, TestRequests.bytes(rnd, 32), 9, 3, TestRequests.bytes(rnd, 16));
        byte[] out2 = new byte[2048];
        assertEquals(StepOutcome.NTS_RESPONSE, a.respond(req, 0, req.length, 1, 2, ring, TestRequests.seeded(3), HDR, out));
        MasterKey current = ring.current();
        assertEquals(StepOutcome.NTS_RESPONSE,
                b.respond(req, 0, req.length, 1, 2, ring::lookup, current, TestRequests.seeded(3), HDR, out2));
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOf(out, a.responseLength())),
                java.util.Arrays.toString(java.util.Arrays.copyOf(out2, b.responseLength())));
        // a lookup that knows no key: the cookie's key is unknown
        assertEquals(StepOutcome.NAK_UNKNOWN_KEY,
                b.respond(req, 0, req.length, 1, 2, id -> null, current, TestRequests.seeded(3), HDR, out2));
    }
}
