package net.ntsbox.config;

/** A configuration that cannot be used; the message names the key (and the line, for syntax errors). */
public final class ConfigException extends Exception {
    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The offending key as {@code section.key} (empty for file-level errors such as syntax). */
    public String key() { return key; }
}
