package net.ntsbox.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line values that replace configuration keys before validation, so defaults that
 * derive from them (files under {@code state_dir}) follow, and errors name both the key and
 * the option it came from.
 */
public final class ConfigOverrides {
    /** One replaced key: {@code value} is a String, Number, Boolean or List of those. */
    public record Override(Object value, String option) {}

    private final Map<String, Override> byKey = new LinkedHashMap<>();

    public static ConfigOverrides none() { return new ConfigOverrides(); }

    /** Replaces {@code dottedKey} ("state_dir", "nts_ke.listen", ...) unless {@code value} is null or an empty list. */
    public ConfigOverrides set(String dottedKey, Object value, String option) {
        if (value == null || (value instanceof List<?> l && l.isEmpty())) return this;
        byKey.put(dottedKey, new Override(value, option));
        return this;
    }

    Map<String, Override> byKey() { return byKey; }

    /** The option that set {@code dottedKey}, or null. */
    String optionFor(String dottedKey) {
        Override o = byKey.get(dottedKey);
        return o == null ? null : o.option();
    }
}
