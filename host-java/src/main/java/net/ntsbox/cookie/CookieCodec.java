package net.ntsbox.cookie;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import net.ntsbox.crypto.Aead;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.crypto.AesSiv;
import net.ntsbox.keys.KeyLookup;
import net.ntsbox.keys.MasterKey;

/**
 * The server cookie, byte-compatible with chronyd 4.3 so chrony's cookies open here and
 * ours open in chrony with the same key:
 * <pre>key ID (4, big endian) ‖ nonce (16) ‖ AES-SIV-CMAC-256 output = tag (16) ‖ E(C2S ‖ S2C)</pre>
 * S2V components are [empty AD, nonce], as chrony's {@code SIV_Encrypt(nonce, "", 0, ...)}
 * gives through nettle; the Netnod FPGA test-data convention [nonce] does not open these.
 * The master key is always AES-SIV-CMAC-256; the session AEAD is implied by the length:
 * 100 bytes → 15 (2 × 32-byte keys), 164 → 17 (2 × 64), 68 → 30 (2 × 16).
 */
public final class CookieCodec {
    public static final int KEY_ID_LENGTH = 4;
    public static final int NONCE_LENGTH = 16;
    public static final int HEADER_LENGTH = KEY_ID_LENGTH + NONCE_LENGTH;
    private static final byte[] EMPTY = new byte[0];

    private CookieCodec() {}

    /** Cookie length for a session AEAD: 20 + 16 + 2 × key length. */
    public static int length(AeadAlgorithm session) {
        return HEADER_LENGTH + AesSiv.TAG + 2 * session.keyLength();
    }

    /** The session AEAD a cookie of this length carries, if any. */
    public static Optional<AeadAlgorithm> sessionForLength(int cookieLength) {
        for (AeadAlgorithm a : AeadAlgorithm.values()) {
            if (length(a) == cookieLength) return Optional.of(a);
        }
        return Optional.empty();
    }

    public static byte[] mint(MasterKey key, AeadAlgorithm session, byte[] c2s, byte[] s2c, byte[] nonce16) {
        byte[] out = new byte[length(session)];
        mintInto(key, session, c2s, s2c, nonce16, out, 0);
        return out;
    }

    /**
     * Writes the cookie at {@code out[off]} and returns its length. {@code nonce16} must be
     * fresh random bytes (the caller owns randomness: this class is pure).
     */
    public static int mintInto(MasterKey key, AeadAlgorithm session, byte[] c2s, byte[] s2c, byte[] nonce16,
                               byte[] out, int off) {
        return mintInto(key.id(), key.cookieSiv(), null, session, c2s, s2c, nonce16, out, off);
    }

    /**
     * As {@link #mintInto(MasterKey, AeadAlgorithm, byte[], byte[], byte[], byte[], int)} with the
     * master key's cookie SIV given as an {@link Aead} (e.g. a native one under the same key).
     */
    public static int mintInto(int keyId, Aead masterSiv, AeadAlgorithm session, byte[] c2s, byte[] s2c,
                               byte[] nonce16, byte[] out, int off) {
        return mintInto(keyId, null, java.util.Objects.requireNonNull(masterSiv), session, c2s, s2c, nonce16, out, off);
    }

    /** With exactly one of {@code siv} (Java) and {@code aead} non-null. */
    private static int mintInto(int id, AesSiv siv, Aead aead, AeadAlgorithm session, byte[] c2s, byte[] s2c, byte[] nonce16,
                                byte[] out, int off) {
        int kl = session.keyLength();
        if (c2s.length != kl || s2c.length != kl) {
            throw new IllegalArgumentException(session + " session keys must be " + kl + " bytes");
        }
        if (nonce16.length != NONCE_LENGTH) throw new IllegalArgumentException("cookie nonce must be 16 bytes");
        out[off] = (byte) (id >>> 24);
        out[off + 1] = (byte) (id >>> 16);
        out[off + 2] = (byte) (id >>> 8);
        out[off + 3] = (byte) id;
        System.arraycopy(nonce16, 0, out, off + KEY_ID_LENGTH, NONCE_LENGTH);
        byte[] pt = new byte[2 * kl];
        System.arraycopy(c2s, 0, pt, 0, kl);
        System.arraycopy(s2c, 0, pt, kl, kl);
        int n = siv != null
                ? siv.seal(EMPTY, 0, 0, out, off + KEY_ID_LENGTH, NONCE_LENGTH, pt, 0, pt.length, out, off + HEADER_LENGTH)
                : aead.sealInto(out, off + KEY_ID_LENGTH, NONCE_LENGTH, EMPTY, 0, 0, pt, 0, pt.length,
                        out, off + HEADER_LENGTH);
        Arrays.fill(pt, (byte) 0);
        return HEADER_LENGTH + n;
    }

    /** Opens {@code cookie[off, off+len)} (e.g. in place in a packet) with the key its ID names. */
    public static CookieOpenResult open(byte[] cookie, int off, int len, KeyLookup keys) {
        return open(cookie, off, len, keys, null);
    }

    /**
     * As {@link #open(byte[], int, int, KeyLookup)} with each master key's cookie SIV given by
     * {@code sivs} (e.g. a native AEAD under the same key); null: the key's own {@link MasterKey#cookieSiv()}.
     */
    public static CookieOpenResult open(byte[] cookie, int off, int len, KeyLookup keys,
                                        Function<MasterKey, Aead> sivs) {
        Optional<AeadAlgorithm> session = sessionForLength(len);
        if (session.isEmpty()) return CookieOpenResult.Rejected.BAD_LENGTH;
        int id = ((cookie[off] & 0xff) << 24) | ((cookie[off + 1] & 0xff) << 16)
                | ((cookie[off + 2] & 0xff) << 8) | (cookie[off + 3] & 0xff);
        MasterKey key = keys.lookup(id);
        if (key == null) return CookieOpenResult.Rejected.UNKNOWN_KEY;
        int kl = session.get().keyLength();
        byte[] pt = new byte[2 * kl];
        int n = sivs == null
                ? key.cookieSiv().open(EMPTY, 0, 0, cookie, off + KEY_ID_LENGTH, NONCE_LENGTH,
                        cookie, off + HEADER_LENGTH, len - HEADER_LENGTH, pt, 0)
                : sivs.apply(key).openInto(cookie, off + KEY_ID_LENGTH, NONCE_LENGTH, EMPTY, 0, 0,
                        cookie, off + HEADER_LENGTH, len - HEADER_LENGTH, pt, 0);
        if (n != pt.length) return CookieOpenResult.Rejected.BAD_TAG;
        byte[] c2s = Arrays.copyOfRange(pt, 0, kl);
        byte[] s2c = Arrays.copyOfRange(pt, kl, 2 * kl);
        Arrays.fill(pt, (byte) 0);
        return new CookieOpenResult.Opened(session.get(), c2s, s2c, key);
    }

    public static CookieOpenResult open(byte[] cookie, KeyLookup keys) {
        return open(cookie, 0, cookie.length, keys);
    }
}
