package net.ntsbox.mgmt;

import net.ntsbox.metrics.ClockStatus;

/** What the running appliance reports about itself in {@code GET /api/v1/status}; must not block. */
public interface StatusSource {
    /** "software" (Java datapath) or "fpga". */
    String datapathKind();

    /** The time source now. */
    ClockStatus timeSource();

    /** The GNSS receiver behind the time service, or null when none is configured. */
    default net.ntsbox.metrics.GnssSourceStatus gnss() {
        return null;
    }
}
