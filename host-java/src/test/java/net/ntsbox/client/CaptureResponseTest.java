package net.ntsbox.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import net.ntsbox.crypto.Aead;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.crypto.Aeads;
import net.ntsbox.ntp.NtpParse;
import net.ntsbox.ntp.NtsExtensionType;
import net.ntsbox.ntp.ParsedPacket;
import net.ntsbox.testsupport.Vectors;
import org.junit.jupiter.api.Test;

/**
 * Real chrony 4.3 and NTPsec 1.2.2 server responses, each checked as the answer to its captured
 * request (UID and transmit timestamp replayed as the pending record) under the captured S2C key.
 */
class CaptureResponseTest {

    @Test
    void everyCapturedResponseVerifiesAndYieldsItsCookies() {
        JsonNode root = Vectors.load("chrony-ntpsec-captures.json");
        int responses = 0, naks = 0, cookies = 0;
        for (JsonNode capture : root.get("captures")) {
            Map<Integer, JsonNode> byFrame = new HashMap<>();
            for (JsonNode pkt : capture.get("ntp_packets")) byFrame.put(pkt.get("frame").asInt(), pkt);
            for (JsonNode pkt : capture.get("ntp_packets")) {
                String kind = pkt.get("kind").asText();
                if (!kind.equals("response") && !kind.equals("nts_nak")) continue;
                String id = capture.get("name").asText() + " frame " + pkt.get("frame").asInt();
                JsonNode req = byFrame.get(pkt.get("reply_to_frame").asInt());
                PendingRequest pending = pendingFor(Vectors.hex(req.get("udp_payload")), req.get("cookie_placeholders").asInt());
                JsonNode session = capture.get("nts_ke_sessions").get(
                        (kind.equals("response") ? pkt : req).get("verifies_with").get("nts_ke_session").asInt());
                AeadAlgorithm alg = AeadAlgorithm.byId(session.get("aead").asInt()).orElseThrow();
                Aead s2c = Aeads.create(alg, Vectors.hex(session.get("s2c_key")));
                byte[] rs = Vectors.hex(pkt.get("udp_payload"));
                ResponseResult r = NtsResponseVerifier.verify(rs, 0, rs.length, pending, alg, s2c);
                if (kind.equals("nts_nak")) {
                    assertInstanceOf(ResponseResult.Nak.class, r, id);
                    naks++;
                    continue;
                }
                ResponseResult.Authenticated a = assertInstanceOf(ResponseResult.Authenticated.class, r, id);
                JsonNode efs = pkt.get("authenticator").get("encrypted_extension_fields");
                int expected = 0;
                for (JsonNode ef : efs) if (ef.get("type").asText().equals("0204")) expected++;
                assertTrue(expected >= 1, id);
                assertEquals(expected, a.cookies().size(), id);
                // The cookies are the plaintext's cookie bodies, in order.
                byte[] pt = Vectors.hex(pkt.get("authenticator").get("plaintext"));
                int pos = 0;
                for (byte[] c : a.cookies()) {
                    assertArrayEquals(java.util.Arrays.copyOfRange(pt, pos + 4, pos + 4 + c.length), c, id);
                    pos += 4 + c.length;
                }
                // Under the C2S key (wrong direction) it must fail.
                Aead c2s = Aeads.create(alg, Vectors.hex(session.get("c2s_key")));
                assertInstanceOf(ResponseResult.Rejected.class, NtsResponseVerifier.verify(rs, 0, rs.length, pending, alg, c2s), id);
                responses++;
                cookies += a.cookies().size();
            }
        }
        assertEquals(26, responses);
        assertEquals(1, naks);
        assertEquals(29, cookies, "18+4+4 responses, three of them answering placeholders (1+1+2 extra)");
    }

    static PendingRequest pendingFor(byte[] request, int placeholders) {
        ParsedPacket p = (ParsedPacket) NtpParse.parse(request);
        int uid = p.indexOf(NtsExtensionType.UNIQUE_IDENTIFIER, 0);
        return new PendingRequest(p.efBody(uid), p.header().transmitTimestamp(), placeholders, request.length);
    }
}
