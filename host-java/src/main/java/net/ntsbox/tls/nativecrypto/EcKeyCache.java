package net.ntsbox.tls.nativecrypto;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.security.InvalidKeyException;
import java.security.interfaces.ECPrivateKey;
import java.math.BigInteger;

/**
 * The native OpenSSL key of each Java P-256 private key, made on first use and freed (cleared)
 * by a Cleaner once the Java key is unreachable. A server signs with one key per certificate
 * generation (the key manager keeps the object), so a few entries compared by identity are
 * enough; a key that falls out gets a new native key and its own cleaner.
 */
final class EcKeyCache {
    private static final Cleaner CLEANER = Cleaner.create(Thread.ofPlatform().daemon(true).name("ntsbox-native-keys").factory());
    private static final int SLOTS = 4;

    private record Entry(WeakReference<ECPrivateKey> key, long handle) {}

    private final OpenSslEcdsa openssl;
    private final Entry[] slots = new Entry[SLOTS];
    private int next;

    EcKeyCache(OpenSslEcdsa openssl) {
        this.openssl = openssl;
    }

    /** The native key for {@code key}; valid while {@code key} is reachable. */
    long handleFor(ECPrivateKey key) throws InvalidKeyException {
        synchronized (slots) {
            for (Entry e : slots) {
                if (e != null && e.key().get() == key) return e.handle();
            }
        }
        BigInteger s = key.getS(); // null for keys that do not show their scalar (tokens): the JDK path takes them
        if (s == null || s.signum() <= 0 || s.compareTo(key.getParams().getOrder()) >= 0) {
            throw new InvalidKeyException("P-256 private scalar out of range");
        }
        long handle;
        try {
            handle = openssl.newPrivateKey(s);
        } catch (IllegalStateException e) {
            throw new InvalidKeyException(e.getMessage());
        }
        CLEANER.register(key, () -> openssl.free(handle));
        synchronized (slots) {
            slots[next] = new Entry(new WeakReference<>(key), handle);
            next = (next + 1) % SLOTS;
        }
        return handle;
    }
}
