package net.ntsbox.ntp;

import java.util.Arrays;

/**
 * A well-formed NTP packet: its header and the layout of its extension fields. It is a view
 * over the caller's datagram buffer (not copied): the buffer must not change while the view
 * is used. EF offsets are relative to the packet start, as the NTS authenticator's associated
 * data is the packet prefix up to the authenticator EF (RFC 8915 §5.6).
 */
public final class ParsedPacket implements NtpParseResult {
    private final byte[] data;
    private final int base;
    private final int length;
    private final NtpHeader header;
    /** Per EF: type, offset, length, packed in threes. */
    private final int[] fields;
    private final int count;

    ParsedPacket(byte[] data, int base, int length, NtpHeader header, int[] fields, int count) {
        this.data = data;
        this.base = base;
        this.length = length;
        this.header = header;
        this.fields = fields;
        this.count = count;
    }

    public NtpHeader header() {
        return header;
    }

    /** The buffer this view reads; the packet starts at {@link #base()}. */
    public byte[] data() {
        return data;
    }

    public int base() {
        return base;
    }

    /** Whole packet length (header + extension fields). */
    public int length() {
        return length;
    }

    public int extensionCount() {
        return count;
    }

    public int efType(int i) {
        return fields[check(i) * 3];
    }

    /** Offset of EF {@code i}'s header, from the packet start. */
    public int efOffset(int i) {
        return fields[check(i) * 3 + 1];
    }

    /** Length of EF {@code i} including its 4-byte header. */
    public int efLength(int i) {
        return fields[check(i) * 3 + 2];
    }

    /** Offset of EF {@code i}'s body in {@link #data()} (absolute, i.e. including {@link #base()}). */
    public int efBodyStart(int i) {
        return base + efOffset(i) + ExtensionFields.HEADER_LENGTH;
    }

    public int efBodyLength(int i) {
        return efLength(i) - ExtensionFields.HEADER_LENGTH;
    }

    /** Index of the first EF of {@code type} at or after {@code from}, or -1. */
    public int indexOf(int type, int from) {
        for (int i = Math.max(0, from); i < count; i++) {
            if (fields[i * 3] == type) {
                return i;
            }
        }
        return -1;
    }

    /** Number of EFs of {@code type}. */
    public int countOf(int type) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (fields[i * 3] == type) {
                n++;
            }
        }
        return n;
    }

    /** A copy of EF {@code i}'s body. */
    public byte[] efBody(int i) {
        int start = efBodyStart(i);
        return Arrays.copyOfRange(data, start, start + efBodyLength(i));
    }

    private int check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("extension field " + i + " of " + count);
        }
        return i;
    }

    /** Layout only, never payload bytes (cookies and keys are secrets). */
    @Override
    public String toString() {
        var sb = new StringBuilder("ParsedPacket[len=").append(length).append(", mode=").append(header.mode())
                .append(", efs=");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ",").append(String.format("%04x@%d+%d", efType(i), efOffset(i), efLength(i)));
        }
        return sb.append(']').toString();
    }
}
