package net.ntsbox.server;

/**
 * Where the server step takes its nonces (cookie nonces, response authenticator nonces).
 * Production passes a CSPRNG; the reference-model comparison with the RTL passes a seeded
 * deterministic generator so that both produce the same bytes.
 */
@FunctionalInterface
public interface NonceSource {
    /** Fills {@code out[off, off+len)} with fresh nonce bytes. */
    void next(byte[] out, int off, int len);
}
