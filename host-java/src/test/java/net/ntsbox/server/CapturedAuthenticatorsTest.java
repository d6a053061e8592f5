package net.ntsbox.server;

import static net.ntsbox.testsupport.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.crypto.Aeads;
import net.ntsbox.ntp.NtpParse;
import net.ntsbox.ntp.NtsAuthenticator;
import net.ntsbox.ntp.NtsExtensionType;
import net.ntsbox.ntp.ParsedPacket;
import net.ntsbox.testsupport.Vectors;
import org.junit.jupiter.api.Test;

/**
 * Our parser and AEAD verify the authenticator of every real NTS packet we have: chrony and
 * NTPsec requests and responses (under the session keys exported from the captured TLS), and
 * Netnod's published request examples. A flipped bit in any of them fails.
 */
class CapturedAuthenticatorsTest {

    /** Verifies the packet's authenticator under {@code key}; returns the plaintext length, or -1. */
    static int verify(byte[] udp, byte[] key) {
        ParsedPacket p = (ParsedPacket) NtpParse.parse(udp);
        int idx = p.indexOf(NtsExtensionType.NTS_AUTHENTICATOR, 0);
        var a = (NtsAuthenticator) NtsAuthenticator.parse(p, idx, 16);
        byte[] pt = new byte[a.ciphertextLength()];
        return Aeads.create(AeadAlgorithm.AES_SIV_CMAC_256, key).openInto(udp, a.nonceStart(), a.nonceLength(),
                udp, 0, a.associatedDataLength(), udp, a.ciphertextStart(), a.ciphertextLength(), pt, 0);
    }

    @Test
    void everyCapturedChronyAndNtpsecPacketVerifies() {
        int checked = 0;
        for (JsonNode cap : Vectors.load("chrony-ntpsec-captures.json").get("captures")) {
            JsonNode sessions = cap.get("nts_ke_sessions");
            for (JsonNode pkt : cap.get("ntp_packets")) {
                JsonNode w = pkt.get("verifies_with");
                if (w == null || w.isNull()) continue;
                JsonNode s = sessions.get(w.get("nts_ke_session").asInt());
                byte[] key = hex(s.get(w.get("key").asText() + "_key"));
                byte[] udp = hex(pkt.get("udp_payload"));
                int n = verify(udp, key);
                assertTrue(n >= 0, cap.get("name") + " frame " + pkt.get("frame"));
                assertEquals(hex(pkt.get("authenticator").get("plaintext")).length, n);
                byte[] flipped = udp.clone();
                flipped[pkt.get("authenticator").get("ad_length").asInt() - 1] ^= 1;
                assertEquals(-1, verify(flipped, key), "tampered AD fails");
                checked++;
            }
        }
        assertTrue(checked > 40, "checked " + checked);
    }

    @Test
    void netnodRequestExamplesVerifyUnderTheirC2sKeys() {
        JsonNode d = Vectors.load("netnod-nts.json");
        JsonNode ex = d.get("auth_example");
        assertTrue(verify(hex(ex.get("udp_payload")), hex(ex.get("authenticator").get("key"))) >= 0, "NTS_auth_example");
        int n = 0;
        for (JsonNode t : d.get("cookie_testcases")) {
            assertTrue(verify(hex(t.get("udp_payload")), hex(t.get("c2s_key"))) >= 0, t.get("id").asText());
            n++;
        }
        assertEquals(5, n);
    }

    @Test
    void theRealChronyResponseCarriesTheCookieItsNextRequestUses() {
        // In the first capture, a response's encrypted cookie reappears in a later request (cookie_from).
        JsonNode cap = Vectors.load("chrony-ntpsec-captures.json").get("captures").get(0);
        int traced = 0;
        for (JsonNode pkt : cap.get("ntp_packets")) {
            JsonNode from = pkt.get("cookie_from");
            if (from == null || from.isNull() || !from.has("frame")) continue;
            byte[] req = hex(pkt.get("udp_payload"));
            ParsedPacket p = (ParsedPacket) NtpParse.parse(req);
            byte[] cookie = p.efBody(p.indexOf(NtsExtensionType.NTS_COOKIE, 0));
            for (JsonNode src : cap.get("ntp_packets")) {
                if (src.get("frame").asInt() != from.get("frame").asInt()) continue;
                String pt = src.get("authenticator").get("plaintext").asText();
                assertTrue(pt.contains(Vectors.hex(cookie)), "frame " + pkt.get("frame"));
                traced++;
            }
        }
        assertTrue(traced > 0);
    }
}
