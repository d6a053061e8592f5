package net.ntsbox.cli;

import net.ntsbox.appliance.ApplianceEnvironment;
import net.ntsbox.appliance.ApplianceStartException;
import net.ntsbox.appliance.LabAppliance;
import net.ntsbox.appliance.SoftwareAppliance;
import net.ntsbox.config.ApplianceConfig;
import net.ntsbox.fpga.FpgaDatapath;
import picocli.CommandLine.Command;

/**
 * {@code ntsbox lab}: NTS-KE as in serve, and the Verilated FPGA ({@code sim:model=ntsbox_top})
 * behind a UDP bridge as the NTP/NTS datapath (docs/lab.md). Same options and configuration
 * file as serve; NTS-KE offers AEAD 15 only, the one the FPGA implements. The model is built
 * with make on first use.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "Run NTS-KE with the simulated (Verilated) FPGA datapath behind a UDP bridge, in the foreground.")
public final class LabCommand extends ServeCommand {
    @Override String commandName() { return "lab"; }

    @Override
    SoftwareAppliance startAppliance(ApplianceConfig cfg, ApplianceEnvironment env) throws ApplianceStartException {
        System.err.println("ntsbox lab: preparing the FPGA model (make -C drivers; about a minute the first time)");
        return LabAppliance.start(cfg, env, FpgaDatapath.DEFAULT_TX_BUDGET_NTP);
    }
}
