package net.ntsbox.server;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import net.ntsbox.cookie.CookieCodec;
import net.ntsbox.cookie.CookieOpenResult;
import net.ntsbox.crypto.Aead;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.keys.KeyLookup;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.MasterKey;
import net.ntsbox.ntp.AuthenticatorParseResult;
import net.ntsbox.ntp.ExtensionFields;
import net.ntsbox.ntp.NtpHeader;
import net.ntsbox.ntp.NtpParse;
import net.ntsbox.ntp.NtpParseResult;
import net.ntsbox.ntp.NtsAuthenticator;
import net.ntsbox.ntp.NtsExtensionType;
import net.ntsbox.ntp.ParsedPacket;

/**
 * The NTS server step (RFC 8915 §5.7) as one deterministic function:
 * (request datagram, receive time, transmit time, key ring, nonce source, header fields) →
 * response, NTS NAK, or a named drop. It reads no clock and draws no randomness of its own,
 * so the same inputs give the same bytes: this is the golden model the RTL is checked against.
 *
 * <p>Rules, in the order they are applied:
 * <ol>
 * <li>The datagram must parse as NTP (strict EF framing) and be mode 3.</li>
 * <li>A request with no NTS field (UID, cookie, placeholder, authenticator) anywhere gets a
 *     plain 48-byte response; other extension fields are ignored.</li>
 * <li>Only fields before the first authenticator count: those after it are unauthenticated
 *     and ignored. There must be exactly one UID (≥ 32 bytes), exactly one cookie, and an
 *     authenticator whose lengths fit and whose nonce has at least min(16, AEAD nonce) bytes.</li>
 * <li>A cookie that does not open (unknown key, bad tag, no session AEAD of that length)
 *     or a request tag that does not verify under the cookie's C2S key gets an NTS NAK:
 *     header with leap 3, stratum 0, reference ID "NTSN", the UID echoed, nothing else.</li>
 * <li>Otherwise the response carries the UID and one authenticator whose plaintext is
 *     (valid placeholders + 1, at most 8) new cookies minted with the current key. A
 *     placeholder is valid when its body has the cookie's length. The response is padded
 *     (inside the authenticator) to exactly the request's length, and never exceeds it.</li>
 * </ol>
 * Header: version and poll echo the request, origin = the request's transmit timestamp (no
 * other client field is checked, as chrony and NTPsec send random values there), receive
 * and transmit from the arguments, the rest from {@link ServerHeader}.
 *
 * <p>Nonces are drawn in a fixed order so a seeded source reproduces a response: the
 * response authenticator's nonce first, then one 16-byte nonce per new cookie.
 *
 * <p>A server may serve only some session AEADs ({@link #NtsServerStep(Set)}): a cookie whose
 * length implies another one is treated like a cookie of no known length (NAK_BAD_COOKIE),
 * before any key lookup. The FPGA serves AEAD 15 only (100-byte cookies), so the RTL
 * co-simulation runs this model restricted to {AES_SIV_CMAC_256}.
 *
 * <p>One instance per thread: it keeps scratch buffers so the hot path allocates little.
 */
public final class NtsServerStep {

    /** The most cookies one response carries (the cookie used plus 7 placeholders). */
    public static final int MAX_COOKIES = 8;
    /** RFC 8915 §5.3: a Unique Identifier carries at least 32 bytes. */
    public static final int MIN_UID_LENGTH = 32;

    private final byte[] plaintext = new byte[MAX_COOKIES * (ExtensionFields.HEADER_LENGTH + 256)];
    private final byte[] cookieNonce = new byte[CookieCodec.NONCE_LENGTH];
    private final byte[] authNonce = new byte[16];
    private final byte[] scratch = new byte[64];

    /** Session AEADs and cookie SIVs: the JDK (golden model) or nettle, same bytes. */
    private final StepCrypto crypto;
    private final java.util.function.Function<MasterKey, Aead> cookieSivs;

    private final Set<AeadAlgorithm> sessions;
    private int responseLength;
    private MasterKey usedKey;

    /** A server step that opens cookies of every session AEAD. */
    public NtsServerStep() { this(EnumSet.allOf(AeadAlgorithm.class)); }

