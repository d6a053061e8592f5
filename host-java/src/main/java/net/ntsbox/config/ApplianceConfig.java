package net.ntsbox.config;

import java.nio.file.Path;

/** The whole appliance configuration, validated (see {@link ConfigReader}); {@code fpga} enabled is board mode. */
public record ApplianceConfig(Path stateDir, NtsKeSettings ntsKe, NtpSettings ntp, ClockSettings clock,
        KeysSettings keys, ManagementSettings management, GnssSettings gnss, FpgaSettings fpga) {

    /** Without an [fpga] section: the software datapath (serve) or the lab model behind UDP (lab). */
    public ApplianceConfig(Path stateDir, NtsKeSettings ntsKe, NtpSettings ntp, ClockSettings clock, KeysSettings keys,
                           ManagementSettings management, GnssSettings gnss) {
        this(stateDir, ntsKe, ntp, clock, keys, management, gnss, FpgaSettings.none());
    }

    /** True in board mode: the FPGA answers NTP on its own port, no UDP listeners here. */
    public boolean board() { return fpga.enabled(); }

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
