package net.ntsbox.ke;

/** The whole response message for one NTS-KE request: written in one TLS record, then close_notify. */
public record KeReply(byte[] message, KeOutcome outcome, int cookies) {}
