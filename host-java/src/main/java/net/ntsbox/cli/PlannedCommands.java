package net.ntsbox.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Commands of the product that this build does not carry yet. They are listed so that
 * {@code --help} shows the whole interface; running one says which issue delivers it and
 * exits with status 2 instead of pretending to work. Each moves to its own class when built.
 */
final class PlannedCommands {
    private PlannedCommands() {}

    static final int NOT_BUILT = 2;

    abstract static class Planned implements Callable<Integer> {
        private final String what;

        Planned(String what) { this.what = what; }

        @Override
        public Integer call() {
            System.err.println("ntsbox: '" + what + "' is not in this build yet.");
            return NOT_BUILT;
        }
    }
}
