package net.ntsbox.ke;

import java.util.Optional;

/**
 * The server side of NTS-KE as a sans-IO function, called by the TLS adapter after the
 * handshake with every byte received so far on the connection, in order.
 */
@FunctionalInterface
public interface KeExchange {
    /**
     * Returns the reply once the request is complete (End of Message seen) or known to be
     * bad (malformed, over the size cap); empty while more bytes are needed. Never throws on
     * any input. {@code exporter} is called only for a request that gets cookies.
     */
    Optional<KeReply> tryRespond(byte[] receivedSoFar, KeyExporter exporter);
}