    /** A server step that opens only cookies of these session AEADs (the FPGA: AES_SIV_CMAC_256). */
    public NtsServerStep(Set<AeadAlgorithm> sessions) { this(sessions, StepCrypto.java()); }

    /** A server step whose AES-SIV runs in {@code crypto} (one per step: it is per thread too). */
    public NtsServerStep(Set<AeadAlgorithm> sessions, StepCrypto crypto) {
        this.sessions = EnumSet.copyOf(sessions);
        this.crypto = java.util.Objects.requireNonNull(crypto);
        this.cookieSivs = crypto::cookie;
    }

    /** The crypto this step runs on ("java" or "native"). */
    public String cryptoName() { return crypto.name(); }

    /** Length of the datagram written by the last {@link #respond} that answered; 0 after a drop. */
    public int responseLength() { return responseLength; }

    /** The master key whose cookie the last NTS request carried (opened or NAKed by tag), or null. */
    public MasterKey usedKey() { return usedKey; }

    /**
     * Handles {@code request[off, off+len)} received at {@code rxTime} and answered at
     * {@code txTime} (both raw NTP timestamps). Writes the response, if any, at {@code out[0]}.
     */
    public StepOutcome respond(byte[] request, int off, int len, long rxTime, long txTime,
                               KeyRing keys, NonceSource nonces, ServerHeader header, byte[] out) {
        return respond(request, off, len, rxTime, txTime, keys, keys.current(), nonces, header, out);
    }

    /**
     * As above with the keys given as a lookup (cookie key ID → live key) and the key that
     * mints new cookies: e.g. the FPGA's four-slot key table and its current slot.
     */
    public StepOutcome respond(byte[] request, int off, int len, long rxTime, long txTime, KeyLookup keys,
                               MasterKey current, NonceSource nonces, ServerHeader header, byte[] out) {
        responseLength = 0;
        usedKey = null;
        NtpParseResult parsed = NtpParse.parse(request, off, len);
        if (!(parsed instanceof ParsedPacket p)) return StepOutcome.DROP_MALFORMED_PACKET;
        NtpHeader rq = p.header();
        if (rq.mode() != NtpHeader.MODE_CLIENT) return StepOutcome.DROP_NOT_CLIENT_MODE;

        int uid = -1, cookie = -1, auth = -1, uids = 0, cookies = 0;
        boolean ntsField = false;
        for (int i = 0; i < p.extensionCount(); i++) {
            int type = p.efType(i);
            if (!isNtsType(type)) continue;
            ntsField = true;
            if (auth >= 0) continue; // after the authenticator: unauthenticated, ignored
            switch (type) {
                case NtsExtensionType.UNIQUE_IDENTIFIER -> { uids++; if (uid < 0) uid = i; }
                case NtsExtensionType.NTS_COOKIE -> { cookies++; if (cookie < 0) cookie = i; }
                case NtsExtensionType.NTS_AUTHENTICATOR -> auth = i;
                default -> { } // placeholders are counted once the cookie length is known
            }
        }
        if (!ntsField) {
            if (out.length < NtpHeader.LENGTH) return StepOutcome.DROP_OUTPUT_TOO_SMALL;
            responseLength = writeHeader(out, rq, header, rxTime, txTime);
            return StepOutcome.PLAIN_RESPONSE;
        }
        if (uids == 0) return StepOutcome.DROP_MISSING_UID;
        if (uids > 1) return StepOutcome.DROP_DUPLICATE_UID;
        if (p.efBodyLength(uid) < MIN_UID_LENGTH) return StepOutcome.DROP_SHORT_UID;
        if (cookies == 0) return StepOutcome.DROP_MISSING_COOKIE;
        if (cookies > 1) return StepOutcome.DROP_DUPLICATE_COOKIE;
        if (auth < 0) return StepOutcome.DROP_MISSING_AUTHENTICATOR;

        int cookieStart = p.efBodyStart(cookie);
        int cookieLen = p.efBodyLength(cookie);
        Optional<AeadAlgorithm> implied = CookieCodec.sessionForLength(cookieLen);
        if (implied.isPresent() && !sessions.contains(implied.get())) {
            return nak(p, uid, rq, rxTime, txTime, out, StepOutcome.NAK_BAD_COOKIE);
        }
        CookieOpenResult opened = CookieCodec.open(request, cookieStart, cookieLen, keys, cookieSivs);
        if (!(opened instanceof CookieOpenResult.Opened session)) {
            var reason = ((CookieOpenResult.Rejected) opened).reason();
            if (reason == CookieOpenResult.Reason.BAD_TAG) usedKey = keys.lookup(keyId(request, cookieStart));
            return nak(p, uid, rq, rxTime, txTime, out,
                    reason == CookieOpenResult.Reason.UNKNOWN_KEY ? StepOutcome.NAK_UNKNOWN_KEY : StepOutcome.NAK_BAD_COOKIE);
        }
        usedKey = session.key();
        try {
            AeadAlgorithm alg = session.session();
            AuthenticatorParseResult ap = NtsAuthenticator.parse(p, auth, alg.nonceLength());
            if (!(ap instanceof NtsAuthenticator a)) return StepOutcome.DROP_MALFORMED_AUTHENTICATOR;
            Aead c2s = crypto.session(alg, session.c2s());
            int ptLen = a.ciphertextLength() - AeadAlgorithm.TAG_LENGTH;
            byte[] ignoredPlaintext = ptLen <= scratch.length ? scratch : new byte[Math.max(ptLen, 0)];
            if (ptLen < 0 || c2s.openInto(request, a.nonceStart(), a.nonceLength(),
                    request, off, a.associatedDataLength(),
                    request, a.ciphertextStart(), a.ciphertextLength(), ignoredPlaintext, 0) < 0) {
                return nak(p, uid, rq, rxTime, txTime, out, StepOutcome.NAK_BAD_AUTHENTICATOR);
            }
            int placeholders = 0;
            for (int i = 0; i < auth; i++) {
                if (p.efType(i) == NtsExtensionType.NTS_COOKIE_PLACEHOLDER && p.efBodyLength(i) == cookieLen) {
                    placeholders++;
                }
            }
            int newCookies = Math.min(placeholders, MAX_COOKIES - 1) + 1;
            return ntsResponse(request, p, uid, rq, rxTime, txTime, current, nonces, header, out, session, len,
                    newCookies);
        } finally {
            crypto.endRequest();
            Arrays.fill(session.c2s(), (byte) 0);
            Arrays.fill(session.s2c(), (byte) 0);
        }
    }

