package net.ntsbox.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remembered server alias: same answer as the JDK's choice, per generation, keys still resolvable. */
class ReloadingKeyManagerAliasTest {
    @TempDir
    Path dir;

    @Test
    void engineAliasIsRememberedPerKeyTypeAndResolvesToTheGenerationsPair() throws Exception {
        PemKeyMaterial a = TestPki.ecServer(Files.createDirectories(dir.resolve("a")));
        ReloadingKeyManager km = new ReloadingKeyManager(a);
        String first = km.chooseEngineServerAlias("EC", null, null);
        assertNotNull(first);
        assertTrue(first.startsWith("g1:"), first);
        assertEquals(first, km.chooseEngineServerAlias("EC", null, null), "remembered");
        assertEquals(first, km.chooseEngineServerAlias("EC", new java.security.Principal[0], null));
        assertTrue(km.getPrivateKey(first) instanceof ECPrivateKey);
        assertArrayEquals(a.chain().toArray(), km.getCertificateChain(first));
        // an EC-only pair has no RSA alias, and a miss is not remembered as such for EC
        assertNull(km.chooseEngineServerAlias("RSA", null, null));
        assertNull(km.chooseEngineServerAlias("RSA", null, null));
        assertEquals(first, km.chooseEngineServerAlias("EC", null, null));

        PemKeyMaterial b = TestPki.ecServer(Files.createDirectories(dir.resolve("b")));
        km.install(b);
        String second = km.chooseEngineServerAlias("EC", null, null);
        assertTrue(second.startsWith("g2:"), second);
        assertArrayEquals(b.chain().toArray(), km.getCertificateChain(second));
        assertNotEquals(km.getPrivateKey(first), km.getPrivateKey(second), "old alias still names the old key");
        assertArrayEquals(a.chain().toArray(), km.getCertificateChain(first));
    }
}
