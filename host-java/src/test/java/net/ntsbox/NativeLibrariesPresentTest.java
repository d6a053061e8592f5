package net.ntsbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.ntsbox.server.StepCryptoMode;
import net.ntsbox.tls.nativecrypto.NativeCrypto;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native-crypto tests skip (JUnit assumptions) where their library is missing, so that
 * {@code mvn verify} runs on a bare machine. The README's test command installs and builds every
 * library and sets NTSBOX_REQUIRE_NATIVE=1: there a missing library is a failure here, not a
 * silent skip of the Nettle, AES-NI and native TLS tests.
 */
class NativeLibrariesPresentTest {
    @BeforeAll
    static void onlyWhereRequired() {
        Assumptions.assumeTrue("1".equals(System.getenv("NTSBOX_REQUIRE_NATIVE")),
                "NTSBOX_REQUIRE_NATIVE is not 1 (scripts/test-all.sh sets it)");
    }

    @Test
    void aesNiSivLoads() {
        assertTrue(StepCryptoMode.aesniAvailable(), StepCryptoMode::aesniUnavailableReason);
    }

    @Test
    void nettleLoads() {
        assertTrue(StepCryptoMode.nativeAvailable(), StepCryptoMode::nativeUnavailableReason);
    }

    @Test
    void nativeTlsPublicKeyCryptoLoads() {
        NativeCrypto.Probe p = NativeCrypto.probe();
        assertTrue(p.x25519() && p.ecdsaP256(), p::detail);
    }
}
