package net.ntsbox.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CMAC (RFC 4493; NIST SP 800-38B with AES-256) bound to one key. The block cipher is
 * the JDK's {@code AES/ECB/NoPadding} (AES-NI intrinsics); the subkeys K1/K2 are derived
 * once from AES_K(0). Not thread-safe: one instance per thread. No allocation per MAC.
 */
public final class AesCmac {
    public static final int BLOCK = 16;

    private final Cipher ecb;
    /** CBC with a zero IV computes the CMAC chain of many full blocks in one call (AES-NI, no per-block call overhead). */
    private final Cipher cbc;
    private static final javax.crypto.spec.IvParameterSpec ZERO_IV = new javax.crypto.spec.IvParameterSpec(new byte[BLOCK]);
    /** Below this many chain blocks a per-block ECB call is cheaper than a CBC init. */
    private static final int BULK_MIN_BLOCKS = 3;
    private SecretKeySpec keySpec;
    private byte[] bulkOut = new byte[256];
    private final int keyLength;
    private final byte[] k1 = new byte[BLOCK];
    private final byte[] k2 = new byte[BLOCK];
    private final byte[] x = new byte[BLOCK];
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
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
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
            ecb.init(Cipher.ENCRYPT_MODE, keySpec);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK AES rejected the key", e);
        }
        byte[] l = new byte[BLOCK];
        encryptBlock(l, l);
        dbl(l, k1);
        dbl(k1, k2);
        java.util.Arrays.fill(l, (byte) 0);
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
                ecb.update(y, 0, BLOCK, out, 0);
            } else {
                ecb.update(in, 0, BLOCK, out, 0);
            }
        } catch (ShortBufferException e) {
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
     * "Sn xorend D" without copying Sn). {@code tailMask} null: plain CMAC. With a mask the
     * message must be at least 16 bytes long.
     */
    void mac(byte[] m, int off, int len, byte[] tailMask, byte[] out, int outOff) {
        java.util.Arrays.fill(x, (byte) 0);
        int maskStart = len - BLOCK;
        int blocks = len == 0 ? 1 : (len + BLOCK - 1) / BLOCK;
        int first = 0;
        int bulk = tailMask == null ? blocks - 1 : Math.min(blocks - 1, Math.max(0, maskStart) / BLOCK);
        if (bulk >= BULK_MIN_BLOCKS) {
            chainBulk(m, off, bulk);
            first = bulk;
        }
        for (int b = first; b < blocks - 1; b++) {
            int p = b * BLOCK;
            for (int j = 0; j < BLOCK; j++) x[j] ^= m[off + p + j];
            if (tailMask != null && p + BLOCK > maskStart) xorMask(p, BLOCK, maskStart, tailMask);
            encryptBlock(x, x);
        }
        int p = (blocks - 1) * BLOCK;
        int rem = len - p;
        for (int j = 0; j < rem; j++) x[j] ^= m[off + p + j];
        if (tailMask != null) xorMask(p, rem, maskStart, tailMask);
        if (rem == BLOCK) {
            for (int j = 0; j < BLOCK; j++) x[j] ^= k1[j];
        } else {
            x[rem] ^= (byte) 0x80;
            for (int j = 0; j < BLOCK; j++) x[j] ^= k2[j];
        }
        encryptBlock(x, x);
        System.arraycopy(x, 0, out, outOff, BLOCK);
    }

    /** x = CBC-MAC chain over the first {@code n} full blocks (x is zero on entry). */
    private void chainBulk(byte[] m, int off, int n) {
        int bytes = n * BLOCK;
        if (bulkOut.length < bytes) bulkOut = new byte[Math.max(bytes, 2 * bulkOut.length)];
        try {
            cbc.init(Cipher.ENCRYPT_MODE, keySpec, ZERO_IV);
            cbc.doFinal(m, off, bytes, bulkOut, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC failed", e);
        }
        System.arraycopy(bulkOut, bytes - BLOCK, x, 0, BLOCK);
    }

    private void xorMask(int blockPos, int n, int maskStart, byte[] mask) {
        for (int j = 0; j < n; j++) {
            int q = blockPos + j - maskStart;
            if (q >= 0) x[j] ^= mask[q];
        }
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
