package net.ntsbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void helpListsEveryPlannedCommand() {
        var cli = Main.commandLine();
        var out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("--help"));
        for (String c : new String[] {"serve", "lab", "query", "bench", "keys", "status", "check-config"}) {
            assertTrue(out.toString().contains(c), "help lists " + c + ":\n" + out);
        }
    }
}
