package net.ntsbox.server;

import net.ntsbox.crypto.Aead;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.keys.MasterKey;

/**
 * Where the server step's AES-SIV runs: the per-request session AEAD (C2S to check the request,
 * S2C to seal the response) and the master key's cookie SIV (S2V [empty AD, nonce]). The Java
 * implementation ({@link JavaStepCrypto}) is the golden model; {@link NettleStepCrypto} runs the
 * same operations in GNU Nettle and gives the same bytes. Like the step: one instance per thread.
 */
public interface StepCrypto {

    /** An AEAD for {@code alg} keyed with {@code key}, valid until the next call for {@code alg} or {@link #endRequest}. */
    Aead session(AeadAlgorithm alg, byte[] key);

    /** An AEAD under {@code key}'s cookie key (AES-SIV-CMAC-256), valid until the next call of this method. */
    Aead cookie(MasterKey key);

    /** Called once a request's session keys are no longer needed: implementations may wipe them. */
    void endRequest();

    /** "java", "native" (nettle) or "aesni" (for logs and metrics; never key material). */
    String name();

    /** The Java AES-SIV (JDK AES), everywhere available. */
    static StepCrypto java() { return new JavaStepCrypto(); }
}
