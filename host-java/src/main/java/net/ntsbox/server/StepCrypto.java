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

    /** True when {@link #sealCookies} mints several cookies in one call (the step then lays them out itself). */
    default boolean sealsCookiesTogether() { return false; }

    /**
     * Seals {@code count} cookies under {@code key}'s cookie SIV in one call, laid out by the step
     * at {@code out[off + i * stride]} as {@link net.ntsbox.cookie.CookieCodec} lays one out (key ID,
     * nonce already written; the sealed C2S ‖ S2C after them): the same bytes as one
     * {@code CookieCodec.mintInto} per cookie. Only when {@link #sealsCookiesTogether()}.
     */
    default void sealCookies(MasterKey key, byte[] c2s, byte[] s2c, int count, byte[] out, int off, int stride) {
        throw new UnsupportedOperationException(name() + " seals cookies one by one");
    }

    /** Called once a request's session keys are no longer needed: implementations may wipe them. */
    void endRequest();

    /** "java", "native" (nettle) or "aesni" (for logs and metrics; never key material). */
    String name();

    /** The Java AES-SIV (JDK AES), everywhere available. */
    static StepCrypto java() { return new JavaStepCrypto(); }
}
