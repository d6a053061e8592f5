package net.ntsbox.appliance;

import java.security.SecureRandom;
import java.util.Arrays;
import net.ntsbox.server.AesCtrNonceSource;
import net.ntsbox.server.NonceSource;

/**
 * A per-thread nonce source: AES-128 in counter mode ({@link AesCtrNonceSource}, the generator
 * the FPGA implements) under a key and a starting counter drawn from the system CSPRNG, re-keyed
 * from it every {@value #RESEED_AFTER} nonces. Nonces are unique (a 128-bit counter never wraps
 * within one key) and unpredictable without the key. It replaced a per-thread SecureRandom
 * (the JDK's Hash_DRBG: SHA-256 and BigInteger arithmetic per call, ~12 % of the datapath
 * thread's CPU). Not thread-safe by design; nothing is allocated per call.
 */
public final class SecureNonceSource implements NonceSource {
    static final int RESEED_AFTER = 1 << 24;

    private final SecureRandom seeds = new SecureRandom();
    private AesCtrNonceSource ctr;
    private int left;

    public SecureNonceSource() {
        reseed();
    }

    private void reseed() {
        byte[] key = new byte[16];
        byte[] counter = new byte[16];
        seeds.nextBytes(key);
        seeds.nextBytes(counter);
        ctr = new AesCtrNonceSource(key, counter);
        Arrays.fill(key, (byte) 0);
        left = RESEED_AFTER;
    }

    @Override
    public void next(byte[] out, int off, int len) {
        if (--left < 0) reseed();
        ctr.next(out, off, len);
    }
}
