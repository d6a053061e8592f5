"""Case files for the RTL AES-SIV differential and vector runs, and their memory image.

Case file: UTF-8 text, one case per line, fields separated by single spaces, byte strings
as lowercase hex with "-" for an EMPTY string. Blank lines and lines starting with "#"
are ignored.

  siv <id> <key> <n> <s1> ... <sn> <plaintext> <output> <expect>
      key     64 hex digits: K1 (S2V/CMAC) || K2 (CTR), AEAD_AES_SIV_CMAC_256
      n       number of S2V components before the plaintext (0..3); a component that is
              not listed is ABSENT, "-" is a present EMPTY component
      output  SIV tag (16 bytes) || ciphertext, as RFC 5297 SIV-ENCRYPT returns it
      expect  valid   - encrypting gives output AND decrypting output gives plaintext
              encrypt - only the encryption is checked
              decrypt - only the decryption is checked (must succeed, give plaintext)
              invalid - decrypting output with these components must FAIL
  cmac <id> <key> <message> <tag>
      AES-128-CMAC (RFC 4493): key 32 hex digits, tag 32 hex digits

The memory image (for sim/tb_siv_cases.v, read with $readmemh) is a list of 128-bit words:
word 0 = number of operations, then per operation a 4-word header and the data blocks:
  h0 [127:112] 0xca5e  [111:80] case line number  [79:64] flags  [63:48] pc length
     [47:32] length of component 2  [31:16] component 1  [15:0] component 0
     flags: bit 0 decrypt, 1 cmac, 2 expect failure, 5:3 component present bits
  h1 K1   h2 K2   h3 tag (decrypt: the received tag; encrypt/cmac: the expected tag)
  then the blocks of component 0, 1, 2, the input (P or C) and the expected output
  (C or P; none for cmac and for expected failures), each string zero-padded to 16 bytes.
"""
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC

MAX_COMPONENTS = 3
MAX_LEN = 2047          # LEN_W = 11 in the RTL


class Case:
    def __init__(self, kind, ident, key, components, plaintext, output, expect, line=0):
        self.kind, self.ident, self.key = kind, ident, key
        self.components, self.plaintext, self.output = components, plaintext, output
        self.expect, self.line = expect, line


def _hex(b):
    return b.hex() if b else "-"


def _unhex(s):
    return b"" if s == "-" else bytes.fromhex(s)


def format_case(c):
    if c.kind == "cmac":
        return f"cmac {c.ident} {c.key.hex()} {_hex(c.plaintext)} {c.output.hex()}"
    comps = " ".join(_hex(s) for s in c.components)
    return (f"siv {c.ident} {c.key.hex()} {len(c.components)}" + (f" {comps}" if comps else "")
            + f" {_hex(c.plaintext)} {c.output.hex()} {c.expect}")


