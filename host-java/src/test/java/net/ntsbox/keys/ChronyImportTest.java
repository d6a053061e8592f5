package net.ntsbox.keys;

import net.ntsbox.testsupport.Vectors;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import net.ntsbox.cookie.CookieCodec;
import net.ntsbox.cookie.CookieOpenResult;
import org.junit.jupiter.api.Test;

class ChronyImportTest {

    @Test
    void realChronydDumpParses() throws Exception {
        ChronyKeyFile.Contents c = ChronyKeyFile.read(Vectors.dir().resolve("captures/chrony-server-key-dump/ntskeys"));
        assertEquals("NKS0", c.format());
        assertEquals(9.6, c.keyAgeSeconds(), 1e-9);
        assertEquals(4, c.keys().size());
        JsonNode cd = Vectors.load("chrony-ntpsec-captures.json").get("chrony_cookie_decryption");
        MasterKey server = c.keys().stream().filter(k -> k.idHex().equals(cd.get("server_key_id").asText())).findFirst().orElseThrow();
        assertEquals(cd.get("server_key").asText(), Vectors.hex(server.keyBytes()));
    }

    @Test
    void importedDumpOpensTheCapturedChronyCookies() throws Exception {
        ChronyKeyFile.Contents c = ChronyKeyFile.read(Vectors.dir().resolve("captures/chrony-server-key-dump/ntskeys"));
        KeyRing ring = KeyRing.fromSeed(KeyRingTest.SEED, KeyRingTest.EPOCH, RotationPolicy.DEFAULT, KeyRingTest.EPOCH + 300 * 86_400L);
        ring.importKeys(c.keys());
        JsonNode cd = Vectors.load("chrony-ntpsec-captures.json").get("chrony_cookie_decryption");
        for (JsonNode k : cd.get("ke_cookies")) {
            CookieOpenResult.Opened o = assertInstanceOf(CookieOpenResult.Opened.class, CookieCodec.open(Vectors.hex(k.get("cookie")), ring));
            assertEquals(k.get("plaintext").asText(), Vectors.hex(o.c2s()) + Vectors.hex(o.s2c()));
        }
        // and they survive persistence
        KeyRing back = KeyRing.restore(KeyRingCodec.decode(KeyRingCodec.encode(ring.state())), KeyRingTest.EPOCH + 300 * 86_400L);
        assertTrue(CookieCodec.open(Vectors.hex(cd.get("ke_cookies").get(0).get("cookie")), back).ok());
    }

    @Test
    void nks1AndBadFilesNameTheLine() throws Exception {
        String key = "00".repeat(32);
        ChronyKeyFile.Contents v1 = ChronyKeyFile.parse("NKS1\n12.5\n00000001 " + key + " 15\n00000002 " + key + " 15\n");
        assertEquals(2, v1.keys().size());
        assertEquals(12.5, v1.keyAgeSeconds());
        assertMessage("ntskeys line 1", "NKSX\n15 1\n");
        assertMessage("ntskeys line 2", "NKS0\n15\n");
        assertMessage("ntskeys line 3: key algorithm 30", "NKS1\n1\n00000001 " + "00".repeat(16) + " 30\n");
        assertMessage("ntskeys line 4: key must be 32 bytes", "NKS0\n15 1\n00000001 " + key + "\n00000002 abcd\n");
        assertMessage("ntskeys line 3: key id", "NKS0\n15 1\nzz " + key + "\n");
        assertMessage("ntskeys line 4: duplicate", "NKS0\n15 1\n00000001 " + key + "\n00000001 " + key + "\n");
        assertMessage("ntskeys line 3: key is not hex", "NKS0\n15 1\n00000001 " + "zz".repeat(32) + "\n");
        assertMessage("ntskeys line 3: no keys", "NKS0\n15 1\n");
        assertMessage("ntskeys: empty", "");
    }

    private static void assertMessage(String prefix, String text) {
        KeyFileException e = assertThrows(KeyFileException.class, () -> ChronyKeyFile.parse(text));
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertFalse(e.getMessage().contains("00000000000000000000"), "no key bytes in errors");
    }
}
