package net.ntsbox.config;

import java.nio.file.Path;

/** The whole appliance configuration, validated (see {@link ConfigReader}). */
public record ApplianceConfig(Path stateDir, NtsKeSettings ntsKe, NtpSettings ntp, ClockSettings clock,
        KeysSettings keys) {}
