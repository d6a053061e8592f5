package net.ntsbox.crypto.aesni;

import static net.ntsbox.testsupport.Vectors.hex;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import net.ntsbox.crypto.Aead;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.crypto.AesSiv;
import net.ntsbox.crypto.AesSivAead;
import net.ntsbox.testsupport.Vectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * libntssiv's AES-SIV against every shared vector (any component count, valid and must-fail)
 * and, byte for byte, against the Java AES-SIV (the golden model) on seeded random inputs.
 */
class AesNiSivTest {

    @BeforeAll
    static void needsAesNi() {
        Assumptions.assumeTrue(AesNiSiv.available(), () -> "AES-NI AES-SIV unavailable: " + AesNiSiv.unavailableReason());
    }

    private static AeadAlgorithm forKey(int len) {
        return switch (len) {
            case 32 -> AeadAlgorithm.AES_SIV_CMAC_256;
            case 64 -> AeadAlgorithm.AES_SIV_CMAC_512;
            default -> null;
        };
    }

    /** Every 32/64-byte-key vector through the general component API; the [AD, nonce] / [nonce] ones also as an Aead, both key forms, at odd offsets. */
    @Test
    void sharedVectors() {
        int components = 0, aeadRuns = 0, mustFail = 0;
        for (JsonNode v : Vectors.load("aes-siv.json").get("vectors")) {
            String id = v.get("id").asText();
            List<byte[]> comps = new ArrayList<>();
            for (JsonNode n : v.get("s2v_components")) comps.add(hex(n));
            byte[] key = hex(v.get("key"));
            AeadAlgorithm alg = forKey(key.length);
            if (alg == null) continue;
            byte[] pt = hex(v.get("plaintext"));
            byte[] out = hex(v.get("output"));
            boolean valid = v.get("expect").asText().equals("valid");
            if (!valid) mustFail++;
            try (AesNiSiv siv = new AesNiSiv(alg, key)) {
                components++;
                if (valid) {
                    assertArrayEquals(out, siv.seal(comps, pt), id);
                    assertArrayEquals(pt, siv.open(comps, out), id);
                } else {
                    assertNull(siv.open(comps, out), id + " must fail");
                }
                if (comps.isEmpty() || comps.size() > 2) continue;
                byte[] ad = comps.size() == 2 ? comps.get(0) : null;
                byte[] nonce = comps.get(comps.size() - 1);
                aeadRuns++;
                for (Aead a : new Aead[] {siv, new AesNiSessionSiv(alg, key)}) {
                    byte[] buf = new byte[5 + out.length + 3];
                    System.arraycopy(out, 0, buf, 5, out.length);
                    byte[] plain = new byte[Math.max(pt.length, out.length - 16) + 9];
                    Arrays.fill(plain, (byte) 0x55);
                    int n = a.openInto(nonce, 0, nonce.length, ad, 0, ad == null ? 0 : ad.length, buf, 5, out.length, plain, 2);
                    if (valid) {
                        assertEquals(pt.length, n, id);
                        assertEquals(hex(pt), hex(Arrays.copyOfRange(plain, 2, 2 + pt.length)), id);
                        byte[] sealed = new byte[out.length + 7];
                        assertEquals(out.length, a.sealInto(nonce, 0, nonce.length, ad, 0, ad == null ? 0 : ad.length,
                                pt, 0, pt.length, sealed, 7));
                        assertEquals(hex(out), hex(Arrays.copyOfRange(sealed, 7, sealed.length)), id);
                        assertArrayEquals(out, a.seal(nonce, ad, pt), id);
                        assertArrayEquals(pt, a.open(nonce, ad, out), id);
                    } else {
                        assertEquals(-1, n, id + " must fail");
                        assertNull(a.open(nonce, ad, out), id + " must fail");
                        for (int i = 2; i < 2 + out.length - 16; i++) assertEquals(0, plain[i], id + ": output zeroed on failure");
                    }
                }
            }
        }
        assertTrue(components >= 15, "vectors run: " + components);
        assertTrue(aeadRuns >= 12, "[AD, nonce] / [nonce] vectors: " + aeadRuns);
        assertTrue(mustFail >= 3, "must-fail vectors: " + mustFail);
    }

