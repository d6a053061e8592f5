package net.ntsbox.ntp;

/** Big-endian field access shared by the NTP codecs. */
final class Bytes {
    private Bytes() {}

    static int getU16(byte[] d, int off) {
        return ((d[off] & 0xFF) << 8) | (d[off + 1] & 0xFF);
    }

    static void putU16(byte[] d, int off, int v) {
        d[off] = (byte) (v >>> 8);
        d[off + 1] = (byte) v;
    }

    static int getInt(byte[] d, int off) {
        return (getU16(d, off) << 16) | getU16(d, off + 2);
    }

    static void putInt(byte[] d, int off, int v) {
        putU16(d, off, v >>> 16);
        putU16(d, off + 2, v);
    }

    static long getLong(byte[] d, int off) {
        return ((long) getInt(d, off) << 32) | (getInt(d, off + 4) & 0xFFFF_FFFFL);
    }

    static void putLong(byte[] d, int off, long v) {
        putInt(d, off, (int) (v >>> 32));
        putInt(d, off + 4, (int) v);
    }
}
