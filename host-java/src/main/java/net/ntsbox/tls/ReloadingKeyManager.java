package net.ntsbox.tls;

import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * A server key manager whose certificate and key can be replaced while the TLS server runs:
 * each new handshake asks the key material installed at that moment; connections already
 * open keep the session they negotiated.
 *
 * <p>Aliases carry the generation ("g7:0.0.server"), because the JDK asks for the alias first
 * and the chain and key in separate calls: a swap in between must not pair certificate B with
 * key A. The previous generation stays resolvable, so a handshake that chose its alias just
 * before a swap still completes with the old pair.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final Provider PROVIDER = new Provider("ntsbox-reloading", "1", "ntsbox reloading key manager") {};

    /**
     * One certificate/key pair. The JDK key manager behind it reads its PKCS#12 store on every
     * getPrivateKey/getCertificateChain (a PBKDF2 key derivation each: milliseconds of CPU per
     * handshake), so the answers are kept per alias for the generation's lifetime.
     */
    private record Generation(long number, PemKeyMaterial material, X509KeyManager keys,
                              java.util.concurrent.ConcurrentHashMap<String, java.security.PrivateKey> privateKeys,
                              java.util.concurrent.ConcurrentHashMap<String, X509Certificate[]> chains,
                              java.util.concurrent.ConcurrentHashMap<String, String> serverAliases) {
        Generation(long number, PemKeyMaterial material, X509KeyManager keys) {
            this(number, material, keys, new java.util.concurrent.ConcurrentHashMap<>(),
                    new java.util.concurrent.ConcurrentHashMap<>(), new java.util.concurrent.ConcurrentHashMap<>());
        }

        String prefix() {
            return "g" + number + ":";
        }

        java.security.PrivateKey privateKey(String alias) {
            java.security.PrivateKey k = privateKeys.get(entry(alias));
            if (k == null) {
                k = keys.getPrivateKey(alias);
                if (k != null) privateKeys.put(entry(alias), k);
            }
            return k;
        }

        X509Certificate[] chain(String alias) {
            X509Certificate[] c = chains.get(entry(alias));
            if (c == null) {
                c = keys.getCertificateChain(alias);
                if (c != null) chains.put(entry(alias), c);
            }
            return c == null ? null : c.clone();
        }

        /**
         * The key store entry an alias names: NewSunX509 hands out "counter.builder.entry",
         * a fresh counter on every choice, so the counter is not part of the cache key.
         */
        private static String entry(String alias) {
            int dot = alias.indexOf('.');
            for (int i = 0; i < dot; i++) {
                if (alias.charAt(i) < '0' || alias.charAt(i) > '9') return alias;
            }
            return dot > 0 ? alias.substring(dot + 1) : alias;
        }

        /** Never shows the keys. */
        @Override
        public String toString() {
            return "Generation[" + number + "]";
        }
    }

    private final AtomicReference<Generation> current;
    private volatile Generation previous;

    public ReloadingKeyManager(PemKeyMaterial initial) {
        current = new AtomicReference<>(new Generation(1, initial, initial.keyManager()));
    }

    /** Makes {@code next} the pair for new handshakes; returns its generation number. */
    public long install(PemKeyMaterial next) {
        while (true) {
            Generation old = current.get();
            Generation g = new Generation(old.number() + 1, next, next.keyManager());
            if (current.compareAndSet(old, g)) {
                previous = old;
                return g.number();
            }
        }
    }

    /** The pair new handshakes get. */
    public PemKeyMaterial current() {
        return current.get().material();
    }

    /** 1 for the initial pair, incremented by each {@link #install}. */
    public long generation() {
        return current.get().number();
    }

    /**
     * A factory whose only key manager is this one, for APIs that take a factory (Netty's
     * {@code SslContextBuilder.forServer}, {@code KeTlsServer.start}, Vert.x key options).
     */
    public KeyManagerFactory keyManagerFactory() {
        return new SingleManagerFactory(this);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        Generation g = current.get();
        return prefixed(g, g.keys().chooseServerAlias(keyType, issuers, socket));
    }

    /**
     * The JDK key manager's choice, remembered per key type for the generation's lifetime when the
     * client names no issuers (NTS-KE clients never do): the choice re-checks the one chain's
     * dates, key usage and signature algorithms against the client's on every handshake (~2 % of a
     * handshake's CPU) and gives the same answer. Only found aliases are kept, so a client that
     * cannot take the chain does not decide for later clients; such a client now gets the chain
     * and refuses it itself, as it would any chain it cannot verify. Certificate renewal makes a
     * new generation, so a replaced or expired chain is never served from here.
     */
    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Generation g = current.get();
        boolean cacheable = keyType != null && (issuers == null || issuers.length == 0);
        String alias = cacheable ? g.serverAliases().get(keyType) : null;
        if (alias == null) {
            alias = g.keys() instanceof X509ExtendedKeyManager x
                    ? x.chooseEngineServerAlias(keyType, issuers, engine)
                    : g.keys().chooseServerAlias(keyType, issuers, null);
            if (cacheable && alias != null) g.serverAliases().put(keyType, alias);
        }
        return prefixed(g, alias);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        Generation g = current.get();
        String[] aliases = g.keys().getServerAliases(keyType, issuers);
        if (aliases == null) {
            return null;
        }
        String[] out = new String[aliases.length];
        for (int i = 0; i < aliases.length; i++) {
            out[i] = g.prefix() + aliases[i];
        }
        return out;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Generation g = resolve(alias);
        return g == null ? null : g.chain(alias.substring(g.prefix().length()));
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Generation g = resolve(alias);
        return g == null ? null : g.privateKey(alias.substring(g.prefix().length()));
    }

    /** Server only: no client certificate is ever offered. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    @Override
    public String toString() {
        return "ReloadingKeyManager[generation " + generation() + ", " + current() + "]";
    }

    private static String prefixed(Generation g, String alias) {
        return alias == null ? null : g.prefix() + alias;
    }

    private Generation resolve(String alias) {
        if (alias == null) {
            return null;
        }
        Generation c = current.get();
        if (alias.startsWith(c.prefix())) {
            return c;
        }
        Generation p = previous;
        return p != null && alias.startsWith(p.prefix()) ? p : null;
    }

    /** The standard KeyManagerFactory shell around one fixed key manager. */
    private static final class SingleManagerFactory extends KeyManagerFactory {
        SingleManagerFactory(KeyManager keyManager) {
            super(new Spi(keyManager), PROVIDER, "ntsbox-reloading");
        }
    }

    private static final class Spi extends KeyManagerFactorySpi {
        private final KeyManager keyManager;

        Spi(KeyManager keyManager) {
            this.keyManager = keyManager;
        }

        @Override
        protected void engineInit(KeyStore ks, char[] password) {
            // already initialised: the key material is the reloading key manager's
        }

        @Override
        protected void engineInit(ManagerFactoryParameters spec) {
            // same
        }

        @Override
        protected KeyManager[] engineGetKeyManagers() {
            return new KeyManager[] {keyManager};
        }
    }
}
