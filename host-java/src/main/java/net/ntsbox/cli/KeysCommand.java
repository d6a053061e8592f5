package net.ntsbox.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import net.ntsbox.appliance.ApplianceStartException;
import net.ntsbox.appliance.KeyRingManager;
import net.ntsbox.appliance.SeedFile;
import net.ntsbox.appliance.StateLock;
import net.ntsbox.config.ConfigException;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import net.ntsbox.config.KeysSettings;
import net.ntsbox.keys.ChronyKeyFile;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.KeyRingFile;
import net.ntsbox.keys.KeyRingState;
import net.ntsbox.keys.MasterKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ntsbox keys ...}: offline operations on the key state and the cluster seed of the
 * configuration given (the same files {@code serve} uses). Commands that write refuse while
 * another process (a running server) holds the state lock; {@code status} only reads. Key
 * material is never printed, except the seed by {@code export-seed --print}, which warns.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Master keys: status, cluster seed export/import, chrony import, re-keying (offline).",
        subcommands = {KeysCommand.Status.class, KeysCommand.ExportSeed.class, KeysCommand.ImportSeed.class,
            KeysCommand.ImportChrony.class, KeysCommand.RotateNow.class})
public final class KeysCommand implements Runnable {
    public static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every subcommand takes: which configuration (hence which state file and seed). */
    static final class Common {
        @Option(names = "--config", paramLabel = "FILE", description = "TOML configuration (default: none, the defaults)")
        Path config;

        @Option(names = "--state-dir", paramLabel = "DIR", description = "replaces state_dir")
        String stateDir;

        /** For tests: the time the ring is evaluated at. */
        @Option(names = "--now", paramLabel = "UNIX_SECONDS", hidden = true)
        Long now;

        KeysSettings keys() throws ConfigException {
            return ConfigReader.load(config, ConfigOverrides.none().set("state_dir", stateDir, "--state-dir")).keys();
        }

        String configName() { return config == null ? "the configuration" : config.toString(); }

        long nowSeconds() { return now != null ? now : Math.floorDiv(System.currentTimeMillis(), 1000L); }
    }

    /** Runs a subcommand body; turns the expected failures into one line on stderr and exit status 1. */
    abstract static class Sub implements Callable<Integer> {
        @Mixin
        Common common;

        @Spec
        CommandSpec spec;

        PrintWriter out() { return spec.commandLine().getOut(); }

        PrintWriter err() { return spec.commandLine().getErr(); }

        @Override
        public final Integer call() {
            if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
                System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %5$s%6$s%n");
            }
            try {
                int rc = run(common.keys());
                out().flush();
                return rc;
            } catch (ConfigException e) {
                return fail("bad configuration: " + e.getMessage());
            } catch (IOException e) {
                return fail(describe(e));
            } catch (ApplianceStartException | IllegalArgumentException e) {
                return fail(e.getMessage());
            } finally {
                out().flush();
                err().flush();
            }
        }

        int fail(String message) {
            err().println("ntsbox keys " + spec.name() + ": " + message);
            err().flush();
            return FAILED;
        }