    private StepOutcome ntsResponse(byte[] request, ParsedPacket p, int uid, NtpHeader rq, long rxTime,
                                    long txTime, MasterKey mint, NonceSource nonces, ServerHeader header,
                                    byte[] out, CookieOpenResult.Opened session, int requestLength,
                                    int wantedCookies) {
        AeadAlgorithm alg = session.session();
        int cookieLen = CookieCodec.length(alg);
        int cookieEf = ExtensionFields.paddedLength(cookieLen, 0);
        int uidEf = p.efLength(uid);
        int authOff = NtpHeader.LENGTH + uidEf;
        int nonceLen = alg.nonceLength();
        // Fewer cookies only if the client's request is shorter than the natural response
        // (it is not, when each placeholder has the cookie's length): never amplify.
        int n = wantedCookies;
        while (n > 0 && authOff + NtsAuthenticator.fieldLength(nonceLen,
                n * cookieEf + AeadAlgorithm.TAG_LENGTH, alg.nonceLength(), 0) > requestLength) {
            n--;
        }
        int ctLen = n * cookieEf + AeadAlgorithm.TAG_LENGTH;
        int authLen = NtsAuthenticator.fieldLength(nonceLen, ctLen, alg.nonceLength(), requestLength - authOff);
        if (authOff + authLen > requestLength) return StepOutcome.DROP_MALFORMED_PACKET; // UID alone exceeds it: impossible
        if (out.length < authOff + authLen) return StepOutcome.DROP_OUTPUT_TOO_SMALL;

        nonces.next(authNonce, 0, nonceLen);
        int pt = 0;
        if (n > 1 && crypto.sealsCookiesTogether()) {
            // the CookieCodec layout, all cookies sealed in one call (same bytes, same nonce order)
            for (int i = 0; i < n; i++) {
                int efLen = ExtensionFields.writeHeader(plaintext, pt, NtsExtensionType.NTS_COOKIE, cookieLen, 0);
                int c = pt + ExtensionFields.HEADER_LENGTH;
                int id = mint.id();
                plaintext[c] = (byte) (id >>> 24);
                plaintext[c + 1] = (byte) (id >>> 16);
                plaintext[c + 2] = (byte) (id >>> 8);
                plaintext[c + 3] = (byte) id;
                nonces.next(plaintext, c + CookieCodec.KEY_ID_LENGTH, CookieCodec.NONCE_LENGTH);
                pt += efLen;
            }
            crypto.sealCookies(mint, session.c2s(), session.s2c(), n, plaintext, ExtensionFields.HEADER_LENGTH, cookieEf);
        } else {
            for (int i = 0; i < n; i++) {
                nonces.next(cookieNonce, 0, cookieNonce.length);
                int efLen = ExtensionFields.writeHeader(plaintext, pt, NtsExtensionType.NTS_COOKIE, cookieLen, 0);
                CookieCodec.mintInto(mint.id(), crypto.cookie(mint), alg, session.c2s(), session.s2c(), cookieNonce,
                        plaintext, pt + ExtensionFields.HEADER_LENGTH);
                pt += efLen;
            }
        }
        writeHeader(out, rq, header, rxTime, txTime);
        System.arraycopy(request, p.base() + p.efOffset(uid), out, NtpHeader.LENGTH, uidEf);
        NtsAuthenticator.write(out, authOff, authNonce, 0, nonceLen, ctLen, alg.nonceLength(), requestLength - authOff);
        Aead s2c = crypto.session(alg, session.s2c());
        s2c.sealInto(authNonce, 0, nonceLen, out, 0, authOff, plaintext, 0, pt,
                out, NtsAuthenticator.ciphertextStart(authOff, nonceLen));
        Arrays.fill(plaintext, 0, pt, (byte) 0);
        responseLength = authOff + authLen;
        return StepOutcome.NTS_RESPONSE;
    }

