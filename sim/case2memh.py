#!/usr/bin/env python3
"""Converts a case file (see siv_cases.py) into the $readmemh image of tb_siv_cases.v.
Usage: case2memh.py CASES IMAGE [--check]   (--check: also verify each case with the
reference model first, so a wrong case file is reported as such, not as an RTL bug)."""
import sys
import siv_cases

if len(sys.argv) < 3:
    raise SystemExit(__doc__)
cases = siv_cases.parse_cases(sys.argv[1])
if "--check" in sys.argv[3:]:
    bad = [c.line for c in cases if not siv_cases.check_case(c)]
    if bad:
        raise SystemExit(f"{sys.argv[1]}: reference model disagrees on lines {bad[:10]}")
ops, words = siv_cases.write_image(cases, sys.argv[2])
print(f"{sys.argv[1]}: {len(cases)} cases, {ops} operations, {words} words -> {sys.argv[2]}")
