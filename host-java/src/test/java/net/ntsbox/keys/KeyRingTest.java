package net.ntsbox.keys;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.ntsbox.cookie.CookieCodec;
import net.ntsbox.cookie.CookieOpenResult;
import net.ntsbox.crypto.AeadAlgorithm;
import org.junit.jupiter.api.Test;

class KeyRingTest {
    static final long EPOCH = 1_735_689_600L; // 2025-01-01
    static final long DAY = 86_400;
    static final byte[] SEED = seed(1);

    static byte[] seed(int s) {
        byte[] b = new byte[32];
        new Random(s).nextBytes(b);
        return b;
    }

    static byte[] cookie(MasterKey k, Random r) {
        byte[] c2s = new byte[32], s2c = new byte[32], n = new byte[16];
        r.nextBytes(c2s);
        r.nextBytes(s2c);
        r.nextBytes(n);
        return CookieCodec.mint(k, AeadAlgorithm.AES_SIV_CMAC_256, c2s, s2c, n);
    }

    @Test
    void defaultPolicyKeepsTwoPastKeysAndRejectsTooShortPeriods() {
        assertEquals(86_400, RotationPolicy.DEFAULT.periodSeconds());
        assertEquals(2, RotationPolicy.DEFAULT.pastKeys());
        assertEquals(2, RotationPolicy.ofPeriod(4096).pastKeys());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RotationPolicy.ofPeriod(4095));
        assertTrue(e.getMessage().contains("4096"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RotationPolicy.ofPeriod(0));
    }

    @Test
    void cookiesOpenExactlyWithinTheWindowAcrossManyPeriods() {
        KeyRing ring = KeyRing.fromSeed(SEED, EPOCH, RotationPolicy.DEFAULT, EPOCH + 5);
        Random r = new Random(3);
        List<byte[]> minted = new ArrayList<>();
        List<Long> mintedIn = new ArrayList<>();
        for (long p = 0; p < 40; p++) {
            long t = EPOCH + p * DAY + r.nextLong(DAY);
            ring.advanceTo(t);
            assertEquals(p, ring.currentPeriod());
            assertEquals((int) p, ring.current().id());
            minted.add(cookie(ring.current(), r));
            mintedIn.add(p);
            for (int i = 0; i < minted.size(); i++) {
                CookieOpenResult res = CookieCodec.open(minted.get(i), ring);
                boolean inWindow = p - mintedIn.get(i) <= 2;
                assertEquals(inWindow, res.ok(), "cookie of period " + mintedIn.get(i) + " at period " + p);
                if (!inWindow) {
                    assertEquals(CookieOpenResult.Reason.UNKNOWN_KEY, ((CookieOpenResult.Rejected) res).reason());
                }
            }
        }
    }

    @Test
    void clientWithEightCookiesPollingEvery1024sNeverSeesANakAtTheShortestPeriod() {
        RotationPolicy policy = RotationPolicy.ofPeriod(4096);
        KeyRing ring = KeyRing.fromSeed(SEED, EPOCH, policy, EPOCH);
        Random r = new Random(4);
        java.util.ArrayDeque<byte[]> jar = new java.util.ArrayDeque<>();
        for (int i = 0; i < 8; i++) jar.add(cookie(ring.current(), r));
        for (long t = EPOCH; t < EPOCH + 20 * 4096; t += 1024) {
            ring.advanceTo(t);
            // Worst case: the server's responses are lost; the client spends its oldest cookie.
            byte[] c = jar.poll();
            assertTrue(CookieCodec.open(c, ring).ok(), "NAK at t=" + (t - EPOCH));
            if (jar.isEmpty()) for (int i = 0; i < 8; i++) jar.add(cookie(ring.current(), r));
        }
    }

