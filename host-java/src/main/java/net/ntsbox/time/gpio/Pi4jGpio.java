package net.ntsbox.time.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines through Pi4J 3 digital I/O providers. The caller builds the context: on the board
 * {@code Pi4J.newAutoContext()} with the gpiod plugin on the class path; in tests a context
 * with the mock providers. {@code provider} names the provider id to use (null: the
 * context's default for digital I/O). Outputs start inactive and are left inactive at shutdown.
 */
public final class Pi4jGpio implements GpioLines {
    private final Context context;
    private final String outputProvider;
    private final String inputProvider;
    private final boolean shutdownContext;
    private final List<PinOutput> outputs = new ArrayList<>();

    /**
     * @param shutdownContext shut the context down on {@link #close()} (true when it is ours alone)
     */
    public Pi4jGpio(Context context, String outputProvider, String inputProvider, boolean shutdownContext) {
        this.context = context;
        this.outputProvider = outputProvider;
        this.inputProvider = inputProvider;
        this.shutdownContext = shutdownContext;
    }

    private static final class PinOutput implements OutputLine {
        private final DigitalOutput out;
        private final boolean activeLow;
        private volatile boolean active;

        PinOutput(DigitalOutput out, boolean activeLow) {
            this.out = out;
            this.activeLow = activeLow;
        }

        @Override
        public synchronized void set(boolean on) {
            out.state(on != activeLow ? DigitalState.HIGH : DigitalState.LOW);
            active = on;
        }

        @Override
        public boolean active() {
            return active;
        }
    }

    @Override
    public synchronized OutputLine output(String name, int pin, boolean activeLow) {
        DigitalState inactive = activeLow ? DigitalState.HIGH : DigitalState.LOW;
        var b = DigitalOutput.newConfigBuilder(context).id(name).name(name).address(pin).initial(inactive)
                .shutdown(inactive);
        if (outputProvider != null) {
            b.provider(outputProvider);
        }
        PinOutput o = new PinOutput(context.create(b), activeLow);
        outputs.add(o);
        return o;
    }

    @Override
    public InputLine input(String name, int pin, boolean activeLow) {
        var b = DigitalInput.newConfigBuilder(context).id(name).name(name).address(pin)
                .pull(activeLow ? PullResistance.PULL_UP : PullResistance.PULL_DOWN);
        if (inputProvider != null) {
            b.provider(inputProvider);
        }
        DigitalInput in = context.create(b);
        return () -> in.isHigh() != activeLow;
    }

    @Override
    public synchronized void close() {
        for (PinOutput o : outputs) {
            o.set(false);
        }
        if (shutdownContext) {
            context.shutdown();
        }
    }
}
