package net.ntsbox.crypto;

/**
 * An {@link Aead} whose region calls ({@link #sealInto}, {@link #openInto}) are its real
 * implementation: the whole-array {@link #seal} and {@link #open} only size the output and call
 * them. (The interface's defaults go the other way, for AEADs that only have whole-array calls.)
 */
public abstract class RegionAead implements Aead {

    @Override
    public byte[] seal(byte[] nonce, byte[] ad, byte[] pt) {
        byte[] out = new byte[sealedLength(pt.length)];
        sealInto(nonce, 0, nonce == null ? 0 : nonce.length, ad, 0, ad == null ? 0 : ad.length,
                pt, 0, pt.length, out, 0);
        return out;
    }

    @Override
    public byte[] open(byte[] nonce, byte[] ad, byte[] ct) {
        if (ct.length < AeadAlgorithm.TAG_LENGTH) return null;
        byte[] out = new byte[ct.length - AeadAlgorithm.TAG_LENGTH];
        int n = openInto(nonce, 0, nonce == null ? 0 : nonce.length, ad, 0, ad == null ? 0 : ad.length,
                ct, 0, ct.length, out, 0);
        return n < 0 ? null : out;
    }

    @Override
    public abstract int sealInto(byte[] nonce, int nonceOff, int nonceLen, byte[] ad, int adOff, int adLen,
                                 byte[] pt, int ptOff, int ptLen, byte[] out, int outOff);

    @Override
    public abstract int openInto(byte[] nonce, int nonceOff, int nonceLen, byte[] ad, int adOff, int adLen,
                                 byte[] ct, int ctOff, int ctLen, byte[] out, int outOff);
}
