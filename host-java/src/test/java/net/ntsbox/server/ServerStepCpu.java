package net.ntsbox.server;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import net.ntsbox.crypto.AeadAlgorithm;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.RotationPolicy;

/**
 * The server step's cost in CPU time of this thread (not wall time), for comparing variants on
 * a shared, busy machine where JMH's wall-clock throughput is noisy. Not part of the test suite.
 * usage: java -cp ... net.ntsbox.server.ServerStepCpu [rounds [java|native|aesni|auto ...]]  (prints ns of CPU
 * per request and bytes allocated per request, for 0 and 7 placeholders, per crypto mode; default java, native and aesni)
 */
public final class ServerStepCpu {
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean smx = (com.sun.management.ThreadMXBean) mx;
        KeyRing ring = KeyRing.fromSeed(new byte[32], 0, RotationPolicy.DEFAULT, 1_780_000_000L);
        ServerHeader header = new ServerHeader(0, 1, -20, 0, 0, 0x47505300, 0);
        java.util.List<StepCryptoMode> modes = new java.util.ArrayList<>();
        for (int i = 1; i < args.length; i++) modes.add(StepCryptoMode.valueOf(args[i].toUpperCase(Locale.ROOT)));
        if (modes.isEmpty()) modes = java.util.List.of(StepCryptoMode.JAVA, StepCryptoMode.NATIVE, StepCryptoMode.AESNI);
        for (StepCryptoMode mode : modes)
        for (int placeholders : new int[] {0, 7}) {
            SplittableRandom r = new SplittableRandom(1);
            var s = TestRequests.session(ring, AeadAlgorithm.AES_SIV_CMAC_256, r);
            byte[] request = TestRequests.request(s, TestRequests.bytes(r, 32), r.nextLong(), placeholders, TestRequests.bytes(r, 16));
            NonceSource nonces = TestRequests.seeded(2);
            NtsServerStep step = new NtsServerStep(java.util.EnumSet.allOf(AeadAlgorithm.class), mode.create());
            byte[] out = new byte[2048];
            int n = 200_000;
            double best = Double.MAX_VALUE;
            long alloc = 0;
            for (int round = 0; round < rounds; round++) {
                long a0 = smx.getCurrentThreadAllocatedBytes();
                long c0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    StepOutcome o = step.respond(request, 0, request.length, 1L << 40, 1L << 41, ring, nonces, header, out);
                    if (o != StepOutcome.NTS_RESPONSE) throw new IllegalStateException(o.name());
                }
                long c1 = mx.getCurrentThreadCpuTime();
                alloc = (smx.getCurrentThreadAllocatedBytes() - a0) / n;
                if (round >= rounds / 2) best = Math.min(best, (c1 - c0) / (double) n);
            }
            System.out.printf(Locale.ROOT, "crypto=%s placeholders=%d cpu_ns_per_request=%.0f (%.0f/s per core) alloc_bytes_per_request=%d%n",
                    step.cryptoName(), placeholders, best, 1e9 / best, alloc);
        }
    }
}
