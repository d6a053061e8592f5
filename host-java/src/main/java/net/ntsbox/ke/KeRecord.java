package net.ntsbox.ke;

import java.util.Arrays;

/**
 * One NTS-KE record (RFC 8915 §4): critical bit, 15-bit type, body of at most 65535 bytes.
 * The body is copied in and out; {@link #toString()} never shows it (cookies are secrets).
 */
public final class KeRecord {
    private final boolean critical;
    private final int type;
    private final byte[] body;

    public KeRecord(boolean critical, int type, byte[] body) {
        if (type < 0 || type > 0x7FFF || body.length > 0xFFFF) {
            throw new IllegalArgumentException("record type or body length out of range");
        }
        this.critical = critical;
        this.type = type;
        this.body = body.clone();
    }

    /** A record whose body is a sequence of 16-bit values (Next Protocol, AEAD, Error, Warning, Port). */
    public static KeRecord ofU16s(boolean critical, int type, int... values) {
        byte[] b = new byte[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            b[2 * i] = (byte) (values[i] >>> 8);
            b[2 * i + 1] = (byte) values[i];
        }
        return new KeRecord(critical, type, b);
    }

    public static KeRecord endOfMessage() {
        return new KeRecord(true, KeRecordType.END_OF_MESSAGE, new byte[0]);
    }

    public boolean critical() {
        return critical;
    }

    public int type() {
        return type;
    }

    public byte[] body() {
        return body.clone();
    }

    public int bodyLength() {
        return body.length;
    }

    /** Body as big-endian 16-bit values; only meaningful when {@link #bodyLength()} is even. */
    public int[] u16s() {
        int[] v = new int[body.length / 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((body[2 * i] & 0xFF) << 8) | (body[2 * i + 1] & 0xFF);
        }
        return v;
    }

    /** Encoded size: header + body. */
    public int encodedLength() {
        return KeLimits.RECORD_HEADER_LENGTH + body.length;
    }

    /** Writes the record at {@code off}; returns the bytes written. */
    public int writeTo(byte[] out, int off) {
        int t = (critical ? 0x8000 : 0) | type;
        out[off] = (byte) (t >>> 8);
        out[off + 1] = (byte) t;
        out[off + 2] = (byte) (body.length >>> 8);
        out[off + 3] = (byte) body.length;
        System.arraycopy(body, 0, out, off + 4, body.length);
        return encodedLength();
    }

    byte[] bodyUnsafe() {
        return body;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeRecord r && r.critical == critical && r.type == type && Arrays.equals(r.body, body);
    }

    @Override
    public int hashCode() {
        return (critical ? 1 : 0) + 31 * type + 961 * Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return KeRecordType.name(type) + (critical ? "!" : "") + "[" + body.length + " B]";
    }
}
