package net.ntsbox.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.SplittableRandom;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.MasterKey;
import net.ntsbox.keys.RotationPolicy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The step on each native backend (nettle, AES-NI) against the step on the JDK (the golden model), on seeded random valid and
 * corrupted requests of every session AEAD, 0-7 placeholders, cookies under six master keys
 * (more than the native cookie-key cache holds) and minting under another: same outcome, same
 * bytes, same used key.
 */
class StepCryptoEquivalenceTest {
    private static final ServerHeader HDR = new ServerHeader(0, 1, -20, 0, 0, 0x47505300, 0);

    @ParameterizedTest
    @EnumSource(value = StepCryptoMode.class, names = {"NATIVE", "AESNI"})
    void nativeStepGivesTheJavaStepsBytes(StepCryptoMode mode) {
        if (mode == StepCryptoMode.NATIVE) {
            Assumptions.assumeTrue(StepCryptoMode.nativeAvailable(), StepCryptoMode::nativeUnavailableReason);
        } else {
            Assumptions.assumeTrue(StepCryptoMode.aesniAvailable(), StepCryptoMode::aesniUnavailableReason);
        }
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        KeyRing[] rings = new KeyRing[6];
        for (int i = 0; i < rings.length; i++) {
            byte[] s = new byte[32];
            s[0] = (byte) (i + 1);
            rings[i] = KeyRing.fromSeed(s, 0, RotationPolicy.DEFAULT, 1_780_000_000L + i * 100_000L);
        }
        NtsServerStep java = new NtsServerStep(EnumSet.allOf(AeadAlgorithm.class), StepCryptoMode.JAVA.create());
        NtsServerStep nat = new NtsServerStep(EnumSet.allOf(AeadAlgorithm.class), mode.create());
        assertEquals("java", java.cryptoName());
        assertEquals(mode.configName(), nat.cryptoName());
        byte[] outJ = new byte[2048], outN = new byte[2048];
        Map<StepOutcome, Integer> seen = new EnumMap<>(StepOutcome.class);
        AeadAlgorithm[] aeads = AeadAlgorithm.values();
        try {
            for (int i = 0; i < 4000; i++) {
                KeyRing ring = rings[r.nextInt(rings.length)];
                MasterKey mint = rings[r.nextInt(rings.length)].current();
                AeadAlgorithm aead = aeads[r.nextInt(aeads.length)];
                var s = TestRequests.session(ring, aead, r);
                int nonceLen = aead == AeadAlgorithm.AES_128_GCM_SIV ? 12
                        : Math.max(aead.nonceLength(), r.nextInt(4) == 0 ? 16 + r.nextInt(17) : 0);
                byte[] req = TestRequests.request(s, TestRequests.bytes(r, 32 + r.nextInt(40)), r.nextLong(),
                        r.nextInt(8), TestRequests.bytes(r, nonceLen));
                if (r.nextInt(5) < 2) req[r.nextInt(req.length)] ^= (byte) (1 << r.nextInt(8));
                long nonceSeed = r.nextLong();
                Arrays.fill(outJ, (byte) 0);
                Arrays.fill(outN, (byte) 0);
                StepOutcome a = java.respond(req, 0, req.length, 5, 6, ring::lookup, mint, TestRequests.seeded(nonceSeed), HDR, outJ);
                StepOutcome b = nat.respond(req, 0, req.length, 5, 6, ring::lookup, mint, TestRequests.seeded(nonceSeed), HDR, outN);
                assertEquals(a, b, "outcome i=" + i);
                assertEquals(java.responseLength(), nat.responseLength(), "length i=" + i);
                assertArrayEquals(outJ, outN, "bytes i=" + i + " " + aead);
                assertSame(java.usedKey(), nat.usedKey(), "used key i=" + i);
                seen.merge(a, 1, Integer::sum);
            }
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
        assertTrue(seen.getOrDefault(StepOutcome.NTS_RESPONSE, 0) > 1500, seen::toString);
        assertTrue(seen.getOrDefault(StepOutcome.NAK_BAD_AUTHENTICATOR, 0) > 50, seen::toString);
        assertTrue(seen.getOrDefault(StepOutcome.NAK_BAD_COOKIE, 0) > 20, seen::toString);
    }
}
