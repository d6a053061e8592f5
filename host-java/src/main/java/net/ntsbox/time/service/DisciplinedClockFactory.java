package net.ntsbox.time.service;

import net.ntsbox.fpga.FpgaClock;
import net.ntsbox.fpga.FpgaDisciplinedClock;
import net.ntsbox.time.DisciplinedClock;

/**
 * Where the clock the service disciplines comes from ({@code [gnss] pps = "fpga"}): the FPGA's
 * time-of-day counter on the board, a simulated counter in tests. Called once at start.
 */
@FunctionalInterface
public interface DisciplinedClockFactory {
    DisciplinedClock open() throws TimeServiceException;

    /**
     * The board's FPGA clock: the one place it is wrapped for the servo. {@code clock} is the
     * datapath's (board mode opens one FpgaDevice; FpgaDevice serialises the servo's register
     * calls with the datapath's key and header writes).
     */
    static DisciplinedClockFactory fpga(FpgaClock clock) {
        return () -> new FpgaDisciplinedClock(clock);
    }

    /** Without an [fpga] section there is no FPGA clock to discipline: start fails with this. */
    static DisciplinedClockFactory fpga() {
        return () -> {
            throw new TimeServiceException("gnss.pps = \"fpga\" needs the [fpga] section (board mode: the FPGA's clock is "
                    + "what the time service disciplines); without it use pps = \"/dev/ppsN\" or \"none\" to monitor the "
                    + "receiver");
        };
    }
}
