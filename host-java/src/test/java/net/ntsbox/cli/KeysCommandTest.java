package net.ntsbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import net.ntsbox.appliance.KeyRingManager;
import net.ntsbox.appliance.SeedFile;
import net.ntsbox.config.ConfigOverrides;
import net.ntsbox.config.ConfigReader;
import net.ntsbox.config.KeysSettings;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.KeyRingFile;
import net.ntsbox.keys.MasterKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ntsbox keys ...} on state dirs in a temp dir, at a fixed time (hidden --now). */
@Timeout(30)
class KeysCommandTest {
    /** Period 1000 of a 4096 s ratchet from epoch 1,000,000, plus 100 s. */
    static final long EPOCH = 1_000_000;
    static final long PERIOD = 4096;
    static final long NOW = EPOCH + 1000 * PERIOD + 100;
    static final String SEED = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    private Path config(String name) throws Exception {
        Path f = dir.resolve(name + ".toml");
        Files.writeString(f, """
                state_dir = "%s"
                [keys]
                epoch = %d
                rotation_period_s = %d
                client_poll_s = 1024
                """.formatted(dir.resolve(name), EPOCH, PERIOD));
        return f;
    }

    private static KeysSettings keys(Path config) throws Exception {
        return ConfigReader.load(config, ConfigOverrides.none()).keys();
    }

