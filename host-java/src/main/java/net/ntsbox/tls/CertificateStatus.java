package net.ntsbox.tls;

import java.time.Instant;

/**
 * What a {@link CertificateWatcher} serves and how its last reload went; safe to show and log
 * (names and times only).
 *
 * @param certificateFile  the configured certificate chain path
 * @param subject          subject DN of the leaf in use
 * @param issuer           issuer DN of the leaf in use
 * @param keyDescription   "EC P-256", "RSA 2048", ...
 * @param notBefore        start of validity of the leaf in use
 * @param notAfter         end of validity of the leaf in use (the expiry metric)
 * @param loadedAt         when the pair in use was loaded
 * @param generation       1 for the pair loaded at start, +1 per successful reload
 * @param reloads          successful reloads since start
 * @param reloadFailures   changed files that could not be used (old pair kept)
 * @param lastCheckAt      the last poll of the files
 * @param lastAttemptAt    the last load attempt after a change, or null when none since start
 * @param lastAttemptOk    whether that attempt succeeded (true when there was none)
 * @param lastError        why it failed, or null
 */
public record CertificateStatus(
        String certificateFile,
        String subject,
        String issuer,
        String keyDescription,
        Instant notBefore,
        Instant notAfter,
        Instant loadedAt,
        long generation,
        long reloads,
        long reloadFailures,
        Instant lastCheckAt,
        Instant lastAttemptAt,
        boolean lastAttemptOk,
        String lastError) {}
