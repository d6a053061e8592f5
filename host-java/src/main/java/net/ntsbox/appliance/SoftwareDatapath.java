package net.ntsbox.appliance;

import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.server.DatapathCounters;
import net.ntsbox.server.ServerHeader;
import net.ntsbox.server.ServingDatapath;
import net.ntsbox.server.StepOutcome;
import net.ntsbox.server.udp.DatagramHandler;

/** The software datapath: the Java server step on every UDP thread, reading the ring and header live. */
final class SoftwareDatapath implements ServingDatapath {
    private final Supplier<KeyRing> keys;
    private final ServerHeaderSource header;
    private final LongSupplier clock;
    private final DatapathCounters counters;

    SoftwareDatapath(Supplier<KeyRing> keys, ServerHeaderSource header, LongSupplier clock, DatapathCounters counters) {
        this.keys = keys;
        this.header = header;
        this.clock = clock;
        this.counters = counters;
    }

    @Override public String kind() { return "software"; }
    @Override public void keyRingChanged(KeyRing ring) {}       // read live by the handlers
    @Override public void headerChanged(ServerHeader h) {}     // read live by the handlers

    @Override
    public DatagramHandler newHandler() {
        return new NtsDatagramHandler(keys, header, clock, new SecureNonceSource(), counters);
    }

    @Override public Map<StepOutcome, Long> outcomes() { return counters.snapshot(); }
    @Override public long keySlotUses(int slot) { return counters.slot(slot); }
    @Override public void close() {}
}
