package net.ntsbox.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;

/**
 * Keeps a {@link ReloadingKeyManager} in step with a certificate chain file and a key file.
 *
 * <p>Every poll reads both files (following symlinks, as certbot's {@code live/} links point
 * into {@code archive/}) and hashes their contents with their resolved paths. When the hash
 * differs from the last one seen, the pair is loaded with {@link PemKeyMaterial#load}; a pair
 * that does not load (half-written file, unparseable PEM, key not matching the certificate —
 * e.g. the certificate renewed before the key was swapped) is reported and the pair in use is
 * kept. Since the failed hash is remembered, the next attempt comes with the next change of
 * either file, not every poll. Content hashing, not mtime, decides: it survives symlink swaps,
 * {@code cp -p} and coarse mtime resolution.
 */
public final class CertificateWatcher implements AutoCloseable {
    /** What one check did. */
    public enum CheckResult { UNCHANGED, RELOADED, FAILED }

    private static final System.Logger LOG = System.getLogger("net.ntsbox.tls");
    /** A PEM chain or key is a few KiB; a larger file is a wrong path, not a certificate. */
    static final long MAX_FILE_BYTES = 1 << 20;

    private final Path certificateFile;
    private final Path keyFile;
    private final Clock clock;
    private final ReloadingKeyManager keyManager;
    private final ScheduledExecutorService poller;

    private byte[] lastSeen;
    private Instant loadedAt;
    private long reloads;
    private long failures;
    private Instant lastCheckAt;
    private Instant lastAttemptAt;
    private boolean lastAttemptOk = true;
    private String lastError;

    private CertificateWatcher(Path certificateFile, Path keyFile, Clock clock, PemKeyMaterial initial, byte[] seen) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.clock = clock;
        this.keyManager = new ReloadingKeyManager(initial);
        this.lastSeen = seen;
        this.loadedAt = clock.instant();
        this.lastCheckAt = loadedAt;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ntsbox-cert-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads the pair (failing if it does not load: a server must not start without one) and,
     * when {@code pollInterval} is positive, checks the files at that interval on a daemon
     * thread. With a zero interval only {@link #checkNow()} reloads (e.g. on SIGHUP).
     */
    public static CertificateWatcher open(Path certificateFile, Path keyFile, Duration pollInterval)
            throws KeyMaterialException {
        return open(certificateFile, keyFile, pollInterval, Clock.systemUTC());
    }

    static CertificateWatcher open(Path certificateFile, Path keyFile, Duration pollInterval, Clock clock)
            throws KeyMaterialException {
        if (pollInterval.isNegative()) {
            throw new IllegalArgumentException("poll interval must not be negative");
        }
        byte[] seen = fingerprint(certificateFile, keyFile);
        PemKeyMaterial initial = PemKeyMaterial.load(certificateFile, keyFile);
        CertificateWatcher w = new CertificateWatcher(certificateFile, keyFile, clock, initial, seen);
        if (!pollInterval.isZero()) {
            long ms = Math.max(1, pollInterval.toMillis());
            w.poller.scheduleWithFixedDelay(w::pollQuietly, ms, ms, TimeUnit.MILLISECONDS);
        }
        return w;
    }

    /** The key manager to give the TLS server. */
    public ReloadingKeyManager keyManager() {
        return keyManager;
    }

    /** {@link ReloadingKeyManager#keyManagerFactory()} of {@link #keyManager()}. */
    public KeyManagerFactory keyManagerFactory() {
        return keyManager.keyManagerFactory();
    }

    /** Reads the files now and reloads if they changed since the last check. */
    public synchronized CheckResult checkNow() {
        Instant now = clock.instant();
        lastCheckAt = now;
        byte[] fp;
        try {
            fp = fingerprint(certificateFile, keyFile);
        } catch (KeyMaterialException e) {
            // Unreadable now (removed, permissions): a failure once, then again only after a change.
            byte[] marker = ("unreadable:" + e.getMessage()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (Arrays.equals(marker, lastSeen)) {
                return CheckResult.UNCHANGED;
            }
            lastSeen = marker;
            return failed(now, e.getMessage());
        }
        if (Arrays.equals(fp, lastSeen)) {
            return CheckResult.UNCHANGED;
        }
        lastSeen = fp;
        PemKeyMaterial next;
        try {
            next = PemKeyMaterial.load(certificateFile, keyFile);
        } catch (KeyMaterialException e) {
            return failed(now, e.getMessage());
        } catch (RuntimeException e) {
            return failed(now, "cannot load the certificate pair: " + e.getClass().getSimpleName());
        }
        long gen = keyManager.install(next);
        reloads++;
        loadedAt = now;
        lastAttemptAt = now;
        lastAttemptOk = true;
        lastError = null;
        X509Certificate leaf = next.chain().getFirst();
        LOG.log(System.Logger.Level.INFO, "TLS certificate reloaded from " + certificateFile + " (generation " + gen
                + "): " + leaf.getSubjectX500Principal().getName() + ", " + next.keyDescription() + ", valid until "
                + leaf.getNotAfter().toInstant());
        return CheckResult.RELOADED;
    }

    private CheckResult failed(Instant now, String why) {
        failures++;
        lastAttemptAt = now;
        lastAttemptOk = false;
        lastError = why;
        LOG.log(System.Logger.Level.WARNING, "TLS certificate not reloaded, keeping the pair in use: " + why);
        return CheckResult.FAILED;
    }

    private void pollQuietly() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            // never let the scheduler drop the task
            LOG.log(System.Logger.Level.WARNING, "TLS certificate check failed: " + e.getClass().getSimpleName());
        }
    }

    public synchronized CertificateStatus status() {
        PemKeyMaterial m = keyManager.current();
        X509Certificate leaf = m.chain().getFirst();
        return new CertificateStatus(certificateFile.toString(), leaf.getSubjectX500Principal().getName(),
                leaf.getIssuerX500Principal().getName(), m.keyDescription(), leaf.getNotBefore().toInstant(),
                leaf.getNotAfter().toInstant(), loadedAt, keyManager.generation(), reloads, failures, lastCheckAt,
                lastAttemptAt, lastAttemptOk, lastError);
    }

    /** Stops polling; the key manager keeps serving the pair in use. */
    @Override
    public void close() {
        poller.shutdownNow();
    }

    /** SHA-256 over both resolved paths and contents; the key bytes read are wiped. */
    private static byte[] fingerprint(Path cert, Path key) throws KeyMaterialException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Path p : new Path[] {cert, key}) {
            String what = p == cert ? "certificate" : "private key";
            byte[] bytes = null;
            try {
                sha.update(p.toRealPath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                long size = Files.size(p);
                if (size > MAX_FILE_BYTES) {
                    throw new KeyMaterialException(what + " file " + p + " is " + size + " bytes; a PEM file is at most "
                            + MAX_FILE_BYTES);
                }
                bytes = Files.readAllBytes(p);
                sha.update(bytes);
                sha.update((byte) 0);
            } catch (NoSuchFileException e) {
                throw new KeyMaterialException(what + " file not found: " + p);
            } catch (IOException e) {
                throw new KeyMaterialException("cannot read " + what + " file " + p + ": " + e.getMessage());
            } finally {
                if (bytes != null) {
                    Arrays.fill(bytes, (byte) 0);
                }
            }
        }
        return sha.digest();
    }

    @Override
    public String toString() {
        return "CertificateWatcher[" + certificateFile + ", generation " + keyManager.generation() + "]";
    }
}
