package net.ntsbox.time.pps;

/** The PPS device cannot be used: absent, not a PPS device, no permission, or no libc. */
public final class PpsUnavailableException extends Exception {
    public PpsUnavailableException(String message) {
        super(message);
    }
}
