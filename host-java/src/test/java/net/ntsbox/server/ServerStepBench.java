package net.ntsbox.server;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.RotationPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The NTS server step on one core: AEAD-15 requests with 0 and 7 placeholders, and plain NTP
 * for scale. Not part of the test suite; run with {@code scripts/bench-server-step.sh}.
 * Each invocation answers one request (cookie open, request check, new cookies, response seal).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ServerStepBench {
    @Param({"0", "7"})
    public int placeholders;

    /** {@code [ntp] crypto}: the JDK's AES-SIV or nettle's. */
    @Param({"java", "native"})
    public String crypto;

    private final KeyRing ring = KeyRing.fromSeed(new byte[32], 0, RotationPolicy.DEFAULT, 1_780_000_000L);
    private NtsServerStep step;
    private final ServerHeader header = new ServerHeader(0, 1, -20, 0, 0, 0x47505300, 0);
    private final byte[] out = new byte[2048];
    private final byte[] plain = new byte[48];
    private NonceSource nonces;
    private byte[] request;

    @Setup
    public void setup() {
        step = new NtsServerStep(java.util.EnumSet.allOf(AeadAlgorithm.class),
                StepCryptoMode.valueOf(crypto.toUpperCase(java.util.Locale.ROOT)).create());
        SplittableRandom r = new SplittableRandom(1);
        var s = TestRequests.session(ring, AeadAlgorithm.AES_SIV_CMAC_256, r);
        request = TestRequests.request(s, TestRequests.bytes(r, 32), r.nextLong(), placeholders, TestRequests.bytes(r, 16));
        nonces = TestRequests.seeded(2);
        plain[0] = 0x23;
    }

    @Benchmark
    public int ntsRequest() {
        StepOutcome o = step.respond(request, 0, request.length, 1L << 40, 1L << 41, ring, nonces, header, out);
        if (o != StepOutcome.NTS_RESPONSE) throw new IllegalStateException(o.name());
        return step.responseLength();
    }

    @Benchmark
    public int plainNtp() {
        step.respond(plain, 0, 48, 1L << 40, 1L << 41, ring, nonces, header, out);
        return step.responseLength();
    }
}
