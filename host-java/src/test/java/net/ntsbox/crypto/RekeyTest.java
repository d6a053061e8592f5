package net.ntsbox.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A rekeyed instance must behave exactly like a new one for the new key (the server step reuses them). */
class RekeyTest {
    @Test
    void rekeyedAesSivEqualsAFreshInstance() {
        SplittableRandom r = new SplittableRandom(11);
        for (int len : new int[] {32, 48, 64}) {
            byte[] k0 = new byte[len];
            r.nextBytes(k0);
            AesSiv reused = new AesSiv(k0);
            for (int i = 0; i < 50; i++) {
                byte[] k = new byte[len], ad = new byte[r.nextInt(200)], n = new byte[16], pt = new byte[r.nextInt(120)];
                r.nextBytes(k); r.nextBytes(ad); r.nextBytes(n); r.nextBytes(pt);
                reused.rekey(k, 0, len);
                byte[] fresh = new AesSiv(k).seal(List.of(ad, n), pt);
                assertArrayEquals(fresh, reused.seal(List.of(ad, n), pt));
                assertArrayEquals(pt, reused.open(List.of(ad, n), fresh));
            }
            assertThrows(IllegalArgumentException.class, () -> reused.rekey(new byte[len == 32 ? 64 : 32], 0, len == 32 ? 64 : 32));
        }
    }

    @Test
    void rekeyedCmacGivesTheRfc4493Subkeys() {
        AesCmac c = new AesCmac(new byte[16]);
        byte[] k = java.util.HexFormat.of().parseHex("2b7e151628aed2a6abf7158809cf4f3c");
        c.rekey(k, 0, 16);
        assertArrayEquals(java.util.HexFormat.of().parseHex("fbeed618357133667c85e08f7236a8de"), c.subkey1());
        assertArrayEquals(java.util.HexFormat.of().parseHex("f7ddac306ae266ccf90bc11ee46d513b"), c.subkey2());
    }
}
