package net.ntsbox.keys;

/** Finds the master key a cookie names. Implementations answer in O(1) without locking. */
@FunctionalInterface
public interface KeyLookup {
    /** The live (acceptable) key with this ID, or null. */
    MasterKey lookup(int keyId);
}
