package net.ntsbox.time.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads ASCII lines (LF or CRLF) from a stream with a bound on line length: a longer line is
 * discarded up to its newline and counted, so a noisy serial line cannot grow memory.
 */
public final class BoundedLineReader {
    private final InputStream in;
    private final byte[] buf;
    private int len;
    private boolean discarding;
    private long overlong;

    public BoundedLineReader(InputStream in, int maxLength) {
        this.in = in;
        this.buf = new byte[maxLength];
    }

    public long overlongLines() {
        return overlong;
    }

    /** The next line without its terminator, or null at end of stream. */
    public String readLine() throws IOException {
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (len > 0 && !discarding) {
                    String s = new String(buf, 0, len, StandardCharsets.US_ASCII);
                    len = 0;
                    return s;
                }
                return null;
            }
            if (b == '\n') {
                boolean wasDiscarding = discarding;
                discarding = false;
                int n = len > 0 && buf[len - 1] == '\r' ? len - 1 : len;
                len = 0;
                if (!wasDiscarding) {
                    return new String(buf, 0, n, StandardCharsets.US_ASCII);
                }
                continue;
            }
            if (discarding) {
                continue;
            }
            if (len == buf.length) {
                discarding = true;
                overlong++;
                len = 0;
                continue;
            }
            buf[len++] = (byte) b;
        }
    }
}
