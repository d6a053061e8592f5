package net.ntsbox.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The configuration the appliance tests of this package share: every listener on loopback
 * (ephemeral ports unless a management port is given), one NTP thread, and the management API
 * behind a token file. Tests add their own lines to [nts_ke] and their own sections after it.
 */
final class LoopbackApplianceConfig {
    private LoopbackApplianceConfig() {}

    /**
     * dir/api.token holding {@code token}, mode 0600 (the management API refuses a token file
     * others can read); written once, so a test may ask for it again.
     */
    static Path tokenFile(Path dir, String token) throws IOException {
        Path file = dir.resolve("api.token");
        if (!Files.exists(file)) {
            Files.writeString(file, token + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }

    /**
     * Writes dir/ntsbox.toml (state in dir) and the token file, and returns the configuration's path.
     *
     * @param managementPort the management API's loopback port, 0 for an ephemeral one
     * @param keLines extra lines inside [nts_ke], or ""
     * @param sections whole sections after [management] (e.g. a [gnss] section), or ""
     */
    static Path write(Path dir, String token, int managementPort, String keLines, String sections)
            throws IOException {
        Path config = dir.resolve("ntsbox.toml");
        Files.writeString(config, """
                state_dir = "%s"
                [nts_ke]
                listen = ["127.0.0.1:0"]
                %s
                [ntp]
                listen = ["127.0.0.1:0"]
                threads = 1
                [management]
                listen = "127.0.0.1:%d"
                token_file = "%s"
                %s
                """.formatted(dir, keLines, managementPort, tokenFile(dir, token), sections));
        return config;
    }
}
