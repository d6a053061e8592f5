package net.ntsbox.ntp;

import net.ntsbox.testsupport.Vectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** Seeded randomized properties of the NTP codec (the seed is in every failure message). */
class NtpWireProperties {
    private static final long SEED = Long.getLong("ntsbox.seed", System.nanoTime());

    private static RandomGenerator rng(long salt) {
        return RandomGeneratorFactory.of("L64X128MixRandom").create(SEED ^ salt);
    }

    private static NtpHeader randomHeader(RandomGenerator r, int version) {
        return new NtpHeader(r.nextInt(4), version, r.nextInt(8), r.nextInt(256), r.nextInt(-128, 128),
                r.nextInt(-128, 128), r.nextInt(), r.nextInt(), r.nextInt(), r.nextLong(), r.nextLong(),
                r.nextLong(), r.nextLong());
    }

    @Test
    void buildThenParseRoundTrips() {
        RandomGenerator r = rng(1);
        byte[] buf = new byte[4096];
        for (int iter = 0; iter < 20_000; iter++) {
            String why = "seed " + SEED + " iter " + iter;
            int base = r.nextInt(8);
            NtpHeader h = randomHeader(r, 4);
            int pos = base + h.write(buf, base);
            int n = r.nextInt(6);
            List<int[]> efs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int type = r.nextInt(0x10000);
                boolean last = i == n - 1;
                int bodyLen = r.nextInt(200);
                int minLen = last ? NtpParse.MIN_LAST_EF_LENGTH : ExtensionFields.MIN_LENGTH;
                byte[] body = new byte[Math.max(bodyLen, 32)];
                r.nextBytes(body);
                int len;
                if (type == NtsExtensionType.NTS_AUTHENTICATOR) {
                    int nonceLen = 1 + r.nextInt(32);
                    len = NtsAuthenticator.write(buf, pos, body, 0, nonceLen, bodyLen, 16, minLen);
                } else {
                    len = ExtensionFields.write(buf, pos, type, body, 0, bodyLen, minLen);
                }
                efs.add(new int[] {type, pos - base, len});
                pos += len;
            }
            ParsedPacket p = assertInstanceOf(ParsedPacket.class, NtpParse.parse(buf, base, pos - base), why);
            assertEquals(h, p.header(), why);
            assertEquals(efs.size(), p.extensionCount(), why);
            for (int i = 0; i < efs.size(); i++) {
                assertEquals(efs.get(i)[0], p.efType(i), why);
                assertEquals(efs.get(i)[1], p.efOffset(i), why);
                assertEquals(efs.get(i)[2], p.efLength(i), why);
                if (p.efType(i) == NtsExtensionType.NTS_AUTHENTICATOR) {
                    assertInstanceOf(NtsAuthenticator.class, NtsAuthenticator.parse(p, i, 16), why);
                }
            }
        }
    }

    @Test
    void arbitraryBytesNeverThrow() {
        RandomGenerator r = rng(2);
        for (int iter = 0; iter < 50_000; iter++) {
            byte[] d = new byte[r.nextInt(700)];
            r.nextBytes(d);
            if (d.length > 0 && r.nextBoolean()) {
                d[0] = (byte) ((d[0] & 0xC7) | (4 << 3)); // mostly NTPv4, so the EF walker runs
            }
            if (d.length >= 52 && r.nextBoolean()) {
                Bytes.putU16(d, 50, 16 + 4 * r.nextInt(d.length / 4)); // plausible first EF length
            }
            checkTotal(d, "seed " + SEED + " iter " + iter);
        }
    }

    @Test
    void mutatedRealPacketsNeverThrow() {
        RandomGenerator r = rng(3);
        List<byte[]> real = new ArrayList<>();
        JsonNode root = Vectors.load("chrony-ntpsec-captures.json");
        for (JsonNode c : root.get("captures")) {
            for (JsonNode pkt : c.get("ntp_packets")) {
                real.add(Vectors.hex(pkt.get("udp_payload").asText()));
            }
        }
        for (int iter = 0; iter < 50_000; iter++) {
            byte[] src = real.get(r.nextInt(real.size()));
            byte[] d = switch (r.nextInt(4)) {
                case 0 -> Arrays.copyOf(src, r.nextInt(src.length + 1)); // truncated
                case 1 -> { // an EF length field (at a real EF boundary) overwritten
                    byte[] m = src.clone();
                    ParsedPacket p = (ParsedPacket) NtpParse.parse(src);
                    if (p.extensionCount() > 0) {
                        Bytes.putU16(m, p.efOffset(r.nextInt(p.extensionCount())) + 2, r.nextInt(0x10000));
                    }
                    yield m;
                }
                case 2 -> { // random bit flips
                    byte[] m = src.clone();
                    for (int k = 1 + r.nextInt(4); k > 0; k--) {
                        m[r.nextInt(m.length)] ^= (byte) (1 << r.nextInt(8));
                    }
                    yield m;
                }
                default -> Arrays.copyOf(src, src.length + 1 + r.nextInt(40)); // trailing junk (zeros)
            };
            checkTotal(d, "seed " + SEED + " iter " + iter);
        }
    }

    /** Parsing yields a value; a packet's EFs tile it exactly and authenticators parse to a value too. */
    private static void checkTotal(byte[] d, String why) {
        NtpParseResult res = NtpParse.parse(d, 0, d.length);
        assertNotNull(res, why);
        if (res instanceof ParsedPacket p) {
            int pos = 48;
            for (int i = 0; i < p.extensionCount(); i++) {
                assertEquals(pos, p.efOffset(i), why);
                pos += p.efLength(i);
                assertNotNull(NtsAuthenticator.parse(p, i, 16), why);
                assertNotNull(NtsAuthenticator.parse(p, i, 12), why);
            }
            assertEquals(d.length, pos, why);
        }
    }
}
