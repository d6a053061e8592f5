package net.ntsbox.server.ke;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.ntsbox.ke.KeExchange;
import net.ntsbox.ke.KeOutcome;
import net.ntsbox.ke.KeReply;
import net.ntsbox.ke.KeyExporter;

/**
 * A test core: the request is complete when it ends with End of Message (80 00 00 00); the
 * reply is "NTSB" ‖ C2S key ‖ S2C key (AEAD 15 contexts, 32 bytes each) padded with 0x5A to
 * {@code replyLength}, so a client can compare the keys with its own exporter.
 */
final class EndOfMessageExchange implements KeExchange {
    static final byte[] END_OF_MESSAGE = {(byte) 0x80, 0, 0, 0};
    static final byte[] C2S = {0, 0, 0, 0x0f, 0};
    static final byte[] S2C = {0, 0, 0, 0x0f, 1};

    final int replyLength;
    final Set<String> threads = ConcurrentHashMap.newKeySet();

    EndOfMessageExchange(int replyLength) {
        this.replyLength = replyLength;
    }

    @Override
    public Optional<KeReply> tryRespond(byte[] received, KeyExporter exporter) {
        threads.add(Thread.currentThread().getName());
        int n = received.length;
        if (n < 4 || !Arrays.equals(received, n - 4, n, END_OF_MESSAGE, 0, 4)) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'N', 'T', 'S', 'B'});
        out.writeBytes(exporter.export(C2S, 32));
        out.writeBytes(exporter.export(S2C, 32));
        while (out.size() < replyLength) {
            out.write(0x5a);
        }
        return Optional.of(new KeReply(out.toByteArray(), KeOutcome.OK, 8));
    }
}
