package net.ntsbox.appliance;

import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.server.DatapathCounters;
import net.ntsbox.server.ServerHeader;
import net.ntsbox.server.ServingDatapath;
import net.ntsbox.server.StepCryptoMode;
import net.ntsbox.server.StepOutcome;
import net.ntsbox.server.udp.DatagramHandler;

/** The software datapath: the Java server step on every UDP thread, reading the ring and header live. */
final class SoftwareDatapath implements ServingDatapath {
    private final Supplier<KeyRing> keys;
    private final ServerHeaderSource header;
    private final LongSupplier clock;
    private final DatapathCounters counters;
    private final StepCryptoMode crypto;

    /**
     * @throws ApplianceStartException for {@code crypto} NATIVE when nettle cannot be loaded, AESNI when libntssiv cannot
     *         (AUTO falls back to the JDK, with a log line saying why)
     */
    SoftwareDatapath(Supplier<KeyRing> keys, ServerHeaderSource header, LongSupplier clock, DatapathCounters counters,
            StepCryptoMode crypto) throws ApplianceStartException {
        this.keys = keys;
        this.header = header;
        this.clock = clock;
        this.counters = counters;
        if (crypto == StepCryptoMode.NATIVE && !StepCryptoMode.nativeAvailable()) {
            throw new ApplianceStartException("ntp.crypto = \"native\" but nettle is unavailable: "
                    + StepCryptoMode.nativeUnavailableReason());
        }
        if (crypto == StepCryptoMode.AESNI && !StepCryptoMode.aesniAvailable()) {
            throw new ApplianceStartException("ntp.crypto = \"aesni\" but libntssiv (AES-NI) is unavailable: "
                    + StepCryptoMode.aesniUnavailableReason());
        }
        this.crypto = crypto.resolve();
        if (crypto == StepCryptoMode.AUTO && this.crypto != StepCryptoMode.AESNI) {
            LOG.log(System.Logger.Level.INFO, "AES-SIV on " + this.crypto.describe() + " (ntp.crypto = auto): AES-NI unavailable: "
                    + StepCryptoMode.aesniUnavailableReason()
                    + (this.crypto == StepCryptoMode.JAVA ? "; nettle unavailable: " + StepCryptoMode.nativeUnavailableReason() : ""));
        } else {
            LOG.log(System.Logger.Level.INFO, "AES-SIV on " + this.crypto.describe() + " (ntp.crypto = " + crypto.configName() + ")");
        }
    }

    private static final System.Logger LOG = System.getLogger(SoftwareDatapath.class.getName());

    /** JAVA, NATIVE or AESNI: what every handler's step runs on. */
    StepCryptoMode crypto() { return crypto; }

    @Override public String kind() { return "software"; }
    @Override public void keyRingChanged(KeyRing ring) {}       // read live by the handlers
    @Override public void headerChanged(ServerHeader h) {}     // read live by the handlers

    @Override
    public DatagramHandler newHandler() {
        return new NtsDatagramHandler(keys, header, clock, new SecureNonceSource(), counters, crypto.create());
    }

    @Override public Map<StepOutcome, Long> outcomes() { return counters.snapshot(); }
    @Override public long keySlotUses(int slot) { return counters.slot(slot); }
    @Override public void close() {}
}