        abstract int run(KeysSettings s) throws IOException, ApplianceStartException;
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Key IDs, periods, slots, ages and roles, next rotation; never key material.")
    static final class Status extends Sub {
        @Override
        int run(KeysSettings s) throws IOException {
            long now = common.nowSeconds();
            PrintWriter o = out();
            o.println("state file: " + s.stateFile() + (Files.exists(s.stateFile()) ? "" : " (none yet)"));
            o.println("server: " + lockHolder(s.stateFile()).map(h -> "running, " + h).orElse("not running"));
            Optional<String> fp = seedFingerprint(s.seedFile());
            o.println("seed file: " + s.seedFile() + fp.map(f -> " (fingerprint " + f + ")")
                    .orElse(" (absent: the ring continues from the state file only)"));
            KeyRing ring;
            List<KeyRingState.ImportedKey> imported;
            if (Files.exists(s.stateFile())) {
                KeyRingState st = KeyRingFile.read(s.stateFile());
                ring = KeyRing.restore(st, now);
                imported = ring.state().imported();
                o.println("state written at period " + (st.ratchetPeriod() - 1) + "; evaluated now ("
                        + Instant.ofEpochSecond(now) + ") at period " + ring.currentPeriod());
            } else if (fp.isPresent()) {
                if (now < s.epochSeconds()) throw new IOException("keys.epoch " + s.epochSeconds() + " is in the future");
                byte[] seed = SeedFile.read(s.seedFile());
                try {
                    ring = KeyRing.fromSeed(seed, s.epochSeconds(), s.policy(), now);
                } finally {
                    Arrays.fill(seed, (byte) 0);
                }
                imported = List.of();
                o.println("no state yet: the ring the first start derives from the seed, at " + Instant.ofEpochSecond(now));
            } else {
                o.println("no key state and no seed: the first 'ntsbox serve' creates a random seed (or provision one "
                        + "with 'ntsbox keys import-seed')");
                return 0;
            }
            long past = ring.policy().pastKeys();
            long p = ring.currentPeriod();
            o.println("epoch " + ring.epochSeconds() + " (" + Instant.ofEpochSecond(ring.epochSeconds()) + "), period "
                    + ring.policy().periodSeconds() + " s, " + past + " past keys (cookies live up to "
                    + ring.policy().cookieLifetimeSeconds() + " s)");
            o.println("next rotation: " + Instant.ofEpochSecond(ring.periodStart(p + 1)) + " (in "
                    + (ring.periodStart(p + 1) - now) + " s)");
            o.printf("%-9s %-8s %-4s %-10s %-21s %-10s %s%n", "role", "id", "slot", "period", "period start (UTC)",
                    "age s", "accepted until (UTC)");
            for (long q = p + 1; q >= p - past; q--) {
                MasterKey k = ring.lookup((int) q);
                if (k == null || q < 0) continue;
                String role = q == p + 1 ? "future" : q == p ? "current" : "past";
                long start = ring.periodStart(q);
                o.printf("%-9s %s %-4d %-10d %-21s %-10d %s%n", role, k.idHex(), k.slot(), q, Instant.ofEpochSecond(start),
                        now - start, Instant.ofEpochSecond(ring.periodStart(q + past + 1)));
            }
            for (KeyRingState.ImportedKey ik : imported) {
                o.printf("%-9s %s %-4d %-10s %-21s %-10s %s%n", "imported", ik.key().idHex(), ik.key().slot(), "-", "-", "-",
                        Instant.ofEpochSecond(ring.periodStart(ik.lastPeriod() + 1)) + " (chrony key, software bank)");
            }
            return 0;
        }
    }

    @Command(name = "export-seed", mixinStandardHelpOptions = true,
            description = "Write the cluster seed (with its epoch and period) to a new file, mode 0600, to provision another appliance.")
    static final class ExportSeed extends Sub {
        @Option(names = "--out", paramLabel = "FILE", description = "file to create (never overwritten)")
        Path outFile;

        @Option(names = "--print", description = "also print the seed in hex on stdout (it is secret: warns on stderr)")
        boolean print;

        @Override
        int run(KeysSettings s) throws IOException {
            if (outFile == null && !print) return fail("give --out FILE (or --print to show the seed on stdout)");
            if (!Files.exists(s.seedFile())) {
                return fail("no seed file " + s.seedFile() + " (erased after provisioning? it cannot be recomputed "
                        + "from the key state, by design); export it from an appliance that still holds it");
            }
            if (outFile != null && Files.exists(outFile)) return fail(outFile + " exists; not overwritten");
            byte[] seed = SeedFile.read(s.seedFile());
            try {
                String fp = SeedFile.fingerprint(seed);
                if (outFile != null) {
                    SeedFile.writeNew(outFile, seed, List.of(
                            "ntsbox cluster seed. SECRET: whoever holds it can compute every cookie key of the cluster.",
                            "import with: ntsbox keys import-seed --in FILE; delete this file afterwards",
                            "fingerprint = " + fp,
                            "epoch = " + s.epochSeconds(),
                            "rotation_period_s = " + s.policy().periodSeconds()));
                    out().println("wrote the cluster seed to " + outFile + " (mode 0600; fingerprint " + fp + ", epoch "
                            + s.epochSeconds() + ", rotation_period_s " + s.policy().periodSeconds() + ")");
                }
                if (print) {
                    err().println("ntsbox keys export-seed: WARNING: printing the cluster seed; it is secret (whoever "
                            + "holds it can compute every cookie key). Do not leave it in logs or terminal history.");
                    err().flush();
                    out().println(java.util.HexFormat.of().formatHex(seed));
                }
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
            return 0;
        }
    }

