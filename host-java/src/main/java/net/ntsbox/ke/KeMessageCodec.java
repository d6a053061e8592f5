package net.ntsbox.ke;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Encodes and incrementally parses NTS-KE messages (RFC 8915 §4): records ending with a critical, empty End of Message. */
public final class KeMessageCodec {
    private KeMessageCodec() {}

    /** Encodes {@code records} followed by End of Message (the list must not contain one). */
    public static byte[] encodeMessage(List<KeRecord> records) {
        int len = KeLimits.RECORD_HEADER_LENGTH;
        for (KeRecord r : records) {
            len += r.encodedLength();
        }
        byte[] out = new byte[len];
        int pos = 0;
        for (KeRecord r : records) {
            pos += r.writeTo(out, pos);
        }
        KeRecord.endOfMessage().writeTo(out, pos);
        return out;
    }

    public static KeParseResult parse(byte[] receivedSoFar) {
        return parse(receivedSoFar, receivedSoFar == null ? 0 : receivedSoFar.length);
    }

    /**
     * Parses the first {@code len} bytes received so far. Never throws: NeedMore while no End of
     * Message has arrived, TooLarge as soon as the message is known to exceed the cap, Malformed
     * for a bad End of Message or bytes after it, else Complete. Scans headers without copying
     * until End of Message is found, so calling it after every read stays cheap.
     */
    public static KeParseResult parse(byte[] d, int len) {
        if (d == null || len <= 0) {
            return KeParseResult.NEED_MORE;
        }
        len = Math.min(len, d.length);
        int pos = 0;
        int count = 0;
        while (true) {
            if (pos + KeLimits.RECORD_HEADER_LENGTH > len) {
                return len > KeLimits.MAX_MESSAGE_LENGTH ? KeParseResult.TOO_LARGE : KeParseResult.NEED_MORE;
            }
            int t = ((d[pos] & 0xFF) << 8) | (d[pos + 1] & 0xFF);
            int bodyLen = ((d[pos + 2] & 0xFF) << 8) | (d[pos + 3] & 0xFF);
            int end = pos + KeLimits.RECORD_HEADER_LENGTH + bodyLen;
            if (end > KeLimits.MAX_MESSAGE_LENGTH) {
                return KeParseResult.TOO_LARGE;
            }
            if (end > len) {
                return KeParseResult.NEED_MORE;
            }
            if ((t & 0x7FFF) == KeRecordType.END_OF_MESSAGE) {
                if (bodyLen != 0) {
                    return new KeParseResult.Malformed(KeMalformation.END_OF_MESSAGE_WITH_BODY);
                }
                if ((t & 0x8000) == 0) {
                    return new KeParseResult.Malformed(KeMalformation.END_OF_MESSAGE_NOT_CRITICAL);
                }
                if (end != len) {
                    return new KeParseResult.Malformed(KeMalformation.DATA_AFTER_END_OF_MESSAGE);
                }
                return new KeParseResult.Complete(decode(d, count), end);
            }
            count++;
            pos = end;
        }
    }

    /**
     * Like {@link #parse} for a stream the peer has closed: NeedMore becomes Malformed(TRUNCATED).
     * Clients use it on the whole response.
     */
    public static KeParseResult parseFinal(byte[] d, int len) {
        KeParseResult r = parse(d, len);
        return r instanceof KeParseResult.NeedMore ? new KeParseResult.Malformed(KeMalformation.TRUNCATED) : r;
    }

    private static List<KeRecord> decode(byte[] d, int count) {
        List<KeRecord> out = new ArrayList<>(count);
        int pos = 0;
        for (int i = 0; i < count; i++) {
            int t = ((d[pos] & 0xFF) << 8) | (d[pos + 1] & 0xFF);
            int bodyLen = ((d[pos + 2] & 0xFF) << 8) | (d[pos + 3] & 0xFF);
            int start = pos + KeLimits.RECORD_HEADER_LENGTH;
            out.add(new KeRecord((t & 0x8000) != 0, t & 0x7FFF, Arrays.copyOfRange(d, start, start + bodyLen)));
            pos = start + bodyLen;
        }
        return out;
    }
}
