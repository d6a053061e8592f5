package net.ntsbox.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import net.ntsbox.cookie.CookieCodec;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.RotationPolicy;
import net.ntsbox.ntp.NtpHeader;
import net.ntsbox.server.NtsServerStep;
import net.ntsbox.server.ServerHeader;
import net.ntsbox.server.StepOutcome;

/** A client session and the server step it talks to, with keys and cookies from a seeded generator. */
final class ServerFixture {
    static final long EPOCH = 1_735_689_600L; // 2025-01-01
    static final ServerHeader HEADER = new ServerHeader(0, 1, -20, 0x10, 0x20, 0x47505300, 0x1234_5678_9ABC_DEF0L);

    final Random random;
    final AeadAlgorithm alg;
    final KeyRing ring;
    final byte[] c2s;
    final byte[] s2c;
    final NtsServerStep step = new NtsServerStep();
    final byte[] response = new byte[2048];
    int responseLength;

    ServerFixture(long seed, AeadAlgorithm alg) {
        this.random = new Random(seed);
        this.alg = alg;
        byte[] master = bytes(32);
        this.ring = KeyRing.fromSeed(master, EPOCH, RotationPolicy.DEFAULT, EPOCH + 5);
        this.c2s = bytes(alg.keyLength());
        this.s2c = bytes(alg.keyLength());
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    List<byte[]> cookies(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(CookieCodec.mint(ring.current(), alg, c2s, s2c, bytes(16)));
        return out;
    }

    NtsSession session(int cookies) {
        return new NtsSession(alg, c2s, s2c, cookies(cookies), Optional.empty(), OptionalInt.empty());
    }

    /** Builds a request with fresh random UID/nonce/transmit and returns it with the request bytes. */
    record Sent(PendingRequest pending, byte[] request) {}

    Sent send(NtsSession s) {
        byte[] buf = new byte[2048];
        PendingRequest p = s.buildRequest(buf, 0, random.nextLong(), bytes(32), bytes(alg.nonceLength()));
        return new Sent(p, java.util.Arrays.copyOf(buf, p.length()));
    }

    /** Runs the server step over the request; the answer is {@code response[0, responseLength)}. */
    StepOutcome serve(byte[] request, KeyRing keys) {
        long rx = 0xEEAF_1DB6_0000_0000L | (random.nextInt() & 0xFFFF_FFFFL);
        StepOutcome o = step.respond(request, 0, request.length, rx, rx + 1000, keys,
                (out, off, len) -> { for (int i = 0; i < len; i++) out[off + i] = (byte) random.nextInt(); },
                HEADER, response);
        responseLength = step.responseLength();
        return o;
    }

    StepOutcome serve(byte[] request) {
        return serve(request, ring);
    }

    byte[] answer() {
        return java.util.Arrays.copyOf(response, responseLength);
    }

    static NtpHeader header(byte[] packet) {
        return NtpHeader.read(packet, 0);
    }
}
