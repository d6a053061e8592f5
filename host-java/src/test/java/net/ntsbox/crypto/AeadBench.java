package net.ntsbox.crypto;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.ntsbox.cookie.CookieCodec;
import net.ntsbox.cookie.CookieOpenResult;
import net.ntsbox.keys.MasterKey;
import org.openjdk.jmh.annotations.*;

/**
 * AES-SIV-CMAC-256 on NTS-sized inputs (not run by the test suite). Run:
 * {@code java -cp host-java/target/test-classes:host-java/target/classes:$(cat host-java/target/test.classpath) org.openjdk.jmh.Main AeadBench}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AeadBench {
    private MasterKey master;
    private byte[] cookie;
    private byte[] request;          // 228-byte request: AD = first 188 bytes, then the authenticator EF
    private Aead c2s;
    private Aead s2c;
    private byte[] responseAd = new byte[84];
    private byte[] responsePlain = new byte[104];
    private byte[] nonce = new byte[16];
    private byte[] out = new byte[256];

    @Setup
    public void setup() {
        Random r = new Random(1);
        byte[] mk = new byte[32], k1 = new byte[32], k2 = new byte[32], n = new byte[16];
        r.nextBytes(mk); r.nextBytes(k1); r.nextBytes(k2); r.nextBytes(n);
        master = new MasterKey(0x01020304, mk);
        cookie = CookieCodec.mint(master, AeadAlgorithm.AES_SIV_CMAC_256, k1, k2, n);
        c2s = Aeads.create(AeadAlgorithm.AES_SIV_CMAC_256, k1);
        s2c = Aeads.create(AeadAlgorithm.AES_SIV_CMAC_256, k2);
        request = new byte[228];
        r.nextBytes(request);
        r.nextBytes(nonce);
        // authenticator EF body at 192: nonce 16 at 196, ciphertext (tag only) at 212
        System.arraycopy(nonce, 0, request, 196, 16);
        c2s.sealInto(request, 196, 16, request, 0, 188, new byte[0], 0, 0, request, 212);
        r.nextBytes(responseAd);
        r.nextBytes(responsePlain);
    }

    @Benchmark
    public CookieOpenResult cookieOpen() {
        return CookieCodec.open(cookie, 0, cookie.length, id -> master);
    }

    @Benchmark
    public int requestAuthenticatorCheck() {
        int n = c2s.openInto(request, 196, 16, request, 0, 188, request, 212, 16, out, 0);
        if (n != 0) throw new AssertionError("request did not verify");
        return n;
    }

    @Benchmark
    public int responseSeal() {
        return s2c.sealInto(nonce, 0, 16, responseAd, 0, 84, responsePlain, 0, 104, out, 0);
    }

    @Benchmark
    public byte[] cookieMint() {
        return CookieCodec.mint(master, AeadAlgorithm.AES_SIV_CMAC_256, java.util.Arrays.copyOf(responsePlain, 32), java.util.Arrays.copyOfRange(responsePlain, 32, 64), nonce);
    }
}
