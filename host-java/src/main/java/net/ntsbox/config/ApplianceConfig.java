package net.ntsbox.config;

import java.nio.file.Path;

/** The whole appliance configuration, validated (see {@link ConfigReader}). */
public record ApplianceConfig(Path stateDir, NtsKeSettings ntsKe, NtpSettings ntp, ClockSettings clock,
        KeysSettings keys, ManagementSettings management, GnssSettings gnss) {

    /** Without a [gnss] section: no receiver. */
    public ApplianceConfig(Path stateDir, NtsKeSettings ntsKe, NtpSettings ntp, ClockSettings clock, KeysSettings keys,
                           ManagementSettings management) {
        this(stateDir, ntsKe, ntp, clock, keys, management, GnssSettings.none());
    }

    /** Without a management section: no API, certificate reload at the default interval. */
    public ApplianceConfig(Path stateDir, NtsKeSettings ntsKe, NtpSettings ntp, ClockSettings clock, KeysSettings keys) {
        this(stateDir, ntsKe, ntp, clock, keys, ManagementSettings.defaults());
    }
}
