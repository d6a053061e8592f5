package net.ntsbox.server.ke;

/** Why an NTS-KE connection ended without a reply from the core (one counter each). */
public enum KeRefusal {
    /** TLS handshake failed: wrong version (TLS 1.2 or older), no shared cipher, bad ClientHello... */
    TLS_FAILURE,
    /** Handshake done, but the negotiated ALPN is not ntske/1 (client offered none), or the handshake was
     *  refused for offering only other protocols. */
    ALPN_REFUSED,
    /** Bytes that are not a TLS record (e.g. "GET / HTTP/1.1"). */
    NON_TLS_BYTES,
    /** Handshake plus request not done within the deadline from accept. */
    DEADLINE,
    /** The request grew past the size cap before the core could answer. */
    TOO_LARGE,
    /** Too many open connections. */
    CONN_CAP,
    /** The source IP exceeded its connection rate. */
    RATE_LIMITED,
    /** The client closed before its request was complete. */
    CLIENT_CLOSED,
    /** The reply could not be written (peer gone, reset). */
    WRITE_FAILED,
    /** The core or the exporter threw; never expected, counted so it shows. */
    INTERNAL_ERROR,
}
