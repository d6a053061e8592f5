package net.ntsbox.ke;

import net.ntsbox.testsupport.Vectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import net.ntsbox.testsupport.Vectors;
import org.junit.jupiter.api.Test;

class KeNegotiationTest {
    private static final KeServerPolicy POLICY = KeServerPolicy.of(List.of(30, 15));
    private static final KeRecord NPN = KeRecord.ofU16s(true, KeRecordType.NEXT_PROTOCOL, 0);
    private static final KeRecord AEAD15 = KeRecord.ofU16s(true, KeRecordType.AEAD_ALGORITHM, 15);

    private static KeDecision negotiate(KeRecord... rs) {
        return KeNegotiation.negotiate(List.of(rs), POLICY);
    }

    private static void assertRejected(KeRejectReason reason, KeRecord... rs) {
        var r = assertInstanceOf(KeDecision.Reject.class, negotiate(rs), reason.name());
        assertEquals(reason, r.reason());
        // And the bytes on the wire: one Error record with the code, then End of Message.
        byte[] msg = KeResponses.forDecision(r, List.of());
        var c = (KeParseResult.Complete) KeMessageCodec.parse(msg, msg.length);
        assertEquals(List.of(KeRecord.ofU16s(true, KeRecordType.ERROR, reason.errorCode())), c.records());
        var client = assertInstanceOf(KeClientResult.Failure.class, KeClient.parseResponse(msg, msg.length, List.of(15)));
        assertEquals(KeClientFailure.SERVER_ERROR, client.reason());
        assertEquals(OptionalInt.of(reason.errorCode()), client.errorCode());
    }

    private static KeRecord raw(boolean critical, int type, int bodyLen) {
        return new KeRecord(critical, type, new byte[bodyLen]);
    }

    @Test
    void error0ForUnrecognizedCriticalRecord() {
        assertRejected(KeRejectReason.UNRECOGNIZED_CRITICAL_RECORD, NPN, AEAD15, raw(true, 2000, 3));
        assertRejected(KeRejectReason.UNRECOGNIZED_CRITICAL_RECORD, raw(true, 0x7FFF, 0), NPN, AEAD15);
        assertEquals(KeOutcome.UNRECOGNIZED_CRITICAL, negotiate(NPN, AEAD15, raw(true, 8, 0)).outcome());
        assertEquals(0, KeRejectReason.UNRECOGNIZED_CRITICAL_RECORD.errorCode());
    }

    @Test
    void unknownNonCriticalRecordsAreIgnored() {
        var a = assertInstanceOf(KeDecision.Accept.class, negotiate(raw(false, 2000, 7), NPN, raw(false, 9, 300), AEAD15));
        assertEquals(15, a.aead());
    }

    @Test
    void error1ForNextProtocolProblems() {
        assertRejected(KeRejectReason.MISSING_NEXT_PROTOCOL, AEAD15);
        assertRejected(KeRejectReason.MISSING_NEXT_PROTOCOL);
        assertRejected(KeRejectReason.DUPLICATE_NEXT_PROTOCOL, NPN, AEAD15, NPN);
        assertRejected(KeRejectReason.ODD_NEXT_PROTOCOL_LENGTH, raw(true, KeRecordType.NEXT_PROTOCOL, 3), AEAD15);
        assertRejected(KeRejectReason.EMPTY_NEXT_PROTOCOL, raw(true, KeRecordType.NEXT_PROTOCOL, 0), AEAD15);
    }

    @Test
    void error1ForAeadProblems() {
        assertRejected(KeRejectReason.MISSING_AEAD, NPN);
        assertRejected(KeRejectReason.DUPLICATE_AEAD, NPN, AEAD15, AEAD15);
        assertRejected(KeRejectReason.ODD_AEAD_LENGTH, NPN, raw(true, KeRecordType.AEAD_ALGORITHM, 5));
        assertRejected(KeRejectReason.EMPTY_AEAD, NPN, raw(false, KeRecordType.AEAD_ALGORITHM, 0));
    }

    @Test
    void error1ForServerOnlyRecordsFromTheClient() {
        assertRejected(KeRejectReason.CLIENT_SENT_ERROR, NPN, AEAD15, KeRecord.ofU16s(true, KeRecordType.ERROR, 1));
        assertRejected(KeRejectReason.CLIENT_SENT_WARNING, NPN, AEAD15, KeRecord.ofU16s(false, KeRecordType.WARNING, 7));
        assertRejected(KeRejectReason.CLIENT_SENT_COOKIE, NPN, AEAD15, raw(false, KeRecordType.NEW_COOKIE, 100));
        // An over-long cookie is still a cookie the client must not send, not a size problem.
        assertRejected(KeRejectReason.CLIENT_SENT_COOKIE, NPN, AEAD15, raw(false, KeRecordType.NEW_COOKIE, 1000));
    }

