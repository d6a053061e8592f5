package net.ntsbox.ke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** Seeded randomized properties of the NTS-KE codec, negotiation and client (seed in every message). */
class KeProperties {
    private static final long SEED = Long.getLong("ntsbox.seed", System.nanoTime());
    private static final KeServerPolicy POLICY = KeServerPolicy.of(List.of(30, 15));

    private static RandomGenerator rng(long salt) {
        return RandomGeneratorFactory.of("L64X128MixRandom").create(SEED ^ salt);
    }

    private static KeRecord randomRecord(RandomGenerator r) {
        int type = switch (r.nextInt(4)) {
            case 0 -> 1 + r.nextInt(7);
            case 1 -> KeRecordType.COMPLIANT_128GCM_EXPORT;
            default -> 1 + r.nextInt(0x7FFF);
        };
        byte[] body = new byte[r.nextInt(r.nextBoolean() ? 8 : 300)];
        r.nextBytes(body);
        return new KeRecord(r.nextBoolean(), type, body);
    }

    @Test
    void encodeDecodeRoundTrips() {
        RandomGenerator r = rng(1);
        for (int iter = 0; iter < 5_000; iter++) {
            List<KeRecord> rs = new ArrayList<>();
            for (int n = r.nextInt(10); n > 0; n--) {
                rs.add(randomRecord(r));
            }
            byte[] m = KeMessageCodec.encodeMessage(rs);
            var c = assertInstanceOf(KeParseResult.Complete.class, KeMessageCodec.parse(m, m.length), "seed " + SEED);
            assertEquals(rs, c.records(), "seed " + SEED + " iter " + iter);
            assertEquals(m.length, c.messageLength());
            // Any split point before the end needs more.
            int cut = r.nextInt(m.length);
            assertEquals(KeParseResult.NEED_MORE, KeMessageCodec.parse(m, cut), "seed " + SEED + " iter " + iter);
        }
    }

    @Test
    void arbitraryBytesNeverThrow() {
        RandomGenerator r = rng(2);
        for (int iter = 0; iter < 30_000; iter++) {
            byte[] d = new byte[r.nextInt(r.nextInt(10) == 0 ? 20_000 : 64)];
            r.nextBytes(d);
            if (d.length >= 4 && r.nextBoolean()) {
                d[d.length - 4] = (byte) 0x80; // often end in a plausible End of Message
                d[d.length - 3] = 0;
                d[d.length - 2] = 0;
                d[d.length - 1] = 0;
            }
            int len = r.nextInt(d.length + 1);
            String why = "seed " + SEED + " iter " + iter;
            KeParseResult p = KeMessageCodec.parse(d, len);
            assertNotNull(p, why);
            Optional<KeDecision> dec = KeNegotiation.decide(d, len, POLICY);
            assertEquals(p instanceof KeParseResult.NeedMore, dec.isEmpty(), why);
            dec.ifPresent(x -> assertNotNull(KeResponses.forDecision(x, List.of(new byte[100])), why));
            assertNotNull(KeClient.parseResponse(d, len, List.of(15, 30)), why);
        }
    }

    @Test
    void randomRecordSequencesAlwaysGetADecisionAndAnAnswer() {
        RandomGenerator r = rng(3);
        int accepted = 0;
        for (int iter = 0; iter < 20_000; iter++) {
            String why = "seed " + SEED + " iter " + iter;
            List<KeRecord> rs = new ArrayList<>();
            // Mostly well-formed requests, with random extras mixed in.
            if (r.nextInt(10) > 0) {
                rs.add(KeRecord.ofU16s(r.nextBoolean(), KeRecordType.NEXT_PROTOCOL, 0));
            }
            if (r.nextInt(10) > 0) {
                rs.add(KeRecord.ofU16s(r.nextBoolean(), KeRecordType.AEAD_ALGORITHM,
                        r.nextBoolean() ? new int[] {15} : new int[] {17, 30, 15}));
            }
            for (int n = r.nextInt(3); n > 0; n--) {
                rs.add(r.nextInt(rs.size() + 1), randomRecord(r));
            }
            KeDecision d = KeNegotiation.negotiate(rs, POLICY);
            byte[] resp = KeResponses.forDecision(d, List.of(new byte[100], new byte[100]));
            KeClientResult c = KeClient.parseResponse(resp, resp.length, List.of(17, 30, 15));
            if (d instanceof KeDecision.Accept a) {
                accepted++;
                var ok = assertInstanceOf(KeClientResult.Success.class, c, why);
                assertEquals(a.aead(), ok.aead(), why);
                assertEquals(a.exporterContextAead(), ok.exporterContextAead(), why);
                assertEquals(2, ok.cookies().size(), why);
            } else {
                assertInstanceOf(KeClientResult.Failure.class, c, why);
            }
        }
        assertTrue(accepted > 5_000, "seed " + SEED + ": accepted " + accepted);
    }

    @Test
    void mutatedRealRequestsNeverThrow() {
        RandomGenerator r = rng(4);
        byte[] base = KeClient.buildRequest(List.of(30, 15), true);
        for (int iter = 0; iter < 30_000; iter++) {
            byte[] m = Arrays.copyOf(base, base.length + (r.nextBoolean() ? 0 : r.nextInt(8)));
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                m[r.nextInt(m.length)] ^= (byte) (1 << r.nextInt(8));
            }
            Optional<KeDecision> d = KeNegotiation.decide(m, m.length, POLICY);
            d.ifPresent(x -> assertNotNull(KeResponses.forDecision(x, List.of(new byte[64])), "seed " + SEED));
        }
    }
}
