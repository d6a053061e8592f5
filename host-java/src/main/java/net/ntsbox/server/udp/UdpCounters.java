package net.ntsbox.server.udp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Datapath counters: datagrams received and sent, drops by handler code, send failures. */
public final class UdpCounters {
    /** Drop codes -1..-{@value} have their own counter; others share {@link #droppedOther()}. */
    public static final int NAMED_DROP_CODES = 63;

    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();
    private final LongAdder receiveFailures = new LongAdder();
    private final LongAdder handlerErrors = new LongAdder();
    private final LongAdder droppedOther = new LongAdder();
    private final LongAdder[] dropped = new LongAdder[NAMED_DROP_CODES + 1];

    UdpCounters() {
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = new LongAdder();
        }
    }

    void countReceived() {
        received.increment();
    }

    void countSent() {
        sent.increment();
    }

    void countReceived(int n) {
        received.add(n);
    }

    void countSent(int n) {
        sent.add(n);
    }

    void countReceiveFailure() {
        receiveFailures.increment();
    }

    void countSendFailure() {
        sendFailures.increment();
    }

    void countHandlerError() {
        handlerErrors.increment();
    }

    void countDrop(int code) {
        if (code <= 0 && code >= -NAMED_DROP_CODES) {
            dropped[-code].increment();
        } else {
            droppedOther.increment();
        }
    }

    public long received() {
        return received.sum();
    }

    public long sent() {
        return sent.sum();
    }

    public long sendFailures() {
        return sendFailures.sum();
    }

    /** Receive calls that failed with an error other than a timeout or interruption. */
    public long receiveFailures() {
        return receiveFailures.sum();
    }

    /** Handler threw (a bug in the core): the datagram was dropped. */
    public long handlerErrors() {
        return handlerErrors.sum();
    }

    /** Drops with this code (0 or -1..-63). */
    public long dropped(int code) {
        if (code > 0 || code < -NAMED_DROP_CODES) {
            throw new IllegalArgumentException("drop codes are 0..-" + NAMED_DROP_CODES);
        }
        return dropped[-code].sum();
    }

    public long droppedOther() {
        return droppedOther.sum();
    }

    /** Non-zero counters by name ("received", "sent", "dropped_3" for code -3, ...). */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("received", received());
        m.put("sent", sent());
        m.put("send_failures", sendFailures());
        m.put("handler_errors", handlerErrors());
        if (receiveFailures() != 0) m.put("receive_failures", receiveFailures());
        for (int i = 0; i < dropped.length; i++) {
            long v = dropped[i].sum();
            if (v != 0) {
                m.put("dropped_" + i, v);
            }
        }
        m.put("dropped_other", droppedOther());
        return m;
    }

    @Override
    public String toString() {
        return "UdpCounters" + snapshot();
    }
}