    @Test
    void serverAndPortRequestsAreIgnoredUnlessMalformedAndCritical() {
        KeRecord server = new KeRecord(true, KeRecordType.NTPV4_SERVER, "127.0.0.1".getBytes(StandardCharsets.US_ASCII));
        KeRecord port = KeRecord.ofU16s(true, KeRecordType.NTPV4_PORT, 4123);
        var a = assertInstanceOf(KeDecision.Accept.class, negotiate(NPN, server, port, AEAD15));
        assertTrue(a.server().isEmpty(), "the client's wish does not change what we announce");
        assertTrue(a.port().isEmpty());
        assertInstanceOf(KeDecision.Accept.class, negotiate(NPN, AEAD15, raw(false, KeRecordType.NTPV4_PORT, 6)));
        assertInstanceOf(KeDecision.Accept.class, negotiate(NPN, AEAD15, raw(false, KeRecordType.NTPV4_SERVER, 0)));
        assertRejected(KeRejectReason.BAD_PORT_RECORD, NPN, AEAD15, raw(true, KeRecordType.NTPV4_PORT, 3));
        assertRejected(KeRejectReason.BAD_SERVER_RECORD, NPN, AEAD15, raw(true, KeRecordType.NTPV4_SERVER, 0));
        assertRejected(KeRejectReason.BAD_SERVER_RECORD, NPN, AEAD15, raw(true, KeRecordType.NTPV4_SERVER, 4));
    }

    @Test
    void error1ForOtherBadRecords() {
        assertRejected(KeRejectReason.NON_EMPTY_COMPLIANT_128GCM_RECORD, NPN, AEAD15,
                raw(false, KeRecordType.COMPLIANT_128GCM_EXPORT, 2));
        byte[] longAeads = new byte[KeLimits.MAX_RECORD_BODY_LENGTH + 2];
        longAeads[longAeads.length - 1] = 15;
        assertRejected(KeRejectReason.RECORD_TOO_LONG, NPN, new KeRecord(true, KeRecordType.AEAD_ALGORITHM, longAeads));
        assertRejected(KeRejectReason.MALFORMED_MESSAGE, NPN, AEAD15, KeRecord.endOfMessage());
    }

    @Test
    void framingProblemsBecomeError1() {
        byte[] ok = KeClient.buildRequest(List.of(15), false);
        byte[] trailing = Arrays.copyOf(ok, ok.length + 4);
        var r = (KeDecision.Reject) KeNegotiation.decide(trailing, trailing.length, POLICY).orElseThrow();
        assertEquals(KeRejectReason.MALFORMED_MESSAGE, r.reason());
        assertEquals(1, r.errorCode());
        byte[] big = new byte[KeLimits.MAX_MESSAGE_LENGTH + 1];
        big[0] = (byte) 0x40; // non-critical unknown type 0x4000 with body 0xFFFF: over the cap at once
        big[2] = (byte) 0xFF;
        big[3] = (byte) 0xFF;
        var t = (KeDecision.Reject) KeNegotiation.decide(big, 4, POLICY).orElseThrow();
        assertEquals(KeRejectReason.MESSAGE_TOO_LARGE, t.reason());
        assertEquals(KeOutcome.TOO_LARGE, t.outcome());
        assertTrue(KeNegotiation.decide(ok, ok.length - 1, POLICY).isEmpty());
    }

    @Test
    void clientOrderWinsAndCriticalBitOfAeadIsOptional() {
        KeServerPolicy serverPrefers15 = KeServerPolicy.of(List.of(15, 30));
        var a = (KeDecision.Accept) KeNegotiation.negotiate(List.of(NPN,
                KeRecord.ofU16s(false, KeRecordType.AEAD_ALGORITHM, 17, 30, 15)), serverPrefers15);
        assertEquals(30, a.aead());
        var b = (KeDecision.Accept) KeNegotiation.negotiate(List.of(
                KeRecord.ofU16s(false, KeRecordType.NEXT_PROTOCOL, 0x8001, 0),
                KeRecord.ofU16s(false, KeRecordType.AEAD_ALGORITHM, 15)), POLICY);
        assertEquals(15, b.aead());
    }

