package net.ntsbox.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AesCtrNonceSourceTest {
    static final HexFormat HEX = HexFormat.of();

    @Test
    void blocksAreAesOfTheCounterWithCarryAcrossBytes() {
        // FIPS-197 C.1 key and plaintext: AES(000102..0f, 00112233..ff) = 69c4e0d8..c55a.
        byte[] key = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
        var src = new AesCtrNonceSource(key, HEX.parseHex("00112233445566778899aabbccddeeff"));
        byte[] n = new byte[16];
        src.next(n, 0, 16);
        assertArrayEquals(HEX.parseHex("69c4e0d86a7b0430d8cdb78070b4c55a"), n);
        // 12-byte draws take a whole block; carry propagates through 0xff bytes.
        var wrap = new AesCtrNonceSource(key, HEX.parseHex("000000000000000000000000000000ff"));
        var ref = new AesCtrNonceSource(key, HEX.parseHex("00000000000000000000000000000100"));
        byte[] a = new byte[12], b = new byte[16];
        wrap.next(a, 0, 12);
        wrap.next(a, 0, 12);
        ref.next(b, 0, 16);
        assertArrayEquals(java.util.Arrays.copyOf(b, 12), a);
    }
}
