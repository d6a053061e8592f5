package net.ntsbox.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.ntsbox.config.HostPort;

/**
 * {@code ntsbox serve} as a child JVM (from target/classes and the runtime classpath file the
 * build writes), optionally inside a {@link NetNamespace} via {@code ip netns exec}, which
 * execs, so the child's PID is the JVM's and SIGTERM goes straight to it. Its stdout and
 * stderr are collected; the bound listeners are read from its log lines.
 */
final class ServeProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ServeProcess(Process p) {
        this.process = p;
        pump(p.getInputStream(), "out");
        pump(p.getErrorStream(), "err");
    }

    /** Starts {@code ntsbox serve ARGS} and waits until it says it is running (or exits). */
    static ServeProcess start(NetNamespace ns, Duration timeout, String... args) throws IOException {
        return start(ns, timeout, "serve", List.of(), args);
    }

    /** Starts {@code ntsbox COMMAND ARGS} (serve or lab) with extra JVM options. */
    static ServeProcess start(NetNamespace ns, Duration timeout, String command, List<String> jvmArgs, String... args)
            throws IOException {
        String ready = "ntsbox " + command + ": running";
        List<String> cmd = new ArrayList<>();
        if (ns != null) cmd.addAll(ns.execPrefix());
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add("net.ntsbox.cli.Main");
        cmd.add(command);
        cmd.addAll(List.of(args));
        ServeProcess s = new ServeProcess(new ProcessBuilder(cmd).start());
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (s.lines.stream().anyMatch(l -> l.contains(ready))) return s;
            if (!s.process.isAlive()) return s;
            Daemon.sleep(Duration.ofMillis(50));
        }
        s.close();
        throw new AssertionError("ntsbox " + command + " did not get ready within " + timeout + ":\n" + s.output());
    }

    private static String classpath() throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        String deps = Files.readString(target.resolve("runtime.classpath")).strip();
        return target.resolve("classes") + ":" + deps;
    }

    private void pump(InputStream in, String tag) {
        Thread.ofPlatform().daemon(true).name("serve-" + tag).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) lines.add(l);
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    boolean running() { return process.isAlive(); }

    long pid() { return process.pid(); }

    /** Everything it printed so far. */
    String output() { return String.join("\n", lines); }

    /** Waits for the exit; returns the status, or throws if it is still running after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("ntsbox serve still running after " + timeout + ":\n" + output());
        }
        Daemon.sleep(Duration.ofMillis(100)); // let the pumps drain
        return process.exitValue();
    }

    /** The listeners it logged: "tcp" (NTS-KE) or "udp" (NTP). */
    List<InetSocketAddress> listening(String proto) {
        String tag = proto.equals("tcp") ? "NTS-KE listening on tcp " : "NTP/NTS listening on udp ";
        List<InetSocketAddress> out = new ArrayList<>();
        for (String l : lines) {
            int i = l.indexOf(tag);
            if (i >= 0) out.add(HostPort.parse(l.substring(i + tag.length()).split(" ")[0]));
        }
        return out;
    }

    /** SIGTERM (the shutdown hook persists keys), then SIGKILL after 10 s. */
    void terminate() {
        process.toHandle().destroy(); // Process.destroy() would also close our ends of its stdout/stderr
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
            Daemon.sleep(Duration.ofMillis(200)); // let the pumps drain
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) terminate();
    }
}
