package net.ntsbox.server;

import static net.ntsbox.testsupport.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import net.ntsbox.cookie.CookieCodec;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.keys.ChronyKeyFile;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.RotationPolicy;
import net.ntsbox.testsupport.Vectors;
import org.junit.jupiter.api.Test;

/**
 * Migration from chrony: after importing chronyd's ntskeys dump, our server step answers every
 * real request of that capture (cookies chronyd minted) with a response that verifies under the
 * session's captured S2C key, of the same length as chronyd's own response.
 */
class NtsServerStepCaptureTest {
    /** The step under test: the Java crypto here; {@code *NativeCryptoTest} runs every test on nettle. */
    NtsServerStep newStep() { return new NtsServerStep(); }


    @Test
    void answersRealChronyClientRequestsAfterImportingChronydKeys() throws Exception {
        JsonNode dump = Vectors.load("chrony-ntpsec-captures.json").get("chrony_cookie_decryption");
        long now = 1_780_000_000L;
        KeyRing ring = KeyRing.fromSeed(new byte[32], 0, RotationPolicy.DEFAULT, now);
        ring.importKeys(ChronyKeyFile.read(Vectors.dir().resolve("captures/chrony-server-key-dump/ntskeys")).keys());
        byte[] s2c = hex(dump.get("nts_ke_session").get("s2c_key"));
        NtsServerStep step = newStep();
        byte[] out = new byte[2048];
        int answered = 0;
        for (JsonNode pkt : dump.get("ntp_packets")) {
            if (!"request".equals(pkt.get("kind").asText())) continue;
            byte[] req = hex(pkt.get("udp_payload"));
            StepOutcome o = step.respond(req, 0, req.length, 0xeeaf1dc4_00000000L, 0xeeaf1dc4_00000100L, ring,
                    TestRequests.seeded(answered), ServerHeader.unsynchronised(-20), out);
            assertEquals(StepOutcome.NTS_RESPONSE, o, "frame " + pkt.get("frame"));
            assertEquals(req.length, step.responseLength());
            byte[] uid = java.util.Arrays.copyOfRange(req, 52, 84);
            List<byte[]> cookies = ResponseCheck.verify(out, step.responseLength(), AeadAlgorithm.AES_SIV_CMAC_256, s2c, uid);
            assertEquals(pkt.get("cookie_placeholders").asInt() + 1, cookies.size());
            for (byte[] c : cookies) {
                assertTrue(CookieCodec.open(c, ring).ok(), "new cookie opens under our current key");
                assertEquals(ring.current().id(), java.nio.ByteBuffer.wrap(c).getInt(), "minted with our key, not chrony's");
            }
            answered++;
        }
        assertTrue(answered >= 4, "capture has requests: " + answered);
    }

    @Test
    void answersEveryCapturedChronyRequestWithAResponseTheCapturedServerWouldHaveSentInSize() {
        // chronyd's responses to the same requests have the request's length too: check the capture agrees.
        JsonNode caps = Vectors.load("chrony-ntpsec-captures.json").get("captures");
        int pairs = 0;
        for (JsonNode cap : caps) {
            java.util.Map<Integer, Integer> lengthByFrame = new java.util.HashMap<>();
            for (JsonNode p : cap.get("ntp_packets")) lengthByFrame.put(p.get("frame").asInt(), p.get("length").asInt());
            for (JsonNode p : cap.get("ntp_packets")) {
                if (p.has("reply_to_frame") && !p.get("reply_to_frame").isNull()
                        && "response".equals(p.get("kind").asText())) {
                    assertEquals(lengthByFrame.get(p.get("reply_to_frame").asInt()), p.get("length").asInt());
                    pairs++;
                }
            }
        }
        assertTrue(pairs > 10);
    }
}