    @Command(name = "import-seed", mixinStandardHelpOptions = true,
            description = "Install a cluster seed exported by another appliance (offline; the server must be stopped).")
    static final class ImportSeed extends Sub {
        @Option(names = "--in", paramLabel = "FILE", required = true, description = "file written by 'keys export-seed'")
        Path inFile;

        @Option(names = "--epoch", paramLabel = "UNIX_SECONDS",
                description = "the cluster's epoch, when the file does not say it; must equal keys.epoch")
        Long epoch;

        @Option(names = "--replace", description = "replace a different seed and discard the key state derived from it")
        boolean replace;

        @Override
        int run(KeysSettings s) throws IOException {
            try (StateLock lock = StateLock.acquire(s.stateFile(), "ntsbox keys import-seed")) {
                return importLocked(s);
            }
        }

        private int importLocked(KeysSettings s) throws IOException {
            SeedFile.Contents c = SeedFile.readContents(inFile);
            byte[] seed = c.seed();
            try {
                if (epoch != null && c.epoch().isPresent() && c.epoch().getAsLong() != epoch) {
                    return fail(inFile + " says epoch " + c.epoch().getAsLong() + ", --epoch says " + epoch);
                }
                Long clusterEpoch = epoch != null ? epoch : c.epoch().isPresent() ? c.epoch().getAsLong() : null;
                if (clusterEpoch != null && clusterEpoch != s.epochSeconds()) {
                    return fail("the cluster's epoch is " + clusterEpoch + " but " + common.configName() + " has keys.epoch = "
                            + s.epochSeconds() + ": set keys.epoch = " + clusterEpoch + " first (all members must agree)");
                }
                if (c.periodSeconds().isPresent() && c.periodSeconds().getAsLong() != s.policy().periodSeconds()) {
                    return fail("the cluster's rotation period is " + c.periodSeconds().getAsLong() + " s but "
                            + common.configName() + " has keys.rotation_period_s = " + s.policy().periodSeconds()
                            + ": set it first (all members must agree)");
                }
                String fp = SeedFile.fingerprint(seed);
                boolean sameSeed = false;
                if (Files.exists(s.seedFile())) {
                    byte[] held = SeedFile.read(s.seedFile());
                    sameSeed = java.security.MessageDigest.isEqual(held, seed);
                    Arrays.fill(held, (byte) 0);
                    if (!sameSeed && !replace) {
                        return fail(s.seedFile() + " holds a different seed; --replace discards it and the key state "
                                + "derived from it (clients holding its cookies get an NTS NAK and redo NTS-KE)");
                    }
                }
                boolean dropState = false;
                if (Files.exists(s.stateFile())) {
                    boolean derived = stateDerivedFrom(s, seed);
                    if (!derived && !replace) {
                        return fail("the key state " + s.stateFile() + " was not derived from this seed (or uses another "
                                + "epoch/period); --replace discards it (clients holding its cookies get an NTS NAK and "
                                + "redo NTS-KE)");
                    }
                    dropState = !derived;
                }
                if (sameSeed && !dropState) {
                    out().println("already provisioned: " + s.seedFile() + " holds this seed (fingerprint " + fp + ")");
                    return 0;
                }
                if (dropState) Files.delete(s.stateFile());
                SeedFile.replace(s.seedFile(), seed);
                out().println("installed the cluster seed in " + s.seedFile() + " (fingerprint " + fp + ", epoch "
                        + s.epochSeconds() + ")" + (dropState ? "; discarded the old key state " + s.stateFile() : "")
                        + ". The next 'ntsbox serve' derives its keys from it. Delete " + inFile + " now.");
                return 0;
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
        }

        /** True when the ring in the state file is the one this seed gives for the same epoch, period and time. */
        private boolean stateDerivedFrom(KeysSettings s, byte[] seed) throws IOException {
            long now = common.nowSeconds();
            KeyRingState st = KeyRingFile.read(s.stateFile());
            if (st.epochSeconds() != s.epochSeconds() || !st.policy().equals(s.policy())) return false;
            KeyRing held = KeyRing.restore(st, now);
            KeyRing fresh = KeyRing.fromSeed(seed, st.epochSeconds(), st.policy(), Math.max(now, st.epochSeconds()));
            return held.currentPeriod() == fresh.currentPeriod() && held.current().sameAs(fresh.current());
        }
    }

