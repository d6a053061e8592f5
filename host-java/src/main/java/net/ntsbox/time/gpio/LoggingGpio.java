package net.ntsbox.time.gpio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lines without hardware: outputs log their changes (INFO), inputs read what
 * {@link #setInput} last said (inactive by default). For lab mode and machines without GPIO.
 */
public final class LoggingGpio implements GpioLines {
    private static final System.Logger LOG = System.getLogger(LoggingGpio.class.getName());

    private final System.Logger.Level level;
    private final Map<String, Boolean> inputs = new ConcurrentHashMap<>();
    private final Map<String, LoggedOutput> outputs = new ConcurrentHashMap<>();

    /** Logs output changes at INFO. */
    public LoggingGpio() {
        this(System.Logger.Level.INFO);
    }

    /** Logs output changes at {@code level} (DEBUG for a blinking LED that must not flood the journal). */
    public LoggingGpio(System.Logger.Level level) {
        this.level = level;
    }

    private final class LoggedOutput implements OutputLine {
        private final String name;
        private volatile boolean active;

        LoggedOutput(String name) {
            this.name = name;
        }

        @Override
        public synchronized void set(boolean on) {
            if (on != active) {
                active = on;
                LOG.log(level, "{0} {1}", name, on ? "on" : "off");
            }
        }

        @Override
        public boolean active() {
            return active;
        }
    }

    @Override
    public OutputLine output(String name, int pin, boolean activeLow) {
        return outputs.computeIfAbsent(name, LoggedOutput::new);
    }

    @Override
    public InputLine input(String name, int pin, boolean activeLow) {
        return () -> inputs.getOrDefault(name, false);
    }

    /** What input {@code name} reads from now on. */
    public void setInput(String name, boolean active) {
        inputs.put(name, active);
    }

    @Override
    public void close() {
        outputs.values().forEach(o -> o.set(false));
    }
}
