package net.ntsbox.config;

import java.nio.file.Path;
import java.util.Optional;
import net.ntsbox.keys.RotationPolicy;

/**
 * {@code [keys]}: the cookie master-key ring (see docs/keys.md).
 *
 * @param seedFile     hex cluster seed; created (random, 0600) at first start when missing
 * @param epochSeconds Unix seconds where period 0 starts
 * @param importChrony a chrony {@code ntskeys} file whose keys are accepted after start
 */
public record KeysSettings(Path stateFile, Path seedFile, long epochSeconds, RotationPolicy policy,
        Optional<Path> importChrony) {}
