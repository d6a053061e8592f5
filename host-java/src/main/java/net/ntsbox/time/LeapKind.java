package net.ntsbox.time;

/** A leap second at the end of a UTC day: 23:59:60 inserted, or 23:59:59 deleted. */
public enum LeapKind {
    INSERT,
    DELETE;

    /** The change of TAI-UTC the event makes. */
    public int taiUtcChange() {
        return this == INSERT ? 1 : -1;
    }
}
