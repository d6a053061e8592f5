package net.ntsbox.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMSIVBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * {@link Aead} for AEAD_AES_128_GCM_SIV (30, RFC 8452) on Bouncy Castle's GCMSIVBlockCipher.
 * 12-byte nonce; output ciphertext ‖ tag (16). An absent AD equals an empty one.
 */
public final class GcmSivAead extends RegionAead {
    private final KeyParameter key;
    private final GCMSIVBlockCipher cipher = new GCMSIVBlockCipher(AESEngine.newInstance());

    public GcmSivAead(byte[] key) {
        if (key.length != AeadAlgorithm.AES_128_GCM_SIV.keyLength()) {
            throw new IllegalArgumentException("AES-128-GCM-SIV needs a 16-byte key, got " + key.length);
        }
        this.key = new KeyParameter(key);
    }

    @Override public AeadAlgorithm algorithm() { return AeadAlgorithm.AES_128_GCM_SIV; }

    @Override
    public int sealInto(byte[] nonce, int nonceOff, int nonceLen, byte[] ad, int adOff, int adLen,
                        byte[] pt, int ptOff, int ptLen, byte[] out, int outOff) {
        init(true, nonce, nonceOff, nonceLen, ad, adOff, adLen);
        int n = cipher.processBytes(pt, ptOff, ptLen, out, outOff);
        try {
            return n + cipher.doFinal(out, outOff + n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("GCM-SIV seal failed", e);
        }
    }

    @Override
    public int openInto(byte[] nonce, int nonceOff, int nonceLen, byte[] ad, int adOff, int adLen,
                        byte[] ct, int ctOff, int ctLen, byte[] out, int outOff) {
        if (ctLen < AeadAlgorithm.TAG_LENGTH || nonceLen != 12) return -1;
        init(false, nonce, nonceOff, nonceLen, ad, adOff, adLen);
        int n = cipher.processBytes(ct, ctOff, ctLen, out, outOff);
        try {
            return n + cipher.doFinal(out, outOff + n);
        } catch (InvalidCipherTextException e) {
            java.util.Arrays.fill(out, outOff, outOff + ctLen - AeadAlgorithm.TAG_LENGTH, (byte) 0);
            return -1;
        }
    }

    private void init(boolean encrypt, byte[] nonce, int nonceOff, int nonceLen, byte[] ad, int adOff, int adLen) {
        if (nonceLen != 12) throw new IllegalArgumentException("AES-128-GCM-SIV needs a 12-byte nonce, got " + nonceLen);
        byte[] n = java.util.Arrays.copyOfRange(nonce, nonceOff, nonceOff + nonceLen);
        cipher.init(encrypt, new AEADParameters(key, 128, n));
        if (ad != null && adLen > 0) cipher.processAADBytes(ad, adOff, adLen);
    }

    @Override public String toString() { return "GcmSivAead[AES_128_GCM_SIV]"; }
}
