package net.ntsbox.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.RotationPolicy;
import org.junit.jupiter.api.Test;

/**
 * Seeded randomized properties of the server step (seed printed on failure; override with
 * -Dntsbox.seed): arbitrary and mutated datagrams never throw, and no answer is ever longer
 * than the datagram it answers.
 */
class NtsServerStepPropertiesTest {
    /** The step under test: the Java crypto here; {@code *NativeCryptoTest} runs every test on nettle. */
    NtsServerStep newStep() { return new NtsServerStep(); }

    static final long SEED = Long.getLong("ntsbox.seed", 0x5eed_2026L);
    final KeyRing ring = KeyRing.fromSeed(new byte[32], 0, RotationPolicy.DEFAULT, 1_780_000_000L);
    final NtsServerStep step = newStep();
    final byte[] out = new byte[4096];
    final ServerHeader hdr = new ServerHeader(0, 1, -20, 0, 0, 0x47505300, 0);

    void check(byte[] d, long seed, String what) {
        StepOutcome o;
        try {
            o = step.respond(d, 0, d.length, 1L << 40, 1L << 41, ring, TestRequests.seeded(seed), hdr, out);
        } catch (RuntimeException e) {
            throw new AssertionError(what + " threw (seed " + SEED + ")", e);
        }
        if (o.answers() && step.responseLength() > d.length) {
            fail(what + ": response " + step.responseLength() + " > request " + d.length + " (" + o + ", seed " + SEED + ")");
        }
        if (!o.answers() && step.responseLength() != 0) fail(what + ": drop with a length");
    }

    @Test
    void randomBytesNeverThrowAndNeverAmplify() {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int i = 0; i < 30_000; i++) {
            byte[] d = new byte[r.nextInt(0, 600)];
            r.nextBytes(d);
            if (d.length > 0 && r.nextBoolean()) d[0] = (byte) ((d[0] & 0xC0) | 0x23); // v4 client, more often
            check(d, i, "random #" + i);
        }
    }

    @Test
    void mutatedValidRequestsNeverThrowAndNeverAmplify() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        AeadAlgorithm[] algs = AeadAlgorithm.values();
        int answered = 0;
        for (int i = 0; i < 6_000; i++) {
            AeadAlgorithm a = algs[r.nextInt(algs.length)];
            var s = TestRequests.session(ring, a, r);
            byte[] req = TestRequests.request(s, TestRequests.bytes(r, 32 + 4 * r.nextInt(4)), r.nextLong(),
                    r.nextInt(0, 9), TestRequests.bytes(r, a.nonceLength()));
            int flips = r.nextInt(0, 4);
            for (int f = 0; f < flips; f++) req[r.nextInt(req.length)] ^= (byte) (1 << r.nextInt(8));
            if (r.nextInt(5) == 0) req = java.util.Arrays.copyOf(req, r.nextInt(req.length + 1));
            check(req, i, "mutated #" + i);
            if (step.responseLength() > 0) answered++;
        }
        assertTrue(answered > 1000, "the mutations leave many answerable requests: " + answered);
    }
}
