package net.ntsbox.time.source;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import net.ntsbox.time.TimeOfDay;

/**
 * Thin adapter: reads NMEA lines from a stream (a serial device such as /dev/ttyAMA0 opened as
 * a plain file; line speed and raw mode are set outside Java, e.g. with stty, or left at the
 * receiver's default) and hands time-of-day messages to a consumer. Drops are counted by reason.
 */
public final class NmeaStreamSource {
    private final NmeaTimeDecoder decoder = new NmeaTimeDecoder();
    private final Map<NmeaParser.Drop, Long> drops = new EnumMap<>(NmeaParser.Drop.class);
    private final Consumer<TimeOfDay> sink;

    public NmeaStreamSource(Consumer<TimeOfDay> sink) {
        this.sink = sink;
    }

    public NmeaTimeDecoder decoder() {
        return decoder;
    }

    public synchronized Map<NmeaParser.Drop, Long> drops() {
        return Map.copyOf(drops);
    }

    /** Handles one line (also what the stream loop calls). */
    public void line(String line) {
        NmeaParser.Result r = NmeaParser.parse(line);
        if (!r.ok()) {
            synchronized (this) {
                drops.merge(r.drop(), 1L, Long::sum);
            }
            return;
        }
        decoder.accept(r.sentence()).ifPresent(sink);
    }

    /** Reads until end of stream; returns the number of overlong lines discarded. */
    public long run(InputStream in) throws IOException {
        BoundedLineReader reader = new BoundedLineReader(in, NmeaParser.MAX_LENGTH + 2);
        String l;
        while ((l = reader.readLine()) != null) {
            line(l);
        }
        return reader.overlongLines();
    }

    /** Reads a device or file until it ends (a serial device does not). */
    public long run(Path device) throws IOException {
        try (InputStream in = new BufferedInputStream(new FileInputStream(device.toFile()))) {
            return run(in);
        }
    }
}
