package net.ntsbox.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process and captures what it prints. */
record CliRun(int rc, String out, String err) {
    static CliRun of(String... args) {
        var cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int rc = cli.execute(args);
        return new CliRun(rc, out.toString(), err.toString());
    }

    @Override public String toString() { return "rc=" + rc + "\nstdout:\n" + out + "\nstderr:\n" + err; }
}
