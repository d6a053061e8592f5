package net.ntsbox.crypto.nettle;

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
import net.ntsbox.crypto.AesSivAead;
import net.ntsbox.testsupport.Vectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Nettle's AES-SIV against the shared vectors and, byte for byte, against the Java AEAD (the golden model). */
class NettleAesSivTest {

    @BeforeAll
    static void needsNettle() {
        Assumptions.assumeTrue(NettleAesSiv.available(), () -> "nettle unavailable: " + NettleAesSiv.unavailableReason());
    }

    private static AeadAlgorithm forKey(int len) {
        return switch (len) {
            case 32 -> AeadAlgorithm.AES_SIV_CMAC_256;
            case 64 -> AeadAlgorithm.AES_SIV_CMAC_512;
            default -> null;
        };
    }

    /** Every vector with [AD, nonce] or [nonce] and a 32- or 64-byte key, at odd offsets, valid and must-fail. */
    @Test
    void sharedVectors() {
        int nativeRuns = 0, fallbackRuns = 0;
        for (JsonNode v : Vectors.load("aes-siv.json").get("vectors")) {
            String id = v.get("id").asText();
            List<byte[]> comps = new ArrayList<>();
            for (JsonNode n : v.get("s2v_components")) comps.add(hex(n));
            byte[] key = hex(v.get("key"));
            AeadAlgorithm alg = forKey(key.length);
            if (alg == null || comps.isEmpty() || comps.size() > 2) continue;
            byte[] ad = comps.size() == 2 ? comps.get(0) : null;
            byte[] nonce = comps.get(comps.size() - 1);
            byte[] pt = hex(v.get("plaintext"));
            byte[] out = hex(v.get("output"));
            boolean valid = v.get("expect").asText().equals("valid");
            if (ad != null && nonce.length > 0) nativeRuns++; else fallbackRuns++;
            try (NettleAesSiv siv = new NettleAesSiv(alg, key)) {
                byte[] buf = new byte[5 + out.length + 3];
                System.arraycopy(out, 0, buf, 5, out.length);
                byte[] plain = new byte[Math.max(pt.length, out.length - 16) + 9];
                int n = siv.openInto(nonce, 0, nonce.length, ad, 0, ad == null ? 0 : ad.length, buf, 5, out.length, plain, 9 - 9 + 2);
                if (valid) {
                    assertEquals(pt.length, n, id);
                    assertEquals(hex(pt), hex(Arrays.copyOfRange(plain, 2, 2 + pt.length)), id);
                    byte[] sealed = new byte[out.length + 7];
                    assertEquals(out.length, siv.sealInto(nonce, 0, nonce.length, ad, 0, ad == null ? 0 : ad.length,
                            pt, 0, pt.length, sealed, 7));
                    assertEquals(hex(out), hex(Arrays.copyOfRange(sealed, 7, sealed.length)), id);
                    assertArrayEquals(out, siv.seal(nonce, ad, pt), id);
                    assertArrayEquals(pt, siv.open(nonce, ad, out), id);
                } else {
                    assertEquals(-1, n, id + " must fail");
                    assertNull(siv.open(nonce, ad, out), id + " must fail");
                    byte[] zero = new byte[plain.length];
                    assertArrayEquals(zero, plain, id + ": output zeroed on failure");
                }
            }
        }
        assertTrue(nativeRuns >= 10, "native [AD, nonce] vectors: " + nativeRuns);
        assertTrue(fallbackRuns >= 1, "[nonce]-only vectors: " + fallbackRuns);
    }

    /** Chrony's cookie convention [empty AD, nonce] runs natively and differs from [nonce]. */
    @Test
    void emptyAdIsAComponent() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        try (NettleAesSiv n = new NettleAesSiv(AeadAlgorithm.AES_SIV_CMAC_256, key)) {
            Aead j = new AesSivAead(AeadAlgorithm.AES_SIV_CMAC_256, key);
            byte[] nonce = new byte[16], pt = {1, 2, 3};
            assertArrayEquals(j.seal(nonce, new byte[0], pt), n.seal(nonce, new byte[0], pt));
            assertArrayEquals(j.seal(nonce, null, pt), n.seal(nonce, null, pt));
            assertFalse(Arrays.equals(n.seal(nonce, null, pt), n.seal(nonce, new byte[0], pt)));
        }
    }

    /** Seeded random inputs: native and Java give the same bytes, open each other's output, and reject tampering alike. */
    @Test
    void agreesWithJavaAead() {
        long seed = System.nanoTime();
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        try {
            for (AeadAlgorithm alg : new AeadAlgorithm[] {AeadAlgorithm.AES_SIV_CMAC_256, AeadAlgorithm.AES_SIV_CMAC_512}) {
                byte[] key = bytes(r, alg.keyLength());
                AesSivAead j = new AesSivAead(alg, key);
                try (NettleAesSiv n = new NettleAesSiv(alg, key)) {
                    for (int i = 0; i < 1500; i++) {
                        if (i % 50 == 0) {
                            key = bytes(r, alg.keyLength());
                            j.rekey(key);
                            n.rekey(key);
                        }
                        int ptLen = r.nextInt(8) == 0 ? r.nextInt(17) : r.nextInt(2049);
                        int adLen = r.nextInt(6) == 0 ? -1 : r.nextInt(8) == 0 ? 0 : r.nextInt(700);
                        int nonceLen = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(32);
                        byte[] ad = adLen < 0 ? null : bytes(r, adLen);
                        byte[] nonce = bytes(r, nonceLen), pt = bytes(r, ptLen);
                        byte[] a = j.seal(nonce, ad, pt);
                        byte[] b = n.seal(nonce, ad, pt);
                        assertArrayEquals(a, b, "seal i=" + i);
                        assertArrayEquals(pt, n.open(nonce, ad, a), "open i=" + i);
                        byte[] bad = a.clone();
                        bad[r.nextInt(bad.length)] ^= (byte) (1 << r.nextInt(8));
                        assertNull(n.open(nonce, ad, bad), "tampered i=" + i);
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

    @Test
    void wipeCloseAndBounds() {
        NettleAesSiv n = new NettleAesSiv(AeadAlgorithm.AES_SIV_CMAC_256, new byte[32]);
        byte[] nonce = new byte[16], ad = new byte[4], pt = new byte[20];
        assertThrows(IndexOutOfBoundsException.class,
                () -> n.sealInto(nonce, 0, 16, ad, 0, 4, pt, 0, 20, new byte[35], 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> n.openInto(nonce, 8, 16, ad, 0, 4, new byte[36], 0, 36, new byte[20], 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> n.sealInto(nonce, 0, 16, ad, 2, 4, pt, 0, 20, new byte[36], 0));
        assertEquals(-1, n.openInto(nonce, 0, 16, ad, 0, 4, new byte[15], 0, 15, new byte[0], 0));
        assertThrows(IllegalArgumentException.class, () -> n.rekey(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new NettleAesSiv(AeadAlgorithm.AES_128_GCM_SIV, new byte[16]));
        n.wipe();
        assertThrows(IllegalStateException.class, () -> n.seal(nonce, ad, pt));
        n.rekey(new byte[32]);
        assertEquals(36, n.seal(nonce, ad, pt).length);
        n.close();
        n.close();
        assertThrows(IllegalStateException.class, () -> n.seal(nonce, ad, pt));
        assertThrows(IllegalStateException.class, () -> n.rekey(new byte[32]));
        assertEquals("NettleAesSiv[AES_SIV_CMAC_256]", n.toString());
    }

    private static byte[] bytes(RandomGenerator r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
