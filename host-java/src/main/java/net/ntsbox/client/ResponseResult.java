package net.ntsbox.client;

import java.util.List;
import net.ntsbox.ntp.NtpHeader;

/** What a client makes of one datagram received for an NTS request. */
public sealed interface ResponseResult {

    /**
     * The response verified under S2C. {@code cookies}: the new cookies from its encrypted
     * fields (they are secrets: never printed). {@code header}: the server's header, now trusted.
     */
    record Authenticated(PendingRequest request, NtpHeader header, List<byte[]> cookies) implements ResponseResult {
        public Authenticated {
            cookies = List.copyOf(cookies);
        }

        @Override
        public String toString() {
            return "Authenticated[" + request + ", stratum=" + header.stratum() + ", cookies=" + cookies.size() + "]";
        }
    }

    /**
     * An NTS NAK (RFC 8915 §5.7): stratum 0, reference ID NTSN, our UID and origin, no
     * authenticator. It is unauthenticated, so it proves nothing, but the server no longer
     * accepts the session's cookies: the session should be discarded and a new NTS-KE made.
     */
    record Nak(PendingRequest request) implements ResponseResult {}

    /** Not an acceptable answer; the request stays outstanding (the real answer may still come). */
    record Rejected(ResponseRejection reason) implements ResponseResult {}
}
