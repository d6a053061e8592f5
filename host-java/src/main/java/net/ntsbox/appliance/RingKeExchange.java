package net.ntsbox.appliance;

import java.util.Optional;
import java.util.function.Supplier;
import net.ntsbox.ke.KeExchange;
import net.ntsbox.ke.KeReply;
import net.ntsbox.ke.KeServerPolicy;
import net.ntsbox.ke.KeyExporter;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.server.NonceSource;
import net.ntsbox.server.NtsKeService;

/**
 * The NTS-KE exchange over whatever ring is live: {@link NtsKeService} is bound to one ring,
 * and a rotation publishes a new ring object, so the service is rebuilt when the ring changes.
 * Called on several event loops at once: the nonce source is per thread.
 */
final class RingKeExchange implements KeExchange {
    private record Bound(KeyRing ring, NtsKeService service) {}

    private final KeServerPolicy policy;
    private final Supplier<KeyRing> keys;
    private final NonceSource nonces;
    private volatile Bound bound;

    RingKeExchange(KeServerPolicy policy, Supplier<KeyRing> keys) {
        this.policy = policy;
        this.keys = keys;
        ThreadLocal<SecureNonceSource> perThread = ThreadLocal.withInitial(SecureNonceSource::new);
        this.nonces = (out, off, len) -> perThread.get().next(out, off, len);
        KeyRing r = keys.get();
        this.bound = new Bound(r, new NtsKeService(policy, r, nonces));
    }

    KeServerPolicy policy() { return policy; }

    @Override
    public Optional<KeReply> tryRespond(byte[] receivedSoFar, KeyExporter exporter) {
        KeyRing r = keys.get();
        Bound b = bound;
        if (b.ring() != r) {
            b = new Bound(r, new NtsKeService(policy, r, nonces));
            bound = b;
        }
        return b.service().tryRespond(receivedSoFar, exporter);
    }
}
