package net.ntsbox.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.crypto.Aeads;
import org.junit.jupiter.api.Test;

/** Seeded randomized properties: no datagram makes the client throw or accept a changed response. */
class ResponseFuzzTest {
    static final int ITERATIONS = 20_000;

    @Test
    void randomBytesNeverThrowAndAreNeverAccepted() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        ServerFixture f = new ServerFixture(seed, AeadAlgorithm.AES_SIV_CMAC_256);
        NtsSession s = f.session(8);
        ServerFixture.Sent sent = f.send(s);
        var s2c = Aeads.create(f.alg, f.s2c);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] d = new byte[r.nextInt(400)];
            r.nextBytes(d);
            if (d.length >= 48 && r.nextBoolean()) {
                // v4 mode 4, our origin and UID, so the checks past them are reached too
                d[0] = (byte) 0x24;
                System.arraycopy(sent.request(), 40, d, 24, 8);
                if (d.length >= 84) System.arraycopy(sent.request(), 48, d, 48, 36);
            }
            try {
                ResponseResult a = s.accept(d, 0, d.length);
                ResponseResult b = NtsResponseVerifier.verify(d, 0, d.length, sent.pending(), f.alg, s2c);
                if (a instanceof ResponseResult.Authenticated || b instanceof ResponseResult.Authenticated) {
                    fail("random bytes accepted, seed " + seed + " iteration " + i);
                }
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " iteration " + i, e);
            }
        }
    }

    @Test
    void mutatedResponsesNeverThrowAndOnlyTheOriginalVerifies() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (AeadAlgorithm alg : AeadAlgorithm.values()) {
            ServerFixture f = new ServerFixture(seed, alg);
            NtsSession s = f.session(5);
            ServerFixture.Sent sent = f.send(s);
            f.serve(sent.request());
            byte[] good = f.answer();
            var s2c = Aeads.create(alg, f.s2c);
            for (int i = 0; i < ITERATIONS / 4; i++) {
                byte[] d = good.clone();
                int edits = 1 + r.nextInt(4);
                for (int e = 0; e < edits; e++) d[r.nextInt(d.length)] = (byte) r.nextInt();
                int len = r.nextInt(8) == 0 ? r.nextInt(d.length + 1) : d.length;
                try {
                    ResponseResult x = NtsResponseVerifier.verify(d, 0, len, sent.pending(), alg, s2c);
                    if (x instanceof ResponseResult.Authenticated) {
                        assertArrayEquals(good, java.util.Arrays.copyOf(d, len), "seed " + seed + " iteration " + i);
                    }
                } catch (RuntimeException e) {
                    throw new AssertionError("seed " + seed + " iteration " + i, e);
                }
            }
            assertInstanceOf(ResponseResult.Authenticated.class, s.accept(good, 0, good.length), "seed " + seed);
        }
    }
}
