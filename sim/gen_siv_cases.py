#!/usr/bin/env python3
"""INTERIM generator of random AES-SIV cases for the RTL differential run, written in
Python with the `cryptography` package until the Java AEAD (net.ntsbox.crypto) can
generate them (planned: net.ntsbox.rtl.SivCaseGenerator, same output format).

Usage: gen_siv_cases.py COUNT SEED OUT

Writes COUNT cases in the case-file format of siv_cases.py: random 256-bit keys, 0 to 3
S2V components (absent and EMPTY components both occur; NTS-shaped [AD, nonce] cases are
favoured), component and plaintext lengths from 0 to 1,500 bytes (boundary lengths
0/1/15/16/17/31/32/33/1499/1500 favoured), and about one case in four tampered (a flipped
bit in the tag, the ciphertext or a component, or an empty component dropped or added)
with expect=invalid. Every case is checked twice before it is written: against the
S2V+CTR model in siv_cases.py and against cryptography's own AESSIV where that accepts
the input (cryptography 38 refuses empty plaintexts).
"""
import random
import sys
import siv_cases
from siv_cases import Case

try:
    from cryptography.hazmat.primitives.ciphers.aead import AESSIV
    from cryptography.exceptions import InvalidTag
except ImportError:      # pragma: no cover
    AESSIV = None

BOUNDARY = [0, 1, 15, 16, 17, 31, 32, 33, 1499, 1500]


def rand_len(rng):
    r = rng.random()
    if r < 0.3:
        return rng.choice(BOUNDARY)
    if r < 0.6:
        return rng.randrange(0, 100)
    return rng.randrange(0, 1501)


def rand_bytes(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def library_encrypt(key, comps, pt):
    """cryptography's AESSIV, or None when this version refuses the input."""
    if AESSIV is None:
        return None
    try:
        return AESSIV(key).encrypt(pt, comps)
    except ValueError:
        return None


def make_case(rng, num):
    key = rand_bytes(rng, 32)
    shape = rng.random()
    if shape < 0.4:                                   # NTS: [AD, nonce]
        comps = [rand_bytes(rng, rand_len(rng)), rand_bytes(rng, 16)]
    elif shape < 0.5:                                 # chrony cookie: [empty, nonce]
        comps = [b"", rand_bytes(rng, 16)]
    else:
        comps = [rand_bytes(rng, rand_len(rng)) for _ in range(rng.randrange(0, 4))]
    pt = rand_bytes(rng, rand_len(rng))
    out = siv_cases.siv_encrypt(key, comps, pt)
    lib = library_encrypt(key, comps, pt)
    if lib is not None and lib != out:
        raise SystemExit(f"case {num}: reference model and AESSIV disagree")
    if rng.random() >= 0.25:
        return Case("siv", f"r{num}", key, comps, pt, out, "valid")
    # tampered: decrypting must fail
    kind = rng.randrange(4)
    if kind == 0 or (kind == 1 and len(out) == 16) or (kind == 2 and not any(comps)):
        bit = rng.randrange(128)
        out = bytes(b ^ (1 << (bit % 8)) if i == bit // 8 else b for i, b in enumerate(out))
        what = "tag"
    elif kind == 1:
        bit = rng.randrange(128, 8 * len(out))
        out = bytes(b ^ (1 << (bit % 8)) if i == bit // 8 else b for i, b in enumerate(out))
        what = "ct"
    elif kind == 2:
        i = rng.choice([j for j, s in enumerate(comps) if s])
        bit = rng.randrange(8 * len(comps[i]))
        s = bytearray(comps[i])
        s[bit // 8] ^= 1 << (bit % 8)
        comps = comps[:i] + [bytes(s)] + comps[i + 1:]
        what = "comp"
    else:                                             # absent vs empty
        if b"" in comps:
            comps = [s for s in comps if s != b""][:3]
            what = "dropempty"
        elif len(comps) < 3:
            comps = [b""] + comps
            what = "addempty"
        else:
            comps = comps[1:]
            what = "dropcomp"
    c = Case("siv", f"r{num}-{what}", key, comps, pt, out, "invalid")
    if siv_cases.siv_decrypt(key, comps, out) is not None:
        raise SystemExit(f"case {num}: tampered case still verifies")
    return c


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    count, seed, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# gen_siv_cases.py {count} {seed} (interim Python generator)\n")
        for n in range(count):
            f.write(siv_cases.format_case(make_case(rng, n)) + "\n")
    print(f"{path}: {count} random cases (seed {seed})")


if __name__ == "__main__":
    main()
