package net.ntsbox.client;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a client must remember about one NTS request it sent to accept the answer: the Unique
 * Identifier the response must echo, the (random) transmit timestamp its origin must equal,
 * how many placeholders it carried, and the request length. The UID is not secret, but only a
 * prefix is shown by {@link #toString()}.
 */
public record PendingRequest(byte[] uid, long transmitTimestamp, int placeholders, int length) {

    public PendingRequest {
        uid = uid.clone();
    }

    @Override
    public byte[] uid() {
        return uid.clone();
    }

    /** True when {@code d[off, off+len)} holds exactly this UID. */
    boolean uidEquals(byte[] d, int off, int len) {
        return len == uid.length && Arrays.equals(uid, 0, uid.length, d, off, off + len);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PendingRequest p && Arrays.equals(uid, p.uid) && transmitTimestamp == p.transmitTimestamp
                && placeholders == p.placeholders && length == p.length;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(uid) * 31 + Long.hashCode(transmitTimestamp);
    }

    @Override
    public String toString() {
        return "PendingRequest[uid=" + HexFormat.of().formatHex(uid, 0, Math.min(4, uid.length)) + "..., transmit="
                + Long.toHexString(transmitTimestamp) + ", placeholders=" + placeholders + ", length=" + length + "]";
    }
}
