package net.ntsbox.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.ntsbox.cookie.CookieCodec;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.RotationPolicy;
import net.ntsbox.ntp.ExtensionFields;
import net.ntsbox.ntp.NtpHeader;
import net.ntsbox.ntp.NtsExtensionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NtsServerStepTest {
    /** The step under test: the Java crypto here; {@code *NativeCryptoTest} runs every test on nettle. */
    NtsServerStep newStep() { return new NtsServerStep(); }

    static final long NOW = 1_780_000_000L;
    static final long RX = 0xeeaf1dc4_00000000L;
    static final long TX = 0xeeaf1dc4_00001000L;
    static final ServerHeader HDR = new ServerHeader(0, 1, -20, 0, 0x10, 0x47505300, 0xeeaf1dc3_00000000L);

    final KeyRing ring = KeyRing.fromSeed(new byte[32], 0, RotationPolicy.DEFAULT, NOW);
    final SplittableRandom rnd = new SplittableRandom(7);
    final NtsServerStep step = newStep();
    final byte[] out = new byte[2048];

    StepOutcome run(byte[] req) {
        return step.respond(req, 0, req.length, RX, TX, ring, TestRequests.seeded(1), HDR, out);
    }

    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void everyPlaceholderCountGetsThatManyCookiesPlusOneInAResponseOfTheRequestsLength(AeadAlgorithm aead) {
        for (int k = 0; k <= 9; k++) {
            var s = TestRequests.session(ring, aead, rnd);
            byte[] uid = TestRequests.bytes(rnd, 32);
            byte[] req = TestRequests.request(s, uid, 0x1234_5678_9abc_def0L, k, TestRequests.bytes(rnd, aead.nonceLength()));
            assertEquals(StepOutcome.NTS_RESPONSE, run(req), "k=" + k);
            assertEquals(req.length, step.responseLength(), "response length == request length, k=" + k);
            List<byte[]> cookies = ResponseCheck.verify(out, step.responseLength(), aead, s.s2c(), uid);
            assertEquals(Math.min(k, 7) + 1, cookies.size(), "k=" + k);
            for (byte[] c : cookies) {
                var opened = (net.ntsbox.cookie.CookieOpenResult.Opened) CookieCodec.open(c, ring);
                assertEquals(aead, opened.session());
                assertArrayEquals(s.c2s(), opened.c2s());
                assertArrayEquals(s.s2c(), opened.s2c());
            }
            NtpHeader h = NtpHeader.read(out, 0);
            assertEquals(0x1234_5678_9abc_def0L, h.originTimestamp());
            assertEquals(RX, h.receiveTimestamp());
            assertEquals(TX, h.transmitTimestamp());
            assertEquals(1, h.stratum());
            assertEquals(0x47505300, h.referenceId());
            assertEquals(ring.current(), step.usedKey());
        }
    }

    @Test
    void sameInputsGiveTheSameBytes() {
        var s = TestRequests.session(ring, AeadAlgorithm.AES_SIV_CMAC_256, rnd);
        byte[] req = TestRequests.request(s, TestRequests.bytes(rnd, 32), 5, 2, TestRequests.bytes(rnd, 16));
        run(req);
        byte[] first = Arrays.copyOf(out, step.responseLength());
        run(req);
        assertArrayEquals(first, Arrays.copyOf(out, step.responseLength()));
    }

    @Test
    void plainNtpGetsA48ByteAnswerWithVersionAndPollEchoed() {
        byte[] req = new byte[48];
        new NtpHeader(0, 3, 3, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0x1111_2222_3333_4444L).write(req, 0);
        assertEquals(StepOutcome.PLAIN_RESPONSE, run(req));
        assertEquals(48, step.responseLength());
        NtpHeader h = NtpHeader.read(out, 0);
        assertEquals(3, h.version());
        assertEquals(4, h.mode());
        assertEquals(6, h.poll());
        assertEquals(0x1111_2222_3333_4444L, h.originTimestamp());
        assertEquals(-20, h.precision());
    }

    @Test
    void unknownNonNtsExtensionFieldsAreIgnored() {
        byte[] req = new byte[48 + 28];
        new NtpHeader(0, 4, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9).write(req, 0);
        ExtensionFields.writeHeader(req, 48, 0x2005, 24, 0);
        assertEquals(StepOutcome.PLAIN_RESPONSE, run(req));
    }

    @Test
    void cookieUnderAnExpiredKeyGetsANakWithTheUidEchoedAndNothingElse() {
        KeyRing old = KeyRing.fromSeed(new byte[32], 0, RotationPolicy.DEFAULT, NOW - 10 * 86400);
        var s = TestRequests.session(old, AeadAlgorithm.AES_SIV_CMAC_256, rnd);
        byte[] uid = TestRequests.bytes(rnd, 32);
        byte[] req = TestRequests.request(s, uid, 77, 0, TestRequests.bytes(rnd, 16));
        assertEquals(StepOutcome.NAK_UNKNOWN_KEY, run(req));
        assertEquals(48 + 36, step.responseLength());
        NtpHeader h = NtpHeader.read(out, 0);
        assertEquals(3, h.leap());
        assertEquals(0, h.stratum());
        assertEquals(NtpHeader.REFID_NTSN, h.referenceId());
        assertEquals(77, h.originTimestamp());
        assertEquals(NtsExtensionType.UNIQUE_IDENTIFIER, ((out[48] & 0xff) << 8) | (out[49] & 0xff));
        assertArrayEquals(uid, Arrays.copyOfRange(out, 52, 84));
    }

    @Test
    void tamperedCookieOrTagGetsTheNamedNak() {
        var s = TestRequests.session(ring, AeadAlgorithm.AES_SIV_CMAC_256, rnd);
        byte[] req = TestRequests.request(s, TestRequests.bytes(rnd, 32), 1, 0, TestRequests.bytes(rnd, 16));
        byte[] badCookie = req.clone();
        badCookie[48 + 36 + 4 + 30] ^= 1;
        assertEquals(StepOutcome.NAK_BAD_COOKIE, run(badCookie));
        assertNotNull(step.usedKey(), "the key the cookie named is reported for per-key counters");
        byte[] badTag = req.clone();
        badTag[req.length - 1] ^= (byte) 0x80;
        assertEquals(StepOutcome.NAK_BAD_AUTHENTICATOR, run(badTag));
        byte[] badHeader = req.clone();
        badHeader[47] ^= 1; // the AD covers the header
        assertEquals(StepOutcome.NAK_BAD_AUTHENTICATOR, run(badHeader));
    }

    @Test
    void structuralDefectsAreNamedDrops() {
        var s = TestRequests.session(ring, AeadAlgorithm.AES_SIV_CMAC_256, rnd);
        byte[] uid = TestRequests.bytes(rnd, 32);
        byte[] req = TestRequests.request(s, uid, 1, 0, TestRequests.bytes(rnd, 16));
        int uidEf = 48, cookieEf = 84, authEf = 188;

        assertEquals(StepOutcome.DROP_MALFORMED_PACKET, run(Arrays.copyOf(req, 47)));
        assertEquals(StepOutcome.DROP_MALFORMED_PACKET, run(Arrays.copyOf(req, req.length - 4)));
        byte[] server = req.clone();
        server[0] = 0x24; // mode 4
        assertEquals(StepOutcome.DROP_NOT_CLIENT_MODE, run(server));
        assertEquals(StepOutcome.DROP_MISSING_UID, run(retype(req, uidEf, 0x0F00)));
        assertEquals(StepOutcome.DROP_MISSING_COOKIE, run(retype(req, cookieEf, 0x0F00)));
        assertEquals(StepOutcome.DROP_MISSING_AUTHENTICATOR, run(retype(req, authEf, 0x0F00)));
        byte[] withPlaceholder = TestRequests.request(s, uid, 1, 1, TestRequests.bytes(rnd, 16));
        assertEquals(StepOutcome.DROP_DUPLICATE_COOKIE, run(retype(withPlaceholder, 188, NtsExtensionType.NTS_COOKIE)));
        assertEquals(StepOutcome.DROP_DUPLICATE_UID, run(retype(req, cookieEf, NtsExtensionType.UNIQUE_IDENTIFIER)));
        byte[] shortUid = TestRequests.request(s, TestRequests.bytes(rnd, 28), 1, 0, TestRequests.bytes(rnd, 16));
        assertEquals(StepOutcome.DROP_SHORT_UID, run(shortUid));
        byte[] shortNonce = TestRequests.request(s, uid, 1, 0, TestRequests.bytes(rnd, 4));
        shortNonce[authEf + 2] = 0; // shrink the EF: 4-byte nonce with no padding to 16
        shortNonce[authEf + 3] = 28;
        assertEquals(StepOutcome.DROP_MALFORMED_PACKET, run(shortNonce), "EF overruns are framing errors");
        byte[] badAuthLengths = req.clone();
        badAuthLengths[authEf + 6] = 0x01; // ciphertext length 256 > EF
        assertEquals(StepOutcome.DROP_MALFORMED_AUTHENTICATOR, run(badAuthLengths));
    }

    @Test
    void fieldsAfterTheAuthenticatorAreIgnored() {
        var s = TestRequests.session(ring, AeadAlgorithm.AES_SIV_CMAC_256, rnd);
        byte[] uid = TestRequests.bytes(rnd, 32);
        byte[] base = TestRequests.request(s, uid, 1, 0, TestRequests.bytes(rnd, 16));
        byte[] req = Arrays.copyOf(base, base.length + 104);
        ExtensionFields.writeHeader(req, base.length, NtsExtensionType.NTS_COOKIE_PLACEHOLDER, 100, 0);
        assertEquals(StepOutcome.NTS_RESPONSE, run(req));
        assertEquals(1, ResponseCheck.verify(out, step.responseLength(), s.aead(), s.s2c(), uid).size(),
                "an unauthenticated placeholder earns no cookie");
        assertEquals(req.length, step.responseLength());
    }

    @Test
    void placeholdersOfAnotherLengthEarnNothing() {
        var s = TestRequests.session(ring, AeadAlgorithm.AES_SIV_CMAC_256, rnd);
        byte[] uid = TestRequests.bytes(rnd, 32);
        byte[] req = TestRequests.request(s, uid, 1, 3, 64, TestRequests.bytes(rnd, 16));
        assertEquals(StepOutcome.NTS_RESPONSE, run(req));
        assertEquals(1, ResponseCheck.verify(out, step.responseLength(), s.aead(), s.s2c(), uid).size());
        assertEquals(req.length, step.responseLength(), "padded to the request's length");
    }

    private static byte[] retype(byte[] req, int efOffset, int type) {
        byte[] r = req.clone();
        r[efOffset] = (byte) (type >>> 8);
        r[efOffset + 1] = (byte) type;
        return r;
    }
}
