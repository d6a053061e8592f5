package net.ntsbox.config;

/**
 * {@code [clock]}: what the server advertises while the host clock is synchronised.
 *
 * @param referenceId     the 32-bit reference ID (from 4 ASCII characters, or an IPv4 address at stratum ≥ 2)
 * @param referenceIdText as configured, for messages
 * @param requireSync     true: advertise leap 3 / stratum 16 while the kernel says the clock is not synchronised
 */
public record ClockSettings(int stratum, int referenceId, String referenceIdText, int precision,
        double rootDelayMs, double rootDispersionMs, boolean requireSync) {}
