package net.ntsbox.tls.nativecrypto;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;

/** The secp256r1 (NIST P-256) domain parameters, as the JDK names them. */
final class P256 {
    private static final ECParameterSpec SPEC = load();

    private P256() {}

    private static ECParameterSpec load() {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no secp256r1", e);
        }
    }

    /** Same curve, generator, order and cofactor as secp256r1. */
    static boolean matches(ECParameterSpec p) {
        return p != null && (p == SPEC || (p.getCofactor() == SPEC.getCofactor() && p.getOrder().equals(SPEC.getOrder())
                && p.getCurve().equals(SPEC.getCurve()) && p.getGenerator().equals(SPEC.getGenerator())));
    }
}
