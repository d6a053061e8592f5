package net.ntsbox.cookie;

import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.keys.MasterKey;

/** What opening a cookie gave: the session keys, or a named reason to send an NTS NAK. */
public sealed interface CookieOpenResult {

    /** The cookie opened: session AEAD (implied by the length), its C2S and S2C keys, and the master key used. */
    record Opened(AeadAlgorithm session, byte[] c2s, byte[] s2c, MasterKey key) implements CookieOpenResult {
        @Override public String toString() { return "Opened[" + session + ", " + key + "]"; }
    }

    /** The cookie did not open. One shared instance per reason: no allocation on the reject path. */
    record Rejected(Reason reason) implements CookieOpenResult {
        static final Rejected BAD_LENGTH = new Rejected(Reason.BAD_LENGTH);
        static final Rejected UNKNOWN_KEY = new Rejected(Reason.UNKNOWN_KEY);
        static final Rejected BAD_TAG = new Rejected(Reason.BAD_TAG);
    }

    enum Reason {
        /** Not 68, 100 or 164 bytes. */
        BAD_LENGTH,
        /** No live key has this ID (expired, never ours, or another cluster). */
        UNKNOWN_KEY,
        /** A live key has the ID but the cookie does not authenticate under it. */
        BAD_TAG
    }

    default boolean ok() { return this instanceof Opened; }
}
