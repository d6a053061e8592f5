package net.ntsbox.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-SIV (RFC 5297) bound to one key K1 ‖ K2 (32, 48 or 64 bytes: AES-SIV-CMAC-256/384/512),
 * with any number of S2V components before the plaintext. Output is V (16) ‖ ciphertext.
 *
 * <p>S2V runs on {@link AesCmac} (JDK AES/CBC, one call per MAC), encryption is CTR built on
 * the JDK's AES/ECB under K2 with the two RFC 5297 bits of V cleared. Both Ciphers are keyed,
 * and the CMAC subkeys and CMAC(0) computed, once per key (constructor or {@link #rekey}). Not thread-safe: one instance per thread.
 *
 * <p>A component that is absent is not fed at all; a present empty component counts
 * (RFC 5297 §2.4): {@code [empty, nonce]} and {@code [nonce]} give different outputs.
 */
public final class AesSiv {
    public static final int TAG = 16;
    /** RFC 5297 §2.4: S2V takes at most 127 strings, the plaintext being the last. */
    public static final int MAX_COMPONENTS = 126;

    private final int keyLength;
    private final AesCmac cmac;
    /** AES/ECB under K2, keyed once per key: CTR is one ECB call over the counter blocks (no Cipher.init per message). */
    private final Cipher ctr;
    private byte[] counters = new byte[256];
    /** ECB output: never the input array (the JDK copies an in-place input on every call). */
    private byte[] keystream = new byte[256];
    private final byte[] q = new byte[TAG];
    private static final byte[] ZERO_BLOCK = new byte[TAG];
    private final byte[] macOfZero = new byte[TAG];
    private final byte[] d = new byte[TAG];
    private final byte[] t = new byte[TAG];
    private final byte[] v = new byte[TAG];
    private final byte[] check = new byte[TAG];

    public AesSiv(byte[] key) {
        this(key, 0, key.length);
    }

    public AesSiv(byte[] key, int off, int len) {
        if (len != 32 && len != 48 && len != 64) {
            throw new IllegalArgumentException("AES-SIV key must be 32, 48 or 64 bytes, got " + len);
        }
        keyLength = len;
        int half = len / 2;
        cmac = new AesCmac(key, off, half);
        try {
            ctr = Cipher.getInstance("AES/ECB/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK AES/ECB unavailable", e);
        }
        keyCtr(key, off + half, half);
        cmac.mac(ZERO_BLOCK, 0, TAG, macOfZero, 0);
    }

    /** Binds this instance to another key K1 ‖ K2 of the same length, reusing its Ciphers. */
    public void rekey(byte[] key, int off, int len) {
        if (len != keyLength) {
            throw new IllegalArgumentException("rekey needs a " + keyLength + "-byte key, got " + len);
        }
        int half = len / 2;
        cmac.rekey(key, off, half);
        keyCtr(key, off + half, half);
        cmac.mac(ZERO_BLOCK, 0, TAG, macOfZero, 0);
    }

    private void keyCtr(byte[] key, int off, int len) {
        try {
            ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, off, len, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK AES rejected the key", e);
        }
    }

    public int keyLength() { return keyLength; }

    /** Seals with the given S2V components (each present; an empty array is an empty component). */
    public byte[] seal(List<byte[]> components, byte[] plaintext) {
        checkCount(components.size());
        s2vBegin();
        for (byte[] c : components) s2vAdd(c, 0, c.length);
        byte[] out = new byte[TAG + plaintext.length];
        s2vFinish(plaintext, 0, plaintext.length, out, 0);
        ctr(out, 0, plaintext, 0, plaintext.length, out, TAG);
        return out;
    }

    /** Opens {@code sealed} = V ‖ C; returns the plaintext or null when it does not authenticate. */
    public byte[] open(List<byte[]> components, byte[] sealed) {
        checkCount(components.size());
        if (sealed.length < TAG) return null;
        byte[] out = new byte[sealed.length - TAG];
        System.arraycopy(sealed, 0, v, 0, TAG);
        ctr(v, 0, sealed, TAG, out.length, out, 0);
        s2vBegin();
        for (byte[] c : components) s2vAdd(c, 0, c.length);
        s2vFinish(out, 0, out.length, check, 0);
        if (!MessageDigest.isEqual(check, v)) {
            Arrays.fill(out, (byte) 0);
            return null;
        }
        return out;
    }

    /**
     * Nonce-based seal with components [AD, nonce] without copying: {@code ad} null means
     * absent (components [nonce]); {@code nonce} null means absent too (deterministic mode).
     * Writes V ‖ C ({@code 16 + ptLen} bytes) at {@code out[outOff]}; returns that length.
     * {@code out} must not overlap the plaintext except at the same position plus 16.
     */
    public int seal(byte[] ad, int adOff, int adLen, byte[] nonce, int nonceOff, int nonceLen,
                    byte[] pt, int ptOff, int ptLen, byte[] out, int outOff) {
        s2vBegin();
        if (ad != null) s2vAdd(ad, adOff, adLen);
        if (nonce != null) s2vAdd(nonce, nonceOff, nonceLen);
        s2vFinish(pt, ptOff, ptLen, v, 0);
        ctr(v, 0, pt, ptOff, ptLen, out, outOff + TAG);
        System.arraycopy(v, 0, out, outOff, TAG);
        return TAG + ptLen;
    }

    /**
     * Nonce-based open of {@code in[inOff, inOff+inLen)} = V ‖ C, components as in
     * {@link #seal(byte[], int, int, byte[], int, int, byte[], int, int, byte[], int)}.
     * Writes the plaintext ({@code inLen - 16} bytes) at {@code out[outOff]} and returns its
     * length, or returns -1 (output zeroed) when the input is short or does not authenticate.
     * The AD may be any region, e.g. a packet prefix, read in place.
     */
    public int open(byte[] ad, int adOff, int adLen, byte[] nonce, int nonceOff, int nonceLen,
                    byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        if (inLen < TAG) return -1;
        int ptLen = inLen - TAG;
        System.arraycopy(in, inOff, v, 0, TAG);
        ctr(v, 0, in, inOff + TAG, ptLen, out, outOff);
        s2vBegin();
        if (ad != null) s2vAdd(ad, adOff, adLen);
        if (nonce != null) s2vAdd(nonce, nonceOff, nonceLen);
        s2vFinish(out, outOff, ptLen, check, 0);
        if (!MessageDigest.isEqual(check, v)) {
            Arrays.fill(out, outOff, outOff + ptLen, (byte) 0);
            return -1;
        }
        return ptLen;
    }

    private static void checkCount(int n) {
        if (n > MAX_COMPONENTS) {
            throw new IllegalArgumentException("AES-SIV takes at most " + MAX_COMPONENTS + " components, got " + n);
        }
    }

    private void s2vBegin() {
        System.arraycopy(macOfZero, 0, d, 0, TAG);
    }

    private void s2vAdd(byte[] s, int off, int len) {
        AesCmac.dbl(d, d);
        cmac.mac(s, off, len, null, t, 0);
        for (int i = 0; i < TAG; i++) d[i] ^= t[i];
    }

    /** Last S2V string (the plaintext); writes V. */
    private void s2vFinish(byte[] s, int off, int len, byte[] out, int outOff) {
        if (len >= TAG) {
            cmac.mac(s, off, len, d, out, outOff);
        } else {
            AesCmac.dbl(d, t);
            for (int i = 0; i < len; i++) t[i] ^= s[off + i];
            t[len] ^= (byte) 0x80;
            cmac.mac(t, 0, TAG, null, out, outOff);
        }
    }

    /**
     * AES-CTR with IV = V with bits 63 and 31 cleared (RFC 5297 §2.6), the counter a 128-bit
     * big-endian integer: the counter blocks are encrypted in one ECB call, then xored in.
     */
    private void ctr(byte[] iv, int ivOff, byte[] in, int inOff, int len, byte[] out, int outOff) {
        if (len == 0) return;
        System.arraycopy(iv, ivOff, q, 0, TAG);
        q[8] &= 0x7f;
        q[12] &= 0x7f;
        int blocks = (len + TAG - 1) / TAG;
        int bytes = blocks * TAG;
        if (counters.length < bytes) {
            counters = new byte[Math.max(bytes, 2 * counters.length)];
            keystream = new byte[counters.length];
        }
        byte[] c = counters, k = keystream;
        for (int b = 0; b < blocks; b++) {
            System.arraycopy(q, 0, c, b * TAG, TAG);
            for (int i = TAG - 1; i >= 0 && ++q[i] == 0; i--) { } // +1 mod 2^128
        }
        try {
            ctr.update(c, 0, bytes, k, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB failed", e);
        }
        for (int i = 0; i < len; i++) out[outOff + i] = (byte) (in[inOff + i] ^ k[i]);
        Arrays.fill(k, 0, bytes, (byte) 0);
        Arrays.fill(c, 0, bytes, (byte) 0);
    }
}
