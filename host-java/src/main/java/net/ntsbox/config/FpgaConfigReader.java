package net.ntsbox.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads {@code [fpga]} (see {@link FpgaSettings} and docs/operations.md, board mode). */
final class FpgaConfigReader {
    /** Default transmit budget: 20 us, the DP register's reset value (FpgaDatapath.DEFAULT_TX_BUDGET_NTP). */
    static final double DEFAULT_TX_BUDGET_US = 20.0;

    private FpgaConfigReader() {}

    static FpgaSettings read(ConfigReader.Section f) throws ConfigException {
        String device = f.string("device").orElseThrow(() -> f.fail("device",
                "required in [fpga]: the driver's device, \"uio:ntsbox\" on the board (the UIO name, "
                        + "board/udev/99-ntsbox-uio.rules) or \"sim:model=ntsbox_top\" (the Verilated model)"));
        if (!(device.startsWith("uio:") && device.length() > 4 || device.equals("sim:model=ntsbox_top"))) {
            throw f.fail("device", "'" + device + "' is not a datapath device: \"uio:<name>[,sysfs=<dir>][,dev=<dir>]\" "
                    + "(docs/driver.md) or \"sim:model=ntsbox_top\" (the csr_top model has no packet port)");
        }
        if (device.startsWith("uio:/")) {
            throw f.fail("device", "'" + device + "': uio: takes the UIO device's name (/sys/class/uio/uio*/name, "
                    + "\"ntsbox\" with board/dts/ntsbox-overlay.dts), not a /dev path; use \"uio:ntsbox\" "
                    + "or \"uio:ntsbox,dev=/dev\"");
        }
        String macText = f.string("mac").orElseThrow(() -> f.fail("mac",
                "required in [fpga]: the 10 GbE port's MAC address, e.g. \"02:00:5e:10:00:01\""));
        long mac = mac(f, macText);
        Optional<Inet4Address> v4 = address(f, "ipv4", Inet4Address.class);
        Optional<Inet6Address> v6 = address(f, "ipv6", Inet6Address.class);
        Optional<Inet6Address> ll = address(f, "ipv6_link_local", Inet6Address.class);
        if (v4.isEmpty() && v6.isEmpty()) {
            throw f.fail("ipv4", "[fpga] needs ipv4 or ipv6 (or both): the addresses the FPGA answers NTP on");
        }
        if (ll.isPresent() && v6.isEmpty()) throw f.fail("ipv6_link_local", "given without ipv6");
        if (ll.isPresent() && !ll.get().isLinkLocalAddress()) {
            throw f.fail("ipv6_link_local", ll.get().getHostAddress() + " is not a link-local (fe80::/10) address");
        }
        if (v6.isPresent() && ll.isEmpty()) ll = Optional.of(eui64LinkLocal(mac));
        OptionalInt alt = f.optionalInteger("alternate_port", 1, 0xFFFF);
        if (alt.isPresent() && alt.getAsInt() == FpgaSettings.NTP_PORT) {
            throw f.fail("alternate_port", "is 123, the port the FPGA always answers on");
        }
        boolean icmp = f.bool("icmp_echo", true);
        double budgetUs = f.decimal("tx_budget_us", DEFAULT_TX_BUDGET_US, 1, 1000);
        long budget = Math.round(budgetUs * 1e-6 * 4294967296.0);
        f.rejectUnknown();
        return new FpgaSettings(device, mac, v4, v6, ll, alt, icmp, budget);
    }

    private static long mac(ConfigReader.Section f, String text) throws ConfigException {
        String[] p = text.split("[:-]", -1);
        long v = 0;
        if (p.length != 6) throw f.fail("mac", "'" + text + "' is not a MAC address (six hex bytes, e.g. \"02:00:5e:10:00:01\")");
        for (String b : p) {
            if (!b.matches("[0-9A-Fa-f]{2}")) {
                throw f.fail("mac", "'" + text + "' is not a MAC address (six hex bytes, e.g. \"02:00:5e:10:00:01\")");
            }
            v = v << 8 | Integer.parseInt(b, 16);
        }
        if ((v >>> 40 & 1) != 0) throw f.fail("mac", text + " is a multicast address (low bit of the first byte set)");
        if (v == 0) throw f.fail("mac", "must not be all zeros");
        return v;
    }

    private static <T extends InetAddress> Optional<T> address(ConfigReader.Section f, String k, Class<T> type)
            throws ConfigException {
        Optional<String> s = f.string(k);
        if (s.isEmpty()) return Optional.empty();
        InetAddress a;
        try {
            a = InetAddress.ofLiteral(s.get());
        } catch (IllegalArgumentException e) {
            a = null;
        }
        if (!type.isInstance(a)) {
            throw f.fail(k, "'" + s.get() + "' is not an " + (type == Inet4Address.class ? "IPv4" : "IPv6") + " address literal");
        }
        if (a.isAnyLocalAddress() || a.isMulticastAddress() || a.isLoopbackAddress()) {
            throw f.fail(k, s.get() + " cannot be the port's own address (unspecified, loopback or multicast)");
        }
        return Optional.of(type.cast(a));
    }

    /** fe80::/64 with the modified EUI-64 interface ID of the MAC (RFC 4291 appendix A). */
    static Inet6Address eui64LinkLocal(long mac) {
        byte[] b = new byte[16];
        b[0] = (byte) 0xfe;
        b[1] = (byte) 0x80;
        b[8] = (byte) ((mac >>> 40) ^ 0x02);
        b[9] = (byte) (mac >>> 32);
        b[10] = (byte) (mac >>> 24);
        b[11] = (byte) 0xff;
        b[12] = (byte) 0xfe;
        b[13] = (byte) (mac >>> 16);
        b[14] = (byte) (mac >>> 8);
        b[15] = (byte) mac;
        try {
            return (Inet6Address) InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);   // 16 bytes are always an address
        }
    }
}
