package net.ntsbox.keys;

import java.io.IOException;

/** A key file (ring state or chrony ntskeys) that cannot be used; the message names the line. Never holds key bytes. */
public final class KeyFileException extends IOException {
    public KeyFileException(String message) { super(message); }

    static KeyFileException atLine(String file, int line, String what) {
        return new KeyFileException(file + " line " + line + ": " + what);
    }
}
