package net.ntsbox.server;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The nonce generator the FPGA implements, so the RTL and this model draw the same nonces:
 * block i = AES-128(key, counter + i) with a 128-bit big-endian counter; each call to
 * {@link #next} takes the next ceil(len/16) blocks and uses their first {@code len} bytes.
 * The host seeds key and counter from its CSPRNG at start (and re-seeds at will); in test
 * mode both come from registers so responses are reproducible. Not thread-safe.
 */
public final class AesCtrNonceSource implements NonceSource {
    private final Cipher aes;
    private final byte[] counter;
    private final byte[] block = new byte[16];

    public AesCtrNonceSource(byte[] key16, byte[] counter16) {
        if (key16.length != 16 || counter16.length != 16) {
            throw new IllegalArgumentException("nonce generator takes a 16-byte key and a 16-byte counter");
        }
        counter = counter16.clone();
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key16, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK AES unavailable", e);
        }
    }

    @Override
    public void next(byte[] out, int off, int len) {
        for (int done = 0; done < len; done += 16) {
            try {
                aes.doFinal(counter, 0, 16, block, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            increment();
            System.arraycopy(block, 0, out, off + done, Math.min(16, len - done));
        }
        Arrays.fill(block, (byte) 0);
    }

    private void increment() {
        for (int i = 15; i >= 0; i--) {
            if (++counter[i] != 0) return;
        }
    }
}
