#!/usr/bin/env python3
"""Cut a co-sim image (NtsCosimGenerator output, one byte per line) down to some cases:
   sim/filter_cases.py IN OUT FIRST LAST   keeps every register record and the requests
with case numbers FIRST..LAST (to bisect a failing co-sim to its smallest reproducer)."""
import sys

def main():
    src, dst, first, last = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    img = [l.strip() for l in open(src) if l.strip()]
    b = [int(x, 16) for x in img]
    out, p = [], 0
    sizes = {1: 38, 2: 1, 3: 31, 4: 32}
    while True:
        r = b[p]
        if r == 0:
            out.append(0)
            break
        if r in sizes:
            out += b[p:p + 1 + sizes[r]]
            p += 1 + sizes[r]
        elif r == 5:
            idx = int.from_bytes(bytes(b[p + 1:p + 5]), "big")
            n = (b[p + 13] << 8) | b[p + 14]
            q = p + 15 + n
            rl = (b[q + 1] << 8) | b[q + 2]
            end = q + 3 + rl
            if first <= idx <= last:
                out += b[p:end]
            p = end
        else:
            sys.exit(f"bad record {r:02x} at {p}")
    with open(dst, "w") as f:
        f.write("".join(f"{x:02x}\n" for x in out))

if __name__ == "__main__":
    main()
