package net.ntsbox.crypto;

import net.ntsbox.testsupport.Vectors;
import static net.ntsbox.testsupport.Vectors.hex;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class GcmSivVectorsTest {
    @Test
    void allVectors() {
        JsonNode vs = Vectors.load("gcm-siv.json").get("vectors");
        assertEquals(19, vs.size());
        for (JsonNode v : vs) {
            String id = v.get("id").asText();
            Aead a = Aeads.create(AeadAlgorithm.AES_128_GCM_SIV, hex(v.get("key")));
            byte[] nonce = hex(v.get("nonce")), aad = hex(v.get("aad")), pt = hex(v.get("plaintext"));
            byte[] out = hex(v.get("output"));
            assertEquals(v.get("output").asText(), hex(a.seal(nonce, aad, pt)), id);
            assertArrayEquals(pt, a.open(nonce, aad, out), id);
            if (aad.length == 0) assertArrayEquals(pt, a.open(nonce, null, out), id + " absent AD = empty");
            byte[] bad = out.clone();
            bad[bad.length - 1] ^= 1;
            assertNull(a.open(nonce, aad, bad), id + " tampered");
        }
    }

    @Test
    void rejectsBadNonceAndKey() {
        Aead a = Aeads.create(AeadAlgorithm.AES_128_GCM_SIV, new byte[16]);
        assertNull(a.open(new byte[16], null, new byte[32]));
        assertNull(a.open(new byte[12], null, new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> Aeads.create(AeadAlgorithm.AES_128_GCM_SIV, new byte[32]));
    }
}
