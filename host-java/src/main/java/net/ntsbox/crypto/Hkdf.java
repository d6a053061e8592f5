package net.ntsbox.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF (RFC 5869) over HMAC-SHA-256 or HMAC-SHA-384. Stateless; safe from any thread. */
public final class Hkdf {
    public static final Hkdf SHA256 = new Hkdf("HmacSHA256", 32);
    public static final Hkdf SHA384 = new Hkdf("HmacSHA384", 48);

    private final String macAlgorithm;
    private final int hashLength;

    private Hkdf(String macAlgorithm, int hashLength) {
        this.macAlgorithm = macAlgorithm;
        this.hashLength = hashLength;
    }

    public int hashLength() { return hashLength; }

    /** PRK = HMAC(salt, ikm); an empty or null salt means hashLength zero bytes. */
    public byte[] extract(byte[] salt, byte[] ikm) {
        byte[] s = salt == null || salt.length == 0 ? new byte[hashLength] : salt;
        Mac mac = mac(s);
        return mac.doFinal(ikm);
    }

    /** OKM = T(1) ‖ T(2) ‖ ... truncated to {@code length} (at most 255 hash lengths). */
    public byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > 255 * hashLength) {
            throw new IllegalArgumentException("HKDF-Expand length out of range: " + length);
        }
        Mac mac = mac(prk);
        byte[] okm = new byte[length];
        byte[] t = new byte[0];
        int pos = 0;
        for (int i = 1; pos < length; i++) {
            mac.update(t);
            if (info != null) mac.update(info);
            mac.update((byte) i);
            t = mac.doFinal();
            int n = Math.min(t.length, length - pos);
            System.arraycopy(t, 0, okm, pos, n);
            pos += n;
        }
        java.util.Arrays.fill(t, (byte) 0);
        return okm;
    }

    private Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(key, macAlgorithm));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(macAlgorithm + " unavailable", e);
        }
    }
}
