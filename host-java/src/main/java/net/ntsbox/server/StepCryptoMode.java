package net.ntsbox.server;

import java.util.Locale;
import net.ntsbox.crypto.nettle.NettleAesSiv;

/**
 * {@code [ntp] crypto}: where the software datapath runs AES-SIV. {@code JAVA}: the JDK (the
 * golden model); {@code NATIVE}: GNU Nettle (libnettle.so.8) through the Foreign Function &amp;
 * Memory API, same bytes, less CPU; {@code AUTO}: native where the library loads, else Java.
 */
public enum StepCryptoMode {
    AUTO, JAVA, NATIVE;

    /** True when the native mode can run here (libnettle.so.8 found, native access granted). */
    public static boolean nativeAvailable() { return NettleAesSiv.available(); }

    /** Why native is unavailable (for the log), or null when it is available. */
    public static String nativeUnavailableReason() { return NettleAesSiv.unavailableReason(); }

    /** JAVA or NATIVE: what this mode runs on this JVM. */
    public StepCryptoMode resolve() {
        if (this != AUTO) return this;
        return nativeAvailable() ? NATIVE : JAVA;
    }

    /**
     * A new per-thread crypto for the step.
     * @throws IllegalStateException for NATIVE when nettle is unavailable
     */
    public StepCrypto create() {
        return resolve() == NATIVE ? new NettleStepCrypto() : StepCrypto.java();
    }

    public String configName() { return name().toLowerCase(Locale.ROOT); }
}
