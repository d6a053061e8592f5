package net.ntsbox.crypto;

import net.ntsbox.testsupport.Vectors;
import static net.ntsbox.testsupport.Vectors.hex;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CmacVectorsTest {
    private final JsonNode doc = Vectors.load("cmac-aes.json");

    @Test
    void fips197BlocksThroughJdkAes() throws Exception {
        assertEquals(4, doc.get("aes_block").size());
        for (JsonNode v : doc.get("aes_block")) {
            byte[] key = hex(v.get("key"));
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            assertEquals(v.get("ciphertext").asText(), hex(c.doFinal(hex(v.get("plaintext")))), v.get("id").asText());
            // and through AesCmac's block primitive (AES-128/192/256)
            byte[] out = new byte[16];
            new AesCmac(key).encryptBlock(hex(v.get("plaintext")), out);
            assertEquals(v.get("ciphertext").asText(), hex(out));
        }
    }

    @Test
    void subkeys() {
        assertEquals(2, doc.get("cmac_subkeys").size());
        for (JsonNode v : doc.get("cmac_subkeys")) {
            AesCmac m = new AesCmac(hex(v.get("key")));
            byte[] l = new byte[16];
            m.encryptBlock(new byte[16], l);
            assertEquals(v.get("aes_k_zero").asText(), hex(l));
            assertEquals(v.get("k1").asText(), hex(m.subkey1()));
            assertEquals(v.get("k2").asText(), hex(m.subkey2()));
        }
    }

    @Test
    void examples() {
        assertEquals(8, doc.get("cmac").size());
        for (JsonNode v : doc.get("cmac")) {
            byte[] msg = hex(v.get("message"));
            AesCmac m = new AesCmac(hex(v.get("key")));
            assertEquals(v.get("tag").asText(), hex(m.mac(msg)), v.get("id").asText());
            // offset variant, message embedded in a larger buffer; instance reuse
            byte[] buf = new byte[msg.length + 9];
            System.arraycopy(msg, 0, buf, 5, msg.length);
            byte[] out = new byte[20];
            m.mac(buf, 5, msg.length, out, 4);
            assertEquals(v.get("tag").asText(), hex(java.util.Arrays.copyOfRange(out, 4, 20)));
        }
    }
}
