package net.ntsbox.ntp;

/** Outcome of {@link NtsAuthenticator#parse}: the field's layout or why it is unusable. */
public sealed interface AuthenticatorParseResult permits NtsAuthenticator, AuthenticatorError {}
