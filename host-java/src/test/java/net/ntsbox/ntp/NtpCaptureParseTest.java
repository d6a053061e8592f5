package net.ntsbox.ntp;

import net.ntsbox.testsupport.Vectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every real NTP packet in the shared vectors parses to exactly the recorded header and EF layout. */
class NtpCaptureParseTest {

    @Test
    void chronyAndNtpsecCapturesParseToRecordedLayout() {
        JsonNode root = Vectors.load("chrony-ntpsec-captures.json");
        int packets = 0;
        int authenticators = 0;
        for (JsonNode capture : root.get("captures")) {
            for (JsonNode pkt : capture.get("ntp_packets")) {
                String id = capture.get("name").asText() + " frame " + pkt.get("frame").asInt();
                packets++;
                byte[] payload = Vectors.hex(pkt.get("udp_payload").asText());
                assertEquals(pkt.get("length").asInt(), payload.length, id);
                ParsedPacket p = assertInstanceOf(ParsedPacket.class, NtpParse.parse(payload), id);
                JsonNode h = pkt.get("header");
                NtpHeader hd = p.header();
                assertEquals(h.get("leap").asInt(), hd.leap(), id);
                assertEquals(h.get("version").asInt(), hd.version(), id);
                assertEquals(h.get("mode").asInt(), hd.mode(), id);
                assertEquals(h.get("stratum").asInt(), hd.stratum(), id);
                assertEquals(Integer.parseUnsignedInt(h.get("refid").asText(), 16), hd.referenceId(), id);
                assertEquals(Long.parseUnsignedLong(h.get("origin_timestamp").asText(), 16), hd.originTimestamp(), id);
                assertEquals(Long.parseUnsignedLong(h.get("transmit_timestamp").asText(), 16),
                        hd.transmitTimestamp(), id);
                assertEfLayout(pkt.get("extension_fields"), p, id);
                byte[] rebuilt = new byte[48];
                hd.write(rebuilt, 0);
                assertEquals(Vectors.hex(Arrays.copyOf(payload, 48)), Vectors.hex(rebuilt), id);

                JsonNode auth = pkt.get("authenticator");
                int ai = p.indexOf(NtsExtensionType.NTS_AUTHENTICATOR, 0);
                if (auth == null || auth.isNull()) {
                    assertEquals(-1, ai, id);
                    continue;
                }
                NtsAuthenticator a = assertInstanceOf(NtsAuthenticator.class, NtsAuthenticator.parse(p, ai, 16), id);
                assertEquals(auth.get("offset").asInt(), a.efOffset(), id);
                assertEquals(auth.get("ad_length").asInt(), a.associatedDataLength(), id);
                assertEquals(auth.get("nonce").asText(),
                        Vectors.hex(Arrays.copyOfRange(payload, a.nonceStart(), a.nonceStart() + a.nonceLength())), id);
                assertEquals(auth.get("ciphertext").asText(), Vectors.hex(Arrays.copyOfRange(payload,
                        a.ciphertextStart(), a.ciphertextStart() + a.ciphertextLength())), id);
                // Rebuilding the field from its parts gives the same bytes (padding included).
                byte[] copy = Arrays.copyOf(payload, payload.length);
                int len = NtsAuthenticator.write(copy, a.efOffset(), payload, a.nonceStart(), a.nonceLength(),
                        a.ciphertextLength(), 16, a.efLength());
                System.arraycopy(payload, a.ciphertextStart(), copy, a.ciphertextStart(), a.ciphertextLength());
                assertEquals(a.efLength(), len, id);
                assertEquals(Vectors.hex(payload), Vectors.hex(copy), id);
                authenticators++;
            }
        }
        assertTrue(packets >= 50 && authenticators >= 40, "saw " + packets + " packets, " + authenticators + " authenticated");
    }

    @Test
    void netnodFramesParseAfterStrippingEthernetIpUdp() {
        JsonNode root = Vectors.load("netnod-nts.json");
        int n = 0;
        for (JsonNode f : root.get("example_frames_20190909")) {
            String id = f.get("id").asText();
            byte[] frame = Vectors.hex(f.get("frame").asText());
            int[] udp = udpPayload(frame);
            assertEquals(f.get("udp_payload_offset").asInt(), udp[0], id);
            byte[] payload = Arrays.copyOfRange(frame, udp[0], udp[0] + udp[1]);
            assertEquals(f.get("udp_payload").asText(), Vectors.hex(payload), id);
            ParsedPacket p = assertInstanceOf(ParsedPacket.class, NtpParse.parse(frame, udp[0], udp[1]), id);
            assertEfLayout(f.get("extension_fields"), p, id);
            assertEquals(udp[0], p.base());
            int ai = p.indexOf(NtsExtensionType.NTS_AUTHENTICATOR, 0);
            NtsAuthenticator a = assertInstanceOf(NtsAuthenticator.class, NtsAuthenticator.parse(p, ai, 16), id);
            assertEquals(16, a.nonceLength(), id);
            n++;
        }
        assertEquals(8, n);
        for (String set : new String[] {"cookie_testcases", "engine_testbench"}) {
            for (JsonNode f : root.get(set)) {
                byte[] frame = Vectors.hex(f.get("frame").asText());
                int[] udp = udpPayload(frame);
                ParsedPacket p = assertInstanceOf(ParsedPacket.class, NtpParse.parse(frame, udp[0], udp[1]),
                        f.get("id").asText());
                if (f.has("extension_fields")) {
                    assertEfLayout(f.get("extension_fields"), p, f.get("id").asText());
                }
            }
        }
        JsonNode ex = root.get("auth_example");
        ParsedPacket p = assertInstanceOf(ParsedPacket.class,
                NtpParse.parse(Vectors.hex(ex.get("udp_payload").asText())));
        assertEfLayout(ex.get("extension_fields"), p, "auth_example");
    }

    static void assertEfLayout(JsonNode efs, ParsedPacket p, String id) {
        assertEquals(efs.size(), p.extensionCount(), id + " EF count");
        for (int i = 0; i < efs.size(); i++) {
            JsonNode ef = efs.get(i);
            assertEquals(Integer.parseInt(ef.get("type").asText(), 16), p.efType(i), id + " EF " + i);
            assertEquals(ef.get("length").asInt(), p.efLength(i), id + " EF " + i);
            assertEquals(ef.get("offset").asInt(), p.efOffset(i), id + " EF " + i);
        }
    }

    /** {offset, length} of the UDP payload in an Ethernet II frame carrying IPv4 or IPv6 (no options beyond IHL). */
    static int[] udpPayload(byte[] f) {
        int etherType = ((f[12] & 0xFF) << 8) | (f[13] & 0xFF);
        int ip = 14;
        int udp;
        if (etherType == 0x0800) {
            assertEquals(4, (f[ip] & 0xFF) >>> 4);
            assertEquals(17, f[ip + 9] & 0xFF, "IPv4 protocol UDP");
            udp = ip + (f[ip] & 0x0F) * 4;
        } else {
            assertEquals(0x86DD, etherType);
            assertEquals(17, f[ip + 6] & 0xFF, "IPv6 next header UDP");
            udp = ip + 40;
        }
        int udpLen = ((f[udp + 4] & 0xFF) << 8) | (f[udp + 5] & 0xFF);
        assertTrue(udp + udpLen <= f.length, "UDP length fits the frame");
        return new int[] {udp + 8, udpLen - 8};
    }
}
