package net.ntsbox.time.service;

import net.ntsbox.time.DisciplinedClock;

/**
 * Where the clock the service disciplines comes from ({@code [gnss] pps = "fpga"}): the FPGA's
 * time-of-day counter on the board, a simulated counter in tests. Called once at start.
 */
@FunctionalInterface
public interface DisciplinedClockFactory {
    DisciplinedClock open() throws TimeServiceException;

    /** The FPGA's clock: the one place it is constructed. */
    static DisciplinedClockFactory fpga() {
        // SEAM (merge with branch fpgaclock): return () -> new net.ntsbox.fpga.FpgaDisciplinedClock(<FpgaClock opened from [fpga]>);
        return () -> {
            throw new TimeServiceException("gnss.pps = \"fpga\": this build has no FPGA clock driver "
                    + "(FpgaDisciplinedClock); use pps = \"/dev/ppsN\" or \"none\" to monitor the receiver");
        };
    }
}
