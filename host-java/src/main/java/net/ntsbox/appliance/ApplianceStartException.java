package net.ntsbox.appliance;

/** The appliance cannot start: bad key files, unreadable certificate, a port in use. The message says which. */
public final class ApplianceStartException extends Exception {
    public ApplianceStartException(String message) { super(message); }

    public ApplianceStartException(String message, Throwable cause) { super(message, cause); }
}
