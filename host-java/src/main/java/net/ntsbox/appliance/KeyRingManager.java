package net.ntsbox.appliance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.ntsbox.config.KeysSettings;
import net.ntsbox.keys.ChronyKeyFile;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.KeyRingCodec;
import net.ntsbox.keys.KeyRingFile;
import net.ntsbox.keys.KeyRingState;
import net.ntsbox.keys.MasterKey;

/**
 * Owns the live {@link KeyRing} and its state file. A rotation builds the next ring from a
 * copy of the state, writes it atomically, and only then publishes it: no cookie is ever
 * minted under a key whose ring state is not on disk. The previous ring is then advanced
 * too, which erases its expired keys and ratchet state.
 */
public final class KeyRingManager {
    private static final System.Logger LOG = System.getLogger("net.ntsbox.appliance");
    /** Bytes of a generated cluster seed. */
    public static final int SEED_BYTES = 32;

    private final KeysSettings settings;
    private volatile KeyRing ring;

    private KeyRingManager(KeysSettings settings, KeyRing ring) {
        this.settings = settings;
        this.ring = ring;
    }

    /**
     * Restores the ring from the state file, or derives it from the seed file (created with a
     * random seed when missing), brings it to {@code nowSeconds}, imports chrony keys if
     * configured, and persists it.
     */
    public static KeyRingManager open(KeysSettings s, long nowSeconds) throws ApplianceStartException {
        KeyRing ring;
        Path state = s.stateFile();
        try {
            if (Files.exists(state)) {
                KeyRingState st = KeyRingFile.read(state);
                ring = KeyRing.restore(st, nowSeconds);
                if (st.epochSeconds() != s.epochSeconds() || !st.policy().equals(s.policy())) {
                    LOG.log(System.Logger.Level.WARNING, "key state " + state + " has epoch " + st.epochSeconds()
                            + " and " + st.policy() + "; the configuration says epoch " + s.epochSeconds() + " and "
                            + s.policy() + ". The state file wins (move it away to start a new ring from the seed).");
                }
                LOG.log(System.Logger.Level.INFO, "keys: restored " + ring + " from " + state);
            } else {
                if (nowSeconds < s.epochSeconds()) {
                    throw new ApplianceStartException("keys.epoch " + s.epochSeconds() + " is in the future (now "
                            + nowSeconds + ")");
                }
                byte[] seed = readOrCreateSeed(s.seedFile());
                try {
                    ring = KeyRing.fromSeed(seed, s.epochSeconds(), s.policy(), nowSeconds);
                } finally {
                    Arrays.fill(seed, (byte) 0);
                }
                LOG.log(System.Logger.Level.INFO, "keys: derived " + ring + " from the cluster seed " + s.seedFile());
            }
        } catch (IOException e) {
            throw new ApplianceStartException("keys: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ApplianceStartException("keys: " + state + ": " + e.getMessage(), e);
        }
        KeyRingManager m = new KeyRingManager(s, ring);
        if (s.importChrony().isPresent()) m.importChrony(s.importChrony().get());
        try {
            m.persist();
        } catch (IOException e) {
            throw new ApplianceStartException("keys: cannot write " + state + ": " + e.getMessage(), e);
        }
        return m;
    }

    private void importChrony(Path file) throws ApplianceStartException {
        try {
            ChronyKeyFile.Contents c = ChronyKeyFile.read(file);
            List<MasterKey> fresh = c.keys().stream().filter(k -> !alreadyImported(k)).toList();
            if (!fresh.isEmpty()) ring.importKeys(fresh);
            LOG.log(System.Logger.Level.INFO, "keys: chrony key file " + file + ": " + fresh.size() + " of "
                    + c.keys().size() + " keys imported (accepted for " + ring.policy().pastKeys() + " more periods)");
        } catch (IOException | IllegalArgumentException e) {
            throw new ApplianceStartException("keys.import_chrony: " + file + ": " + e.getMessage(), e);
        }
    }

    private boolean alreadyImported(MasterKey k) {
        for (MasterKey held : ring.importedSlots()) {
            if (k.sameAs(held)) return true; // a restart must not extend an import's acceptance window
        }
        return false;
    }

    /** The ring requests and key exchanges use right now. */
    public KeyRing ring() { return ring; }

    public Path stateFile() { return settings.stateFile(); }

    /** Writes the live ring's state. */
    public synchronized void persist() throws IOException {
        Files.createDirectories(settings.stateFile().toAbsolutePath().getParent());
        KeyRingFile.write(settings.stateFile(), ring.state());
    }

    /**
     * Moves to the period containing {@code nowSeconds}: next ring built and written first,
     * then published. Returns false when there was nothing to do. On a write failure the old
     * ring stays live (its current key is still accepted for the past-key window) and the
     * exception says why.
     */
    public synchronized boolean advanceTo(long nowSeconds) throws IOException {
        KeyRing cur = ring;
        if (cur.periodAt(nowSeconds) <= cur.currentPeriod()) return false;
        byte[] encoded = KeyRingCodec.encode(cur.state());
        KeyRing next;
        try {
            next = KeyRing.restore(KeyRingCodec.decode(encoded), nowSeconds); // fresh key objects, none shared
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
        KeyRingFile.write(settings.stateFile(), next.state());
        ring = next;
        cur.advanceTo(nowSeconds); // erase what the old ring held beyond the window
        return true;
    }

    /** Unix milliseconds when the period after the current one starts. */
    public long nextRotationMillis() {
        KeyRing r = ring;
        return r.periodStart(r.currentPeriod() + 1) * 1000L;
    }

    static byte[] readOrCreateSeed(Path file) throws IOException {
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            byte[] seed;
            try {
                seed = HexFormat.of().parseHex(text);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": the cluster seed must be hex digits only (e.g. 64 for 32 bytes)");
            }
            if (seed.length < SEED_BYTES) {
                Arrays.fill(seed, (byte) 0);
                throw new IOException(file + ": the cluster seed must be at least " + SEED_BYTES + " bytes, got "
                        + seed.length);
            }
            return seed;
        }
        byte[] seed = new byte[SEED_BYTES];
        new SecureRandom().nextBytes(seed);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        byte[] hex = (HexFormat.of().formatHex(seed) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            Files.write(tmp, hex);
        } finally {
            Arrays.fill(hex, (byte) 0);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        LOG.log(System.Logger.Level.WARNING, "keys: created a NEW cluster seed in " + file + " (mode 0600). Every "
                + "appliance of a cluster needs the same seed; keep a copy offline.");
        return seed;
    }
}
