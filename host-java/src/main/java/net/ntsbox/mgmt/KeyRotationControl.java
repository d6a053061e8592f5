package net.ntsbox.mgmt;

/**
 * Implemented by the key-management wiring: rotate the cookie master keys now (advance the
 * ring, persist it, load the new key into the datapath). Called on a worker thread, never on
 * the event loop, one call at a time.
 */
@FunctionalInterface
public interface KeyRotationControl {
    /** The state after a rotation. */
    record Result(String currentKeyId, long currentPeriod) {}

    /**
     * @throws IllegalStateException when rotation is refused now (the message is shown to the
     *                               caller as a 409 and must hold no key material)
     */
    Result rotateNow();
}
