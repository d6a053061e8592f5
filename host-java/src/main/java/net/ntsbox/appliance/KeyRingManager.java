package net.ntsbox.appliance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
    /**
     * Why there is no early rotation (for {@code ntsbox keys rotate-now} and any API that is
     * asked for one): the key of a period is a function of the shared seed, the epoch and the
     * time, which is what lets a cluster agree without talking.
     */
    public static final String NO_EARLY_ROTATION = "the master keys follow a time-based ratchet shared by every "
            + "appliance with this seed and epoch: the key of each period is fixed by the seed and the clock, so "
            + "rotating one appliance early would only make it mint with the next period's key (peers accept it as "
            + "their future key) and erase nothing that is not already erased on schedule. To replace the keys, "
            + "e.g. after a suspected compromise, provision a new seed: 'ntsbox keys rotate-now --new-seed' on one "
            + "appliance, then 'keys export-seed' there and 'keys import-seed --replace' on every other one";

    /** Bytes of a generated cluster seed. */
    public static final int SEED_BYTES = SeedFile.SEED_BYTES;

    private final KeysSettings settings;
    private final StateLock lock;
    private volatile KeyRing ring;

    private KeyRingManager(KeysSettings settings, KeyRing ring, StateLock lock) {
        this.settings = settings;
        this.ring = ring;
        this.lock = lock;
    }

    /**
     * Restores the ring from the state file, or derives it from the seed file (created with a
     * random seed when missing), brings it to {@code nowSeconds}, imports chrony keys if
     * configured, and persists it. Holds the {@link StateLock} of the state file from here until
     * {@link #close()}: a second server or an offline {@code ntsbox keys} command on the same
     * state is refused.
     */
    public static KeyRingManager open(KeysSettings s, long nowSeconds) throws ApplianceStartException {
        return open(s, nowSeconds, "ntsbox serve");
    }

    /** As {@link #open(KeysSettings, long)}; {@code purpose} goes into the lock file for others' messages. */
    public static KeyRingManager open(KeysSettings s, long nowSeconds, String purpose) throws ApplianceStartException {
        StateLock lock;
        try {
            lock = StateLock.acquire(s.stateFile(), purpose);
        } catch (IOException e) {
            throw new ApplianceStartException("keys: " + e.getMessage(), e);
        }
        try {
            return openLocked(s, nowSeconds, lock);
        } catch (ApplianceStartException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static KeyRingManager openLocked(KeysSettings s, long nowSeconds, StateLock lock)
            throws ApplianceStartException {
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
        KeyRingManager m = new KeyRingManager(s, ring, lock);
        if (s.importChrony().isPresent()) m.importChrony(s.importChrony().get());
        try {
            m.persist();
        } catch (IOException e) {
            throw new ApplianceStartException("keys: cannot write " + state + ": " + e.getMessage(), e);
        }
        return m;
    }

    /**
     * Accepts the keys of a chrony {@code ntskeys} file (those not imported before) for opening
     * cookies; the caller persists. Returns how many were new.
     */
    public int importChrony(Path file) throws ApplianceStartException {
        try {
            ChronyKeyFile.Contents c = ChronyKeyFile.read(file);
            List<MasterKey> fresh = c.keys().stream().filter(k -> !alreadyImported(k)).toList();
            if (!fresh.isEmpty()) ring.importKeys(fresh);
            LOG.log(System.Logger.Level.INFO, "keys: chrony key file " + file + ": " + fresh.size() + " of "
                    + c.keys().size() + " keys imported (accepted for " + ring.policy().pastKeys() + " more periods)");
            return fresh.size();
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

    /** Releases the state lock (after the last {@link #persist()}). Safe to call twice. */
    public void close() { lock.close(); }

    /** Unix milliseconds when the period after the current one starts. */
    public long nextRotationMillis() {
        KeyRing r = ring;
        return r.periodStart(r.currentPeriod() + 1) * 1000L;
    }

    static byte[] readOrCreateSeed(Path file) throws IOException {
        if (Files.exists(file)) return SeedFile.read(file);
        byte[] seed = SeedFile.random();
        SeedFile.replace(file, seed);
        LOG.log(System.Logger.Level.WARNING, "keys: created a NEW cluster seed in " + file + " (mode 0600). Every "
                + "appliance of a cluster needs the same seed; keep a copy offline.");
        return seed;
    }
}
