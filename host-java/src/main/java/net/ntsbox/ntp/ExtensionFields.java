package net.ntsbox.ntp;

/** Writes NTPv4 extension fields (RFC 7822) into a caller's buffer, without allocating. */
public final class ExtensionFields {
    public static final int HEADER_LENGTH = 4;
    /** Smallest EF, header included (RFC 7822 §3). */
    public static final int MIN_LENGTH = 16;
    /** Largest EF the 16-bit length can state that is a multiple of 4. */
    public static final int MAX_LENGTH = 0xFFFC;

    private ExtensionFields() {}

    /** Length of an EF carrying {@code bodyLength} bytes: header + body, zero-padded to 4 and to {@code minLength}. */
    public static int paddedLength(int bodyLength, int minLength) {
        int n = HEADER_LENGTH + pad4(bodyLength);
        int min = pad4(Math.max(minLength, MIN_LENGTH));
        return Math.max(n, min);
    }

    /**
     * Writes an EF of {@code type} with a copy of the body, zero padding up to a multiple of 4
     * and at least {@code minLength} (≥ 16). Returns the EF length.
     * @throws IllegalArgumentException if it does not fit {@code out} or the 16-bit length (a caller bug)
     */
    public static int write(byte[] out, int off, int type, byte[] body, int bodyOff, int bodyLen, int minLength) {
        int efLen = writeHeader(out, off, type, bodyLen, minLength);
        System.arraycopy(body, bodyOff, out, off + HEADER_LENGTH, bodyLen);
        return efLen;
    }

    /**
     * Writes the EF header for a body of {@code bodyLen} bytes that the caller fills in later,
     * and zeroes the whole body and padding. Returns the EF length.
     */
    public static int writeHeader(byte[] out, int off, int type, int bodyLen, int minLength) {
        if (bodyLen < 0 || (type & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("bad EF type or body length");
        }
        int efLen = paddedLength(bodyLen, minLength);
        if (efLen > MAX_LENGTH || off < 0 || off > out.length - efLen) {
            throw new IllegalArgumentException("extension field of " + efLen + " bytes does not fit");
        }
        Bytes.putU16(out, off, type);
        Bytes.putU16(out, off + 2, efLen);
        java.util.Arrays.fill(out, off + HEADER_LENGTH, off + efLen, (byte) 0);
        return efLen;
    }

    static int pad4(int n) {
        return (n + 3) & ~3;
    }
}
