package net.ntsbox.time.service;

/** The time service cannot start as configured; the message says what is missing. */
public final class TimeServiceException extends Exception {
    public TimeServiceException(String message) {
        super(message);
    }

    public TimeServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
