package net.ntsbox.cookie;

import net.ntsbox.testsupport.Vectors;
import static net.ntsbox.testsupport.Vectors.hex;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Random;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.crypto.AesSiv;
import net.ntsbox.keys.KeyLookup;
import net.ntsbox.keys.MasterKey;
import org.junit.jupiter.api.Test;

class CookieCodecTest {

    private static KeyLookup only(MasterKey k) {
        return id -> id == k.id() ? k : null;
    }

    /** Looks up any ID to the one key: isolates the tag check from the key ID check. */
    private static KeyLookup any(MasterKey k) {
        return id -> k;
    }

    @Test
    void realChronyCookiesOpen() {
        JsonNode c = Vectors.load("chrony-ntpsec-captures.json").get("chrony_cookie_decryption");
        MasterKey key = new MasterKey((int) Long.parseLong(c.get("server_key_id").asText(), 16), hex(c.get("server_key")));
        JsonNode cookies = c.get("ke_cookies");
        assertEquals(8, cookies.size());
        for (JsonNode k : cookies) {
            byte[] cookie = hex(k.get("cookie"));
            assertEquals(100, cookie.length);
            CookieOpenResult r = CookieCodec.open(cookie, 0, cookie.length, only(key));
            CookieOpenResult.Opened o = assertInstanceOf(CookieOpenResult.Opened.class, r);
            assertEquals(AeadAlgorithm.AES_SIV_CMAC_256, o.session());
            assertEquals(k.get("plaintext").asText(), hex(o.c2s()) + hex(o.s2c()));
            assertSame(key, o.key());
            // Re-minting with the same nonce gives chrony's bytes exactly.
            byte[] again = CookieCodec.mint(key, o.session(), o.c2s(), o.s2c(), hex(k.get("nonce")));
            assertEquals(hex(cookie), hex(again));
        }
        // The session keys in the cookie are the ones exported in that NTS-KE session.
        JsonNode export = null;
        for (JsonNode e : Vectors.load("hkdf.json").get("nts_key_export")) {
            if (e.get("id").asText().equals("nts-export-4")) export = e;
        }
        assertNotNull(export);
        assertEquals(export.get("c2s_key").asText() + export.get("s2c_key").asText(), cookies.get(0).get("plaintext").asText());
    }

    @Test
    void cookiesInsideRealRequestsOpenInPlace() {
        JsonNode c = Vectors.load("chrony-ntpsec-captures.json").get("chrony_cookie_decryption");
        MasterKey key = new MasterKey((int) Long.parseLong(c.get("server_key_id").asText(), 16), hex(c.get("server_key")));
        int checked = 0;
        for (JsonNode p : c.get("ntp_packets")) {
            if (!p.get("kind").asText().equals("request")) continue;
            byte[] udp = hex(p.get("udp_payload"));
            for (JsonNode ef : p.get("extension_fields")) {
                if (!ef.get("type").asText().equals("0204")) continue;
                int off = ef.get("offset").asInt() + 4;
                int len = ef.get("length").asInt() - 4;
                assertTrue(CookieCodec.open(udp, off, len, only(key)).ok(), "frame " + p.get("frame"));
                checked++;
            }
        }
        assertEquals(c.get("request_cookies_checked").asInt(), checked);
    }

    @Test
    void ourCookiesUseEmptyAdThenNonceNotTheFpgaConvention() {
        MasterKey key = new MasterKey(0x1234abcd, new byte[32]);
        byte[] c2s = new byte[32], s2c = new byte[32], nonce = new byte[16];
        new Random(7).nextBytes(c2s);
        new Random(8).nextBytes(s2c);
        new Random(9).nextBytes(nonce);
        byte[] cookie = CookieCodec.mint(key, AeadAlgorithm.AES_SIV_CMAC_256, c2s, s2c, nonce);
        byte[] siv = java.util.Arrays.copyOfRange(cookie, 20, cookie.length);
        AesSiv raw = new AesSiv(key.keyBytes());
        assertNotNull(raw.open(List.of(new byte[0], nonce), siv), "[empty, nonce] opens");
        assertNull(raw.open(List.of(nonce), siv), "[nonce] only (Netnod FPGA) must fail");
        assertEquals("1234abcd", hex(java.util.Arrays.copyOf(cookie, 4)));
    }

