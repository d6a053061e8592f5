package net.ntsbox.client;

import net.ntsbox.crypto.Aead;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.ntp.ExtensionFields;
import net.ntsbox.ntp.NtpHeader;
import net.ntsbox.ntp.NtsAuthenticator;
import net.ntsbox.ntp.NtsExtensionType;

/**
 * Writes one NTS client request (RFC 8915 §5.7) into a caller buffer: NTPv4 mode 3 header
 * whose only non-zero field is the transmit timestamp (a random value, as chrony sends, so the
 * packet does not reveal the client's clock), then Unique Identifier, one cookie, the
 * placeholders (each of the cookie's length, so the server may return as many cookies without
 * amplification) and the authenticator over everything before it, with an empty plaintext.
 */
public final class NtsRequestWriter {
    /** RFC 8915 §5.3. */
    public static final int MIN_UID_LENGTH = 32;
    /** One cookie plus up to 7 placeholders: never ask for more than 8 cookies. */
    public static final int MAX_PLACEHOLDERS = 7;

    private NtsRequestWriter() {}

    /** Length of the request {@link #write} makes. */
    public static int length(AeadAlgorithm alg, int uidLength, int cookieLength, int placeholders) {
        int cookieEf = ExtensionFields.paddedLength(cookieLength, 0);
        return NtpHeader.LENGTH + ExtensionFields.paddedLength(uidLength, 0) + cookieEf * (1 + placeholders)
                + NtsAuthenticator.fieldLength(alg.nonceLength(), AeadAlgorithm.TAG_LENGTH, alg.nonceLength(), 0);
    }

    /**
     * Writes the request at {@code out[off]} and returns what to remember about it.
     * @param c2s the session's C2S AEAD (algorithm {@code alg})
     * @param nonce {@code alg.nonceLength()} fresh random bytes
     * @throws IllegalArgumentException on bad lengths or a buffer too small (caller bugs)
     */
    public static PendingRequest write(byte[] out, int off, AeadAlgorithm alg, Aead c2s, byte[] cookie,
                                       int placeholders, byte[] uid, long transmitTimestamp, byte[] nonce) {
        if (uid.length < MIN_UID_LENGTH || cookie.length == 0 || placeholders < 0 || placeholders > MAX_PLACEHOLDERS
                || nonce.length != alg.nonceLength() || c2s.algorithm() != alg) {
            throw new IllegalArgumentException("bad NTS request parameters");
        }
        int total = length(alg, uid.length, cookie.length, placeholders);
        if (off < 0 || off > out.length - total) {
            throw new IllegalArgumentException("request of " + total + " bytes does not fit");
        }
        new NtpHeader(0, 4, NtpHeader.MODE_CLIENT, 0, 0, 0, 0, 0, 0, 0L, 0L, 0L, transmitTimestamp).write(out, off);
        int p = off + NtpHeader.LENGTH;
        p += ExtensionFields.write(out, p, NtsExtensionType.UNIQUE_IDENTIFIER, uid, 0, uid.length, 0);
        p += ExtensionFields.write(out, p, NtsExtensionType.NTS_COOKIE, cookie, 0, cookie.length, 0);
        for (int i = 0; i < placeholders; i++) {
            p += ExtensionFields.writeHeader(out, p, NtsExtensionType.NTS_COOKIE_PLACEHOLDER, cookie.length, 0);
        }
        int authOff = p;
        p += NtsAuthenticator.write(out, authOff, nonce, 0, nonce.length, AeadAlgorithm.TAG_LENGTH,
                alg.nonceLength(), 0);
        c2s.sealInto(nonce, 0, nonce.length, out, off, authOff - off, out, 0, 0,
                out, NtsAuthenticator.ciphertextStart(authOff, nonce.length));
        return new PendingRequest(uid, transmitTimestamp, placeholders, p - off);
    }
}
