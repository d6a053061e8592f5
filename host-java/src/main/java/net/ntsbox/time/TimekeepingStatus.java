package net.ntsbox.time;

/**
 * What the NTP server advertises, derived from the discipline state.
 * @param state the discipline state
 * @param leapIndicator 0 no warning, 1 last minute/day has 61 s, 2 has 59 s, 3 unsynchronised
 * @param stratum 1 synchronised to the reference, 16 unsynchronised
 * @param referenceId 4 ASCII characters ("GPS", "PPS", or "INIT" when unsynchronised)
 * @param rootDispersionNs error bound the server claims (ns); the NTP field rounds it up
 * @param offsetNs last filtered offset (clock minus reference), for monitoring
 * @param jitterNs RMS of recent raw PPS offsets, for monitoring
 */
public record TimekeepingStatus(DisciplineState state, int leapIndicator, int stratum, String referenceId,
                                double rootDispersionNs, double offsetNs, double jitterNs) {
    /** True if clients may use the time (LI != 3). */
    public boolean synchronised() {
        return leapIndicator != 3;
    }

    /** The reference ID as the 32-bit NTP field (ASCII, left-justified, zero-padded). */
    public int referenceIdField() {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (i < referenceId.length() ? referenceId.charAt(i) & 0x7F : 0);
        }
        return v;
    }

    /** Root dispersion as NTP short format (16.16 s), rounded up so it never understates. */
    public int rootDispersionField() {
        double units = Math.ceil(rootDispersionNs * 65_536 / 1e9);
        return (int) Math.min(0xFFFF_FFFFL, (long) Math.max(0, units));
    }
}
