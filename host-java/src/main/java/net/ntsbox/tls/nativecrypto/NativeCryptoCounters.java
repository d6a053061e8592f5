package net.ntsbox.tls.nativecrypto;

import java.util.concurrent.atomic.LongAdder;

/** Operations the native provider has done (for tests and metrics: proof that it is in use). */
public final class NativeCryptoCounters {
    final LongAdder x25519KeyPairs = new LongAdder();
    final LongAdder x25519Agreements = new LongAdder();
    final LongAdder ecdsaSignatures = new LongAdder();

    public long x25519KeyPairs() {
        return x25519KeyPairs.sum();
    }

    public long x25519Agreements() {
        return x25519Agreements.sum();
    }

    public long ecdsaSignatures() {
        return ecdsaSignatures.sum();
    }

    @Override
    public String toString() {
        return "x25519 key pairs " + x25519KeyPairs() + ", agreements " + x25519Agreements() + ", ECDSA P-256 signatures "
                + ecdsaSignatures();
    }
}
