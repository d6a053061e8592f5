package net.ntsbox.ntp;

/** Outcome of {@link NtpParse#parse}: a {@link ParsedPacket} or the {@link NtpParseError} that stopped it. */
public sealed interface NtpParseResult permits ParsedPacket, NtpParseError {}
