package net.ntsbox.server;

import java.util.Arrays;
import net.ntsbox.cookie.CookieCodec;
import net.ntsbox.crypto.Aead;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.crypto.Aeads;
import net.ntsbox.crypto.aesni.AesNiSessionSiv;
import net.ntsbox.crypto.aesni.AesNiSiv;
import net.ntsbox.keys.MasterKey;

/**
 * The step's AES-SIV on AES-NI (libntssiv, {@code [ntp] crypto = "aesni"}): the session keys
 * (C2S, S2C) each serve one call, so they are passed raw and expanded inside that call
 * ({@link AesNiSessionSiv}; the copies are wiped at {@link #endRequest}); the cookie SIV of the
 * last few master keys stays expanded in native memory ({@link AesNiSiv}), as in
 * {@link NettleStepCrypto}. GCM-SIV sessions stay on the Java AEAD. Output is byte for byte
 * that of {@link JavaStepCrypto}.
 */
final class AesNiStepCrypto implements StepCrypto {
    private final AesNiSessionSiv[] sessions256 = new AesNiSessionSiv[2];
    private final AesNiSessionSiv[] sessions512 = new AesNiSessionSiv[2];
    private int used256, used512;
    private final CookieSivCache<AesNiSiv> cookieSivs = new CookieSivCache<>(
            k -> new AesNiSiv(AeadAlgorithm.AES_SIV_CMAC_256, k), AesNiSiv::rekey);
    /** C2S ‖ S2C of the cookies being sealed (the longest session keys: 2 × 64); zeroed after each use. */
    private final byte[] cookiePlain = new byte[2 * AeadAlgorithm.AES_SIV_CMAC_512.keyLength()];
    private static final byte[] EMPTY = new byte[0];

    /** @throws IllegalStateException when libntssiv or AES-NI is not available */
    AesNiStepCrypto() {
        if (!AesNiSiv.available()) {
            throw new IllegalStateException("AES-NI AES-SIV unavailable: " + AesNiSiv.unavailableReason());
        }
        for (int i = 0; i < 2; i++) {
            sessions256[i] = new AesNiSessionSiv(AeadAlgorithm.AES_SIV_CMAC_256);
            sessions512[i] = new AesNiSessionSiv(AeadAlgorithm.AES_SIV_CMAC_512);
        }
    }

    /**
     * The step asks for C2S, then S2C, of one request; each is bound to its own instance (two
     * slots per algorithm, alternating) so a later call does not rebind an Aead still in use.
     */
    @Override
    public Aead session(AeadAlgorithm alg, byte[] key) {
        switch (alg) {
            case AES_SIV_CMAC_256 -> {
                AesNiSessionSiv s = sessions256[used256 & 1];
                used256++;
                s.rekey(key);
                return s;
            }
            case AES_SIV_CMAC_512 -> {
                AesNiSessionSiv s = sessions512[used512 & 1];
                used512++;
                s.rekey(key);
                return s;
            }
            default -> { return Aeads.create(alg, key); }
        }
    }

    @Override
    public Aead cookie(MasterKey key) {
        return cookieSivs.get(key);
    }

    @Override public boolean sealsCookiesTogether() { return true; }

    /** All of a response's cookies in one native call ({@link AesNiSiv#sealMany}): their chains interleave. */
    @Override
    public void sealCookies(MasterKey key, byte[] c2s, byte[] s2c, int count, byte[] out, int off, int stride) {
        int kl = c2s.length;
        if (s2c.length != kl || 2 * kl > cookiePlain.length) throw new IllegalArgumentException("bad session key lengths");
        AesNiSiv siv = cookieSivs.get(key);
        System.arraycopy(c2s, 0, cookiePlain, 0, kl);
        System.arraycopy(s2c, 0, cookiePlain, kl, kl);
        try {
            siv.sealMany(count, EMPTY, 0, 0, out, off + CookieCodec.KEY_ID_LENGTH, CookieCodec.NONCE_LENGTH,
                    off + CookieCodec.HEADER_LENGTH, stride, cookiePlain, 0, 2 * kl);
        } finally {
            Arrays.fill(cookiePlain, 0, 2 * kl, (byte) 0);
        }
    }

    @Override
    public void endRequest() {
        if (used256 != 0) { sessions256[0].wipe(); sessions256[1].wipe(); used256 = 0; }
        if (used512 != 0) { sessions512[0].wipe(); sessions512[1].wipe(); used512 = 0; }
    }

    @Override public String name() { return "aesni"; }
}
