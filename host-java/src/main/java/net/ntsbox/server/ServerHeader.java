package net.ntsbox.server;

import net.ntsbox.ntp.NtpHeader;

/**
 * The header fields a server puts in every response, from its clock state: leap indicator,
 * stratum, precision, root delay and dispersion (NTP short format), reference ID and time.
 * The software datapath fills it from configuration and the host clock; the FPGA reads the
 * same fields from registers.
 */
public record ServerHeader(int leap, int stratum, int precision, int rootDelay, int rootDispersion,
                           int referenceId, long referenceTimestamp) {

    public ServerHeader {
        if ((leap & ~3) != 0 || stratum < 0 || stratum > 255 || precision < -128 || precision > 127) {
            throw new IllegalArgumentException("server header field out of range");
        }
    }

    /**
     * What a server that is not synchronised must advertise: leap 3, stratum 16 (RFC 5905
     * §7.3), no reference. Clients then ignore it instead of trusting a free-running clock.
     */
    public static ServerHeader unsynchronised(int precision) {
        return new ServerHeader(NtpHeader.LEAP_UNSYNCHRONIZED, 16, precision, 0, 0, 0, 0L);
    }

    public boolean synchronised() {
        return leap != NtpHeader.LEAP_UNSYNCHRONIZED && stratum >= 1 && stratum <= 15;
    }
}
