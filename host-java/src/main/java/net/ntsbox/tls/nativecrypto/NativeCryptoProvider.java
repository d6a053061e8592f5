package net.ntsbox.tls.nativecrypto;

import java.security.Key;
import java.security.Provider;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.XECPrivateKey;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * JCA provider "ntsbox-native": X25519 (KeyPairGenerator and KeyAgreement "XDH", alias "X25519")
 * by Nettle and P-256 ECDSA signing ("SHA256withECDSA" with a P-256 private key) by OpenSSL.
 * Each service declares which keys it takes ({@link Service#supportsParameter}), so with this
 * provider first the JCA's delayed provider selection gives it exactly those operations and
 * hands everything else (verification, X448, other curves) to the JDK's providers.
 */
public final class NativeCryptoProvider extends Provider {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "ntsbox-native";

    private final transient NativeCryptoCounters counters = new NativeCryptoCounters();

    NativeCryptoProvider(NettleX25519 x25519, OpenSslEcdsa ecdsa) {
        super(NAME, "1.0", "ntsbox: X25519 by " + (x25519 == null ? "-" : x25519.library()) + ", ECDSA P-256 signing by "
                + (ecdsa == null ? "-" : ecdsa.library()));
        if (x25519 != null) {
            putService(new Native(this, "KeyPairGenerator", "XDH", () -> new X25519KeyPairGenerator(x25519, counters), k -> true));
            putService(new Native(this, "KeyAgreement", "XDH", () -> new X25519KeyAgreement(x25519, counters),
                    k -> k instanceof XECPrivateKey x && X25519Codec.isX25519(x.getParams())));
        }
        if (ecdsa != null) {
            EcKeyCache cache = new EcKeyCache(ecdsa);
            putService(new Native(this, "Signature", "SHA256withECDSA", () -> new EcdsaP256Signature(ecdsa, cache, counters),
                    k -> k instanceof ECPrivateKey ec && P256.matches(ec.getParams())));
        }
    }

    /** What this provider has done since it was made. */
    public NativeCryptoCounters counters() {
        return counters;
    }

    /** A service that makes its engine without reflection and takes only the keys {@code takes} accepts. */
    private static final class Native extends Service {
        private final Supplier<Object> engine;
        private final Predicate<Key> takes;

        Native(Provider p, String type, String algorithm, Supplier<Object> engine, Predicate<Key> takes) {
            super(p, type, algorithm, Native.class.getName() + "$" + algorithm,
                    algorithm.equals("XDH") ? List.of("X25519") : List.of(), Map.of());
            this.engine = engine;
            this.takes = takes;
        }

        @Override
        public Object newInstance(Object constructorParameter) {
            return engine.get();
        }

        @Override
        public boolean supportsParameter(Object parameter) {
            return parameter instanceof Key k && takes.test(k);
        }
    }
}
