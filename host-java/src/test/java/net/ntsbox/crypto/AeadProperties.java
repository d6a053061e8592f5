package net.ntsbox.crypto;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** Seeded randomized properties of the AEADs (the seed is printed in every failure message). */
class AeadProperties {
    private static final long SEED = Long.getLong("ntsbox.seed", 0x5eed_2025L);

    private static RandomGenerator rng(long salt) {
        return RandomGeneratorFactory.of("L64X128MixRandom").create(SEED ^ salt);
    }

    private static byte[] bytes(RandomGenerator r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @Test
    void sivRoundTripAndEveryBitFlipFails() {
        RandomGenerator r = rng(1);
        for (int iter = 0; iter < 300; iter++) {
            String ctx = "seed=" + SEED + " iter=" + iter;
            byte[] key = bytes(r, r.nextBoolean() ? 32 : (r.nextBoolean() ? 48 : 64));
            AesSiv siv = new AesSiv(key);
            int count = r.nextInt(0, 6);
            List<byte[]> comps = new ArrayList<>();
            for (int i = 0; i < count; i++) comps.add(bytes(r, r.nextInt(0, 200)));
            byte[] pt = bytes(r, r.nextInt(0, 1501));
            byte[] out = siv.seal(comps, pt);
            assertEquals(pt.length + 16, out.length, ctx);
            assertArrayEquals(pt, siv.open(comps, out), ctx);
            // A bit flip anywhere in the output (check every bit of short outputs, a sample of long ones).
            int bits = out.length * 8;
            int flips = bits <= 512 ? bits : 64;
            for (int f = 0; f < flips; f++) {
                int bit = bits <= 512 ? f : r.nextInt(bits);
                byte[] bad = out.clone();
                bad[bit >>> 3] ^= (byte) (1 << (bit & 7));
                assertNull(siv.open(comps, bad), ctx + " bit " + bit);
            }
            // A bit flip in any component.
            for (int c = 0; c < count; c++) {
                if (comps.get(c).length == 0) continue;
                List<byte[]> bad = new ArrayList<>(comps);
                byte[] m = comps.get(c).clone();
                int bit = r.nextInt(m.length * 8);
                m[bit >>> 3] ^= (byte) (1 << (bit & 7));
                bad.set(c, m);
                assertNull(siv.open(bad, out), ctx + " component " + c + " bit " + bit);
            }
            // Dropping or adding an (empty) component changes the result.
            if (count > 0) assertNull(siv.open(comps.subList(1, count), out), ctx + " dropped component");
            List<byte[]> more = new ArrayList<>(comps);
            more.add(0, new byte[0]);
            assertNull(siv.open(more, out), ctx + " extra empty component");
        }
    }

    @Test
    void aeadRoundTripFlipsAndRegionApiForAllAlgorithms() {
        RandomGenerator r = rng(2);
        for (AeadAlgorithm alg : AeadAlgorithm.values()) {
            Aead aead = Aeads.create(alg, bytes(r, alg.keyLength()));
            for (int iter = 0; iter < 150; iter++) {
                String ctx = alg + " seed=" + SEED + " iter=" + iter;
                byte[] nonce = bytes(r, alg.nonceLength());
                byte[] ad = r.nextInt(4) == 0 ? null : bytes(r, r.nextInt(0, 400));
                byte[] pt = bytes(r, r.nextInt(0, 1501));
                byte[] out = aead.seal(nonce, ad, pt);
                assertEquals(aead.sealedLength(pt.length), out.length, ctx);
                assertArrayEquals(pt, aead.open(nonce, ad, out), ctx);
                int bit = r.nextInt(out.length * 8);
                byte[] bad = out.clone();
                bad[bit >>> 3] ^= (byte) (1 << (bit & 7));
                assertNull(aead.open(nonce, ad, bad), ctx + " output bit " + bit);
                if (ad != null && ad.length > 0) {
                    byte[] badAd = ad.clone();
                    int b = r.nextInt(ad.length * 8);
                    badAd[b >>> 3] ^= (byte) (1 << (b & 7));
                    assertNull(aead.open(nonce, badAd, out), ctx + " AD bit " + b);
                }
                byte[] badNonce = nonce.clone();
                badNonce[r.nextInt(nonce.length)] ^= 1;
                assertNull(aead.open(badNonce, ad, out), ctx + " nonce");

                // Region API: inputs at random offsets in one packet-like buffer, AD read in place.
                int pre = r.nextInt(0, 9);
                byte[] packet = new byte[pre + (ad == null ? 0 : ad.length) + nonce.length + out.length];
                int adOff = pre, nOff = adOff + (ad == null ? 0 : ad.length), cOff = nOff + nonce.length;
                if (ad != null) System.arraycopy(ad, 0, packet, adOff, ad.length);
                System.arraycopy(nonce, 0, packet, nOff, nonce.length);
                System.arraycopy(out, 0, packet, cOff, out.length);
                byte[] plain = new byte[pt.length + 4];
                int n = aead.openInto(packet, nOff, nonce.length, ad == null ? null : packet, adOff,
                        ad == null ? 0 : ad.length, packet, cOff, out.length, plain, 4);
                assertEquals(pt.length, n, ctx);
                assertArrayEquals(pt, Arrays.copyOfRange(plain, 4, 4 + pt.length), ctx);
                byte[] sealed = new byte[out.length + 3];
                assertEquals(out.length, aead.sealInto(nonce, 0, nonce.length, ad, 0, ad == null ? 0 : ad.length,
                        pt, 0, pt.length, sealed, 3), ctx);
                assertArrayEquals(out, Arrays.copyOfRange(sealed, 3, sealed.length), ctx);
                packet[cOff + r.nextInt(out.length)] ^= (byte) 0x40;
                assertEquals(-1, aead.openInto(packet, nOff, nonce.length, ad == null ? null : packet, adOff,
                        ad == null ? 0 : ad.length, packet, cOff, out.length, plain, 4), ctx);
            }
        }
    }
}
