package net.ntsbox.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./ntsbox}. Each subcommand is a thin adapter over the core. */
@Command(
        name = "ntsbox",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Open NTS (RFC 8915) time server: NTS-KE, NTP/NTS datapath in software or FPGA.",
        subcommands = {
            CommandLine.HelpCommand.class,
            ServeCommand.class,
            LabCommand.class,
            QueryCommand.class,
            BenchCommand.class,
            KeysCommand.class,
            StatusCommand.class,
            CheckConfigCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, for tests that run the CLI in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
