package net.ntsbox.ntp;

/**
 * Layout of one NTS Authenticator and Encrypted Extension Fields EF (RFC 8915 §5.6):
 * body = nonce length(2) ‖ ciphertext length(2) ‖ nonce ‖ pad to 4 ‖ ciphertext ‖ pad to 4 ‖
 * additional padding. Offsets are absolute in the packet buffer except {@code efOffset},
 * which is from the packet start and is also the length of the associated data.
 */
public record NtsAuthenticator(
        int efOffset, int efLength, int nonceStart, int nonceLength, int ciphertextStart, int ciphertextLength)
        implements AuthenticatorParseResult {

    /** RFC 8915 §5.6 / chrony: nonce plus padding must take at least 16 bytes, unless the AEAD's nonce is shorter. */
    public static final int MIN_UNPADDED_NONCE_LENGTH = 16;
    private static final int LENGTHS = 4;

    /** The associated data is the packet from its start up to this EF: {@code efOffset} bytes. */
    public int associatedDataLength() {
        return efOffset;
    }

    /**
     * Checks EF {@code index} of {@code p}. {@code aeadMaxNonce} is the AEAD's longest nonce
     * (16 for AES-SIV, 12 for AES-128-GCM-SIV); the nonce field plus padding must be at least
     * min(16, aeadMaxNonce) bytes. The tag length check belongs to the decryptor.
     */
    public static AuthenticatorParseResult parse(ParsedPacket p, int index, int aeadMaxNonce) {
        if (index < 0 || index >= p.extensionCount() || p.efType(index) != NtsExtensionType.NTS_AUTHENTICATOR) {
            return AuthenticatorError.NOT_AN_AUTHENTICATOR;
        }
        int bodyLen = p.efBodyLength(index);
        int body = p.efBodyStart(index);
        if (bodyLen < LENGTHS) {
            return AuthenticatorError.BODY_TOO_SHORT;
        }
        byte[] d = p.data();
        int nonceLen = Bytes.getU16(d, body);
        int ctLen = Bytes.getU16(d, body + 2);
        if (nonceLen == 0) {
            return AuthenticatorError.EMPTY_NONCE;
        }
        if (LENGTHS + ExtensionFields.pad4(nonceLen) + ExtensionFields.pad4(ctLen) > bodyLen) {
            return AuthenticatorError.LENGTHS_OVERRUN_FIELD;
        }
        int nonceSpace = Math.min(MIN_UNPADDED_NONCE_LENGTH, Math.max(1, aeadMaxNonce));
        if (LENGTHS + Math.max(nonceSpace, ExtensionFields.pad4(nonceLen)) + ExtensionFields.pad4(ctLen) > bodyLen) {
            return AuthenticatorError.MISSING_NONCE_PADDING;
        }
        int nonceStart = body + LENGTHS;
        return new NtsAuthenticator(p.efOffset(index), p.efLength(index), nonceStart, nonceLen,
                nonceStart + ExtensionFields.pad4(nonceLen), ctLen);
    }

    /**
     * Length of the EF that {@link #write} makes: nonce and ciphertext padded to 4, additional
     * padding so that nonce + padding ≥ min(16, {@code aeadMaxNonce}) and the EF ≥ {@code minEfLength}.
     */
    public static int fieldLength(int nonceLen, int ciphertextLen, int aeadMaxNonce, int minEfLength) {
        int nonceSpace = Math.max(ExtensionFields.pad4(nonceLen),
                ExtensionFields.pad4(Math.min(MIN_UNPADDED_NONCE_LENGTH, aeadMaxNonce)));
        int body = LENGTHS + nonceSpace + ExtensionFields.pad4(ciphertextLen);
        return ExtensionFields.paddedLength(body, minEfLength);
    }

    /** Absolute offset where {@link #write} expects the ciphertext (tag first for AES-SIV). */
    public static int ciphertextStart(int efOff, int nonceLen) {
        return efOff + ExtensionFields.HEADER_LENGTH + LENGTHS + ExtensionFields.pad4(nonceLen);
    }

    /**
     * Writes the EF at absolute offset {@code efOff}: header, lengths, nonce, and zeros for the
     * ciphertext and all padding. The caller then encrypts into {@link #ciphertextStart}, with
     * the packet bytes before {@code efOff} as associated data. Returns the EF length.
     * @throws IllegalArgumentException if it does not fit (a caller bug, not network input)
     */
    public static int write(byte[] out, int efOff, byte[] nonce, int nonceOff, int nonceLen,
            int ciphertextLen, int aeadMaxNonce, int minEfLength) {
        if (nonceLen < 1 || nonceLen > 0xFFFF || ciphertextLen < 0 || ciphertextLen > 0xFFFF) {
            throw new IllegalArgumentException("bad nonce or ciphertext length");
        }
        int efLen = fieldLength(nonceLen, ciphertextLen, aeadMaxNonce, minEfLength);
        ExtensionFields.writeHeader(out, efOff, NtsExtensionType.NTS_AUTHENTICATOR,
                efLen - ExtensionFields.HEADER_LENGTH, efLen);
        int body = efOff + ExtensionFields.HEADER_LENGTH;
        Bytes.putU16(out, body, nonceLen);
        Bytes.putU16(out, body + 2, ciphertextLen);
        System.arraycopy(nonce, nonceOff, out, body + LENGTHS, nonceLen);
        return efLen;
    }
}
