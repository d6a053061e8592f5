package net.ntsbox.server;

import java.util.EnumSet;
import net.ntsbox.crypto.AeadAlgorithm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** Every {@link NtsServerStepPropertiesTest} with the step's AES-SIV on AES-NI ({@code [ntp] crypto = "aesni"}, libntssiv): same bytes expected. */
class NtsServerStepPropertiesAesNiCryptoTest extends NtsServerStepPropertiesTest {
    @BeforeAll
    static void needsAesNi() {
        Assumptions.assumeTrue(StepCryptoMode.aesniAvailable(), StepCryptoMode::aesniUnavailableReason);
    }

    @Override
    NtsServerStep newStep() {
        NtsServerStep s = new NtsServerStep(EnumSet.allOf(AeadAlgorithm.class), StepCryptoMode.AESNI.create());
        if (!s.cryptoName().equals("aesni")) throw new AssertionError(s.cryptoName());
        return s;
    }
}
