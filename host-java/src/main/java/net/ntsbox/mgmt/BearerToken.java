package net.ntsbox.mgmt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * The management bearer token, read from a file. Only its SHA-256 is kept; a presented token is
 * hashed and compared in constant time, so neither content nor length leaks through timing.
 */
final class BearerToken {
    static final int MIN_LENGTH = 16;
    private final byte[] digest;

    private BearerToken(byte[] digest) {
        this.digest = digest;
    }

    static BearerToken load(Path file) throws ManagementException {
        String text;
        try {
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                    throw new ManagementException("management token file " + file
                            + " is accessible by other users; chmod 600 (or 640 with a dedicated group)");
                }
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ManagementException("cannot read the management token file " + file + ": " + e.getMessage());
        }
        String token = text.strip();
        if (token.length() < MIN_LENGTH) {
            throw new ManagementException("management token in " + file + " is shorter than " + MIN_LENGTH
                    + " characters (e.g. openssl rand -hex 32)");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new ManagementException("management token in " + file
                        + " must be one line of printable ASCII without spaces");
            }
        }
        return new BearerToken(sha256(token));
    }

    /** True when {@code presented} is the token. */
    boolean matches(String presented) {
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken[redacted]";
    }
}
