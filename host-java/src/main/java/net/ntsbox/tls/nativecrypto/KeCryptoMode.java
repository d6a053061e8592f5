package net.ntsbox.tls.nativecrypto;

import java.util.Locale;
import java.util.Optional;

/** {@code [nts_ke] crypto}: who does the TLS handshake's public-key operations. */
public enum KeCryptoMode {
    /** The native provider where its libraries load and pass their self-test, else the JDK. */
    AUTO,
    /** The JDK's providers (SunEC) only. */
    JDK,
    /** The native provider; the server does not start without it. */
    NATIVE;

    public static Optional<KeCryptoMode> parse(String s) {
        for (KeCryptoMode m : values()) {
            if (m.configName().equals(s)) return Optional.of(m);
        }
        return Optional.empty();
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
