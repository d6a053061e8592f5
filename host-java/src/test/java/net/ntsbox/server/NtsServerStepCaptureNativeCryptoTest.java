package net.ntsbox.server;

import java.util.EnumSet;
import net.ntsbox.crypto.AeadAlgorithm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** Every {@link NtsServerStepCaptureTest} with the step's AES-SIV on nettle ({@code [ntp] crypto = "native"}): same bytes expected. */
class NtsServerStepCaptureNativeCryptoTest extends NtsServerStepCaptureTest {
    @BeforeAll
    static void needsNettle() {
        Assumptions.assumeTrue(StepCryptoMode.nativeAvailable(), StepCryptoMode::nativeUnavailableReason);
    }

    @Override
    NtsServerStep newStep() {
        NtsServerStep s = new NtsServerStep(EnumSet.allOf(AeadAlgorithm.class), StepCryptoMode.NATIVE.create());
        if (!s.cryptoName().equals("native")) throw new AssertionError(s.cryptoName());
        return s;
    }
}
