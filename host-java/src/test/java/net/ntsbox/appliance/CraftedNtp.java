package net.ntsbox.appliance;

import java.util.Arrays;
import net.ntsbox.crypto.Aeads;
import net.ntsbox.ntp.ExtensionFields;
import net.ntsbox.ntp.NtpHeader;
import net.ntsbox.ntp.NtsAuthenticator;
import net.ntsbox.ntp.NtsExtensionType;

/**
 * Builds NTP client datagrams field by field, well-formed or deliberately not, for the
 * bad-input tests: header, extension fields in any order and number, a real authenticator
 * under a session's C2S key, or raw bytes where the framing itself is the point.
 */
final class CraftedNtp {
    private final byte[] buf = new byte[8192];
    private int len;

    private CraftedNtp() {}

    static CraftedNtp header(int version, int mode, long transmit) {
        CraftedNtp c = new CraftedNtp();
        new NtpHeader(0, version, mode, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, transmit).write(c.buf, 0);
        c.len = NtpHeader.LENGTH;
        return c;
    }

    /** An NTPv4 client-mode header. */
    static CraftedNtp client(long transmit) {
        return header(4, NtpHeader.MODE_CLIENT, transmit);
    }

    /** An EF with this body, zero-padded to 4 and to the 16-byte minimum. */
    CraftedNtp ef(int type, byte[] body) {
        len += ExtensionFields.write(buf, len, type, body, 0, body.length, 0);
        return this;
    }

    CraftedNtp uid(byte[] uid) {
        return ef(NtsExtensionType.UNIQUE_IDENTIFIER, uid);
    }

    CraftedNtp cookie(byte[] cookie) {
        return ef(NtsExtensionType.NTS_COOKIE, cookie);
    }

    CraftedNtp placeholder(int bodyLength) {
        len += ExtensionFields.writeHeader(buf, len, NtsExtensionType.NTS_COOKIE_PLACEHOLDER, bodyLength, 0);
        return this;
    }

    /** An authenticator with no plaintext, sealed over everything so far with {@code key} (C2S for a valid one). */
    CraftedNtp seal(NtsTestClient.Session s, byte[] key, byte[] nonce) {
        int o = len;
        len += NtsAuthenticator.write(buf, o, nonce, 0, nonce.length, 16, s.aead().nonceLength(), 0);
        Aeads.create(s.aead(), key).sealInto(nonce, 0, nonce.length, buf, 0, o, new byte[0], 0, 0, buf,
                NtsAuthenticator.ciphertextStart(o, nonce.length));
        return this;
    }

    CraftedNtp seal(NtsTestClient.Session s, byte[] nonce) {
        return seal(s, s.c2s(), nonce);
    }

    /** An authenticator EF whose body (nonce length, ciphertext length, ...) is given as is. */
    CraftedNtp rawAuthenticator(byte[] body) {
        return ef(NtsExtensionType.NTS_AUTHENTICATOR, body);
    }

    /** Bytes appended as they are (broken framing). */
    CraftedNtp raw(int... bytes) {
        for (int b : bytes) {
            buf[len++] = (byte) b;
        }
        return this;
    }

    CraftedNtp zeros(int n) {
        Arrays.fill(buf, len, len + n, (byte) 0);
        len += n;
        return this;
    }

    int length() {
        return len;
    }

    byte[] bytes() {
        return Arrays.copyOf(buf, len);
    }

    /** A copy with byte {@code index} XORed with {@code mask}. */
    static byte[] flip(byte[] p, int index, int mask) {
        byte[] c = p.clone();
        c[index] ^= (byte) mask;
        return c;
    }

    /** Authenticator body: nonce length ‖ ciphertext length ‖ the rest, for {@link #rawAuthenticator}. */
    static byte[] authBody(int nonceLength, int ciphertextLength, int restLength) {
        byte[] b = new byte[4 + restLength];
        b[0] = (byte) (nonceLength >>> 8);
        b[1] = (byte) nonceLength;
        b[2] = (byte) (ciphertextLength >>> 8);
        b[3] = (byte) ciphertextLength;
        return b;
    }
}
