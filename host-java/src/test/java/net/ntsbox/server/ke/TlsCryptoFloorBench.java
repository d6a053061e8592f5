package net.ntsbox.server.ke;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import org.openjdk.jmh.annotations.*;

/**
 * The public-key work a TLS 1.3 server does per full handshake with an ECDSA P-256 certificate,
 * done by the JDK's providers alone (not run by the test suite): the ephemeral key share
 * (key generation + agreement) for x25519 or secp256r1, and the CertificateVerify signature
 * (ecdsa_secp256r1_sha256 over ~130 bytes). Their sum is the floor of SunJSSE's handshake CPU.
 * Run: {@code scripts/bench-server-step.sh TlsCryptoFloorBench -f 1 -wi 3 -i 5 -w 1 -r 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TlsCryptoFloorBench {
    private PublicKey x25519Peer;
    private PublicKey p256Peer;
    private KeyPair signer;
    private final byte[] toSign = new byte[130];

    @Setup
    public void setup() throws Exception {
        KeyPairGenerator x = KeyPairGenerator.getInstance("XDH");
        x.initialize(NamedParameterSpec.X25519);
        x25519Peer = x.generateKeyPair().getPublic();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        p256Peer = ec.generateKeyPair().getPublic();
        signer = ec.generateKeyPair();
    }

    @Benchmark
    public byte[] x25519KeyShare() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("XDH");
        g.initialize(NamedParameterSpec.X25519);
        KeyPair mine = g.generateKeyPair();
        KeyAgreement ka = KeyAgreement.getInstance("XDH");
        ka.init(mine.getPrivate());
        ka.doPhase(x25519Peer, true);
        return ka.generateSecret();
    }

    @Benchmark
    public byte[] secp256r1KeyShare() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair mine = g.generateKeyPair();
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(mine.getPrivate());
        ka.doPhase(p256Peer, true);
        return ka.generateSecret();
    }

    @Benchmark
    public byte[] ecdsaP256Sign() throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(signer.getPrivate());
        s.update(toSign);
        return s.sign();
    }
}
