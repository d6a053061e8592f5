package net.ntsbox.client;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import net.ntsbox.crypto.Aead;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.crypto.Aeads;
import net.ntsbox.crypto.NtsExporterContext;
import net.ntsbox.ke.KeClientResult;
import net.ntsbox.ke.KeyExporter;
import net.ntsbox.ntp.NtpParse;
import net.ntsbox.ntp.NtsExtensionType;
import net.ntsbox.ntp.ParsedPacket;

/**
 * The client state that one NTS-KE gives (RFC 8915 §5): the AEAD, the C2S and S2C keys, the
 * cookie queue, the NTP server and port the KE named, and the requests sent but not answered.
 * Sans-IO: the caller supplies the randomness (UID, nonce, transmit timestamp), sends the
 * bytes, and hands back what it receives. Not thread-safe: one session per thread.
 *
 * <p>After an NTS NAK the session is {@linkplain #discarded() discarded}: the server no longer
 * accepts its cookies, so it builds no more requests and a new NTS-KE is needed.
 */
public final class NtsSession {
    /** chrony and NTPsec keep 8 cookies (RFC 8915 §5.7 suggests as many as the client polls before a new KE). */
    public static final int MAX_COOKIES = 8;
    /** Outstanding requests remembered; the oldest is forgotten beyond that. */
    public static final int MAX_OUTSTANDING = 64;

    private final AeadAlgorithm aead;
    private final byte[] c2sKey;
    private final byte[] s2cKey;
    private final Aead c2s;
    private final Aead s2c;
    private final ArrayDeque<byte[]> cookies = new ArrayDeque<>(MAX_COOKIES);
    private final Optional<String> server;
    private final OptionalInt port;
    private final Map<String, PendingRequest> outstanding = new HashMap<>();
    private final ArrayDeque<String> outstandingOrder = new ArrayDeque<>();
    private boolean discarded;

    /** A session from explicit keys (tests, captured sessions). The key arrays are copied. */
    public NtsSession(AeadAlgorithm aead, byte[] c2sKey, byte[] s2cKey, List<byte[]> initialCookies,
                      Optional<String> server, OptionalInt port) {
        this.aead = aead;
        this.c2sKey = c2sKey.clone();
        this.s2cKey = s2cKey.clone();
        this.c2s = Aeads.create(aead, this.c2sKey.clone());
        this.s2c = Aeads.create(aead, this.s2cKey.clone());
        this.server = server;
        this.port = port;
        for (byte[] c : initialCookies) addCookie(c);
    }

    /**
     * The session of a successful NTS-KE: keys exported with the context AEAD that
     * {@link KeClientResult.Success#exporterContextAead()} gives (chrony's rule for AEAD 30).
     * @throws IllegalArgumentException if the negotiated AEAD is one this build cannot run
     */
    public static NtsSession establish(KeClientResult.Success ke, KeyExporter exporter) {
        AeadAlgorithm alg = AeadAlgorithm.byId(ke.aead())
                .orElseThrow(() -> new IllegalArgumentException("AEAD " + ke.aead() + " is not supported"));
        AeadAlgorithm context = AeadAlgorithm.byId(ke.exporterContextAead()).orElseThrow();
        byte[] c2sKey = exporter.export(NtsExporterContext.c2s(context), alg.keyLength());
        byte[] s2cKey = exporter.export(NtsExporterContext.s2c(context), alg.keyLength());
        try {
            return new NtsSession(alg, c2sKey, s2cKey, ke.cookies(), ke.server(), ke.port());
        } finally {
            Arrays.fill(c2sKey, (byte) 0);
            Arrays.fill(s2cKey, (byte) 0);
        }
    }

    public AeadAlgorithm aead() { return aead; }

    /** NTP server named by the KE's Server record; empty: use the KE host. */
    public Optional<String> server() { return server; }

    /** NTP port named by the KE's Port record; empty: 123. */
    public OptionalInt port() { return port; }

    public int cookiesHeld() { return cookies.size(); }

    public int outstandingRequests() { return outstanding.size(); }

    /** True after an NTS NAK: build no more requests, make a new NTS-KE. */
    public boolean discarded() { return discarded; }

    /** True when {@link #buildRequest} can run (a cookie is held and no NAK came). */
    public boolean canSend() { return !discarded && !cookies.isEmpty(); }

    /** Length of the next request: for a buffer size check. */
    public int nextRequestLength(int uidLength) {
        byte[] c = cookies.peekFirst();
        return c == null ? 0 : NtsRequestWriter.length(aead, uidLength, c.length, placeholdersFor(cookies.size()));
    }

    /**
     * Writes the next request at {@code out[off]}: the oldest cookie (removed from the queue)
     * and {@code 8 − cookies held} placeholders so that the answer brings the queue back to 8.
     * @param uid ≥ 32 random bytes; @param nonce {@code aead().nonceLength()} random bytes
     * @throws IllegalStateException when {@link #canSend()} is false
     */
    public PendingRequest buildRequest(byte[] out, int off, long transmitTimestamp, byte[] uid, byte[] nonce) {
        if (!canSend()) {
            throw new IllegalStateException(discarded ? "session discarded after an NTS NAK" : "no cookie left");
        }
        int placeholders = placeholdersFor(cookies.size());
        byte[] cookie = cookies.peekFirst();
        PendingRequest p = NtsRequestWriter.write(out, off, aead, c2s, cookie, placeholders, uid, transmitTimestamp, nonce);
        cookies.removeFirst(); // only once written: a caller bug above must not cost a cookie
        remember(p);
        return p;
    }

