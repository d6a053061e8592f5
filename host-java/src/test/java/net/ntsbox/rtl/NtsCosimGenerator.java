package net.ntsbox.rtl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.ntsbox.cookie.CookieCodec;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.crypto.Aeads;
import net.ntsbox.keys.KeyLookup;
import net.ntsbox.keys.MasterKey;
import net.ntsbox.ntp.ExtensionFields;
import net.ntsbox.ntp.NtpHeader;
import net.ntsbox.ntp.NtpParse;
import net.ntsbox.ntp.NtsAuthenticator;
import net.ntsbox.ntp.NtsExtensionType;
import net.ntsbox.ntp.ParsedPacket;
import net.ntsbox.server.AesCtrNonceSource;
import net.ntsbox.server.NtsServerStep;
import net.ntsbox.server.ServerHeader;
import net.ntsbox.server.StepOutcome;

/**
 * Requests and the Java model's expected answers for the NTS engine co-simulation
 * (sim/run-nts-cosim.sh): {@code NtsCosimGenerator COUNT SEED OUT [CAPTURES_JSON | perfK]}
 * ({@code perfK}: only valid requests with K placeholders, for throughput and latency runs).
 *
 * <p>The model is {@link NtsServerStep} restricted to AEAD 15 (what the FPGA serves), over the
 * hardware's key table (4 slots: valid, ID, key; slot = low 2 bits of the ID; a current slot),
 * with the hardware's {@link AesCtrNonceSource}. Nonce order: the engine reserves 1 + n
 * blocks for every <em>NTS candidate</em> when its parse ends (arrival order = file order): a
 * request that passes every structural check, has a 100-byte cookie and a well-formed
 * authenticator with ciphertext ≥ 16. A candidate that is then NAKed (unknown key, bad cookie
 * tag, bad request tag) leaves its blocks unused; this generator skips them likewise.
 *
 * <p>Output (sim/tb_nts_cosim.v reads it with $readmemh): one byte per line, hex, records
 * {@code 01 slot valid id4 key32} key write, {@code 02 slot} current slot, {@code 03 leap
 * stratum precision rootdelay4 rootdisp4 refid4 reftime8 txbudget8} header registers,
 * {@code 04 key16 ctr16} nonce generator, {@code 05 idx4 rxts8 len2 payload code rlen2 response}
 * request with the expected outcome (StepOutcome ordinal) and response, {@code 00} end.
 * Register records are applied with the engine idle.
 */
public final class NtsCosimGenerator {
    private static final HexFormat HEX = HexFormat.of();
    private static final int UID = NtsExtensionType.UNIQUE_IDENTIFIER, COOKIE = NtsExtensionType.NTS_COOKIE,
            PLACEHOLDER = NtsExtensionType.NTS_COOKIE_PLACEHOLDER, AUTH = NtsExtensionType.NTS_AUTHENTICATOR;

    private final SplittableRandom rnd;
    private final BufferedWriter w;
    private final MasterKey[] slots = new MasterKey[4];
    private int current;
    private AesCtrNonceSource nonces;
    private ServerHeader header;
    private long budget;
    private int nextId;
    private int index;
    /** {@code perfK} as the 4th argument: only valid requests with K placeholders (throughput runs). */
    private int perf = -1;
    private final NtsServerStep step = new NtsServerStep(EnumSet.of(AeadAlgorithm.AES_SIV_CMAC_256));
    private final Map<StepOutcome, Integer> tally = new EnumMap<>(StepOutcome.class);