    @Test
    void compliant128GcmRule() {
        KeRecord aead30 = KeRecord.ofU16s(true, KeRecordType.AEAD_ALGORITHM, 30, 15);
        KeRecord r1024 = raw(false, KeRecordType.COMPLIANT_128GCM_EXPORT, 0);
        var old = (KeDecision.Accept) negotiate(NPN, aead30);
        assertEquals(30, old.aead());
        assertEquals(15, old.exporterContextAead());
        assertFalse(old.echoCompliant128Gcm());
        assertEquals("0000000f00", Vectors.hex(old.exporterContext(false)));
        var compliant = (KeDecision.Accept) negotiate(NPN, aead30, r1024);
        assertEquals(30, compliant.exporterContextAead());
        assertTrue(compliant.echoCompliant128Gcm());
        assertEquals("0000001e01", Vectors.hex(compliant.exporterContext(true)));
        // 1024 with AEAD 15 chosen: no echo, context 15.
        var with15 = (KeDecision.Accept) KeNegotiation.negotiate(List.of(NPN, aead30, r1024), KeServerPolicy.of(List.of(15)));
        assertEquals(15, with15.aead());
        assertFalse(with15.echoCompliant128Gcm());

        byte[] msg = KeResponses.accept(compliant, List.of(new byte[64], new byte[64]));
        var c = (KeParseResult.Complete) KeMessageCodec.parse(msg, msg.length);
        assertEquals(List.of(1, 4, 1024, 5, 5), c.records().stream().map(KeRecord::type).toList());
        var client = (KeClientResult.Success) KeClient.parseResponse(msg, msg.length, List.of(30, 15));
        assertTrue(client.compliant128Gcm());
        assertEquals(30, client.exporterContextAead());
    }

    @Test
    void noCommonProtocolOrAead() {
        var np = assertInstanceOf(KeDecision.NoCommon.class,
                negotiate(KeRecord.ofU16s(true, KeRecordType.NEXT_PROTOCOL, 0x8001), AEAD15));
        assertFalse(np.protocolAgreed());
        assertEquals(KeOutcome.NO_COMMON_ALGORITHM, np.outcome());
        // Without NTPv4 the AEAD record is not required (§4.1.5 ties it to NTPv4).
        assertInstanceOf(KeDecision.NoCommon.class, negotiate(KeRecord.ofU16s(true, KeRecordType.NEXT_PROTOCOL, 7)));
        byte[] m1 = KeResponses.forDecision(np, List.of());
        assertEquals("800100008000" + "0000", Vectors.hex(m1));
        assertEquals(KeClientFailure.NO_COMMON_PROTOCOL,
                ((KeClientResult.Failure) KeClient.parseResponse(m1, m1.length, List.of(15))).reason());

        var na = assertInstanceOf(KeDecision.NoCommon.class,
                negotiate(NPN, KeRecord.ofU16s(true, KeRecordType.AEAD_ALGORITHM, 16, 17)));
        assertTrue(na.protocolAgreed());
        byte[] m2 = KeResponses.noCommon(na);
        assertEquals("80010002000080040000" + "80000000", Vectors.hex(m2));
        assertEquals(KeClientFailure.NO_COMMON_AEAD,
                ((KeClientResult.Failure) KeClient.parseResponse(m2, m2.length, List.of(16, 17))).reason());
    }

    @Test
    void responseCarriesPortAndServerInChronysOrder() {
        KeServerPolicy p = KeServerPolicy.of(List.of(15)).withNtpPort(11130).withNtpServer("ntp.example.net").withCookieCount(3);
        var a = (KeDecision.Accept) KeNegotiation.negotiate(List.of(NPN, AEAD15), p);
        assertEquals(3, a.cookieCount());
        List<byte[]> cookies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cookies.add(new byte[100]);
        }
        byte[] msg = KeResponses.accept(a, cookies);
        var c = (KeParseResult.Complete) KeMessageCodec.parse(msg, msg.length);
        assertEquals(List.of(1, 4, 7, 6, 5, 5, 5), c.records().stream().map(KeRecord::type).toList());
        var ok = (KeClientResult.Success) KeClient.parseResponse(msg, msg.length, List.of(15));
        assertEquals(11130, ok.port().getAsInt());
        assertEquals("ntp.example.net", ok.server().orElseThrow());
        // Port 123: no Port record unless asked for.
        var plain = (KeDecision.Accept) KeNegotiation.negotiate(List.of(NPN, AEAD15), KeServerPolicy.of(List.of(15)));
        assertTrue(plain.port().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> KeResponses.accept(plain, List.of()));
        assertThrows(IllegalArgumentException.class, () -> KeResponses.accept(plain, List.of(new byte[257])));
        assertThrows(IllegalArgumentException.class, () -> KeServerPolicy.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> KeServerPolicy.of(List.of(15)).withNtpServer("a b"));
    }
}
