package net.ntsbox.appliance;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.server.DatapathCounters;
import net.ntsbox.server.ServingDatapath;
import net.ntsbox.server.StepCryptoMode;

/** Opens the appliance's datapath once the key ring and the header source exist. */
@FunctionalInterface
public interface DatapathFactory {
    ServingDatapath open(Context context) throws ApplianceStartException;

    /** What a datapath may use: the live ring, the header source, the host clock, the software counters. */
    record Context(Supplier<KeyRing> keys, ServerHeaderSource header, LongSupplier unixNanos, DatapathCounters counters) {}

    /** The Java server step with the AES-SIV chosen automatically (AES-NI, else nettle, else the JDK: the first that loads). */
    static DatapathFactory software() {
        return software(StepCryptoMode.AUTO);
    }

    /** The Java server step (what {@code ntsbox serve} runs) with its AES-SIV in {@code crypto} ({@code [ntp] crypto}). */
    static DatapathFactory software(StepCryptoMode crypto) {
        return c -> new SoftwareDatapath(c.keys(), c.header(), c.unixNanos(), c.counters(), crypto);
    }
}
