package net.ntsbox.server;

import java.util.SplittableRandom;
import net.ntsbox.cookie.CookieCodec;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.crypto.Aeads;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.ntp.ExtensionFields;
import net.ntsbox.ntp.NtpHeader;
import net.ntsbox.ntp.NtsAuthenticator;
import net.ntsbox.ntp.NtsExtensionType;

/** Builds NTS requests the way chrony does, for server-step tests (independent of the client core). */
final class TestRequests {
    private TestRequests() {}

    /** One NTS session as NTS-KE would leave it: AEAD, C2S, S2C and a cookie minted by {@code ring}. */
    record Session(AeadAlgorithm aead, byte[] c2s, byte[] s2c, byte[] cookie) {}

    static Session session(KeyRing ring, AeadAlgorithm aead, SplittableRandom rnd) {
        byte[] c2s = bytes(rnd, aead.keyLength());
        byte[] s2c = bytes(rnd, aead.keyLength());
        byte[] cookie = CookieCodec.mint(ring.current(), aead, c2s, s2c, bytes(rnd, 16));
        return new Session(aead, c2s, s2c, cookie);
    }

    /** A request: header, UID, cookie, {@code placeholders} placeholders, authenticator (nonce of the AEAD's length). */
    static byte[] request(Session s, byte[] uid, long transmit, int placeholders, byte[] nonce) {
        return request(s, uid, transmit, placeholders, s.cookie().length, nonce);
    }

    /** As above with placeholders of {@code placeholderLength} bytes (a valid one has the cookie's length). */
    static byte[] request(Session s, byte[] uid, long transmit, int placeholders, int placeholderLength, byte[] nonce) {
        int cookieEf = ExtensionFields.paddedLength(s.cookie().length, 0);
        int placeholderEf = ExtensionFields.paddedLength(placeholderLength, 0);
        int uidEf = ExtensionFields.paddedLength(uid.length, 0);
        int authOff = NtpHeader.LENGTH + uidEf + cookieEf + placeholderEf * placeholders;
        int authLen = NtsAuthenticator.fieldLength(nonce.length, AeadAlgorithm.TAG_LENGTH, s.aead().nonceLength(), 0);
        byte[] out = new byte[authOff + authLen];
        new NtpHeader(0, 4, NtpHeader.MODE_CLIENT, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, transmit).write(out, 0);
        int o = NtpHeader.LENGTH;
        o += ExtensionFields.write(out, o, NtsExtensionType.UNIQUE_IDENTIFIER, uid, 0, uid.length, 0);
        o += ExtensionFields.write(out, o, NtsExtensionType.NTS_COOKIE, s.cookie(), 0, s.cookie().length, 0);
        for (int i = 0; i < placeholders; i++) {
            o += ExtensionFields.writeHeader(out, o, NtsExtensionType.NTS_COOKIE_PLACEHOLDER, placeholderLength, 0);
        }
        NtsAuthenticator.write(out, o, nonce, 0, nonce.length, AeadAlgorithm.TAG_LENGTH, s.aead().nonceLength(), 0);
        Aeads.create(s.aead(), s.c2s()).sealInto(nonce, 0, nonce.length, out, 0, o, new byte[0], 0, 0,
                out, NtsAuthenticator.ciphertextStart(o, nonce.length));
        return out;
    }

    static byte[] bytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** A deterministic nonce source: a counter-mode stream from a seed, as the RTL's test mode is. */
    static NonceSource seeded(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return (out, off, len) -> {
            for (int i = 0; i < len; i++) out[off + i] = (byte) r.nextInt(256);
        };
    }
}
