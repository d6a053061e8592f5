package net.ntsbox.time.gpio;

/** A digital output line (LED, reset), in logical terms: active or not (polarity is the line's). */
public interface OutputLine {
    void set(boolean active);

    /** The level last set. */
    boolean active();
}
