package net.ntsbox.server.ke;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The {@link TlsCryptoFloorBench} operations measured in this thread's CPU time (robust on a
 * shared machine, where JMH's wall-clock figures are not). Not run by the test suite. Run:
 * {@code taskset -c 1 java -cp ... net.ntsbox.server.ke.TlsCryptoFloorCpu [seconds per op] [jdk|native]}
 * ({@code native}: with the ntsbox-native provider installed first, as {@code nts_ke.crypto} does).
 */
public final class TlsCryptoFloorCpu {
    private TlsCryptoFloorCpu() {}

    interface Op {
        Object run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        if (args.length > 1) {
            System.out.println(net.ntsbox.tls.nativecrypto.NativeCrypto.install(
                    net.ntsbox.tls.nativecrypto.KeCryptoMode.parse(args[1]).orElseThrow()));
        }
        TlsCryptoFloorBench b = new TlsCryptoFloorBench();
        b.setup();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] names = {"x25519 keygen+agree", "secp256r1 keygen+agree", "ECDSA P-256 sign (SHA-256)"};
        Op[] ops = {b::x25519KeyShare, b::secp256r1KeyShare, b::ecdsaP256Sign};
        for (int round = 0; round < 2; round++) { // round 0: warm-up
            for (int i = 0; i < ops.length; i++) {
                long n = 0;
                long cpu0 = mx.getCurrentThreadCpuTime();
                long end = System.nanoTime() + (long) (seconds * 1e9);
                while (System.nanoTime() < end) {
                    ops[i].run();
                    n++;
                }
                long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                if (round == 1) System.out.printf("%-28s %8.1f us CPU/op (%d ops)%n", names[i], cpu / 1e3 / n, n);
            }
        }
    }
}
