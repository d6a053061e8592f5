package net.ntsbox.keys;

import java.util.Arrays;
import java.util.HexFormat;
import net.ntsbox.crypto.AesSiv;

/**
 * A cookie master key: a 32-bit key ID and a 32-byte AES-SIV-CMAC-256 key (what the FPGA
 * decrypts cookies with). The low 2 bits of the ID name its hardware slot. toString, and
 * every exception, show the ID only, never key bytes.
 */
public final class MasterKey {
    public static final int LENGTH = 32;

    private final int id;
    private final byte[] key;
    private final ThreadLocal<AesSiv> siv;

    public MasterKey(int id, byte[] key) {
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("master key " + hexId(id) + " must be " + LENGTH + " bytes, got " + key.length);
        }
        this.id = id;
        this.key = key.clone();
        byte[] k = this.key;
        this.siv = ThreadLocal.withInitial(() -> new AesSiv(k));
    }

    public int id() { return id; }

    /** Hardware slot 0..3: the low 2 bits of the key ID. */
    public int slot() { return id & 3; }

    public String idHex() { return hexId(id); }

    /** A copy of the key bytes (for persistence and for loading the FPGA slot). */
    public byte[] keyBytes() { return key.clone(); }

    /** This thread's AES-SIV instance under this key (Ciphers and CMAC subkeys cached per thread). */
    public AesSiv cookieSiv() { return siv.get(); }

    /** True when both have the same ID and key bytes (constant time in the key bytes). */
    public boolean sameAs(MasterKey other) {
        return other != null && other.id == id && java.security.MessageDigest.isEqual(other.key, key);
    }

    /** Overwrites this object's key bytes. Cached per-thread Ciphers are not reachable to wipe. */
    void wipe() { Arrays.fill(key, (byte) 0); }

    @Override public String toString() { return "MasterKey[id=" + idHex() + ", slot=" + slot() + "]"; }

    public static String hexId(int id) { return HexFormat.of().toHexDigits(id); }
}
