package net.ntsbox.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CMAC (RFC 4493; NIST SP 800-38B with AES-256) bound to one key. The block cipher is
 * the JDK's {@code AES/ECB/NoPadding} (AES-NI intrinsics); the subkeys K1/K2 are derived
 * once from AES_K(0). Not thread-safe: one instance per thread. No allocation per MAC.
 */
public final class AesCmac {
    public static final int BLOCK = 16;

    /**
     * AES/CBC with a zero IV, keyed once per key: a CMAC is one CBC-MAC call over a copy of the
     * message whose last block is already masked with K1/K2 (the JDK restores the zero IV after
     * every doFinal), and a single block through it is a raw AES block. One Cipher per key means
     * one key expansion per rekey and no Cipher.init per MAC.
     */
    private final Cipher cbc;
    private static final javax.crypto.spec.IvParameterSpec ZERO_IV = new javax.crypto.spec.IvParameterSpec(new byte[BLOCK]);
    private SecretKeySpec keySpec;
    private byte[] chain = new byte[256];
    /** CBC output: never the input array (the JDK copies an in-place input on every call). */
    private byte[] chainOut = new byte[256];
    private final int keyLength;
    private final byte[] k1 = new byte[BLOCK];
    private final byte[] k2 = new byte[BLOCK];
    private final byte[] y = new byte[BLOCK];

    /** @param key 16, 24 or 32 bytes (AES-128/192/256) */
    public AesCmac(byte[] key) {
        this(key, 0, key.length);
    }

    public AesCmac(byte[] key, int off, int len) {
        if (len != 16 && len != 24 && len != 32) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes, got " + len);
        }
        keyLength = len;
        try {
            cbc = Cipher.getInstance("AES/CBC/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK AES unavailable", e);
        }
        rekey(key, off, len);
    }

    /**
     * Binds this instance to another key of the same length, reusing the Cipher: far cheaper
     * than a new instance (no provider lookup), which matters when every NTS request brings
     * its own session key.
     */
    public void rekey(byte[] key, int off, int len) {
        if (len != keyLength) {
            throw new IllegalArgumentException("rekey needs a " + keyLength + "-byte key, got " + len);
        }
        try {
            keySpec = new SecretKeySpec(key, off, len, "AES");
            cbc.init(Cipher.ENCRYPT_MODE, keySpec, ZERO_IV);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK AES rejected the key", e);
        }
        java.util.Arrays.fill(y, (byte) 0);
        encryptBlock(y, y);
        dbl(y, k1);
        dbl(k1, k2);
        java.util.Arrays.fill(y, (byte) 0);
    }

    /** The CMAC subkey K1 (a copy; for known-answer tests). */
    public byte[] subkey1() { return k1.clone(); }

    /** The CMAC subkey K2 (a copy; for known-answer tests). */
    public byte[] subkey2() { return k2.clone(); }

    /** One raw AES block encryption: {@code out = AES_K(in)}; {@code in} and {@code out} may be the same array. */
    public void encryptBlock(byte[] in, byte[] out) {
        try {
            if (in == out) {
                System.arraycopy(in, 0, y, 0, BLOCK);
                cbc.doFinal(y, 0, BLOCK, out, 0);
            } else {
                cbc.doFinal(in, 0, BLOCK, out, 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] mac(byte[] message) {
        byte[] out = new byte[BLOCK];
        mac(message, 0, message.length, null, out, 0);
        return out;
    }

    /** Computes CMAC of {@code message[off, off+len)} into {@code out[outOff, outOff+16)}. */
    public void mac(byte[] message, int off, int len, byte[] out, int outOff) {
        mac(message, off, len, null, out, outOff);
    }

    /**
     * CMAC of the message whose last 16 bytes are xored with {@code tailMask} (RFC 5297's
     * "Sn xorend D" without touching Sn). {@code tailMask} null: plain CMAC. With a mask the
     * message must be at least 16 bytes long.
     */
    void mac(byte[] m, int off, int len, byte[] tailMask, byte[] out, int outOff) {
        int blocks = len == 0 ? 1 : (len + BLOCK - 1) / BLOCK;
        int bytes = blocks * BLOCK;
        if (chain.length < bytes) {
            chain = new byte[Math.max(bytes, 2 * chain.length)];
            chainOut = new byte[chain.length];
        }
        byte[] c = chain;
        System.arraycopy(m, off, c, 0, len);
        if (tailMask != null) {
            for (int j = 0; j < BLOCK; j++) c[len - BLOCK + j] ^= tailMask[j];
        }
        int p = bytes - BLOCK;
        int rem = len - p;
        if (rem == BLOCK) {
            for (int j = 0; j < BLOCK; j++) c[p + j] ^= k1[j];
        } else {
            c[p + rem] = (byte) 0x80;
            for (int j = rem + 1; j < BLOCK; j++) c[p + j] = 0;
            for (int j = 0; j < BLOCK; j++) c[p + j] ^= k2[j];
        }
        try {
            cbc.doFinal(c, 0, bytes, chainOut, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC failed", e);
        }
        System.arraycopy(chainOut, p, out, outOff, BLOCK);
        java.util.Arrays.fill(c, 0, bytes, (byte) 0);
        java.util.Arrays.fill(chainOut, 0, bytes, (byte) 0);
    }

    /** GF(2^128) doubling (RFC 5297 dbl, RFC 4493 subkey shift): out = in·x. */
    static void dbl(byte[] in, byte[] out) {
        int carry = (in[0] & 0x80) != 0 ? 0x87 : 0;
        for (int i = 0; i < BLOCK - 1; i++) {
            out[i] = (byte) ((in[i] << 1) | ((in[i + 1] & 0xff) >>> 7));
        }
        out[BLOCK - 1] = (byte) ((in[BLOCK - 1] << 1) ^ carry);
    }
}
