package net.ntsbox.server.ke;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import net.ntsbox.ke.KeReply;
import net.ntsbox.ke.KeyExporter;

/**
 * One NTS-KE connection, driven on its event loop: limits at accept, TLS upgrade, ALPN check,
 * request accumulation, one reply write, close_notify. Every connection ends counted exactly
 * once: as a reply by outcome or as a refusal by reason.
 */
final class KeConnection {
    static final String ALPN_NTSKE = "ntske/1";

    private final NetSocket socket;
    private final KeServerShared shared;
    private final String source;
    private boolean finished;
    private long deadlineTimer = -1;
    private byte[] received = new byte[0];

    KeConnection(NetSocket socket, KeServerShared shared) {
        this.socket = socket;
        this.shared = shared;
        this.source = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
    }

    void start(Vertx vertx) {
        shared.counters.countAccepted();
        int open = shared.openConnections.incrementAndGet();
        socket.closeHandler(v -> onClosed());
        socket.exceptionHandler(t -> { /* classified by the handshake result, the deadline or the close */ });
        if (open > shared.config.maxConnections()) {
            refuse(KeRefusal.CONN_CAP, open + " open");
            return;
        }
        if (!shared.rateLimiter.tryAcquire(source, System.nanoTime())) {
            refuse(KeRefusal.RATE_LIMITED, null);
            return;
        }
        deadlineTimer = vertx.setTimer(shared.config.deadline().toMillis(), t -> {
            deadlineTimer = -1;
            refuse(KeRefusal.DEADLINE, received.length + " request bytes");
        });
        // TLS goes in front of Vert.x's handler here, not by Vert.x's server TLS: the limits above
        // must run before a handshake is spent, and NetSocket.upgradeToSsl does not work on the
        // non-first instances of a shared server in Vert.x 5.0.7 (no SslContextManager there).
        ChannelHandlerContext chctx = ((NetSocketInternal) socket).channelHandlerContext();
        SslHandler ssl = shared.sslContext.newHandler(chctx.alloc());
        ssl.setHandshakeTimeoutMillis(shared.config.deadline().toMillis() + 1000); // backstop only
        chctx.pipeline().addFirst("ssl", ssl);
        long handshakeStart = System.nanoTime();
        ssl.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                shared.counters.countHandshake(System.nanoTime() - handshakeStart);
            }
            onHandshake(ssl, f);
        });
    }

    private void onHandshake(SslHandler ssl, io.netty.util.concurrent.Future<?> f) {
        if (finished) {
            return;
        }
        if (!f.isSuccess()) {
            refuse(classify(f.cause()), describe(f.cause()));
            return;
        }
        String alpn = ssl.applicationProtocol();
        if (!ALPN_NTSKE.equals(alpn)) {
            refuse(KeRefusal.ALPN_REFUSED, alpn == null ? "no ALPN" : "ALPN " + alpn);
            return;
        }
        SSLSession session = ssl.engine().getSession();
        if (!(session instanceof ExtendedSSLSession extended)) {
            refuse(KeRefusal.INTERNAL_ERROR, "no exporter on " + (session == null ? "null" : session.getClass().getName()));
            return;
        }
        KeyExporter exporter = (context, length) -> {
            try {
                return extended.exportKeyingMaterialData(KeyExporter.LABEL, context, length);
            } catch (SSLException e) {
                throw new IllegalStateException("TLS exporter failed", e);
            }
        };
        socket.handler(buf -> onData(buf, exporter));
    }

    private void onData(Buffer buf, KeyExporter exporter) {
        if (finished) {
            return;
        }
        int total = received.length + buf.length();
        if (total > shared.config.maxRequestBytes()) {
            refuse(KeRefusal.TOO_LARGE, total + " bytes");
            return;
        }
        byte[] grown = Arrays.copyOf(received, total);
        buf.getBytes(grown, received.length);
        received = grown;
        Optional<KeReply> reply;
        try {
            reply = shared.exchange.tryRespond(received.clone(), exporter);
        } catch (RuntimeException e) {
            refuse(KeRefusal.INTERNAL_ERROR, e.getClass().getSimpleName());
            return;
        }
        if (reply == null || reply.isEmpty()) {
            return;
        }
        finish();
        KeReply r = reply.get();
        // One write = one TLS record: ntpsec reads the whole response with a single SSL_read (G12).
        socket.write(Buffer.buffer(r.message())).onComplete(w -> {
            if (w.succeeded()) {
                shared.counters.countReply(r.outcome(), r.cookies());
            } else {
                shared.counters.countRefusal(KeRefusal.WRITE_FAILED);
            }
            socket.close(); // close_notify after the reply
        });
    }

    /** Exception class and message (JDK TLS messages name protocols and alerts, never key material). */
    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        String d = root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return d.length() <= 160 ? d : d.substring(0, 160) + "..."; // NotSslRecordException quotes the peer's bytes
    }

    private static KeRefusal classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NotSslRecordException) {
                return KeRefusal.NON_TLS_BYTES;
            }
            if (c instanceof java.nio.channels.ClosedChannelException) {
                return KeRefusal.CLIENT_CLOSED;
            }
            String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(java.util.Locale.ROOT);
            if (m.contains("no_application_protocol") || m.contains("application layer protocol")) {
                return KeRefusal.ALPN_REFUSED;
            }
        }
        return KeRefusal.TLS_FAILURE;
    }

    private void finish() {
        finished = true;
        if (deadlineTimer >= 0) {
            shared.vertx.cancelTimer(deadlineTimer);
            deadlineTimer = -1;
        }
    }

    private void refuse(KeRefusal reason, String detail) {
        if (finished) {
            return;
        }
        finish();
        shared.counters.countRefusal(reason);
        shared.log.refused(source, reason, detail, System.nanoTime());
        socket.close();
    }

    private void onClosed() {
        shared.openConnections.decrementAndGet();
        if (!finished) {
            finish();
            shared.counters.countRefusal(KeRefusal.CLIENT_CLOSED);
        }
    }
}
