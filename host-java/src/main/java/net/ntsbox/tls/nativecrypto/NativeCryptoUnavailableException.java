package net.ntsbox.tls.nativecrypto;

/** {@code nts_ke.crypto = "native"} was asked for and the native libraries are missing or failed their self-test. */
public final class NativeCryptoUnavailableException extends Exception {
    public NativeCryptoUnavailableException(String message) {
        super(message);
    }
}
