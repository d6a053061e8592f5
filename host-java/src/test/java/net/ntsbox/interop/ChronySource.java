package net.ntsbox.interop;

/**
 * One row of {@code chronyc -c -n sources}: mode ({@code ^} server, {@code =} peer, {@code #}
 * refclock), state ({@code *} selected, {@code +} combined, {@code ?} unusable, ...), address,
 * stratum, poll (log2 s), reach (the 8-bit register, parsed from chrony's octal) and seconds
 * since the last sample.
 */
public record ChronySource(String mode, String state, String name, int stratum, int poll, int reach, long lastRxSeconds) {
    static ChronySource parseCsv(String line) {
        String[] f = line.strip().split(",", -1);
        if (f.length < 7) {
            throw new IllegalArgumentException("sources CSV line has " + f.length + " fields: " + line);
        }
        int reach;
        try {
            reach = Integer.parseInt(f[5].strip(), 8);
        } catch (NumberFormatException e) {
            reach = -1;
        }
        return new ChronySource(f[0], f[1], f[2], ChronyAuthData.num(f[3]), ChronyAuthData.num(f[4]), reach, ChronyAuthData.lnum(f[6]));
    }

    /** The source is selected for synchronisation. */
    public boolean selected() {
        return "*".equals(state);
    }
}
