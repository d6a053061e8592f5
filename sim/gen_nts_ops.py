#!/usr/bin/env python3
"""Case file of the AES-SIV operations of minimal NTS exchanges (RFC 8915), for cycle and
throughput measurements (sim/measure.sh). Per exchange, with k placeholders:
  cookie decrypt  master key, [empty AD, nonce 16], ciphertext 64          (decrypt)
  request check   C2S key,    [AD 188 + 104k, nonce 16], plaintext 0       (decrypt)
  new cookie      master key, [empty AD, nonce 16], plaintext 64, k+1 times (encrypt)
  response        S2C key,    [AD 84, nonce 16], plaintext 104(k+1)         (encrypt)
Usage: gen_nts_ops.py EXCHANGES PLACEHOLDERS SEED OUT"""
import random
import sys
import siv_cases
from siv_cases import Case

if len(sys.argv) != 5:
    raise SystemExit(__doc__)
count, k, seed, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(seed)


def rb(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def op(name, key, comps, pt, direction):
    return Case("siv", name, key, comps, pt, siv_cases.siv_encrypt(key, comps, pt), direction)


master = rb(32)
with open(path, "w", encoding="utf-8") as f:
    f.write(f"# gen_nts_ops.py {count} {k} {seed}\n")
    for x in range(count):
        c2s, s2c = rb(32), rb(32)
        ops = [op(f"x{x}-cookie-decrypt", master, [b"", rb(16)], c2s + s2c, "decrypt"),
               op(f"x{x}-request-check", c2s, [rb(188 + 104 * k), rb(16)], b"", "decrypt")]
        ops += [op(f"x{x}-new-cookie{i}", master, [b"", rb(16)], rb(64), "encrypt") for i in range(k + 1)]
        ops.append(op(f"x{x}-response", s2c, [rb(84), rb(16)], rb(104 * (k + 1)), "encrypt"))
        for c in ops:
            f.write(siv_cases.format_case(c) + "\n")
print(f"{path}: {count} exchanges with {k} placeholders")
