package net.ntsbox.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived helper command (openssl, chronyc, ntpq, ip) with a hard time bound. */
final class Cmd {
    private Cmd() {}

    /** Exit status and merged stdout+stderr of one finished command. */
    record Result(List<String> argv, int exit, String output) {
        boolean ok() {
            return exit == 0;
        }

        /** Throws with the command and its output unless it exited 0. */
        Result require() {
            if (exit != 0) {
                throw new IllegalStateException(describe());
            }
            return this;
        }

        String describe() {
            return String.join(" ", argv) + " -> exit " + exit + (output.isBlank() ? "" : ":\n" + output.strip());
        }
    }

    /**
     * Runs argv; on timeout the process (and any children it left) is killed by PID and the
     * result has exit -1. Stdin is /dev/null so nothing ever waits for input.
     */
    static Result run(Duration timeout, List<String> argv) {
        var pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(List.copyOf(argv), 127, "cannot start: " + e.getMessage());
        }
        // Read on a separate thread so a chatty command cannot block on a full pipe.
        var out = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var in = p.getInputStream()) {
                out.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append("(output lost: ").append(e.getMessage()).append(')');
            }
        });
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
                reader.join(Duration.ofSeconds(2));
                return new Result(List.copyOf(argv), -1, out + "\n(killed after " + timeout.toMillis() + " ms)");
            }
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + argv, e);
        }
        return new Result(List.copyOf(argv), p.exitValue(), out.toString());
    }

    static Result run(Duration timeout, String... argv) {
        return run(timeout, List.of(argv));
    }

    static void writeString(java.nio.file.Path file, String text) {
        try {
            java.nio.file.Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
