package net.ntsbox.tls;

/** A certificate or private key file that cannot be used; the message names the file, never key bytes. */
public final class KeyMaterialException extends Exception {
    public KeyMaterialException(String message) {
        super(message);
    }

    public KeyMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
