package net.ntsbox.server.ke;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Listens on every bind address from one event loop. Several instances listening on the same
 * address share one bound socket: Vert.x accepts on its acceptor loop and hands connections to
 * the instances' event loops round-robin, so handshakes spread over all loops.
 */
final class KeServerVerticle extends VerticleBase {
    private final KeServerShared shared;
    private final List<Listen> addresses;
    private final List<NetServer> servers = new ArrayList<>();

    /** An address to listen on; a negative port asks for a random port shared by all instances. */
    record Listen(InetAddress address, int port) {}

    KeServerVerticle(KeServerShared shared, List<Listen> addresses) {
        this.shared = shared;
        this.addresses = addresses;
    }

    @Override
    public Future<?> start() {
        List<Future<NetServer>> listening = new ArrayList<>();
        for (Listen a : addresses) {
            // Plain TCP: the TLS upgrade happens in the connect handler, after the accept-time limits,
            // so that refused connections cost no handshake.
            NetServerOptions o = new NetServerOptions()
                    .setHost(a.address().getHostAddress())
                    .setTcpNoDelay(true)
                    .setReuseAddress(true)
                    // The JDK engine (SunJSSE) is the one with the TLS exporter; never OpenSSL or BCJSSE.
                    .setSslEngineOptions(new JdkSSLEngineOptions());
            NetServer s = vertx.createNetServer(o).connectHandler(so -> new KeConnection(so, shared).start(vertx));
            servers.add(s);
            listening.add(s.listen(a.port(), a.address().getHostAddress()));
        }
        return Future.all(listening);
    }

    /** Bound addresses, in the order given (actual ports when 0 was asked for). */
    List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            out.add(new InetSocketAddress(addresses.get(i).address(), servers.get(i).actualPort()));
        }
        return out;
    }

    @Override
    public Future<?> stop() {
        List<Future<Void>> closing = new ArrayList<>();
        for (NetServer s : servers) {
            closing.add(s.close());
        }
        return Future.all(closing);
    }
}