    @Test
    void sameSeedInteroperatesOtherSeedDoesNot() {
        long t = EPOCH + 100 * DAY + 77;
        KeyRing a = KeyRing.fromSeed(SEED, EPOCH, RotationPolicy.DEFAULT, t);
        KeyRing b = KeyRing.fromSeed(SEED.clone(), EPOCH, RotationPolicy.DEFAULT, EPOCH + 3);
        b.advanceTo(t - DAY); // b lags one period, then catches up by ratcheting
        KeyRing other = KeyRing.fromSeed(seed(2), EPOCH, RotationPolicy.DEFAULT, t);
        Random r = new Random(5);
        byte[] fromA = cookie(a.current(), r);
        byte[] fromB = cookie(b.current(), r);
        assertTrue(CookieCodec.open(fromA, b).ok(), "b accepts a's current key as its future key");
        assertTrue(CookieCodec.open(fromB, a).ok(), "a accepts b's key as a past key");
        b.advanceTo(t);
        assertTrue(a.current().sameAs(b.current()));
        assertEquals(CookieOpenResult.Reason.BAD_TAG, ((CookieOpenResult.Rejected) CookieCodec.open(fromA, other)).reason());
    }

    @Test
    void liveKeysNeverShareASlot() {
        KeyRing ring = KeyRing.fromSeed(SEED, EPOCH, RotationPolicy.DEFAULT, EPOCH);
        for (long p = 0; p < 30; p++) {
            ring.advanceTo(EPOCH + p * DAY);
            MasterKey[] slots = ring.slots();
            Set<Integer> ids = new HashSet<>();
            int live = 0;
            for (int s = 0; s < 4; s++) {
                if (slots[s] == null) continue;
                live++;
                assertEquals(s, slots[s].slot());
                assertSame(slots[s], ring.lookup(slots[s].id()));
                ids.add(slots[s].id());
            }
            assertEquals(Math.min(4, p + 2), live, "period " + p);
            assertEquals(live, ids.size());
            assertSame(ring.current(), slots[(int) (p & 3)]);
            assertNotNull(ring.lookup((int) (p + 1)), "future key");
            assertNull(ring.lookup((int) (p + 2)));
            assertNull(ring.lookup((int) (p + 4)), "same slot as current, different ID");
        }
    }

    @Test
    void ratchetIsOneWayAndTimeNeverGoesBack() {
        KeyRing ring = KeyRing.fromSeed(SEED, EPOCH, RotationPolicy.DEFAULT, EPOCH + 10 * DAY);
        KeyRingState s = ring.state();
        assertEquals(11, s.ratchetPeriod());
        assertEquals(3, s.retained().size());
        for (KeyRingState.RetainedKey k : s.retained()) assertTrue(k.period() >= 8 && k.period() <= 10);
        MasterKey cur = ring.current();
        ring.advanceTo(EPOCH + 3 * DAY);
        assertSame(cur, ring.current());
        assertThrows(IllegalArgumentException.class, () -> KeyRing.fromSeed(SEED, EPOCH, RotationPolicy.DEFAULT, EPOCH - 1));
        assertThrows(IllegalArgumentException.class, () -> KeyRing.fromSeed(new byte[16], EPOCH, RotationPolicy.DEFAULT, EPOCH));
        assertFalse(ring.toString().matches(".*[0-9a-f]{32}.*"));
        assertFalse(s.toString().matches(".*[0-9a-f]{32}.*"));
    }

    @Test
    void importedKeysAreAcceptedNeverMintedAndAgeOut() {
        KeyRing ring = KeyRing.fromSeed(SEED, EPOCH, RotationPolicy.DEFAULT, EPOCH + 50 * DAY);
        MasterKey chrony = new MasterKey(0x5135ae07, new byte[32]);
        Random r = new Random(6);
        byte[] c = cookie(chrony, r);
        assertFalse(CookieCodec.open(c, ring).ok());
        ring.importKeys(List.of(chrony));
        assertTrue(CookieCodec.open(c, ring).ok());
        assertNotEquals(chrony.id(), ring.current().id());
        ring.advanceTo(EPOCH + 52 * DAY + DAY - 1);
        assertTrue(CookieCodec.open(c, ring).ok(), "still inside the window");
        ring.advanceTo(EPOCH + 53 * DAY);
        assertFalse(CookieCodec.open(c, ring).ok(), "aged out");
        // A chrony key ID equal to a live ratchet ID is refused, leaving the ring unchanged.
        MasterKey clash = new MasterKey((int) ring.currentPeriod() - 1, new byte[32]);
        assertThrows(IllegalArgumentException.class, () -> ring.importKeys(List.of(new MasterKey(0x10, new byte[32]), clash)));
        assertNull(ring.lookup(0x10));
    }
}