    @Test
    void netnodFpgaCookiesDoNotOpenButDecryptWithTheirConvention() {
        JsonNode d = Vectors.load("netnod-nts.json");
        List<JsonNode> fpga = new java.util.ArrayList<>();
        fpga.add(d.get("auth_example").get("cookie"));
        for (JsonNode e : d.get("engine_testbench")) fpga.add(e.get("cookie"));
        assertEquals(5, fpga.size());
        for (JsonNode c : fpga) {
            byte[] cookie = hex(c.get("cookie"));
            MasterKey key = new MasterKey((int) Long.parseLong(c.get("key_id").asText(), 16), hex(c.get("master_key")));
            CookieOpenResult r = CookieCodec.open(cookie, 0, cookie.length, only(key));
            assertEquals(new CookieOpenResult.Rejected(CookieOpenResult.Reason.BAD_TAG), r);
            byte[] pt = new AesSiv(key.keyBytes()).open(List.of(hex(c.get("nonce"))), hex(c.get("siv_output")));
            assertEquals(c.get("plaintext").asText(), hex(pt), "compat: [nonce] convention decrypts");
        }
    }

    @Test
    void netnodPocCookieHasAnotherLayout() {
        for (JsonNode t : Vectors.load("netnod-nts.json").get("cookie_testcases")) {
            JsonNode c = t.get("cookie");
            byte[] cookie = hex(c.get("cookie"));
            MasterKey key = new MasterKey(0, hex(c.get("master_key")));
            // Same 100-byte length, but 2-byte key id: the nonce and tag are shifted, so no open.
            assertEquals(100, cookie.length);
            assertEquals(CookieOpenResult.Reason.BAD_TAG,
                    ((CookieOpenResult.Rejected) CookieCodec.open(cookie, 0, cookie.length, any(key))).reason());
        }
    }

    @Test
    void lengthsImplyTheSessionAeadAndRoundTrip() {
        MasterKey key = new MasterKey(7, new byte[32]);
        Random r = new Random(1);
        for (AeadAlgorithm a : AeadAlgorithm.values()) {
            byte[] c2s = new byte[a.keyLength()], s2c = new byte[a.keyLength()], nonce = new byte[16];
            r.nextBytes(c2s);
            r.nextBytes(s2c);
            r.nextBytes(nonce);
            byte[] cookie = CookieCodec.mint(key, a, c2s, s2c, nonce);
            assertEquals(switch (a) { case AES_SIV_CMAC_256 -> 100; case AES_SIV_CMAC_512 -> 164; case AES_128_GCM_SIV -> 68; },
                    cookie.length);
            CookieOpenResult.Opened o = (CookieOpenResult.Opened) CookieCodec.open(cookie, only(key));
            assertEquals(a, o.session());
            assertArrayEquals(c2s, o.c2s());
            assertArrayEquals(s2c, o.s2c());
            for (int bit = 0; bit < cookie.length * 8; bit += 7) {
                byte[] bad = cookie.clone();
                bad[bit >>> 3] ^= (byte) (1 << (bit & 7));
                CookieOpenResult.Rejected rej = assertInstanceOf(CookieOpenResult.Rejected.class, CookieCodec.open(bad, only(key)));
                assertEquals(bit < 32 ? CookieOpenResult.Reason.UNKNOWN_KEY : CookieOpenResult.Reason.BAD_TAG, rej.reason());
            }
        }
        for (int len : new int[] {0, 3, 20, 36, 99, 101, 163, 200}) {
            assertEquals(CookieOpenResult.Reason.BAD_LENGTH,
                    ((CookieOpenResult.Rejected) CookieCodec.open(new byte[len], only(key))).reason());
        }
        assertThrows(IllegalArgumentException.class,
                () -> CookieCodec.mint(key, AeadAlgorithm.AES_SIV_CMAC_256, new byte[16], new byte[16], new byte[16]));
        assertFalse(key.toString().contains("0000000000"));
    }
}