    @Command(name = "import-chrony", mixinStandardHelpOptions = true,
            description = "Accept the cookie keys of a chrony ntskeys file (as keys.import_chrony does at start), offline.")
    static final class ImportChrony extends Sub {
        @Parameters(index = "0", paramLabel = "FILE", description = "chrony's ntsdumpdir/ntskeys")
        Path file;

        @Override
        int run(KeysSettings s) throws IOException, ApplianceStartException {
            try {
                ChronyKeyFile.read(file); // a bad file must fail before anything is created or rewritten
            } catch (IOException e) {
                return fail("chrony key file " + file + ": "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            }
            boolean fresh = !Files.exists(s.stateFile()) && !Files.exists(s.seedFile());
            KeysSettings only = new KeysSettings(s.stateFile(), s.seedFile(), s.epochSeconds(), s.policy(), Optional.empty());
            KeyRingManager m = KeyRingManager.open(only, common.nowSeconds(), "ntsbox keys import-chrony");
            try {
                int n = m.importChrony(file);
                m.persist();
                KeyRing r = m.ring();
                out().println("imported " + n + " chrony key" + (n == 1 ? "" : "s") + " from " + file + " into "
                        + s.stateFile() + " (accepted, never minted with, until "
                        + Instant.ofEpochSecond(r.periodStart(r.currentPeriod() + r.policy().pastKeys() + 1)) + ")"
                        + (fresh ? "; no seed existed: created a new random one in " + s.seedFile() : ""));
                return 0;
            } finally {
                m.close();
            }
        }
    }

    @Command(name = "rotate-now", mixinStandardHelpOptions = true,
            description = "Refused (the keys follow the clock); --new-seed re-keys with a new random seed.")
    static final class RotateNow extends Sub {
        @Option(names = "--new-seed", description = "replace the seed by a new random one and discard the key state")
        boolean newSeed;

        @Override
        int run(KeysSettings s) throws IOException {
            if (!newSeed) return fail("refused: " + KeyRingManager.NO_EARLY_ROTATION);
            try (StateLock lock = StateLock.acquire(s.stateFile(), "ntsbox keys rotate-now")) {
                byte[] seed = SeedFile.random();
                try {
                    SeedFile.replace(s.seedFile(), seed);
                    Files.deleteIfExists(s.stateFile());
                    out().println("new cluster seed in " + s.seedFile() + " (fingerprint " + SeedFile.fingerprint(seed)
                            + "); key state " + s.stateFile() + " discarded (imported chrony keys too). At the next "
                            + "start every cookie issued so far gets an NTS NAK and clients redo NTS-KE. Other members "
                            + "of the cluster: 'ntsbox keys export-seed --out FILE' here, then 'ntsbox keys import-seed "
                            + "--in FILE --replace' there.");
                } finally {
                    Arrays.fill(seed, (byte) 0);
                }
            }
            return 0;
        }
    }

    /** An I/O error as a sentence: the JDK's NoSuchFileException message is just the path. */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException n) return n.getFile() + ": no such file";
        if (e instanceof java.nio.file.AccessDeniedException a) return a.getFile() + ": permission denied";
        if (e instanceof java.nio.file.FileAlreadyExistsException x) return x.getFile() + ": exists";
        return e.getMessage();
    }

    /** "pid N (ntsbox serve)" when another process holds the state lock; never creates anything. */
    static Optional<String> lockHolder(Path stateFile) {
        if (!Files.exists(StateLock.lockFileFor(stateFile.toAbsolutePath()))) return Optional.empty();
        try (StateLock l = StateLock.acquire(stateFile, "ntsbox keys status")) {
            return Optional.empty();
        } catch (StateLock.HeldException e) {
            String m = e.getMessage();
            int i = m.indexOf("locked by ");
            int j = m.indexOf(" (lock file");
            return Optional.of(i >= 0 && j > i ? m.substring(i + 10, j) : "lock held");
        } catch (IOException e) {
            return Optional.of("unknown (" + e.getMessage() + ")");
        }
    }

    static Optional<String> seedFingerprint(Path seedFile) throws IOException {
        if (!Files.exists(seedFile)) return Optional.empty();
        byte[] seed = SeedFile.read(seedFile);
        try {
            return Optional.of(SeedFile.fingerprint(seed));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }
}
