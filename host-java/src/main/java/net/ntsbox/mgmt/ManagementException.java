package net.ntsbox.mgmt;

/** The management API cannot start: bad configuration, unreadable token, bind failure. */
public final class ManagementException extends Exception {
    public ManagementException(String message) {
        super(message);
    }

    public ManagementException(String message, Throwable cause) {
        super(message, cause);
    }
}
