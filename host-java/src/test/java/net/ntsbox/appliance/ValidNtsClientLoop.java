package net.ntsbox.appliance;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import net.ntsbox.client.NtsSession;
import net.ntsbox.client.net.KeEndpoint;
import net.ntsbox.client.net.KeTlsClient;
import net.ntsbox.client.net.NtsUdpClient;

/**
 * A JDK NTS client (the {@code net.ntsbox.client} core over real sockets) that keeps polling
 * the appliance on its own thread, interleaved with whatever else the test sends: NTS-KE once
 * (again only after a NAK or when out of cookies), then one authenticated exchange every
 * {@code interval}. It counts what came back; the test asserts on the counts.
 */
final class ValidNtsClientLoop implements AutoCloseable {
    private final KeTlsClient ke;
    private final KeEndpoint endpoint;
    private final Duration interval;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong naks = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong keExchanges = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stop;

    ValidNtsClientLoop(SSLContext tls, InetSocketAddress keServer, Duration interval) {
        this.ke = new KeTlsClient(tls);
        this.endpoint = new KeEndpoint(keServer.getAddress().getHostAddress(), keServer.getPort(), true);
        this.interval = interval;
        this.thread = Thread.ofPlatform().name("valid-nts-client").daemon(true).unstarted(this::run);
    }

    ValidNtsClientLoop start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            NtsSession session = null;
            NtsUdpClient udp = null;
            while (!stop) {
                if (session == null || !session.canSend()) {
                    KeTlsClient.Handshake h = ke.exchange(endpoint, List.of(15), Duration.ofSeconds(5));
                    keExchanges.incrementAndGet();
                    if (!h.ok()) {
                        throw new AssertionError("NTS-KE of the valid client failed: " + h);
                    }
                    session = h.session();
                    if (udp != null) {
                        udp.close();
                    }
                    udp = new NtsUdpClient(new InetSocketAddress(h.peer(), session.port().orElse(123)));
                }
                switch (udp.exchange(session, Duration.ofSeconds(1))) {
                    case NtsUdpClient.Answered a -> {
                        answered.incrementAndGet();
                        rejected.addAndGet(a.rejected());
                    }
                    case NtsUdpClient.Nak n -> naks.incrementAndGet();
                    case NtsUdpClient.TimedOut t -> timeouts.incrementAndGet();
                }
                Thread.sleep(interval);
            }
            if (udp != null) {
                udp.close();
            }
        } catch (InterruptedException e) {
            // stopped
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    long answered() { return answered.get(); }

    long naks() { return naks.get(); }

    long timeouts() { return timeouts.get(); }

    long keExchanges() { return keExchanges.get(); }

    /** What stopped the loop early (an exception or a failed NTS-KE), if anything. */
    Throwable failure() { return failure.get(); }

    @Override
    public String toString() {
        return "valid JDK NTS client: " + answered + " authenticated, " + naks + " NAKs, " + timeouts + " timeouts, "
                + rejected + " rejected datagrams, " + keExchanges + " NTS-KE" + (failure.get() == null ? ""
                : ", failed: " + failure.get());
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(5000);
    }
}
