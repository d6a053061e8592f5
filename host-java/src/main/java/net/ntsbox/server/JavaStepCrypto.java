package net.ntsbox.server;

import net.ntsbox.crypto.Aead;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.crypto.RegionAead;
import net.ntsbox.crypto.Aeads;
import net.ntsbox.crypto.AesSiv;
import net.ntsbox.crypto.AesSivAead;
import net.ntsbox.keys.MasterKey;

/**
 * The golden model's crypto: session AES-SIV instances rekeyed per request (a fresh JDK Cipher
 * per request costs more than the crypto), the master key's per-thread {@link AesSiv}.
 */
final class JavaStepCrypto implements StepCrypto {
    private AesSivAead siv256;
    private AesSivAead siv512;
    private final CookieSivView cookie = new CookieSivView();

    @Override
    public Aead session(AeadAlgorithm alg, byte[] key) {
        switch (alg) {
            case AES_SIV_CMAC_256 -> {
                if (siv256 == null) siv256 = new AesSivAead(alg, key); else siv256.rekey(key);
                return siv256;
            }
            case AES_SIV_CMAC_512 -> {
                if (siv512 == null) siv512 = new AesSivAead(alg, key); else siv512.rekey(key);
                return siv512;
            }
            default -> { return Aeads.create(alg, key); }
        }
    }

    @Override
    public Aead cookie(MasterKey key) {
        cookie.siv = key.cookieSiv();
        return cookie;
    }

    @Override public void endRequest() {} // JDK Ciphers hold their key schedule; nothing reachable to wipe

    @Override public String name() { return "java"; }

    /** The [AD, nonce] calls of one master key's AesSiv as an Aead, without allocating per request. */
    private static final class CookieSivView extends RegionAead {
        AesSiv siv;

        @Override public AeadAlgorithm algorithm() { return AeadAlgorithm.AES_SIV_CMAC_256; }

        @Override
        public int sealInto(byte[] nonce, int nonceOff, int nonceLen, byte[] ad, int adOff, int adLen,
                            byte[] pt, int ptOff, int ptLen, byte[] out, int outOff) {
            return siv.seal(ad, adOff, adLen, nonce, nonceOff, nonceLen, pt, ptOff, ptLen, out, outOff);
        }

        @Override
        public int openInto(byte[] nonce, int nonceOff, int nonceLen, byte[] ad, int adOff, int adLen,
                            byte[] ct, int ctOff, int ctLen, byte[] out, int outOff) {
            return siv.open(ad, adOff, adLen, nonce, nonceOff, nonceLen, ct, ctOff, ctLen, out, outOff);
        }

        @Override public String toString() { return "CookieSivView"; }
    }
}