    /**
     * Checks {@code d[off, off+len)} against the outstanding request whose UID it carries.
     * Authenticated: the request is answered, its cookies join the queue. NAK: the request is
     * answered and the session is discarded. Rejected: nothing changes.
     */
    public ResponseResult accept(byte[] d, int off, int len) {
        if (!(NtpParse.parse(d, off, len) instanceof ParsedPacket p)) {
            return new ResponseResult.Rejected(ResponseRejection.MALFORMED_PACKET);
        }
        int uid = p.indexOf(NtsExtensionType.UNIQUE_IDENTIFIER, 0);
        if (uid < 0) return new ResponseResult.Rejected(ResponseRejection.MISSING_UID);
        String key = java.util.HexFormat.of().formatHex(d, p.efBodyStart(uid), p.efBodyStart(uid) + p.efBodyLength(uid));
        PendingRequest pending = outstanding.get(key);
        if (pending == null) return new ResponseResult.Rejected(ResponseRejection.UID_MISMATCH);
        ResponseResult r = NtsResponseVerifier.verify(d, off, len, pending, aead, s2c);
        switch (r) {
            case ResponseResult.Authenticated a -> {
                forget(pending);
                for (byte[] c : a.cookies()) addCookie(c);
            }
            case ResponseResult.Nak n -> {
                forget(pending);
                discarded = true;
                cookies.clear();
            }
            case ResponseResult.Rejected x -> { }
        }
        return r;
    }

    /**
     * Splits this session into {@code n} sessions with the same keys (each with its own AEAD
     * instances, so each may run on its own thread) and this session's cookies dealt round
     * robin; this session keeps none. For load generators that share one NTS-KE.
     */
    public List<NtsSession> split(int n) {
        if (n < 1) throw new IllegalArgumentException("split into at least 1");
        List<List<byte[]>> deal = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) deal.add(new java.util.ArrayList<>());
        for (int i = 0; !cookies.isEmpty(); i++) deal.get(i % n).add(cookies.removeFirst());
        List<NtsSession> out = new java.util.ArrayList<>(n);
        for (List<byte[]> c : deal) out.add(new NtsSession(aead, c2sKey, s2cKey, c, server, port));
        return out;
    }

    /** Adds a cookie (e.g. from a response checked with {@link #verify}); the queue keeps the newest 8. */
    public void storeCookie(byte[] cookie) {
        addCookie(cookie);
    }

    /** Takes the oldest cookie from the queue, or null when none is held. */
    public byte[] takeCookie() {
        return cookies.pollFirst();
    }

    /**
     * Stateless request writing for load generators: this cookie, this many placeholders; the
     * queue and the outstanding set are not touched.
     */
    public PendingRequest writeRequest(byte[] out, int off, byte[] cookie, int placeholders, long transmitTimestamp,
                                       byte[] uid, byte[] nonce) {
        return NtsRequestWriter.write(out, off, aead, c2s, cookie, placeholders, uid, transmitTimestamp, nonce);
    }

    /** Stateless verification of an answer to {@code request} (see {@link NtsResponseVerifier}); the queue is not touched. */
    public ResponseResult verify(byte[] d, int off, int len, PendingRequest request) {
        return NtsResponseVerifier.verify(d, off, len, request, aead, s2c);
    }

    /** Gives up on a request (timed out): a late answer to it is then rejected. */
    public void forget(PendingRequest p) {
        String k = uidKeyPadded(p);
        if (outstanding.remove(k) != null) outstandingOrder.remove(k);
    }

    private void remember(PendingRequest p) {
        String k = uidKeyPadded(p);
        if (outstanding.put(k, p) == null) outstandingOrder.addLast(k);
        while (outstanding.size() > MAX_OUTSTANDING) outstanding.remove(outstandingOrder.removeFirst());
    }

    /** The UID as the response carries it: the body of its EF, padding included. */
    private static String uidKeyPadded(PendingRequest p) {
        byte[] u = p.uid();
        return java.util.HexFormat.of().formatHex(Arrays.copyOf(u, (u.length + 3) & ~3));
    }

    private void addCookie(byte[] c) {
        if (c.length == 0) return;
        if (cookies.size() == MAX_COOKIES) cookies.removeFirst(); // keep the newest
        cookies.addLast(c.clone());
    }

    private static int placeholdersFor(int held) {
        return Math.max(0, Math.min(NtsRequestWriter.MAX_PLACEHOLDERS, MAX_COOKIES - held));
    }

    /** Never shows keys or cookies. */
    @Override
    public String toString() {
        return "NtsSession[aead=" + aead + ", cookies=" + cookies.size() + ", outstanding=" + outstanding.size()
                + ", server=" + server.orElse("(KE host)") + ", port=" + (port.isPresent() ? port.getAsInt() : 123)
                + (discarded ? ", discarded" : "") + "]";
    }
}
