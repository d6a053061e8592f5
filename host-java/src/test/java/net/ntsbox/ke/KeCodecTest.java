package net.ntsbox.ke;

import net.ntsbox.testsupport.Vectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Arrays;
import java.util.List;
import net.ntsbox.testsupport.Vectors;
import org.junit.jupiter.api.Test;

class KeCodecTest {
    @Test
    void splitDeliveryOneByteAtATime() {
        for (var capture : Vectors.load("chrony-ntpsec-captures.json").get("captures")) {
            for (var s : capture.get("nts_ke_sessions")) {
                for (String dir : new String[] {"request", "response"}) {
                    byte[] msg = Vectors.hex(s.get(dir).asText());
                    for (int n = 0; n < msg.length; n++) {
                        assertEquals(KeParseResult.NEED_MORE, KeMessageCodec.parse(Arrays.copyOf(msg, n), n), dir + " at " + n);
                        // The same prefix inside a larger buffer: only {@code len} bytes count.
                        assertEquals(KeParseResult.NEED_MORE, KeMessageCodec.parse(msg, n), dir + " at " + n);
                    }
                    assertInstanceOf(KeParseResult.Complete.class, KeMessageCodec.parse(msg, msg.length));
                }
            }
        }
        assertEquals(KeParseResult.NEED_MORE, KeMessageCodec.parse(null, 5));
    }

    private static byte[] messageOfLength(int total) {
        // One unknown non-critical record padding the message to {@code total} bytes, then End.
        int body = total - 8;
        byte[] m = new byte[total];
        m[0] = 0x40;
        m[2] = (byte) (body >>> 8);
        m[3] = (byte) body;
        m[total - 4] = (byte) 0x80;
        return m;
    }

    @Test
    void messageSizeCap() {
        byte[] max = messageOfLength(KeLimits.MAX_MESSAGE_LENGTH);
        var c = assertInstanceOf(KeParseResult.Complete.class, KeMessageCodec.parse(max, max.length));
        assertEquals(KeLimits.MAX_MESSAGE_LENGTH, c.messageLength());
        byte[] over = messageOfLength(KeLimits.MAX_MESSAGE_LENGTH + 8);
        // Known too large from the first header already, before the body arrives.
        assertEquals(KeParseResult.TOO_LARGE, KeMessageCodec.parse(over, 4));
        assertEquals(KeParseResult.TOO_LARGE, KeMessageCodec.parse(over, over.length));
        // A record that ends exactly at the cap leaves no room for End of Message.
        byte[] full = messageOfLength(KeLimits.MAX_MESSAGE_LENGTH + 4);
        assertEquals(KeParseResult.NEED_MORE, KeMessageCodec.parse(full, KeLimits.MAX_MESSAGE_LENGTH));
        assertEquals(KeParseResult.TOO_LARGE, KeMessageCodec.parse(full, KeLimits.MAX_MESSAGE_LENGTH + 1));
        // Many small records past the cap without End of Message.
        byte[] flood = new byte[KeLimits.MAX_MESSAGE_LENGTH + 4];
        for (int i = 0; i < flood.length; i += 4) {
            flood[i] = 0x40;
        }
        assertEquals(KeParseResult.NEED_MORE, KeMessageCodec.parse(flood, KeLimits.MAX_MESSAGE_LENGTH));
        assertEquals(KeParseResult.TOO_LARGE, KeMessageCodec.parse(flood, flood.length));
        assertEquals(KeParseResult.TOO_LARGE, KeMessageCodec.parse(flood, KeLimits.MAX_MESSAGE_LENGTH + 1));
    }

    @Test
    void endOfMessageRules() {
        assertEquals(new KeParseResult.Malformed(KeMalformation.END_OF_MESSAGE_NOT_CRITICAL),
                KeMessageCodec.parse(Vectors.hex("00000000"), 4));
        assertEquals(new KeParseResult.Malformed(KeMalformation.END_OF_MESSAGE_WITH_BODY),
                KeMessageCodec.parse(Vectors.hex("800000020000"), 6));
        assertEquals(new KeParseResult.Malformed(KeMalformation.DATA_AFTER_END_OF_MESSAGE),
                KeMessageCodec.parse(Vectors.hex("8000000080"), 5));
        assertEquals(new KeParseResult.Malformed(KeMalformation.TRUNCATED),
                KeMessageCodec.parseFinal(Vectors.hex("80010002"), 4));
        var empty = assertInstanceOf(KeParseResult.Complete.class, KeMessageCodec.parse(Vectors.hex("80000000")));
        assertEquals(List.of(), empty.records());
    }

    @Test
    void recordAccessorsAndEncoding() {
        KeRecord r = KeRecord.ofU16s(false, KeRecordType.AEAD_ALGORITHM, 30, 15);
        assertEquals("00040004001e000f" + "80000000", Vectors.hex(KeMessageCodec.encodeMessage(List.of(r))));
        assertEquals(2, r.u16s().length);
        assertEquals("AeadAlgorithm[4 B]", r.toString());
        byte[] b = r.body();
        b[0] = 9; // the record keeps its own copy
        assertEquals(0, r.body()[0]);
    }
}
