package net.ntsbox.server.ke;

/** The KE server could not start (bind failure, timeout). */
public final class KeServerException extends Exception {
    public KeServerException(String message) {
        super(message);
    }

    public KeServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
