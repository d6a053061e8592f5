package net.ntsbox.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code [fpga]}: the board mode of {@code ntsbox serve}. The FPGA owns the 10 GbE port and
 * answers NTP/NTS there itself; the host pushes keys, header and clock settings through the
 * driver ({@code device}, docs/driver.md). Present means: no UDP NTP listeners of our own.
 *
 * @param device        driver spec: {@code "uio:<name>[,sysfs=..][,dev=..]"} (the board) or
 *                      {@code "sim:model=ntsbox_top"} (the Verilated model, tests)
 * @param mac           the port's MAC address, 48 bits
 * @param ipv4          the port's IPv4 address (enables IPv4 and ARP)
 * @param ipv6          the port's global IPv6 address (enables IPv6 and ND, with {@code ipv6LinkLocal})
 * @param ipv6LinkLocal the port's link-local IPv6 address (derived from the MAC, EUI-64, when not given)
 * @param alternatePort a second UDP port the FPGA answers NTP on besides 123
 * @param icmpEcho      answer ICMP/ICMPv6 echo on the port
 * @param txBudgetNtp   transmit budget, 32.32 s: the transmit timestamp is receive + this
 */
public record FpgaSettings(String device, long mac, Optional<Inet4Address> ipv4, Optional<Inet6Address> ipv6,
                           Optional<Inet6Address> ipv6LinkLocal, OptionalInt alternatePort, boolean icmpEcho,
                           long txBudgetNtp) {
    /** The UDP port the FPGA answers NTP on (fixed in the RTL). */
    public static final int NTP_PORT = 123;
    /** The only AEAD the RTL implements: AES-SIV-CMAC-256. */
    public static final int FPGA_AEAD = 15;

    public boolean enabled() { return device != null; }

    /** No [fpga] section: the software datapath. */
    public static FpgaSettings none() {
        return new FpgaSettings(null, 0, Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(),
                false, 0);
    }

    /** The MAC as six bytes, most significant first. */
    public byte[] macBytes() {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) b[i] = (byte) (mac >>> (40 - 8 * i));
        return b;
    }

    /** "aa:bb:cc:dd:ee:ff". */
    public String macText() {
        StringBuilder s = new StringBuilder();
        for (byte x : macBytes()) s.append(s.isEmpty() ? "" : ":").append(String.format("%02x", x & 0xFF));
        return s.toString();
    }

    /** The transmit budget in microseconds (for messages). */
    public double txBudgetMicros() { return txBudgetNtp / 4294967296.0 * 1e6; }
}
