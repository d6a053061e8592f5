package net.ntsbox.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.ke.KeClientResult;
import net.ntsbox.ke.KeyExporter;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.RotationPolicy;
import net.ntsbox.ntp.NtpHeader;
import net.ntsbox.ntp.NtpParse;
import net.ntsbox.ntp.NtsExtensionType;
import net.ntsbox.ntp.ParsedPacket;
import net.ntsbox.server.StepOutcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The client session against the server step (the golden model): round trips, tampering, NAK, mismatches. */
class NtsSessionTest {

    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void everyPlaceholderCountRoundTripsAndRefillsTheQueueToEight(AeadAlgorithm alg) {
        for (int k = 0; k <= 7; k++) {
            ServerFixture f = new ServerFixture(100 + k, alg);
            NtsSession s = f.session(8 - k);
            ServerFixture.Sent sent = f.send(s);
            assertEquals(k, sent.pending().placeholders(), "placeholders with " + (8 - k) + " cookies");
            assertEquals(7 - k, s.cookiesHeld());
            ParsedPacket rq = (ParsedPacket) NtpParse.parse(sent.request());
            assertEquals(k, rq.countOf(NtsExtensionType.NTS_COOKIE_PLACEHOLDER));
            assertEquals(NtpHeader.MODE_CLIENT, rq.header().mode());
            assertEquals(sent.pending().transmitTimestamp(), rq.header().transmitTimestamp());
            assertEquals(0L, rq.header().originTimestamp());

            assertEquals(StepOutcome.NTS_RESPONSE, f.serve(sent.request()), alg + " k=" + k);
            assertEquals(sent.request().length, f.responseLength, "response length = request length");
            ResponseResult r = s.accept(f.response, 0, f.responseLength);
            ResponseResult.Authenticated a = assertInstanceOf(ResponseResult.Authenticated.class, r, alg + " k=" + k);
            assertEquals(k + 1, a.cookies().size());
            assertEquals(8, s.cookiesHeld());
            assertEquals(0, s.outstandingRequests());
            assertEquals(1, a.header().stratum());
            assertEquals(ServerFixture.HEADER.referenceId(), a.header().referenceId());
            // The same answer twice is a replay: its request is no longer outstanding.
            assertEquals(ResponseRejection.UID_MISMATCH,
                    assertInstanceOf(ResponseResult.Rejected.class, s.accept(f.response, 0, f.responseLength)).reason());
        }
    }

    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void newCookiesWorkForTheNextRequests(AeadAlgorithm alg) {
        ServerFixture f = new ServerFixture(7, alg);
        NtsSession s = f.session(1);
        for (int i = 0; i < 20; i++) {
            ServerFixture.Sent sent = f.send(s);
            assertEquals(StepOutcome.NTS_RESPONSE, f.serve(sent.request()));
            assertInstanceOf(ResponseResult.Authenticated.class, s.accept(f.response, 0, f.responseLength));
        }
        assertEquals(8, s.cookiesHeld());
    }

    @ParameterizedTest
    @EnumSource(AeadAlgorithm.class)
    void everySingleBitFlipOfAResponseIsRejected(AeadAlgorithm alg) {
        for (int k : new int[] {0, 3}) {
            ServerFixture f = new ServerFixture(200 + k, alg);
            NtsSession s = f.session(8 - k);
            ServerFixture.Sent sent = f.send(s);
            assertEquals(StepOutcome.NTS_RESPONSE, f.serve(sent.request()));
            byte[] good = f.answer();
            for (int i = 0; i < good.length; i++) {
                for (int bit : new int[] {0, 7}) {
                    byte[] bad = good.clone();
                    bad[i] ^= (byte) (1 << bit);
                    ResponseResult r = s.accept(bad, 0, bad.length);
                    assertInstanceOf(ResponseResult.Rejected.class, r, alg + " byte " + i + " bit " + bit + ": " + r);
                }
            }
            assertEquals(1, s.outstandingRequests(), "rejections leave the request outstanding");
            assertInstanceOf(ResponseResult.Authenticated.class, s.accept(good, 0, good.length));
        }
    }

