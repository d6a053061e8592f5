package net.ntsbox.server;

import net.ntsbox.crypto.Aead;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.crypto.Aeads;
import net.ntsbox.crypto.nettle.NettleAesSiv;
import net.ntsbox.keys.MasterKey;

/**
 * The step's AES-SIV in GNU Nettle ({@link NettleAesSiv}): session keys expanded natively per
 * request and wiped after it ({@link #endRequest}); the cookie SIV of the last few master keys
 * kept expanded (rotation is rare: a key is expanded once per thread, not per request). GCM-SIV
 * sessions stay on the Java AEAD. Output is byte for byte that of {@link JavaStepCrypto}.
 */
final class NettleStepCrypto implements StepCrypto {
    private NettleAesSiv siv256;
    private NettleAesSiv siv512;
    private boolean used256, used512;
    private final CookieSivCache<NettleAesSiv> cookieSivs = new CookieSivCache<>(
            k -> new NettleAesSiv(AeadAlgorithm.AES_SIV_CMAC_256, k), NettleAesSiv::rekey);

    /** @throws IllegalStateException when nettle is not available */
    NettleStepCrypto() {
        if (!NettleAesSiv.available()) {
            throw new IllegalStateException("nettle AES-SIV unavailable: " + NettleAesSiv.unavailableReason());
        }
    }

    @Override
    public Aead session(AeadAlgorithm alg, byte[] key) {
        switch (alg) {
            case AES_SIV_CMAC_256 -> {
                if (siv256 == null) siv256 = new NettleAesSiv(alg, key); else siv256.rekey(key);
                used256 = true;
                return siv256;
            }
            case AES_SIV_CMAC_512 -> {
                if (siv512 == null) siv512 = new NettleAesSiv(alg, key); else siv512.rekey(key);
                used512 = true;
                return siv512;
            }
            default -> { return Aeads.create(alg, key); }
        }
    }

    @Override
    public Aead cookie(MasterKey key) {
        return cookieSivs.get(key);
    }

    @Override
    public void endRequest() {
        if (used256) { siv256.wipe(); used256 = false; }
        if (used512) { siv512.wipe(); used512 = false; }
    }

    @Override public String name() { return "native"; }
}
