package net.ntsbox.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the peer programs are. chrony comes from apt; NTPsec conflicts with chrony as a Debian
 * package (gotcha G1), so {@code scripts/lib.sh ntsbox_install_ntpsec} unpacks it into
 * {@code /opt/ntpsec-root} (override: system property {@code ntsbox.ntpsec.root} or env
 * {@code NTSBOX_NTPSEC_ROOT}). A missing program is a test failure with the fix in the message,
 * not a skip: CI installs them, and a skipped interop test would hide a broken install step.
 */
final class Binaries {
    private Binaries() {}

    private static final String INSTALL_HINT = "run scripts/test-all.sh as root (it installs the test packages and unpacks NTPsec)";

    static String chronyd() {
        return onPath("chronyd", List.of("/usr/sbin", "/usr/bin", "/sbin"));
    }

    static String chronyc() {
        return onPath("chronyc", List.of("/usr/bin", "/usr/sbin"));
    }

    static Path ntpsecRoot() {
        String root = System.getProperty("ntsbox.ntpsec.root", Optional.ofNullable(System.getenv("NTSBOX_NTPSEC_ROOT")).orElse("/opt/ntpsec-root"));
        return Path.of(root);
    }

    static String ntpd() {
        Path unpacked = ntpsecRoot().resolve("usr/sbin/ntpd");
        if (Files.isExecutable(unpacked)) {
            return unpacked.toString();
        }
        // ntpsec dpkg-installed instead (then chrony is not): only if it really is NTPsec's ntpd
        Path sys = Path.of("/usr/sbin/ntpd");
        if (Files.isExecutable(sys) && Cmd.run(java.time.Duration.ofSeconds(5), sys.toString(), "--version").output().contains("ntpsec")) {
            return sys.toString();
        }
        throw new IllegalStateException("NTPsec ntpd not found in " + unpacked + " nor /usr/sbin/ntpd: " + INSTALL_HINT);
    }

    static String ntpq() {
        Path unpacked = ntpsecRoot().resolve("usr/bin/ntpq");
        if (Files.isExecutable(unpacked)) {
            return unpacked.toString();
        }
        return onPath("ntpq", List.of("/usr/bin"));
    }

    private static String onPath(String name, List<String> fallbacks) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        var dirs = new java.util.ArrayList<>(List.of(path.split(":")));
        dirs.addAll(fallbacks);
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        throw new IllegalStateException(name + " not found: " + INSTALL_HINT);
    }
}
