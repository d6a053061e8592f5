package net.ntsbox.appliance;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import net.ntsbox.server.NonceSource;

/**
 * A per-thread CSPRNG nonce source: its own DRBG instance (SecureRandom locks per instance, so
 * one per thread means no contention), and one scratch array per requested length so the
 * hot path allocates nothing after warm-up. Not thread-safe by design.
 */
public final class SecureNonceSource implements NonceSource {
    private final SecureRandom random;
    private final byte[][] byLength = new byte[65][];

    public SecureNonceSource() {
        SecureRandom r;
        try {
            r = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            r = new SecureRandom();
        }
        this.random = r;
    }

    @Override
    public void next(byte[] out, int off, int len) {
        if (off == 0 && len == out.length) {
            random.nextBytes(out);
            return;
        }
        byte[] b = len < byLength.length ? byLength[len] : null;
        if (b == null) {
            b = new byte[len];
            if (len < byLength.length) byLength[len] = b;
        }
        random.nextBytes(b);
        System.arraycopy(b, 0, out, off, len);
    }
}
