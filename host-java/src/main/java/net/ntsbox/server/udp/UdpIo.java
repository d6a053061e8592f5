package net.ntsbox.server.udp;

import java.util.Locale;

/**
 * How the datapath does socket I/O. {@code BATCHED}: recvmmsg/sendmmsg through the Foreign
 * Function &amp; Memory API with kernel receive timestamps (Linux x86-64/aarch64, native access
 * granted); {@code SIMPLE}: one blocking NIO receive and send per datagram (portable);
 * {@code AUTO}: batched where available, else simple.
 */
public enum UdpIo {
    AUTO, BATCHED, SIMPLE;

    /** The mode this resolves to on this JVM (AUTO becomes BATCHED or SIMPLE). */
    public UdpIo resolve() {
        if (this != AUTO) return this;
        return LinuxUdp.available() ? BATCHED : SIMPLE;
    }

    /** True if the batched mode can run here. */
    public static boolean batchedAvailable() {
        return LinuxUdp.available();
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
