package net.ntsbox.appliance;

import java.io.IOException;
import java.util.List;
import net.ntsbox.config.ApplianceConfig;
import net.ntsbox.config.NtpSettings;
import net.ntsbox.config.NtsKeSettings;
import net.ntsbox.fpga.FpgaDatapath;
import net.ntsbox.fpga.FpgaException;
import net.ntsbox.fpga.LabModel;

/**
 * Lab mode: the appliance's NTS-KE, keys, header and metrics with the Verilated FPGA
 * ({@code sim:model=ntsbox_top}) as the datapath behind the UDP listeners (docs/lab.md). The
 * configuration is the serve one with two changes the hardware imposes: NTS-KE offers only
 * AEAD 15 (AES-SIV-CMAC-256, the only one in the RTL), and one UDP thread per address (the
 * model is one port; requests are bridged one at a time).
 */
public final class LabAppliance {
    public static final int FPGA_AEAD = net.ntsbox.config.FpgaSettings.FPGA_AEAD;

    private LabAppliance() {}

    /** The serve configuration adapted to the FPGA (AEAD 15 only, one UDP thread). */
    public static ApplianceConfig labConfig(ApplianceConfig c) {
        NtsKeSettings ke = fpgaKe(c.ntsKe());
        NtpSettings n = c.ntp();
        NtpSettings ntp = new NtpSettings(n.listen(), n.alternatePort(), 1, n.enabled());
        return new ApplianceConfig(c.stateDir(), ke, ntp, c.clock(), c.keys(), c.management(), c.gnss());
    }

    /** NTS-KE settings offering only AEAD 15 (lab and board). */
    static NtsKeSettings fpgaKe(NtsKeSettings k) {
        return new NtsKeSettings(k.listen(), k.cert(), k.key(), k.cookies(), k.deadline(), k.maxConnections(),
                k.ratePerSecond(), k.rateBurst(), List.of(FPGA_AEAD), k.ntpServer(), k.ntpPort(), k.enabled(), k.crypto());
    }

    public static SoftwareAppliance start(ApplianceConfig config) throws ApplianceStartException {
        return start(config, ApplianceEnvironment.system(), FpgaDatapath.DEFAULT_TX_BUDGET_NTP);
    }

    public static SoftwareAppliance start(ApplianceConfig config, ApplianceEnvironment env, long txBudgetNtp)
            throws ApplianceStartException {
        if (config.board()) {
            throw new ApplianceStartException("[fpga] configures the board (ntsbox serve); lab runs its own model behind "
                    + "UDP listeners: remove [fpga] and give [ntp] listen");
        }
        if (!config.ntsKe().aeads().contains(FPGA_AEAD)) {
            throw new ApplianceStartException("nts_ke.aeads " + config.ntsKe().aeads() + " lacks 15 (AES-SIV-CMAC-256), "
                    + "the only AEAD the FPGA implements");
        }
        try {
            LabModel.ensureBuilt(LabModel.home());
        } catch (IOException | RuntimeException e) {
            throw new ApplianceStartException("cannot build the FPGA model: " + e.getMessage(), e);
        }
        return SoftwareAppliance.start(labConfig(config), env, ctx -> {
            try {
                return FpgaDatapath.open(LabModel.DEVICE, txBudgetNtp);
            } catch (FpgaException e) {
                throw new ApplianceStartException("FPGA model: " + e.getMessage(), e);
            }
        });
    }
}