    private static CliRun keysCmd(String sub, Path config, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("keys", sub, "--config", config.toString(), "--now",
                String.valueOf(NOW)));
        a.addAll(List.of(more));
        return CliRun.of(a.toArray(String[]::new));
    }

    private static void provision(KeysSettings k, String hex) throws Exception {
        Files.createDirectories(k.seedFile().getParent());
        SeedFile.replace(k.seedFile(), HexFormat.of().parseHex(hex));
    }

    private static KeyRing ringOf(KeysSettings k) throws Exception {
        return KeyRing.restore(KeyRingFile.read(k.stateFile()), NOW);
    }

    @Test
    void statusListsIdsPeriodsSlotsRolesAndNextRotationButNoKeyMaterial() throws Exception {
        Path cfg = config("a");
        KeysSettings k = keys(cfg);
        provision(k, SEED);
        KeyRingManager.open(k, NOW).close(); // what the first start writes
        CliRun r = keysCmd("status", cfg);
        assertEquals(0, r.rc(), r.toString());
        String o = r.out();
        assertTrue(o.contains("server: not running"), r.toString());
        assertTrue(o.contains("state written at period 1000"), r.toString());
        assertTrue(o.contains("next rotation: " + java.time.Instant.ofEpochSecond(EPOCH + 1001 * PERIOD) + " (in "
                + (PERIOD - 100) + " s)"), r.toString());
        // id = period: 1001 = 0x3e9 (slot 1), 1000 = 0x3e8 (slot 0), 999 (slot 3), 998 (slot 2)
        assertTrue(o.matches("(?s).*future\\s+000003e9 1\\s+1001 .*"), r.toString());
        assertTrue(o.matches("(?s).*current\\s+000003e8 0\\s+1000\\s+\\S+\\s+100 .*"), r.toString());
        assertTrue(o.matches("(?s).*past\\s+000003e7 3\\s+999 .*"), r.toString());
        assertTrue(o.matches("(?s).*past\\s+000003e6 2\\s+998 .*"), r.toString());
        KeyRing ring = ringOf(k);
        for (MasterKey m : ring.slots()) {
            assertFalse(o.contains(HexFormat.of().formatHex(m.keyBytes())), "no key bytes");
            assertFalse(o.contains(HexFormat.of().formatHex(m.keyBytes(), 0, 8)), "not even part of them");
        }
        assertFalse(o.contains(SEED) || o.contains(SEED.substring(0, 16)), "no seed");
        assertTrue(o.contains("fingerprint " + SeedFile.fingerprint(HexFormat.of().parseHex(SEED))), r.toString());

        // later: the ring is evaluated at the time given, the state file is not rewritten
        CliRun later = CliRun.of("keys", "status", "--config", cfg.toString(), "--now", String.valueOf(NOW + 2 * PERIOD));
        assertTrue(later.out().contains("evaluated now") && later.out().matches("(?s).*current\\s+000003ea .*"), later.toString());
        assertTrue(later.out().contains("state written at period 1000"), later.toString());
    }

    @Test
    void statusWithoutStateShowsTheRingTheSeedGivesOrSaysNothingExists() throws Exception {
        Path cfg = config("b");
        CliRun none = keysCmd("status", cfg);
        assertEquals(0, none.rc(), none.toString());
        assertTrue(none.out().contains("no key state and no seed"), none.toString());
        assertTrue(Files.notExists(dir.resolve("b")), "status creates nothing");
        provision(keys(cfg), SEED);
        CliRun seeded = keysCmd("status", cfg);
        assertTrue(seeded.out().contains("no state yet") && seeded.out().contains("000003e8"), seeded.toString());
        assertTrue(Files.notExists(keys(cfg).stateFile()), "status writes no state");
    }

    @Test
    void exportWritesA0600FileRefusesToOverwriteAndPrintsTheSeedOnlyWithPrint() throws Exception {
        Path cfg = config("a");
        KeysSettings k = keys(cfg);
        provision(k, SEED);
        Path out = dir.resolve("export.seed");
        CliRun r = keysCmd("export-seed", cfg, "--out", out.toString());
        assertEquals(0, r.rc(), r.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertFalse(r.out().contains(SEED) || r.err().contains(SEED), "not printed: " + r);
        String text = Files.readString(out);
        assertTrue(text.contains("# epoch = " + EPOCH) && text.contains("# rotation_period_s = " + PERIOD), text);
        assertTrue(text.contains(SEED), "the file holds it");

        byte[] before = Files.readAllBytes(out);
        CliRun again = keysCmd("export-seed", cfg, "--out", out.toString());
        assertEquals(1, again.rc(), again.toString());
        assertTrue(again.err().contains("exists; not overwritten"), again.toString());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(out)));

        CliRun printed = keysCmd("export-seed", cfg, "--print");
        assertEquals(0, printed.rc(), printed.toString());
        assertEquals(SEED, printed.out().strip());
        assertTrue(printed.err().contains("WARNING") && !printed.err().contains(SEED), printed.toString());

        assertEquals(1, keysCmd("export-seed", cfg).rc(), "needs --out or --print");
        CliRun noSeed = keysCmd("export-seed", config("empty"), "--out", dir.resolve("x").toString());
        assertEquals(1, noSeed.rc());
        assertTrue(noSeed.err().contains("no seed file"), noSeed.toString());
        assertTrue(Files.notExists(dir.resolve("x")));
    }

    /** Provisioning a second appliance: export on A, import on B, both derive the same keys. */
    @Test
    void importSeedProvisionsASecondApplianceWithTheSameKeys() throws Exception {
        Path a = config("a");
        Path b = config("b");
        provision(keys(a), SEED);
        KeyRingManager.open(keys(a), NOW).close();
        Path export = dir.resolve("cluster.export");
        assertEquals(0, keysCmd("export-seed", a, "--out", export.toString()).rc());

        CliRun r = keysCmd("import-seed", b, "--in", export.toString());
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("installed the cluster seed in " + keys(b).seedFile()), r.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys(b).seedFile())));
        assertFalse(r.out().contains(SEED), r.toString());
        KeyRingManager.open(keys(b), NOW).close(); // B's first start
        MasterKey[] sa = ringOf(keys(a)).slots();
        MasterKey[] sb = ringOf(keys(b)).slots();
        for (int s = 0; s < 4; s++) assertTrue(sa[s].sameAs(sb[s]), "slot " + s + " agrees");

        CliRun again = keysCmd("import-seed", b, "--in", export.toString());
        assertEquals(0, again.rc(), again.toString());
        assertTrue(again.out().contains("already provisioned"), again.toString());
    }

    @Test
    void importSeedChecksEpochAndPeriodAgainstTheConfiguration() throws Exception {
        Path b = config("b");
        Path export = dir.resolve("other.export");
        SeedFile.writeNew(export, HexFormat.of().parseHex(SEED), List.of("epoch = 5", "rotation_period_s = " + PERIOD));
        CliRun r = keysCmd("import-seed", b, "--in", export.toString());
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("the cluster's epoch is 5") && r.err().contains("set keys.epoch = 5"), r.toString());
        assertTrue(Files.notExists(keys(b).seedFile()));

        Path bare = dir.resolve("bare.seed");
        Files.writeString(bare, SEED + "\n");
        CliRun wrongEpoch = keysCmd("import-seed", b, "--in", bare.toString(), "--epoch", "7");
        assertEquals(1, wrongEpoch.rc(), wrongEpoch.toString());
        assertTrue(wrongEpoch.err().contains("keys.epoch = " + EPOCH), wrongEpoch.toString());
        assertEquals(0, keysCmd("import-seed", b, "--in", bare.toString(), "--epoch", String.valueOf(EPOCH)).rc());

        Path period = dir.resolve("period.export");
        SeedFile.writeNew(period, HexFormat.of().parseHex(SEED), List.of("epoch = " + EPOCH, "rotation_period_s = 86400"));
        CliRun p = keysCmd("import-seed", config("c"), "--in", period.toString());
        assertEquals(1, p.rc(), p.toString());
        assertTrue(p.err().contains("keys.rotation_period_s = " + PERIOD), p.toString());
    }

    @Test
    void importSeedRefusesToReplaceAnotherSeedOrItsStateUnlessAsked() throws Exception {
        Path b = config("b");
        KeysSettings k = keys(b);
        provision(k, "ff".repeat(32));
        KeyRingManager.open(k, NOW).close();
        MasterKey oldCurrent = ringOf(k).current();
        Path export = dir.resolve("x.export");
        SeedFile.writeNew(export, HexFormat.of().parseHex(SEED), List.of("epoch = " + EPOCH));

        CliRun r = keysCmd("import-seed", b, "--in", export.toString());
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("holds a different seed; --replace"), r.toString());
        assertTrue(ringOf(k).current().sameAs(oldCurrent), "state untouched");

        // seed erased after provisioning (as docs/keys.md advises): the state alone shows it is another seed's
        Files.delete(k.seedFile());
        CliRun st = keysCmd("import-seed", b, "--in", export.toString());
        assertEquals(1, st.rc(), st.toString());
        assertTrue(st.err().contains("was not derived from this seed"), st.toString());

        CliRun rep = keysCmd("import-seed", b, "--in", export.toString(), "--replace");
        assertEquals(0, rep.rc(), rep.toString());
        assertTrue(rep.out().contains("discarded the old key state"), rep.toString());
        assertTrue(Files.notExists(k.stateFile()));
        KeyRingManager.open(k, NOW).close();
        assertFalse(ringOf(k).current().sameAs(oldCurrent), "new keys");
    }

    @Test
    void importChronyAddsImportedKeysShownByStatus() throws Exception {
        Path cfg = config("a");
        KeysSettings k = keys(cfg);
        provision(k, SEED);
        Path chrony = dir.resolve("ntskeys");
        // chrony's IDs far from the ratchet's period numbers, consecutive slots
        Files.writeString(chrony, "NKS0\n15 120\n7a000001 " + "11".repeat(32) + "\n7a000002 " + "22".repeat(32) + "\n");
        CliRun r = keysCmd("import-chrony", cfg, chrony.toString());
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("imported 2 chrony keys"), r.toString());
        MasterKey[] imp = ringOf(k).importedSlots();
        assertEquals(0x7a000001, imp[1].id());
        assertEquals(0x7a000002, imp[2].id());
        CliRun s = keysCmd("status", cfg);
        assertTrue(s.out().matches("(?s).*imported\\s+7a000001 1 .*") && s.out().contains("7a000002"), s.toString());
        assertFalse(s.out().contains("11".repeat(16)), "no key bytes");
        CliRun twice = keysCmd("import-chrony", cfg, chrony.toString());
        assertTrue(twice.out().contains("imported 0 chrony keys"), "a second import adds nothing: " + twice);
    }

    @Test
    void aBadChronyFileChangesAndCreatesNothing() throws Exception {
        Path cfg = config("a");
        Path chrony = dir.resolve("ntskeys");
        Files.writeString(chrony, "NKS0\n16 120\n01 " + "11".repeat(32) + "\n");
        CliRun r = keysCmd("import-chrony", cfg, chrony.toString());
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("chrony key file " + chrony) && r.err().contains("line 3"), r.toString());
        assertTrue(Files.notExists(keys(cfg).seedFile()) && Files.notExists(keys(cfg).stateFile()));
        CliRun missing = keysCmd("import-chrony", cfg, dir.resolve("nope").toString());
        assertTrue(missing.err().contains("no such file"), missing.toString());
    }

    @Test
    void rotateNowIsRefusedWithTheReasonAndNewSeedReKeys() throws Exception {
        Path cfg = config("a");
        KeysSettings k = keys(cfg);
        provision(k, SEED);
        KeyRingManager.open(k, NOW).close();
        MasterKey before = ringOf(k).current();
        CliRun r = keysCmd("rotate-now", cfg);
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("time-based ratchet shared by every appliance") && r.err().contains("--new-seed"),
                r.toString());
        assertTrue(ringOf(k).current().sameAs(before), "nothing changed");

        CliRun n = keysCmd("rotate-now", cfg, "--new-seed");
        assertEquals(0, n.rc(), n.toString());
        assertTrue(Files.notExists(k.stateFile()), "old state discarded");
        byte[] fresh = SeedFile.read(k.seedFile());
        assertNotEquals(SEED, HexFormat.of().formatHex(fresh));
        assertTrue(n.out().contains(SeedFile.fingerprint(fresh)) && !n.out().contains(HexFormat.of().formatHex(fresh)), n.toString());
        KeyRingManager.open(k, NOW).close();
        assertFalse(ringOf(k).current().sameAs(before), "new keys");
    }

    /** A running server holds the state lock: writing commands refuse and name it; status reports it. */
    @Test
    void writingCommandsRefuseWhileTheStateIsLocked() throws Exception {
        Path cfg = config("a");
        KeysSettings k = keys(cfg);
        provision(k, SEED);
        Path export = dir.resolve("e.seed");
        SeedFile.writeNew(export, HexFormat.of().parseHex(SEED), List.of("epoch = " + EPOCH));
        Path chrony = dir.resolve("ntskeys");
        Files.writeString(chrony, "NKS0\n15 1\n7a000001 " + "11".repeat(32) + "\n");
        KeyRingManager server = KeyRingManager.open(k, NOW);
        try {
            byte[] state = Files.readAllBytes(k.stateFile());
            for (CliRun r : new CliRun[] {
                keysCmd("import-seed", cfg, "--in", export.toString(), "--replace"),
                keysCmd("import-chrony", cfg, chrony.toString()),
                keysCmd("rotate-now", cfg, "--new-seed")}) {
                assertEquals(1, r.rc(), r.toString());
                assertTrue(r.err().contains("is locked by pid " + ProcessHandle.current().pid() + " (ntsbox serve)"), r.toString());
            }
            assertTrue(java.util.Arrays.equals(state, Files.readAllBytes(k.stateFile())), "state untouched");
            assertEquals(SEED, HexFormat.of().formatHex(SeedFile.read(k.seedFile())), "seed untouched");
            CliRun s = keysCmd("status", cfg);
            assertTrue(s.out().contains("server: running, pid " + ProcessHandle.current().pid()), s.toString());
        } finally {
            server.close();
        }
        assertEquals(0, keysCmd("import-chrony", cfg, chrony.toString()).rc(), "free after the server stopped");
        assertEquals(Optional.empty(), KeysCommand.lockHolder(k.stateFile()));
    }
}