    private NtsCosimGenerator(SplittableRandom rnd, BufferedWriter w) {
        this.rnd = rnd;
        this.w = w;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: NtsCosimGenerator COUNT SEED OUT [CAPTURES_JSON | perfK]");
            System.exit(2);
        }
        int count = Integer.parseInt(args[0]);
        long seed = Long.parseLong(args[1]);
        try (BufferedWriter w = Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.US_ASCII)) {
            NtsCosimGenerator g = new NtsCosimGenerator(new SplittableRandom(seed), w);
            String extra = args.length == 4 ? args[3] : null;
            if (extra != null && extra.startsWith("perf")) g.perf = Integer.parseInt(extra.substring(4));
            g.run(count, extra != null && g.perf < 0 ? Path.of(extra) : null);
            System.out.println(args[2] + ": " + g.index + " requests (seed " + seed + "): " + g.tally);
        }
    }

    // ---------------------------------------------------------------- stream

    private void run(int count, Path captures) throws IOException {
        int base = 0x40 + rnd.nextInt(1 << 20) * 4;
        for (int s = 0; s < 3; s++) writeKey(s, new MasterKey(base + s, bytes(32)));
        writeCurrent(1);
        header = new ServerHeader(rnd.nextInt(3), 1 + rnd.nextInt(15), -20 + rnd.nextInt(8), rnd.nextInt(),
                rnd.nextInt(), rnd.nextInt(), rnd.nextLong());
        budget = 0x1000 + rnd.nextInt(1 << 20);
        emit(0x03, header.leap(), header.stratum(), header.precision() & 0xff);
        emitInt(header.rootDelay()); emitInt(header.rootDispersion()); emitInt(header.referenceId());
        emitLong(header.referenceTimestamp()); emitLong(budget);
        byte[] nk = bytes(16), nc = bytes(16);
        nc[0] = (byte) 0xff; nc[1] = (byte) 0xff;          // counter carries across bytes early
        for (int i = 2; i < 15; i++) nc[i] = (byte) 0xff;
        nonces = new AesCtrNonceSource(nk, nc);
        emit(0x04); emitBytes(nk); emitBytes(nc);
        if (captures != null) captures(captures);
        for (int i = 0; i < count; i++) {
            if (perf >= 0) { request(perfRequest(perf)); continue; }
            if (i == count / 2) rotate();
            request(randomRequest());
        }
        emit(0x00);
    }

    /** Real chrony/NTPsec requests; the chronyd key of the key-dump capture sits in the slot its ID names. */
    private void captures(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode dump = root.get("chrony_cookie_decryption");
        int id = (int) Long.parseLong(dump.get("server_key_id").asText(), 16);
        writeKey(id & 3, new MasterKey(id, HEX.parseHex(dump.get("server_key").asText())));
        List<JsonNode> packets = new ArrayList<>();
        dump.get("ntp_packets").forEach(packets::add);
        for (JsonNode cap : root.get("captures")) cap.get("ntp_packets").forEach(packets::add);
        for (JsonNode p : packets) {
            if ("request".equals(p.get("kind").asText())) request(HEX.parseHex(p.get("udp_payload").asText()));
        }
    }

    /** Middle of the stream: a new key in a free slot becomes current, and another slot is rewritten. */
    private void rotate() throws IOException {
        int next = (current + 1) & 3;
        writeKey(next, new MasterKey(nextIdFor(next), bytes(32)));
        writeCurrent(next);
        int other = (current + 2) & 3;
        writeKey(other, new MasterKey(nextIdFor(other), bytes(32)));
    }

    private int nextIdFor(int slot) {
        nextId += 4;
        return (0x7000_0000 + nextId) & ~3 | slot;
    }

    private void writeKey(int slot, MasterKey k) throws IOException {
        slots[slot] = k;
        emit(0x01, slot, 1);
        emitInt(k.id());
        emitBytes(k.keyBytes());
    }

    private void writeCurrent(int slot) throws IOException {
        current = slot;
        emit(0x02, slot);
    }

    private final KeyLookup table = id -> {
        MasterKey k = slots[id & 3];
        return k != null && k.id() == id ? k : null;
    };

    private void request(byte[] req) throws IOException {
        long rx = 0xeeaf_0000_0000_0000L | (rnd.nextLong() >>> 16);
        byte[] out = new byte[2048];
        int reserved = reservedBlocks(req);
        Counting counting = new Counting();
        StepOutcome o = step.respond(req, 0, req.length, rx, rx + budget, table, slots[current], counting, header, out);
        if (o == StepOutcome.NTS_RESPONSE && counting.blocks != reserved) {
            throw new IllegalStateException("request " + index + ": model drew " + counting.blocks
                    + " nonce blocks, the engine reserves " + reserved);
        }
        if (o != StepOutcome.NTS_RESPONSE) {
            if (counting.blocks != 0) throw new IllegalStateException("nonces drawn without a response");
            for (int i = 0; i < reserved; i++) nonces.next(new byte[16], 0, 16);
        }
        tally.merge(o, 1, Integer::sum);
        emit(0x05);
        emitInt(index++);
        emitLong(rx);
        emit(req.length >> 8, req.length & 0xff);
        emitBytes(req);
        int rlen = o.answers() ? step.responseLength() : 0;
        emit(o.ordinal(), rlen >> 8, rlen & 0xff);
        for (int i = 0; i < rlen; i++) emit(out[i] & 0xff);
    }

    /** Counts the 16-byte blocks the model draws (each call takes ceil(len/16) blocks). */
    private final class Counting implements net.ntsbox.server.NonceSource {
        int blocks;
        @Override public void next(byte[] o, int off, int len) {
            blocks += (len + 15) / 16;
            nonces.next(o, off, len);
        }
    }

    /** The engine's reservation rule (nts_rx_parser + nts_engine): 1 + n blocks for an NTS candidate, else 0. */
    static int reservedBlocks(byte[] req) {
        if (!(NtpParse.parse(req) instanceof ParsedPacket p) || p.header().mode() != NtpHeader.MODE_CLIENT) return 0;
        int uids = 0, cookies = 0, cookie = -1, auth = -1, ph = 0;
        boolean nts = false;
        for (int i = 0; i < p.extensionCount(); i++) {
            int t = p.efType(i);
            boolean isNts = t == UID || t == COOKIE || t == PLACEHOLDER || t == AUTH;
            nts |= isNts;
            if (!isNts || auth >= 0) continue;
            if (t == UID) uids++;
            if (t == COOKIE && cookies++ == 0) cookie = i;
            if (t == PLACEHOLDER && p.efBodyLength(i) == 100) ph++;
            if (t == AUTH) auth = i;
        }
        if (!nts || uids != 1 || cookies != 1 || auth < 0) return 0;
        int uid = p.indexOf(UID, 0);
        if (p.efBodyLength(uid) < 32 || p.efBodyLength(cookie) != 100) return 0;
        if (!(NtsAuthenticator.parse(p, auth, 16) instanceof NtsAuthenticator a) || a.ciphertextLength() < 16) return 0;
        return 1 + Math.min(ph, 7) + 1;
    }

    // ---------------------------------------------------------------- requests

    private record Session(byte[] c2s, byte[] s2c, byte[] cookie) {}

    private Session session(MasterKey key, AeadAlgorithm aead) {
        byte[] c2s = bytes(aead.keyLength()), s2c = bytes(aead.keyLength());
        return new Session(c2s, s2c, CookieCodec.mint(key, aead, c2s, s2c, bytes(16)));
    }

    private MasterKey liveKey() {
        while (true) {
            MasterKey k = slots[rnd.nextInt(4)];
            if (k != null) return k;
        }
    }

    /** A request built from EFs before the authenticator, the authenticator (sealed with c2s), EFs after it. */
    private byte[] build(int version, int mode, List<byte[]> before, byte[] c2s, byte[] nonce, byte[] encPlain,
                         int extraPad, List<byte[]> after) {
        int n = NtpHeader.LENGTH;
        for (byte[] ef : before) n += ef.length;
        int authOff = n;
        int ctLen = encPlain == null ? 16 : 16 + encPlain.length;
        int authLen = c2s == null ? 0 : NtsAuthenticator.fieldLength(nonce.length, ctLen, 16, 0) + extraPad;
        n += authLen;
        for (byte[] ef : after) n += ef.length;
        byte[] out = new byte[n];
        long xmt = rnd.nextLong();
        new NtpHeader(rnd.nextInt(4), version, mode, rnd.nextInt(16), rnd.nextInt(18), -rnd.nextInt(30),
                rnd.nextInt(), rnd.nextInt(), rnd.nextInt(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), xmt)
                .write(out, 0);
        int o = NtpHeader.LENGTH;
        for (byte[] ef : before) { System.arraycopy(ef, 0, out, o, ef.length); o += ef.length; }
        if (c2s != null) {
            NtsAuthenticator.write(out, o, nonce, 0, nonce.length, ctLen, 16, authLen);
            Aeads.create(AeadAlgorithm.AES_SIV_CMAC_256, c2s).sealInto(nonce, 0, nonce.length, out, 0, authOff,
                    encPlain, 0, encPlain.length, out, NtsAuthenticator.ciphertextStart(o, nonce.length));
            o += authLen;
        }
        for (byte[] ef : after) { System.arraycopy(ef, 0, out, o, ef.length); o += ef.length; }
        return out;
    }

    private byte[] ef(int type, byte[] body) {
        byte[] out = new byte[ExtensionFields.paddedLength(body.length, 0)];
        ExtensionFields.write(out, 0, type, body, 0, body.length, 0);
        return out;
    }

    private byte[] perfRequest(int placeholders) {
        Session s = session(slots[current], AeadAlgorithm.AES_SIV_CMAC_256);
        List<byte[]> before = new ArrayList<>(List.of(ef(UID, bytes(32)), ef(COOKIE, s.cookie())));
        for (int i = 0; i < placeholders; i++) before.add(ef(PLACEHOLDER, new byte[100]));
        return build(4, 3, before, s.c2s(), bytes(16), new byte[0], 0, List.of());
    }

    private byte[] uidEf() { return ef(UID, bytes(32 + 4 * rnd.nextInt(rnd.nextInt(8) == 0 ? 60 : 3))); }

    private byte[] randomRequest() {
        int kind = rnd.nextInt(100);
        if (kind < 6) {                                   // plain NTP, versions 1-4
            int v = 1 + rnd.nextInt(4);
            return build(v, 3, v == 4 && rnd.nextBoolean() ? List.of(ef(0x2005, bytes(28))) : List.of(),
                    null, null, null, 0, List.of());
        }
        MasterKey key = rnd.nextInt(10) == 0 ? null : liveKey();
        Session s = session(key == null ? new MasterKey(0x5000_0000 | rnd.nextInt(1 << 20), bytes(32)) : key,
                AeadAlgorithm.AES_SIV_CMAC_256);
        int placeholders = rnd.nextInt(4) == 0 ? rnd.nextInt(10) : rnd.nextInt(2);
        List<byte[]> before = new ArrayList<>();
        before.add(uidEf());
        before.add(ef(COOKIE, s.cookie()));
        for (int i = 0; i < placeholders; i++) {
            before.add(ef(PLACEHOLDER, new byte[rnd.nextInt(8) == 0 ? 96 + 4 * rnd.nextInt(3) : 100]));
        }
        if (rnd.nextInt(8) == 0) before.add(rnd.nextInt(before.size() + 1), ef(0x2005 + rnd.nextInt(4), bytes(12 + 4 * rnd.nextInt(8))));
        List<byte[]> after = new ArrayList<>();
        byte[] nonce = bytes(rnd.nextInt(6) == 0 ? 12 + rnd.nextInt(24) : 16);
        byte[] enc = rnd.nextInt(10) == 0 ? bytes(4 * rnd.nextInt(12)) : new byte[0];
        int pad = rnd.nextInt(10) == 0 ? 4 * rnd.nextInt(8) : 0;
        byte[] c2s = s.c2s();
        if (kind < 50) return build(4, 3, before, c2s, nonce, enc, pad, after);
        switch (kind % 17) {
            case 0 -> { // tampered cookie byte
                byte[] r = build(4, 3, before, c2s, nonce, enc, pad, after);
                r[NtpHeader.LENGTH + before.get(0).length + 4 + 4 + rnd.nextInt(96)] ^= (byte) (1 << rnd.nextInt(8));
                return r;
            }
            case 1 -> { // tampered request byte (AD, nonce or tag)
                byte[] r = build(4, 3, before, c2s, nonce, enc, pad, after);
                int at = rnd.nextInt(r.length);
                if (at == 0) at = 40;
                r[at] ^= (byte) (1 << rnd.nextInt(8));
                return r;
            }
            case 2 -> { // cookie of another AEAD length (68 or 164) under a live key
                AeadAlgorithm other = rnd.nextBoolean() ? AeadAlgorithm.AES_SIV_CMAC_512 : AeadAlgorithm.values()[rnd.nextInt(AeadAlgorithm.values().length)];
                Session o = session(liveKey(), other);
                before.set(1, ef(COOKIE, o.cookie()));
                return build(4, 3, before, c2s, nonce, enc, pad, after);
            }
            case 3 -> { // key ID of a live slot but another ID, or of a slot rewritten
                byte[] r = build(4, 3, before, c2s, nonce, enc, pad, after);
                r[NtpHeader.LENGTH + before.get(0).length + 4 + rnd.nextInt(3)] ^= (byte) 0x10;
                return r;
            }
            case 4 -> { // truncated
                byte[] r = build(4, 3, before, c2s, nonce, enc, pad, after);
                int cut = rnd.nextInt(r.length);
                if (rnd.nextBoolean()) cut &= ~3;
                return java.util.Arrays.copyOf(r, cut);
            }
            case 5 -> { // EF length field broken
                byte[] r = build(4, 3, before, c2s, nonce, enc, pad, after);
                int efStart = NtpHeader.LENGTH;
                int which = rnd.nextInt(before.size());
                for (int i = 0; i < which; i++) efStart += before.get(i).length;
                int v = switch (rnd.nextInt(4)) { case 0 -> 12; case 1 -> 37; case 2 -> 0xfffc; default -> rnd.nextInt(1 << 16); };
                r[efStart + 2] = (byte) (v >> 8); r[efStart + 3] = (byte) v;
                return r;
            }
            case 6 -> { // non-client mode
                int[] modes = {0, 1, 2, 4, 5, 6, 7};
                return build(4, modes[rnd.nextInt(modes.length)], before, c2s, nonce, enc, pad, after);
            }
            case 7 -> { // duplicate UID or cookie before the authenticator
                before.add(rnd.nextInt(before.size() + 1), rnd.nextBoolean() ? uidEf() : ef(COOKIE, s.cookie()));
                return build(4, 3, before, c2s, nonce, enc, pad, after);
            }
            case 8 -> { // missing UID, cookie or authenticator
                int m = rnd.nextInt(3);
                if (m < 2) before.remove(m);
                return build(4, 3, before, m == 2 ? null : c2s, nonce, enc, pad, after);
            }
            case 9 -> { // NTS fields after the authenticator (ignored) and a trailing unknown EF
                after.add(rnd.nextBoolean() ? uidEf() : ef(COOKIE, s.cookie()));
                if (rnd.nextBoolean()) after.add(ef(0x2005, bytes(28)));
                return build(4, 3, before, c2s, nonce, enc, pad, after);
            }
            case 10 -> { // short UID
                before.set(0, ef(UID, bytes(16 + 4 * rnd.nextInt(4))));
                return build(4, 3, before, c2s, nonce, enc, pad, after);
            }
            case 11 -> { // malformed authenticator lengths
                byte[] r = build(4, 3, before, c2s, nonce, enc, pad, after);
                int a = r.length - (NtsAuthenticator.fieldLength(nonce.length, 16 + enc.length, 16, 0) + pad);
                int v = switch (rnd.nextInt(4)) { case 0 -> 0; case 1 -> 4; case 2 -> 8; default -> rnd.nextInt(2000); };
                int f = rnd.nextBoolean() ? 4 : 6;
                r[a + f] = (byte) (v >> 8); r[a + f + 1] = (byte) v;
                return r;
            }
            case 12 -> { // legacy MAC-sized tail or a too-short last EF
                List<byte[]> a2 = List.of(rnd.nextBoolean() ? new byte[20 + 4 * rnd.nextInt(2)] : ef(0x2005, bytes(12 + 4 * rnd.nextInt(3))));
                return build(4, 3, before, c2s, nonce, enc, pad, a2);
            }
            case 13 -> { // version 0, 5-7, or v1-3 with extensions
                int[] vs = {0, 1, 2, 3, 5, 6, 7};
                return build(vs[rnd.nextInt(vs.length)], 3, before, c2s, nonce, enc, pad, after);
            }
            case 14 -> { // tag over the wrong AD (another session's C2S)
                return build(4, 3, before, bytes(32), nonce, enc, pad, after);
            }
            case 15 -> { // short packet
                return bytes(1 + rnd.nextInt(47));
            }
            default -> { return build(4, 3, before, c2s, nonce, enc, pad, after); }
        }
    }

    // ---------------------------------------------------------------- output

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private void emit(int... bs) throws IOException {
        for (int b : bs) { w.write(HEX.toHexDigits((byte) b)); w.write('\n'); }
    }

    private void emitBytes(byte[] b) throws IOException {
        for (byte x : b) { w.write(HEX.toHexDigits(x)); w.write('\n'); }
    }

    private void emitInt(int v) throws IOException { emit(v >>> 24, v >>> 16, v >>> 8, v); }

    private void emitLong(long v) throws IOException { emitInt((int) (v >>> 32)); emitInt((int) v); }
}