    @Test
    void truncatedAndExtendedResponsesAreRejected() {
        ServerFixture f = new ServerFixture(5, AeadAlgorithm.AES_SIV_CMAC_256);
        NtsSession s = f.session(8);
        ServerFixture.Sent sent = f.send(s);
        f.serve(sent.request());
        byte[] good = f.answer();
        for (int n = 0; n < good.length; n++) {
            assertInstanceOf(ResponseResult.Rejected.class, s.accept(good, 0, n), "truncated to " + n);
        }
        // An unauthenticated field after the authenticator.
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 28);
        longer[good.length] = 0x7f;
        longer[good.length + 3] = 28;
        assertEquals(ResponseRejection.FIELDS_AFTER_AUTHENTICATOR,
                ((ResponseResult.Rejected) s.accept(longer, 0, longer.length)).reason());
        assertInstanceOf(ResponseResult.Authenticated.class, s.accept(good, 0, good.length));
    }

    @Test
    void ntsNakIsRecognisedAndDiscardsTheSession() {
        ServerFixture f = new ServerFixture(9, AeadAlgorithm.AES_SIV_CMAC_256);
        NtsSession s = f.session(8);
        ServerFixture.Sent sent = f.send(s);
        KeyRing other = KeyRing.fromSeed(f.bytes(32), ServerFixture.EPOCH + 10 * 86_400L, RotationPolicy.DEFAULT,
                ServerFixture.EPOCH + 10 * 86_400L);
        StepOutcome o = f.serve(sent.request(), other);
        assertEquals(StepOutcome.Kind.NAK, o.kind(), o.toString());
        byte[] nak = f.answer();
        // A NAK for someone else's request (other origin) is not ours.
        byte[] wrongOrigin = nak.clone();
        wrongOrigin[24] ^= 1;
        assertEquals(ResponseRejection.ORIGIN_MISMATCH,
                ((ResponseResult.Rejected) s.accept(wrongOrigin, 0, wrongOrigin.length)).reason());
        // Without the NTSN kiss code it is just an unauthenticated response.
        byte[] notNak = nak.clone();
        notNak[15] = 'X';
        assertEquals(ResponseRejection.MISSING_AUTHENTICATOR,
                ((ResponseResult.Rejected) s.accept(notNak, 0, notNak.length)).reason());
        assertFalse(s.discarded());

        assertInstanceOf(ResponseResult.Nak.class, s.accept(nak, 0, nak.length));
        assertTrue(s.discarded());
        assertFalse(s.canSend());
        assertEquals(0, s.cookiesHeld());
        assertThrows(IllegalStateException.class, () -> f.send(s));
    }

    @Test
    void wrongUidAndWrongOriginAreRejected() {
        ServerFixture f = new ServerFixture(11, AeadAlgorithm.AES_SIV_CMAC_256);
        NtsSession s = f.session(8);
        ServerFixture.Sent sent = f.send(s);
        f.serve(sent.request());
        byte[] good = f.answer();
        PendingRequest p = sent.pending();
        byte[] otherUid = p.uid();
        otherUid[31] ^= 1;
        var verifierS2c = net.ntsbox.crypto.Aeads.create(f.alg, f.s2c);
        assertEquals(ResponseRejection.UID_MISMATCH, ((ResponseResult.Rejected) NtsResponseVerifier.verify(good, 0,
                good.length, new PendingRequest(otherUid, p.transmitTimestamp(), 0, p.length()), f.alg, verifierS2c)).reason());
        assertEquals(ResponseRejection.ORIGIN_MISMATCH, ((ResponseResult.Rejected) NtsResponseVerifier.verify(good, 0,
                good.length, new PendingRequest(p.uid(), p.transmitTimestamp() + 1, 0, p.length()), f.alg, verifierS2c)).reason());
        // A wrong S2C key: authentication fails.
        var wrongKey = net.ntsbox.crypto.Aeads.create(f.alg, f.c2s);
        assertEquals(ResponseRejection.AUTHENTICATION_FAILED,
                ((ResponseResult.Rejected) NtsResponseVerifier.verify(good, 0, good.length, p, f.alg, wrongKey)).reason());
        // A forgotten (timed-out) request no longer matches.
        s.forget(p);
        assertEquals(ResponseRejection.UID_MISMATCH, ((ResponseResult.Rejected) s.accept(good, 0, good.length)).reason());
    }

    @Test
    void plainResponseToAnNtsRequestIsNeverTrusted() {
        ServerFixture f = new ServerFixture(12, AeadAlgorithm.AES_SIV_CMAC_256);
        NtsSession s = f.session(8);
        ServerFixture.Sent sent = f.send(s);
        byte[] plain = new byte[48];
        new NtpHeader(0, 4, 4, 1, 0, -20, 0, 0, 0x47505300, 0, sent.pending().transmitTimestamp(), 1, 2).write(plain, 0);
        assertEquals(ResponseRejection.MISSING_UID, ((ResponseResult.Rejected) s.accept(plain, 0, 48)).reason());
    }

    @Test
    void establishExportsWithChronysContextRuleForAead30() {
        List<byte[]> contexts = new ArrayList<>();
        KeyExporter exporter = (ctx, len) -> { contexts.add(ctx); return new byte[len]; };
        List<byte[]> cookies = List.of(new byte[52]);
        var noRecord = new KeClientResult.Success(0, 30, false, Optional.empty(), OptionalInt.empty(), cookies, List.of());
        NtsSession s = NtsSession.establish(noRecord, exporter);
        assertEquals(AeadAlgorithm.AES_128_GCM_SIV, s.aead());
        assertEquals("0000000f00", java.util.HexFormat.of().formatHex(contexts.get(0)));
        assertEquals("0000000f01", java.util.HexFormat.of().formatHex(contexts.get(1)));
        contexts.clear();
        var withRecord = new KeClientResult.Success(0, 30, true, Optional.of("ntp.example"), OptionalInt.of(11123),
                cookies, List.of());
        NtsSession t = NtsSession.establish(withRecord, exporter);
        assertEquals("0000001e00", java.util.HexFormat.of().formatHex(contexts.get(0)));
        assertEquals(Optional.of("ntp.example"), t.server());
        assertEquals(11123, t.port().getAsInt());
        assertEquals(1, t.cookiesHeld());
    }

    @Test
    void toStringShowsNoKeysOrCookies() {
        ServerFixture f = new ServerFixture(13, AeadAlgorithm.AES_SIV_CMAC_512);
        NtsSession s = f.session(8);
        String text = s.toString();
        String c2sHex = java.util.HexFormat.of().formatHex(f.c2s);
        assertFalse(text.contains(c2sHex.substring(0, 8)), text);
        assertTrue(text.contains("cookies=8"), text);
    }

    @Test
    void clockSampleFollowsRfc5905() {
        long t1 = 0xEEAF_1DB6_0000_0000L;
        long sec = 1L << 32;
        // Server 1 s ahead, 10 ms each way: T2 = T1 + 1.010, T3 = T2 + 0.001, T4 = T1 + 0.021.
        long ms = sec / 1000;
        ClockSample c = ClockSample.of(t1, t1 + sec + 10 * ms, t1 + sec + 11 * ms, t1 + 21 * ms);
        assertEquals(1_000_000_000L, c.offsetNanos(), 2);
        assertEquals(20_000_000L, c.delayNanos(), 2);
        ClockSample behind = ClockSample.of(t1, t1 - 2 * sec, t1 - 2 * sec, t1);
        assertEquals(-2_000_000_000L, behind.offsetNanos());
        assertEquals(0, behind.delayNanos());
        // Across the era boundary (2036): T1 just before, T4 just after the wrap.
        long e = -sec; // 0xFFFFFFFF00000000
        ClockSample wrap = ClockSample.of(e, e + sec / 2, e + sec / 2, e + sec + sec);
        assertEquals(-500_000_000L, wrap.offsetNanos(), 2);
        assertEquals(2_000_000_000L, wrap.delayNanos(), 2);
    }
}