    /** Chrony's cookie convention [empty AD, nonce] differs from [nonce]; an empty nonce is a component too. */
    @Test
    void emptyAndAbsentComponents() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        try (AesNiSiv n = new AesNiSiv(AeadAlgorithm.AES_SIV_CMAC_256, key)) {
            Aead j = new AesSivAead(AeadAlgorithm.AES_SIV_CMAC_256, key);
            byte[] nonce = new byte[16], pt = {1, 2, 3};
            assertArrayEquals(j.seal(nonce, new byte[0], pt), n.seal(nonce, new byte[0], pt));
            assertArrayEquals(j.seal(nonce, null, pt), n.seal(nonce, null, pt));
            assertArrayEquals(j.seal(new byte[0], null, pt), n.seal(new byte[0], null, pt));
            assertArrayEquals(j.seal(new byte[0], new byte[0], new byte[0]), n.seal(new byte[0], new byte[0], new byte[0]));
            assertFalse(Arrays.equals(n.seal(nonce, null, pt), n.seal(nonce, new byte[0], pt)));
        }
    }

    /**
     * Seeded random inputs: both key forms give the Java AEAD's bytes (lengths 0..300 and some
     * long ones, absent / empty AD, empty nonce), open the Java output, and reject tampering alike.
     */
    @Test
    void agreesWithJavaAead() {
        long seed = System.nanoTime();
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        try {
            for (AeadAlgorithm alg : new AeadAlgorithm[] {AeadAlgorithm.AES_SIV_CMAC_256, AeadAlgorithm.AES_SIV_CMAC_512}) {
                byte[] key = bytes(r, alg.keyLength());
                AesSivAead j = new AesSivAead(alg, key);
                AesNiSessionSiv s = new AesNiSessionSiv(alg, key);
                try (AesNiSiv n = new AesNiSiv(alg, key)) {
                    for (int i = 0; i < 6000; i++) {
                        if (i % 40 == 0) {
                            key = bytes(r, alg.keyLength());
                            j.rekey(key);
                            n.rekey(key);
                            s.rekey(key);
                        }
                        int ptLen = r.nextInt(20) == 0 ? r.nextInt(2049) : r.nextInt(301);
                        int adLen = r.nextInt(6) == 0 ? -1 : r.nextInt(301);
                        int nonceLen = r.nextInt(10) == 0 ? 0 : r.nextInt(4) == 0 ? r.nextInt(301) : 16;
                        byte[] ad = adLen < 0 ? null : bytes(r, adLen);
                        byte[] nonce = bytes(r, nonceLen), pt = bytes(r, ptLen);
                        byte[] a = j.seal(nonce, ad, pt);
                        assertArrayEquals(a, n.seal(nonce, ad, pt), "seal i=" + i);
                        assertArrayEquals(a, s.seal(nonce, ad, pt), "seal (session) i=" + i);
                        assertArrayEquals(pt, n.open(nonce, ad, a), "open i=" + i);
                        assertArrayEquals(pt, s.open(nonce, ad, a), "open (session) i=" + i);
                        byte[] bad = a.clone();
                        bad[r.nextInt(bad.length)] ^= (byte) (1 << r.nextInt(8));
                        assertNull(n.open(nonce, ad, bad), "tampered i=" + i);
                        assertNull(s.open(nonce, ad, bad), "tampered (session) i=" + i);
                        assertNull(j.open(nonce, ad, bad), "tampered (java) i=" + i);
                        if (ad != null && ad.length > 0) {
                            byte[] ad2 = ad.clone();
                            ad2[r.nextInt(ad2.length)] ^= 1;
                            assertNull(n.open(nonce, ad2, a), "changed AD i=" + i);
                        }
                    }
                }
            }
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }

    /** Seeded random component lists (0..9 components of 0..300 bytes, and up to the 126 maximum): the Java AesSiv's bytes. */
    @Test
    void multiComponentS2vAgreesWithJava() {
        long seed = System.nanoTime();
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        try {
            for (int keyLen : new int[] {32, 64}) {
                for (int i = 0; i < 1500; i++) {
                    byte[] key = bytes(r, keyLen);
                    AesSiv j = new AesSiv(key);
                    try (AesNiSiv n = new AesNiSiv(forKey(keyLen), key)) {
                        int count = i % 100 == 0 ? 126 - r.nextInt(3) : r.nextInt(10);
                        List<byte[]> comps = new ArrayList<>();
                        for (int c = 0; c < count; c++) comps.add(bytes(r, r.nextInt(4) == 0 ? 0 : r.nextInt(301)));
                        byte[] pt = bytes(r, r.nextInt(301));
                        byte[] a = j.seal(comps, pt);
                        assertArrayEquals(a, n.seal(comps, pt), "seal i=" + i + " components " + count);
                        assertArrayEquals(pt, n.open(comps, a), "open i=" + i);
                        byte[] bad = a.clone();
                        bad[r.nextInt(bad.length)] ^= (byte) (1 << r.nextInt(8));
                        assertNull(n.open(comps, bad), "tampered i=" + i);
                        if (count > 0) assertNull(n.open(comps.subList(0, count - 1), a), "one component fewer i=" + i);
                    }
                }
            }
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }

    /** sealMany (a response's cookies in one call) writes each single seal's bytes in place; bounds are checked. */
    @Test
    void sealManyGivesTheSingleSeals() {
        long seed = System.nanoTime();
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        try (AesNiSiv n = new AesNiSiv(AeadAlgorithm.AES_SIV_CMAC_256, bytes(r, 32))) {
            for (int i = 0; i < 300; i++) {
                int count = 1 + r.nextInt(10), ptLen = r.nextInt(130), nonceLen = r.nextInt(20);
                byte[] ad = r.nextInt(3) == 0 ? null : bytes(r, r.nextInt(40)), pt = bytes(r, ptLen);
                int stride = nonceLen + 16 + ptLen + r.nextInt(5), base = r.nextInt(7);
                byte[] buf = bytes(r, base + count * stride + 3);
                byte[] expect = buf.clone();
                for (int c = 0; c < count; c++) {
                    int at = base + c * stride;
                    n.sealInto(expect, at, nonceLen, ad, 0, ad == null ? 0 : ad.length, pt, 0, ptLen, expect, at + nonceLen);
                }
                n.sealMany(count, ad, 0, ad == null ? 0 : ad.length, buf, base, nonceLen, base + nonceLen, stride, pt, 0, ptLen);
                assertArrayEquals(expect, buf, "i=" + i);
            }
            assertThrows(IndexOutOfBoundsException.class,
                    () -> n.sealMany(2, null, 0, 0, new byte[100], 0, 16, 16, 50, new byte[20], 0, 20));
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }

    @Test
    void wipeCloseBoundsAndNames() {
        AesNiSiv n = new AesNiSiv(AeadAlgorithm.AES_SIV_CMAC_256, new byte[32]);
        byte[] nonce = new byte[16], ad = new byte[4], pt = new byte[20];
        assertThrows(IndexOutOfBoundsException.class,
                () -> n.sealInto(nonce, 0, 16, ad, 0, 4, pt, 0, 20, new byte[35], 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> n.openInto(nonce, 8, 16, ad, 0, 4, new byte[36], 0, 36, new byte[20], 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> n.sealInto(nonce, 0, 16, ad, 2, 4, pt, 0, 20, new byte[36], 0));
        assertEquals(-1, n.openInto(nonce, 0, 16, ad, 0, 4, new byte[15], 0, 15, new byte[0], 0));
        assertThrows(IllegalArgumentException.class, () -> n.rekey(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> n.seal(java.util.Collections.nCopies(127, new byte[0]), pt));
        assertThrows(IllegalArgumentException.class, () -> new AesNiSiv(AeadAlgorithm.AES_128_GCM_SIV, new byte[16]));
        n.wipe();
        assertThrows(IllegalStateException.class, () -> n.seal(nonce, ad, pt));
        n.rekey(new byte[32]);
        assertEquals(36, n.seal(nonce, ad, pt).length);
        n.close();
        n.close();
        assertThrows(IllegalStateException.class, () -> n.seal(nonce, ad, pt));
        assertThrows(IllegalStateException.class, () -> n.rekey(new byte[32]));
        assertEquals("AesNiSiv[AES_SIV_CMAC_256]", n.toString());

        AesNiSessionSiv s = new AesNiSessionSiv(AeadAlgorithm.AES_SIV_CMAC_512);
        assertThrows(IllegalStateException.class, () -> s.seal(nonce, ad, pt));
        assertThrows(IllegalArgumentException.class, () -> s.rekey(new byte[32]));
        s.rekey(new byte[64]);
        byte[] sealed = s.seal(nonce, ad, pt);
        assertArrayEquals(new AesSivAead(AeadAlgorithm.AES_SIV_CMAC_512, new byte[64]).seal(nonce, ad, pt), sealed);
        s.wipe();
        assertThrows(IllegalStateException.class, () -> s.open(nonce, ad, sealed));
        assertEquals("AesNiSessionSiv[AES_SIV_CMAC_512]", s.toString());
    }

    private static byte[] bytes(RandomGenerator r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
