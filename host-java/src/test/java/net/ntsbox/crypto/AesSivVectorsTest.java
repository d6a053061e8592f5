package net.ntsbox.crypto;

import net.ntsbox.testsupport.Vectors;
import static net.ntsbox.testsupport.Vectors.hex;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AesSivVectorsTest {

    private static List<byte[]> components(JsonNode v) {
        List<byte[]> c = new ArrayList<>();
        for (JsonNode n : v.get("s2v_components")) c.add(hex(n));
        return c;
    }

    @Test
    void allTwentyOneVectors() {
        JsonNode vs = Vectors.load("aes-siv.json").get("vectors");
        assertEquals(21, vs.size());
        int valid = 0, invalid = 0;
        for (JsonNode v : vs) {
            String id = v.get("id").asText();
            AesSiv siv = new AesSiv(hex(v.get("key")));
            List<byte[]> comps = components(v);
            byte[] pt = hex(v.get("plaintext"));
            byte[] out = hex(v.get("output"));
            if (v.get("expect").asText().equals("valid")) {
                assertEquals(hex(out), hex(siv.seal(comps, pt)), id + " seal");
                assertArrayEquals(pt, siv.open(comps, out), id + " open");
                valid++;
            } else {
                assertNull(siv.open(comps, out), id + " must fail");
                invalid++;
            }
        }
        assertEquals(3, invalid);
        assertEquals(18, valid);
    }

    /** Every 1- or 2-component vector also through the zero-copy [AD, nonce] API and the Aead interface. */
    @Test
    void nonceBasedApisAgreeWithListApi() {
        for (JsonNode v : Vectors.load("aes-siv.json").get("vectors")) {
            String id = v.get("id").asText();
            List<byte[]> comps = components(v);
            if (comps.size() > 2) continue;
            byte[] key = hex(v.get("key"));
            byte[] pt = hex(v.get("plaintext"));
            byte[] out = hex(v.get("output"));
            boolean valid = v.get("expect").asText().equals("valid");
            byte[] ad = comps.size() == 2 ? comps.get(0) : null;
            byte[] nonce = comps.get(comps.size() - 1);
            // Embed every input at an odd offset in a larger buffer to exercise offsets.
            byte[] buf = new byte[7 + (ad == null ? 0 : ad.length) + nonce.length + out.length + 5];
            int adOff = 7, nOff = adOff + (ad == null ? 0 : ad.length), cOff = nOff + nonce.length;
            if (ad != null) System.arraycopy(ad, 0, buf, adOff, ad.length);
            System.arraycopy(nonce, 0, buf, nOff, nonce.length);
            System.arraycopy(out, 0, buf, cOff, out.length);
            AesSiv siv = new AesSiv(key);
            byte[] plain = new byte[pt.length + 3];
            int n = siv.open(ad == null ? null : buf, adOff, ad == null ? 0 : ad.length, buf, nOff, nonce.length,
                    buf, cOff, out.length, plain, 3);
            if (valid) {
                assertEquals(pt.length, n, id);
                assertEquals(hex(pt), hex(java.util.Arrays.copyOfRange(plain, 3, 3 + pt.length)), id);
                byte[] sealed = new byte[out.length + 2];
                assertEquals(out.length, siv.seal(ad, 0, ad == null ? 0 : ad.length, nonce, 0, nonce.length,
                        pt, 0, pt.length, sealed, 2));
                assertEquals(hex(out), hex(java.util.Arrays.copyOfRange(sealed, 2, sealed.length)), id);
            } else {
                assertEquals(-1, n, id);
            }
            AeadAlgorithm alg = switch (key.length) {
                case 32 -> AeadAlgorithm.AES_SIV_CMAC_256;
                case 64 -> AeadAlgorithm.AES_SIV_CMAC_512;
                default -> null;
            };
            if (alg == null) continue;
            Aead aead = Aeads.create(alg, key);
            if (valid) {
                assertEquals(hex(out), hex(aead.seal(nonce, ad, pt)), id + " via Aead");
                assertArrayEquals(pt, aead.open(nonce, ad, out), id + " via Aead");
            } else {
                assertNull(aead.open(nonce, ad, out), id + " via Aead must fail");
            }
        }
    }

    @Test
    void absentAndEmptyAdDiffer() {
        Aead a = Aeads.create(AeadAlgorithm.AES_SIV_CMAC_256, new byte[32]);
        byte[] nonce = new byte[16];
        byte[] pt = {1, 2, 3};
        byte[] absent = a.seal(nonce, null, pt);
        byte[] empty = a.seal(nonce, new byte[0], pt);
        assertFalse(java.util.Arrays.equals(absent, empty));
        assertNull(a.open(nonce, new byte[0], absent));
        assertNull(a.open(nonce, null, empty));
        assertArrayEquals(absent, new AesSiv(new byte[32]).seal(List.of(nonce), pt));
        assertArrayEquals(empty, new AesSiv(new byte[32]).seal(List.of(new byte[0], nonce), pt));
    }

    @Test
    void shortInputAndBadKeys() {
        Aead a = Aeads.create(AeadAlgorithm.AES_SIV_CMAC_256, new byte[32]);
        assertNull(a.open(new byte[16], null, new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> Aeads.create(AeadAlgorithm.AES_SIV_CMAC_256, new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> Aeads.create(AeadAlgorithm.AES_SIV_CMAC_512, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new AesSiv(new byte[31]));
        List<byte[]> tooMany = new ArrayList<>();
        for (int i = 0; i < 127; i++) tooMany.add(new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> new AesSiv(new byte[32]).seal(tooMany, new byte[0]));
    }
}
