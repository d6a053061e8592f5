package net.ntsbox.server;

import java.util.Locale;
import net.ntsbox.crypto.aesni.AesNiSiv;
import net.ntsbox.crypto.nettle.NettleAesSiv;

/**
 * {@code [ntp] crypto}: where the software datapath runs AES-SIV. {@code JAVA}: the JDK (the
 * golden model); {@code NATIVE}: GNU Nettle (libnettle.so.8) through the Foreign Function &amp;
 * Memory API, same bytes, less CPU; {@code AESNI}: our own AES-NI AES-SIV (libntssiv,
 * native/siv), same bytes, least CPU; {@code AUTO}: the first of aesni, native, java that loads.
 */
public enum StepCryptoMode {
    AUTO, JAVA, NATIVE, AESNI;

    /** True when the native (nettle) mode can run here (libnettle.so.8 found, native access granted). */
    public static boolean nativeAvailable() { return NettleAesSiv.available(); }

    /** Why native is unavailable (for the log), or null when it is available. */
    public static String nativeUnavailableReason() { return NettleAesSiv.unavailableReason(); }

    /** True when the aesni mode can run here (libntssiv found, native access, AES-NI and SSE4.1 in the CPU). */
    public static boolean aesniAvailable() { return AesNiSiv.available(); }

    /** Why aesni is unavailable (for the log), or null when it is available. */
    public static String aesniUnavailableReason() { return AesNiSiv.unavailableReason(); }

    /** JAVA, NATIVE or AESNI: what this mode runs on this JVM. */
    public StepCryptoMode resolve() {
        if (this != AUTO) return this;
        if (aesniAvailable()) return AESNI;
        return nativeAvailable() ? NATIVE : JAVA;
    }

    /**
     * A new per-thread crypto for the step.
     * @throws IllegalStateException for NATIVE or AESNI when its library is unavailable
     */
    public StepCrypto create() {
        return switch (resolve()) {
            case AESNI -> new AesNiStepCrypto();
            case NATIVE -> new NettleStepCrypto();
            default -> StepCrypto.java();
        };
    }

    /** What the resolved mode runs on, for logs: "AES-NI (libntssiv)", "GNU Nettle (native)" or "the JDK". */
    public String describe() {
        return switch (resolve()) {
            case AESNI -> "AES-NI (libntssiv)";
            case NATIVE -> "GNU Nettle (native)";
            default -> "the JDK";
        };
    }

    public String configName() { return name().toLowerCase(Locale.ROOT); }
}
