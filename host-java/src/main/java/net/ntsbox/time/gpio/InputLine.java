package net.ntsbox.time.gpio;

/** A digital input line (antenna fault), in logical terms: asserted or not. */
public interface InputLine {
    boolean active();
}