    private StepOutcome nak(ParsedPacket p, int uid, NtpHeader rq, long rxTime, long txTime, byte[] out,
                            StepOutcome why) {
        int uidEf = p.efLength(uid);
        if (out.length < NtpHeader.LENGTH + uidEf) return StepOutcome.DROP_OUTPUT_TOO_SMALL;
        new NtpHeader(NtpHeader.LEAP_UNSYNCHRONIZED, rq.version(), NtpHeader.MODE_SERVER, 0, rq.poll(), 0, 0, 0,
                NtpHeader.REFID_NTSN, 0L, rq.transmitTimestamp(), rxTime, txTime).write(out, 0);
        System.arraycopy(p.data(), p.base() + p.efOffset(uid), out, NtpHeader.LENGTH, uidEf);
        responseLength = NtpHeader.LENGTH + uidEf;
        return why;
    }

    private static int writeHeader(byte[] out, NtpHeader rq, ServerHeader h, long rxTime, long txTime) {
        return new NtpHeader(h.leap(), rq.version(), NtpHeader.MODE_SERVER, h.stratum(), rq.poll(), h.precision(),
                h.rootDelay(), h.rootDispersion(), h.referenceId(), h.referenceTimestamp(),
                rq.transmitTimestamp(), rxTime, txTime).write(out, 0);
    }

    private static boolean isNtsType(int type) {
        return type == NtsExtensionType.UNIQUE_IDENTIFIER || type == NtsExtensionType.NTS_COOKIE
                || type == NtsExtensionType.NTS_COOKIE_PLACEHOLDER || type == NtsExtensionType.NTS_AUTHENTICATOR;
    }

    private static int keyId(byte[] d, int off) {
        return ((d[off] & 0xff) << 24) | ((d[off + 1] & 0xff) << 16) | ((d[off + 2] & 0xff) << 8) | (d[off + 3] & 0xff);
    }
}
