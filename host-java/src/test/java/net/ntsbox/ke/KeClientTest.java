package net.ntsbox.ke;

import net.ntsbox.testsupport.Vectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.ntsbox.testsupport.Vectors;
import org.junit.jupiter.api.Test;

class KeClientTest {
    private static final KeRecord NPN = KeRecord.ofU16s(true, KeRecordType.NEXT_PROTOCOL, 0);
    private static final KeRecord AEAD15 = KeRecord.ofU16s(true, KeRecordType.AEAD_ALGORITHM, 15);

    private static KeRecord cookie(int len) {
        return new KeRecord(false, KeRecordType.NEW_COOKIE, new byte[len]);
    }

    private static KeClientResult parse(KeRecord... rs) {
        byte[] m = KeMessageCodec.encodeMessage(List.of(rs));
        return KeClient.parseResponse(m, m.length, List.of(30, 15));
    }

    private static void assertFailure(KeClientFailure f, KeRecord... rs) {
        assertEquals(f, assertInstanceOf(KeClientResult.Failure.class, parse(rs), f.name()).reason());
    }

    @Test
    void requestLayout() {
        assertEquals("80010002000080040004001e000f" + "04000000" + "80000000",
                Vectors.hex(KeClient.buildRequest(List.of(30, 15), true)));
    }

    @Test
    void warningsAreReportedNotFatal() {
        var ok = assertInstanceOf(KeClientResult.Success.class,
                parse(NPN, KeRecord.ofU16s(true, KeRecordType.WARNING, 7), AEAD15, cookie(100),
                        KeRecord.ofU16s(false, KeRecordType.WARNING, 9)));
        assertEquals(List.of(7, 9), ok.warnings());
        assertEquals(1, ok.cookies().size());
        // Unknown non-critical records are skipped.
        assertInstanceOf(KeClientResult.Success.class, parse(NPN, AEAD15, new KeRecord(false, 3000, new byte[400]), cookie(4)));
    }

    @Test
    void failures() {
        assertFailure(KeClientFailure.NO_COOKIES, NPN, AEAD15);
        assertFailure(KeClientFailure.COOKIE_LENGTHS_DIFFER, NPN, AEAD15, cookie(100), cookie(104));
        assertFailure(KeClientFailure.BAD_COOKIE, NPN, AEAD15, cookie(0));
        assertFailure(KeClientFailure.BAD_COOKIE, NPN, AEAD15, cookie(KeLimits.MAX_COOKIE_LENGTH + 1));
        assertFailure(KeClientFailure.MISSING_NEXT_PROTOCOL, AEAD15, cookie(100));
        assertFailure(KeClientFailure.DUPLICATE_NEXT_PROTOCOL, NPN, NPN, AEAD15, cookie(100));
        assertFailure(KeClientFailure.BAD_NEXT_PROTOCOL, KeRecord.ofU16s(true, 1, 0, 0), AEAD15, cookie(100));
        assertFailure(KeClientFailure.BAD_NEXT_PROTOCOL, KeRecord.ofU16s(true, 1, 5), AEAD15, cookie(100));
        assertFailure(KeClientFailure.MISSING_AEAD, NPN, cookie(100));
        assertFailure(KeClientFailure.DUPLICATE_AEAD, NPN, AEAD15, AEAD15, cookie(100));
        assertFailure(KeClientFailure.BAD_AEAD, NPN, KeRecord.ofU16s(true, 4, 17), cookie(100));
        assertFailure(KeClientFailure.BAD_PORT_RECORD, NPN, AEAD15, new KeRecord(true, 7, new byte[1]), cookie(100));
        assertFailure(KeClientFailure.BAD_SERVER_RECORD, NPN, AEAD15, new KeRecord(true, 6, new byte[] {'a', 0}), cookie(100));
        assertFailure(KeClientFailure.BAD_ERROR_OR_WARNING_RECORD, NPN, AEAD15, new KeRecord(true, 3, new byte[3]), cookie(100));
        assertFailure(KeClientFailure.UNRECOGNIZED_CRITICAL_RECORD, NPN, AEAD15, new KeRecord(true, 3000, new byte[0]), cookie(100));
        assertFailure(KeClientFailure.RECORD_TOO_LONG, NPN, AEAD15, new KeRecord(true, 6, new byte[300]), cookie(100));
        assertFailure(KeClientFailure.SERVER_ERROR, KeRecord.ofU16s(true, KeRecordType.ERROR, 2));

        byte[] ok = KeMessageCodec.encodeMessage(List.of(NPN, AEAD15, cookie(100)));
        assertEquals(KeClientFailure.MISSING_END_OF_MESSAGE,
                ((KeClientResult.Failure) KeClient.parseResponse(ok, ok.length - 4, List.of(15))).reason());
        byte[] extra = Arrays.copyOf(ok, ok.length + 1);
        assertEquals(KeClientFailure.MALFORMED_MESSAGE,
                ((KeClientResult.Failure) KeClient.parseResponse(extra, extra.length, List.of(15))).reason());
        List<KeRecord> many = new ArrayList<>(List.of(NPN, AEAD15));
        for (int i = 0; i < 100; i++) {
            many.add(cookie(200));
        }
        byte[] big = KeMessageCodec.encodeMessage(many);
        assertEquals(KeClientFailure.TOO_LARGE,
                ((KeClientResult.Failure) KeClient.parseResponse(big, big.length, List.of(15))).reason());
    }
}
