package net.ntsbox.appliance;

import net.ntsbox.server.DatapathCounters;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.MasterKey;
import net.ntsbox.ntp.NtpTimestamp;
import net.ntsbox.server.NonceSource;
import net.ntsbox.server.NtsServerStep;
import net.ntsbox.server.ServerHeader;
import net.ntsbox.server.StepCrypto;
import net.ntsbox.server.StepOutcome;
import net.ntsbox.server.udp.DatagramHandler;

/**
 * One datapath thread's handler: the {@link NtsServerStep} with the receive time from the
 * adapter and a transmit time read right before the step, this thread's nonce source, the
 * key ring and server header of the moment. Drops return {@code -(ordinal)} of the outcome.
 */
final class NtsDatagramHandler implements DatagramHandler {
    private final NtsServerStep step;
    private final NonceSource nonces;
    private final Supplier<KeyRing> keys;
    private final ServerHeaderSource header;
    private final LongSupplier clock;
    private final DatapathCounters counters;

    NtsDatagramHandler(Supplier<KeyRing> keys, ServerHeaderSource header, LongSupplier clock, NonceSource nonces,
            DatapathCounters counters, StepCrypto crypto) {
        this.step = new NtsServerStep(java.util.EnumSet.allOf(net.ntsbox.crypto.AeadAlgorithm.class), crypto);
        this.keys = keys;
        this.header = header;
        this.clock = clock;
        this.nonces = nonces;
        this.counters = counters;
    }

    @Override
    public int handle(byte[] in, int inLen, long rxUnixNanos, byte[] out) {
        KeyRing ring = keys.get();
        ServerHeader h = header.current();
        long rx = NtpTimestamp.fromUnixNanos(rxUnixNanos);
        long tx = NtpTimestamp.fromUnixNanos(clock.getAsLong());
        StepOutcome o = step.respond(in, 0, inLen, rx, tx, ring, nonces, h, out);
        counters.record(o, step.usedKey());
        return o.answers() ? step.responseLength() : -o.ordinal();
    }
}
