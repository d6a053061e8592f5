package net.ntsbox.ke;

import net.ntsbox.testsupport.Vectors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import net.ntsbox.testsupport.Vectors;
import org.junit.jupiter.api.Test;

/** The real chrony 4.3 / NTPsec 1.2.2 NTS-KE exchanges parse, negotiate and rebuild as recorded. */
class KeCaptureTest {
    private static final JsonNode CAPTURES = Vectors.load("chrony-ntpsec-captures.json").get("captures");

    @Test
    void realRequestsParseAndNegotiateAead15() {
        int sessions = 0;
        for (JsonNode capture : CAPTURES) {
            for (JsonNode s : capture.get("nts_ke_sessions")) {
                String id = capture.get("name").asText() + " session " + s.get("session").asInt();
                byte[] req = Vectors.hex(s.get("request").asText());
                var c = assertInstanceOf(KeParseResult.Complete.class, KeMessageCodec.parse(req, req.length), id);
                assertEquals(req.length, c.messageLength());
                assertRecords(s.get("request_records"), c.records(), id);
                for (List<Integer> serverAeads : List.of(List.of(15), List.of(30, 15), List.of(15, 30))) {
                    var d = assertInstanceOf(KeDecision.Accept.class,
                            KeNegotiation.negotiate(c.records(), KeServerPolicy.of(serverAeads)), id);
                    assertEquals(0, d.protocol());
                    assertEquals(15, d.aead(), id);
                    assertEquals(15, d.exporterContextAead(), id);
                    assertFalse(d.echoCompliant128Gcm());
                    assertEquals(s.get("context_c2s").asText(), Vectors.hex(d.exporterContext(false)), id);
                    assertEquals(s.get("context_s2c").asText(), Vectors.hex(d.exporterContext(true)), id);
                }
                sessions++;
            }
        }
        assertEquals(4, sessions);
    }

    @Test
    void realResponsesParseOnTheClientSide() {
        for (JsonNode capture : CAPTURES) {
            for (JsonNode s : capture.get("nts_ke_sessions")) {
                String id = capture.get("name").asText() + " session " + s.get("session").asInt();
                byte[] resp = Vectors.hex(s.get("response").asText());
                var c = assertInstanceOf(KeParseResult.Complete.class, KeMessageCodec.parse(resp, resp.length), id);
                assertRecords(s.get("response_records"), c.records(), id);
                var ok = assertInstanceOf(KeClientResult.Success.class,
                        KeClient.parseResponse(resp, resp.length, List.of(15)), id);
                assertEquals(0, ok.protocol());
                assertEquals(s.get("aead").asInt(), ok.aead());
                assertEquals(15, ok.exporterContextAead());
                assertEquals(s.get("cookie_count").asInt(), ok.cookies().size(), id);
                assertEquals(s.get("cookie_length").asInt(), ok.cookies().get(0).length, id);
                JsonNode port = s.get("ntp_port_record");
                if (port == null || port.isNull()) {
                    assertTrue(ok.port().isEmpty(), id);
                } else {
                    assertEquals(port.asInt(), ok.port().getAsInt(), id);
                }
                assertTrue(ok.warnings().isEmpty());
                assertFalse(ok.toString().contains(s.get("response_records").get(3).get("body").asText()));
            }
        }
    }

    @Test
    void rebuildingChronysResponseGivesTheCapturedBytes() {
        int rebuilt = 0;
        for (JsonNode capture : CAPTURES) {
            if (!capture.get("server").asText().startsWith("chrony")) {
                continue; // NTPsec sends AEAD non-critical, so its bytes differ by design
            }
            for (JsonNode s : capture.get("nts_ke_sessions")) {
                byte[] req = Vectors.hex(s.get("request").asText());
                var d = (KeDecision.Accept) KeNegotiation.decide(req, req.length,
                        KeServerPolicy.of(List.of(30, 15)).withNtpPort(capture.get("ntp_port").asInt())).orElseThrow();
                List<byte[]> cookies = new ArrayList<>();
                for (JsonNode r : s.get("response_records")) {
                    if (r.get("type").asInt() == KeRecordType.NEW_COOKIE) {
                        cookies.add(Vectors.hex(r.get("body").asText()));
                    }
                }
                assertEquals(s.get("response").asText(), Vectors.hex(KeResponses.accept(d, cookies)));
                assertEquals(854, KeResponses.accept(d, cookies).length);
                rebuilt++;
            }
        }
        assertEquals(3, rebuilt);
    }

    @Test
    void clientRequestMatchesChronysBytes() {
        byte[] chrony = Vectors.hex(CAPTURES.get(0).get("nts_ke_sessions").get(0).get("request").asText());
        assertArrayEquals(chrony, KeClient.buildRequest(List.of(15), false));
    }

    static void assertRecords(JsonNode expected, List<KeRecord> actual, String id) {
        // The JSON lists End of Message too; the codec leaves it out.
        assertEquals(expected.size() - 1, actual.size(), id);
        JsonNode end = expected.get(expected.size() - 1);
        assertEquals(0, end.get("type").asInt());
        for (int i = 0; i < actual.size(); i++) {
            JsonNode e = expected.get(i);
            KeRecord r = actual.get(i);
            assertEquals(e.get("type").asInt(), r.type(), id + " record " + i);
            assertEquals(e.get("critical").asBoolean(), r.critical(), id + " record " + i);
            assertEquals(e.get("body").asText(), Vectors.hex(r.body()), id + " record " + i);
        }
    }
}
