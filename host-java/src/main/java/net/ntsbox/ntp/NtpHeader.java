package net.ntsbox.ntp;

/**
 * The 48-byte NTPv4 header (RFC 5905 §7.3). Values are raw wire fields: {@code poll} and
 * {@code precision} are signed log2 seconds, {@code rootDelay}/{@code rootDispersion} are
 * {@link NtpShortFormat}, timestamps are {@link NtpTimestamp} raw longs.
 */
public record NtpHeader(
        int leap,
        int version,
        int mode,
        int stratum,
        int poll,
        int precision,
        int rootDelay,
        int rootDispersion,
        int referenceId,
        long referenceTimestamp,
        long originTimestamp,
        long receiveTimestamp,
        long transmitTimestamp) {

    public static final int LENGTH = 48;

    public static final int MODE_CLIENT = 3;
    public static final int MODE_SERVER = 4;
    /** Leap indicator 3: clock unsynchronized (also used by the NTS NAK, RFC 8915 §5.7). */
    public static final int LEAP_UNSYNCHRONIZED = 3;
    /** Reference ID "NTSN" of the NTS NAK kiss code (RFC 8915 §5.7). */
    public static final int REFID_NTSN = 0x4E54534E;

    public NtpHeader {
        if ((leap & ~3) != 0 || (version & ~7) != 0 || (mode & ~7) != 0 || (stratum & ~0xFF) != 0
                || poll < -128 || poll > 127 || precision < -128 || precision > 127) {
            throw new IllegalArgumentException("header field out of range");
        }
    }

    /** Reads the header at {@code off}; the caller has checked that 48 bytes are there. */
    public static NtpHeader read(byte[] d, int off) {
        int lvm = d[off] & 0xFF;
        return new NtpHeader(
                lvm >>> 6, (lvm >>> 3) & 7, lvm & 7,
                d[off + 1] & 0xFF, d[off + 2], d[off + 3],
                Bytes.getInt(d, off + 4), Bytes.getInt(d, off + 8), Bytes.getInt(d, off + 12),
                Bytes.getLong(d, off + 16), Bytes.getLong(d, off + 24),
                Bytes.getLong(d, off + 32), Bytes.getLong(d, off + 40));
    }

    /** Writes the 48 header bytes at {@code off}; returns {@link #LENGTH}. */
    public int write(byte[] out, int off) {
        out[off] = (byte) ((leap << 6) | (version << 3) | mode);
        out[off + 1] = (byte) stratum;
        out[off + 2] = (byte) poll;
        out[off + 3] = (byte) precision;
        Bytes.putInt(out, off + 4, rootDelay);
        Bytes.putInt(out, off + 8, rootDispersion);
        Bytes.putInt(out, off + 12, referenceId);
        Bytes.putLong(out, off + 16, referenceTimestamp);
        Bytes.putLong(out, off + 24, originTimestamp);
        Bytes.putLong(out, off + 32, receiveTimestamp);
        Bytes.putLong(out, off + 40, transmitTimestamp);
        return LENGTH;
    }
}
