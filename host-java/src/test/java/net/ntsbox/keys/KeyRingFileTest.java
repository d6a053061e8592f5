package net.ntsbox.keys;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.ntsbox.cookie.CookieCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingFileTest {
    @TempDir Path dir;

    @Test
    void everyCookieMintedBeforeOpensAfterWriteAndRead() throws Exception {
        long day = 86_400, t0 = KeyRingTest.EPOCH + 20 * day;
        KeyRing ring = KeyRing.fromSeed(KeyRingTest.SEED, KeyRingTest.EPOCH, RotationPolicy.DEFAULT, t0);
        ring.importKeys(List.of(new MasterKey(0xabcdef01, new byte[32])));
        Random r = new Random(11);
        List<byte[]> cookies = new ArrayList<>();
        cookies.add(KeyRingTest.cookie(new MasterKey(0xabcdef01, new byte[32]), r));
        for (int p = 0; p < 3; p++) {
            ring.advanceTo(t0 + p * day);
            cookies.add(KeyRingTest.cookie(ring.current(), r));
        }
        Path f = dir.resolve("keyring");
        KeyRingFile.write(f, ring.state());
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(f));
        assertFalse(Files.exists(dir.resolve("keyring.tmp")));
        KeyRing back = KeyRing.restore(KeyRingFile.read(f), t0 + 2 * day);
        for (byte[] c : cookies) assertTrue(CookieCodec.open(c, back).ok());
        assertTrue(back.current().sameAs(ring.current()));
        assertTrue(back.slots()[(int) ((ring.currentPeriod() + 1) & 3)].sameAs(ring.slots()[(int) ((ring.currentPeriod() + 1) & 3)]));
        // Overwrite works and the restored ring keeps ratcheting in step with the original.
        KeyRingFile.write(f, back.state());
        back.advanceTo(t0 + 9 * day);
        ring.advanceTo(t0 + 9 * day);
        assertTrue(back.current().sameAs(ring.current()));
        assertArrayEquals(KeyRingCodec.encode(ring.state()), KeyRingCodec.encode(back.state()));
    }

    @Test
    void corruptFilesGiveClearErrors() throws Exception {
        KeyRing ring = KeyRing.fromSeed(KeyRingTest.SEED, KeyRingTest.EPOCH, RotationPolicy.DEFAULT, KeyRingTest.EPOCH + 5 * 86_400L);
        byte[] good = KeyRingCodec.encode(ring.state());
        String text = new String(good, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("ntsbox-keyring 1\n"));

        byte[] flipped = good.clone();
        flipped[40] ^= 1;
        assertTrue(fail(flipped).contains("checksum"));
        assertTrue(fail(java.util.Arrays.copyOf(good, good.length - 10)).contains("truncated"));
        assertTrue(fail(new byte[0]).contains("truncated"));
        // A well-checksummed file with a bad line names the line.
        String bad = text.substring(0, text.indexOf("sha256")).replace("policy 86400", "policy x86400");
        assertTrue(fail(withChecksum(bad)).contains("line 3"), fail(withChecksum(bad)));
        Path f = dir.resolve("ring");
        Files.write(f, flipped);
        KeyFileException e = assertThrows(KeyFileException.class, () -> KeyRingFile.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()));
    }

    private static byte[] withChecksum(String body) throws Exception {
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        String sum = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        return (body + "sha256 " + sum + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String fail(byte[] b) {
        return assertThrows(KeyFileException.class, () -> KeyRingCodec.decode(b)).getMessage();
    }
}
