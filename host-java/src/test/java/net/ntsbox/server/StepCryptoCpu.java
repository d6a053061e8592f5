package net.ntsbox.server;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import net.ntsbox.crypto.Aead;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.MasterKey;
import net.ntsbox.keys.RotationPolicy;

/**
 * The AES-SIV work of one minimal NTS request (AEAD 15, one cookie), per backend, in CPU time
 * of this thread (not wall time): each of the four operations alone and the four together.
 * Sizes as the step sees them: cookie open (nonce 16, AD empty, 80 bytes in), C2S open of the
 * request tag (AD 188 bytes: header, UID, cookie, authenticator head; nonce 16; tag only), cookie
 * mint (64 bytes), S2C seal of the response (AD 84, plaintext 104: one cookie EF). Not part of
 * the test suite.
 * usage: java -cp ... net.ntsbox.server.StepCryptoCpu [rounds [java|native|aesni ...]]
 */
public final class StepCryptoCpu {
    private static final byte[] EMPTY = new byte[0];

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        java.util.List<StepCryptoMode> modes = new java.util.ArrayList<>();
        for (int i = 1; i < args.length; i++) modes.add(StepCryptoMode.valueOf(args[i].toUpperCase(Locale.ROOT)));
        if (modes.isEmpty()) modes = java.util.List.of(StepCryptoMode.JAVA, StepCryptoMode.NATIVE, StepCryptoMode.AESNI);
        KeyRing ring = KeyRing.fromSeed(new byte[32], 0, RotationPolicy.DEFAULT, 1_780_000_000L);
        MasterKey master = ring.current();
        SplittableRandom r = new SplittableRandom(3);
        byte[] c2s = bytes(r, 32), s2c = bytes(r, 32), nonce = bytes(r, 16), request = bytes(r, 188);
        byte[] cookiePt = bytes(r, 64), responseAd = bytes(r, 84), responsePt = bytes(r, 104);
        for (StepCryptoMode mode : modes) {
            StepCrypto crypto = mode.create();
            byte[] cookie = new byte[80], tag = new byte[16], response = new byte[120], pt = new byte[64], none = new byte[0];
            crypto.cookie(master).sealInto(nonce, 0, 16, EMPTY, 0, 0, cookiePt, 0, 64, cookie, 0);
            crypto.session(AeadAlgorithm.AES_SIV_CMAC_256, c2s).sealInto(nonce, 0, 16, request, 0, 188, EMPTY, 0, 0, tag, 0);
            crypto.endRequest();
            Runnable cookieOpen = () -> check(crypto.cookie(master).openInto(nonce, 0, 16, EMPTY, 0, 0, cookie, 0, 80, pt, 0) == 64);
            Runnable c2sOpen = () -> {
                Aead a = crypto.session(AeadAlgorithm.AES_SIV_CMAC_256, c2s);
                check(a.openInto(nonce, 0, 16, request, 0, 188, tag, 0, 16, none, 0) == 0);
                crypto.endRequest();
            };
            Runnable mint = () -> crypto.cookie(master).sealInto(nonce, 0, 16, EMPTY, 0, 0, cookiePt, 0, 64, cookie, 0);
            Runnable s2cSeal = () -> {
                crypto.session(AeadAlgorithm.AES_SIV_CMAC_256, s2c).sealInto(nonce, 0, 16, responseAd, 0, 84, responsePt, 0, 104, response, 0);
                crypto.endRequest();
            };
            Runnable all = () -> {
                cookieOpen.run();
                Aead a = crypto.session(AeadAlgorithm.AES_SIV_CMAC_256, c2s);
                check(a.openInto(nonce, 0, 16, request, 0, 188, tag, 0, 16, none, 0) == 0);
                mint.run();
                crypto.session(AeadAlgorithm.AES_SIV_CMAC_256, s2c).sealInto(nonce, 0, 16, responseAd, 0, 84, responsePt, 0, 104, response, 0);
                crypto.endRequest();
            };
            System.out.printf(Locale.ROOT, "crypto=%s cookie_open=%.0f c2s_open=%.0f cookie_mint=%.0f s2c_seal=%.0f minimal_request=%.0f ns (alloc %d B/request)%n",
                    crypto.name(), ns(cookieOpen, rounds), ns(c2sOpen, rounds), ns(mint, rounds), ns(s2cSeal, rounds),
                    ns(all, rounds), alloc(all));
        }
    }

    private static void check(boolean ok) {
        if (!ok) throw new IllegalStateException("did not authenticate");
    }

    /** Best of the second half of the rounds, ns of thread CPU per run. */
    private static double ns(Runnable op, int rounds) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int n = 200_000;
        double best = Double.MAX_VALUE;
        for (int round = 0; round < rounds; round++) {
            long c0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) op.run();
            long c1 = mx.getCurrentThreadCpuTime();
            if (round >= rounds / 2) best = Math.min(best, (c1 - c0) / (double) n);
        }
        return best;
    }

    private static long alloc(Runnable op) {
        com.sun.management.ThreadMXBean smx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long a0 = smx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) op.run();
        return (smx.getCurrentThreadAllocatedBytes() - a0) / 100_000;
    }

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
