package net.ntsbox.interop;

/**
 * One row of {@code chronyc -c authdata} (chrony 4.3): columns Name, Mode, KeyID, Type, KLen,
 * Last, Atmp, NAK, Cook, CLen.
 *
 * @param mode {@code NTS}, {@code SK} or {@code -}
 * @param keyId for NTS, chrony's count of successful NTS-KE sessions with this source (starts at 0 or 1)
 * @param aead AEAD algorithm id (15 = AES-SIV-CMAC-256)
 * @param keyLength key length in bits; 0 until NTS-KE has succeeded
 * @param lastSeconds seconds since the last successful NTS-KE, -1 if chrony shows none
 * @param attempts NTS-KE attempts since the last success
 * @param naks NTS NAKs received
 * @param cookies cookies held
 * @param cookieLength length of the held cookies in bytes
 */
public record ChronyAuthData(String name, String mode, int keyId, int aead, int keyLength, long lastSeconds, int attempts,
        int naks, int cookies, int cookieLength) {

    /** NTS mode with keys established, i.e. NTS-KE has succeeded. */
    public boolean ntsKeyEstablished() {
        return "NTS".equals(mode) && keyLength > 0;
    }

    static ChronyAuthData parseCsv(String line) {
        String[] f = line.strip().split(",", -1);
        if (f.length < 10) {
            throw new IllegalArgumentException("authdata CSV line has " + f.length + " fields, expected 10: " + line);
        }
        return new ChronyAuthData(f[0], f[1], num(f[2]), num(f[3]), num(f[4]), lnum(f[5]), num(f[6]), num(f[7]), num(f[8]), num(f[9]));
    }

    static int num(String s) {
        return (int) lnum(s);
    }

    /** chrony prints "-" for values it does not have; those become -1. */
    static long lnum(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
