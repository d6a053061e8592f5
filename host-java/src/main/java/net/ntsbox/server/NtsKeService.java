package net.ntsbox.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.ntsbox.cookie.CookieCodec;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.ke.KeDecision;
import net.ntsbox.ke.KeExchange;
import net.ntsbox.ke.KeNegotiation;
import net.ntsbox.ke.KeOutcome;
import net.ntsbox.ke.KeReply;
import net.ntsbox.ke.KeResponses;
import net.ntsbox.ke.KeServerPolicy;
import net.ntsbox.ke.KeyExporter;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.MasterKey;

/**
 * The NTS-KE server core (RFC 8915 §4): negotiation, key export and cookie minting, as the
 * {@link KeExchange} the TLS adapter calls. Pure apart from the exporter and the nonce
 * source it is handed; the key ring is read, never advanced, here.
 */
public final class NtsKeService implements KeExchange {

    private final KeServerPolicy policy;
    private final KeyRing keys;
    private final NonceSource nonces;

    /**
     * @param policy what to offer; its AEAD list must contain only AEADs the active datapath
     *               serves (the FPGA serves 15 only)
     */
    public NtsKeService(KeServerPolicy policy, KeyRing keys, NonceSource nonces) {
        for (int id : policy.aeads()) {
            if (AeadAlgorithm.byId(id).isEmpty()) {
                throw new IllegalArgumentException("no cookie format for AEAD " + id);
            }
        }
        this.policy = policy;
        this.keys = keys;
        this.nonces = nonces;
    }

    public KeServerPolicy policy() { return policy; }

    @Override
    public Optional<KeReply> tryRespond(byte[] receivedSoFar, KeyExporter exporter) {
        Optional<KeDecision> decided = KeNegotiation.decide(receivedSoFar, receivedSoFar.length, policy);
        if (decided.isEmpty()) return Optional.empty();
        KeDecision d = decided.get();
        if (!(d instanceof KeDecision.Accept a)) {
            return Optional.of(new KeReply(KeResponses.forDecision(d, List.of()), d.outcome(), 0));
        }
        AeadAlgorithm alg = AeadAlgorithm.byId(a.aead()).orElseThrow(); // negotiation picks from policy.aeads()
        byte[] c2s = exporter.export(a.exporterContext(false), alg.keyLength());
        byte[] s2c = exporter.export(a.exporterContext(true), alg.keyLength());
        try {
            MasterKey mint = keys.current();
            byte[] nonce = new byte[CookieCodec.NONCE_LENGTH];
            List<byte[]> cookies = new ArrayList<>(a.cookieCount());
            for (int i = 0; i < a.cookieCount(); i++) {
                nonces.next(nonce, 0, nonce.length);
                cookies.add(CookieCodec.mint(mint, alg, c2s, s2c, nonce));
            }
            return Optional.of(new KeReply(KeResponses.accept(a, cookies), KeOutcome.OK, cookies.size()));
        } finally {
            Arrays.fill(c2s, (byte) 0);
            Arrays.fill(s2c, (byte) 0);
        }
    }
}
