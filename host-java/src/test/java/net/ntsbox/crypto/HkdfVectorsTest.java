package net.ntsbox.crypto;

import net.ntsbox.testsupport.Vectors;
import static net.ntsbox.testsupport.Vectors.hex;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import net.ntsbox.ke.KeyExporter;
import org.junit.jupiter.api.Test;

class HkdfVectorsTest {
    private final JsonNode doc = Vectors.load("hkdf.json");

    @Test
    void rfc5869() {
        assertEquals(3, doc.get("rfc5869").size());
        for (JsonNode v : doc.get("rfc5869")) {
            byte[] prk = Hkdf.SHA256.extract(hex(v.get("salt")), hex(v.get("ikm")));
            assertEquals(v.get("prk").asText(), hex(prk), v.get("id").asText());
            assertEquals(v.get("okm").asText(), hex(Hkdf.SHA256.expand(prk, hex(v.get("info")), v.get("length").asInt())));
        }
    }

    @Test
    void ntsKeyExportsFromRealSessions() {
        assertEquals(5, doc.get("nts_key_export").size());
        for (JsonNode v : doc.get("nts_key_export")) {
            String id = v.get("id").asText();
            AeadAlgorithm aead = AeadAlgorithm.byId(v.get("aead").asInt()).orElseThrow();
            assertEquals(v.get("context_c2s").asText(), hex(NtsExporterContext.c2s(aead)), id);
            assertEquals(v.get("context_s2c").asText(), hex(NtsExporterContext.s2c(aead)), id);
            byte[] label = hex(v.get("label"));
            assertArrayEquals(KeyExporter.LABEL.getBytes(StandardCharsets.US_ASCII), label);
            Tls13Exporter ex = new Tls13Exporter(v.get("hash").asText().equals("sha384") ? "SHA-384" : "SHA-256");
            byte[] secret = hex(v.get("exporter_secret"));
            assertEquals(v.get("derived_secret").asText(), hex(ex.derivedSecret(secret, label)), id);
            int len = v.get("length").asInt();
            assertEquals(aead.keyLength(), len);
            assertEquals(v.get("c2s_key").asText(), hex(ex.export(secret, label, NtsExporterContext.c2s(aead), len)), id);
            assertEquals(v.get("s2c_key").asText(), hex(ex.export(secret, label, NtsExporterContext.s2c(aead), len)), id);
        }
    }

    @Test
    void exporterContextLayout() {
        assertEquals("0000001e01", hex(NtsExporterContext.s2c(AeadAlgorithm.AES_128_GCM_SIV)));
        assertEquals("8001001100", hex(NtsExporterContext.of(0x8001, AeadAlgorithm.AES_SIV_CMAC_512,
                NtsExporterContext.Direction.C2S)));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.SHA256.expand(new byte[32], null, 255 * 32 + 1));
    }
}