def parse_cases(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for num, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            t = line.split(" ")
            try:
                if t[0] == "cmac" and len(t) == 5:
                    c = Case("cmac", t[1], _unhex(t[2]), [], _unhex(t[3]), _unhex(t[4]), "valid", num)
                    if len(c.key) != 16 or len(c.output) != 16:
                        raise ValueError("cmac key and tag must be 16 bytes")
                elif t[0] == "siv":
                    n = int(t[3])
                    if len(t) != 7 + n:
                        raise ValueError("wrong number of fields")
                    c = Case("siv", t[1], _unhex(t[2]), [_unhex(s) for s in t[4:4 + n]],
                             _unhex(t[4 + n]), _unhex(t[5 + n]), t[6 + n], num)
                    if len(c.key) != 32 or len(c.output) < 16:
                        raise ValueError("key must be 32 bytes, output at least 16")
                    if c.expect not in ("valid", "encrypt", "decrypt", "invalid"):
                        raise ValueError("unknown expect " + c.expect)
                    if n > MAX_COMPONENTS:
                        raise ValueError(f"the RTL takes at most {MAX_COMPONENTS} components")
                else:
                    raise ValueError("unknown case kind")
                for s in c.components + [c.plaintext, c.output[16:]]:
                    if len(s) > MAX_LEN:
                        raise ValueError(f"string longer than {MAX_LEN} bytes")
            except (ValueError, IndexError) as e:
                raise SystemExit(f"{path}:{num}: {e}")
            cases.append(c)
    return cases


# ---- reference AES-SIV (RFC 5297) on cryptography's AES and CMAC primitives ----------
def _aes(key, block):
    e = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return e.update(block) + e.finalize()


def cmac(key, msg):
    c = CMAC(algorithms.AES(key))
    c.update(msg)
    return c.finalize()


def _dbl(b):
    x = int.from_bytes(b, "big") << 1
    if x >> 128:
        x ^= (1 << 128) | 0x87
    return x.to_bytes(16, "big")


def _xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


def s2v(k1, components, plaintext):
    d = cmac(k1, bytes(16))
    for s in components:
        d = _xor(_dbl(d), cmac(k1, s))
    if len(plaintext) >= 16:
        t = plaintext[:-16] + _xor(plaintext[-16:], d)
    else:
        t = _xor(_dbl(d), plaintext + b"\x80" + bytes(15 - len(plaintext)))
    return cmac(k1, t)


def _ctr(k2, v, data):
    q = int.from_bytes(v, "big") & ~((1 << 63) | (1 << 31))
    e = Cipher(algorithms.AES(k2), modes.CTR(q.to_bytes(16, "big"))).encryptor()
    return e.update(data) + e.finalize()


def siv_encrypt(key, components, plaintext):
    v = s2v(key[:16], components, plaintext)
    return v + _ctr(key[16:], v, plaintext)


def siv_decrypt(key, components, output):
    """Returns the plaintext, or None when the tag does not verify."""
    v, c = output[:16], output[16:]
    p = _ctr(key[16:], v, c)
    return p if s2v(key[:16], components, p) == v else None


def check_case(c):
    """True when the reference model agrees with the case's expected outcome."""
    if c.kind == "cmac":
        return cmac(c.key, c.plaintext) == c.output
    if c.expect == "invalid":
        return siv_decrypt(c.key, c.components, c.output) is None
    return (siv_encrypt(c.key, c.components, c.plaintext) == c.output
            and siv_decrypt(c.key, c.components, c.output) == c.plaintext)


# ---- memory image ---------------------------------------------------------------------
def _blocks(b):
    return [b[i:i + 16].ljust(16, b"\0") for i in range(0, len(b), 16)]


def image_ops(c):
    """Yields (decrypt, cmac, expect_fail, input, expected_output, tag) for one case."""
    if c.kind == "cmac":
        yield (False, True, False, c.plaintext, b"", c.output)
        return
    tag, ct = c.output[:16], c.output[16:]
    if c.expect in ("valid", "encrypt"):
        yield (False, False, False, c.plaintext, ct, tag)
    if c.expect in ("valid", "decrypt"):
        yield (True, False, False, ct, c.plaintext, tag)
    if c.expect == "invalid":
        yield (True, False, True, ct, b"", tag)


def write_image(cases, path):
    words = []
    count = 0
    for c in cases:
        comps = list(c.components) + [None] * (MAX_COMPONENTS - len(c.components))
        for dec, is_cmac, fail, data_in, data_out, tag in image_ops(c):
            count += 1
            present = sum(1 << i for i, s in enumerate(comps) if s is not None)
            flags = int(dec) | int(is_cmac) << 1 | int(fail) << 2 | present << 3
            lens = [len(s) if s is not None else 0 for s in comps]
            h0 = (0xCA5E << 112 | (c.line & 0xFFFFFFFF) << 80 | flags << 64
                  | len(data_in) << 48 | lens[2] << 32 | lens[1] << 16 | lens[0])
            key = c.key if len(c.key) == 32 else c.key + bytes(16)
            words += [h0.to_bytes(16, "big"), key[:16], key[16:], tag]
            for s in comps:
                if s is not None:
                    words += _blocks(s)
            words += _blocks(data_in) + _blocks(data_out)
    with open(path, "w") as f:
        f.write("%032x\n" % count)
        for w in words:
            f.write(w.hex() + "\n")
    return count, len(words) + 1
