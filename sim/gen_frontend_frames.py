#!/usr/bin/env python3
"""Frame sets for the packet-side datapath bench (sim/tb_eth_datapath.v).

Writes, into OUT_DIR, for each phase P in (func, stress, late):
  rx_P.memh      MAC RX beats, one per line: ctrl[87:80] mask[79:72] keep[71:64] data[63:0]
                 ctrl bit0 = last beat, bit1 = FCS error, bit2 = (first beat) the frame
                 must reach the engine as ntp_rx
  timed_P.memh   expected NTP responses (echo engine: addresses swapped, tx_ts at payload
                 offset 40), mask bit = 1: compare the byte; ident, IPv4 header checksum,
                 UDP checksum and tx_ts are masked (the bench checks them itself)
  ctl_P.memh     expected ARP / NA / echo replies, every byte compared (checksums included)
  counts_P.memh  expected strobe counts: drop reasons 0..14, accept classes 0..4, then
                 20: timed responses, 21: control replies, 22..24: lines of rx/timed/ctl,
                 25: late drops
Python 3 stdlib only. Usage: gen_frontend_frames.py OUT_DIR [STRESS_FRAMES] [SEED]
"""
import random, struct, sys, os

OUR_MAC = bytes.fromhex("020000000001")
OUR_V4 = bytes([192, 0, 2, 1])
OUR_G6 = bytes.fromhex("20010db8000000000000000000000001")
OUR_LL = bytes.fromhex("fe800000000000000001000200030004")
ALT_PORT = 4123
CLI_MAC = bytes.fromhex("0a1b2c3d4e5f")
CLI_V4 = bytes([198, 51, 100, 7])
CLI_V6 = bytes.fromhex("20010db8000100000000000000000077")
DROPS = ["not_for_us", "ethertype", "vlan", "ipv4_csum", "ipv4_options", "fragment", "not_udp",
         "port", "udp_len", "l4_csum", "truncated", "fcs", "too_long", "no_buffer", "l3_header"]
CLASSES = ["ntp", "arp", "nd", "echo4", "echo6"]


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def eth(dst, src, etype, payload, vlan=None):
    tag = struct.pack("!HH", 0x8100, vlan) if vlan is not None else b""
    return dst + src + tag + struct.pack("!H", etype) + payload


def ipv4(src, dst, proto, payload, ttl=64, ident=0, flags=0, options=b"", bad_csum=False, tot=None):
    ihl = 5 + len(options) // 4
    tot = 20 + len(options) + len(payload) if tot is None else tot
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, tot, ident, flags, ttl, proto, 0, src, dst) + options
    c = csum(h) ^ (0x1111 if bad_csum else 0)
    return h[:10] + struct.pack("!H", c) + h[12:] + payload


def ipv6(src, dst, nh, payload, hop=64, plen=None):
    plen = len(payload) if plen is None else plen
    return struct.pack("!IHBB", 0x60000000, plen, nh, hop) + src + dst + payload


def pseudo(src, dst, proto, length):
    if len(src) == 4:
        return src + dst + struct.pack("!BBH", 0, proto, length)
    return src + dst + struct.pack("!IxxxB", length, proto)


def udp(src, dst, sport, dport, payload, zero_csum=False, bad_csum=False, ulen=None):
    ulen = 8 + len(payload) if ulen is None else ulen
    h = struct.pack("!HHHH", sport, dport, ulen, 0)
    c = csum(pseudo(src, dst, 17, 8 + len(payload)) + h + payload)
    c = 0xffff if c == 0 else c
    if zero_csum:
        c = 0
    if bad_csum:
        c ^= 0x0101
    return h[:6] + struct.pack("!H", c) + payload


def icmp(src, dst, typ, body, v6):
    m = struct.pack("!BBH", typ, 0, 0) + body
    c = csum((pseudo(src, dst, 58, len(m)) if v6 else b"") + m)
    return m[:2] + struct.pack("!H", c) + m[4:]


def ntp_payload(rng, n=228):
    p = bytearray(rng.randbytes(n))
    p[0] = 0x23  # LI 0, VN 4, mode 3
    return bytes(p)


class Phase:
    def __init__(self):
        self.rx, self.timed, self.ctl = [], [], []
        self.counts = [0] * 26

    def frame(self, f, drop=None, cls=None, fcs=False, expect=None):
        self.rx.append((f, fcs, cls == "ntp"))
        if drop:
            self.counts[DROPS.index(drop)] += 1
        if cls:
            self.counts[15 + CLASSES.index(cls)] += 1
        if cls == "ntp":
            self.timed.append(expect)
        elif cls:
            self.ctl.append((expect, None))


def ntp_request(rng, v6=False, vlan=None, port=123, plen=228, **kw):
    pl = ntp_payload(rng, plen)
    if v6:
        src, dst = CLI_V6, kw.pop("dst", OUR_G6)
        l4 = udp(src, dst, 40000 + rng.randrange(1000), port, pl, **kw)
        f = eth(OUR_MAC, CLI_MAC, 0x86dd, ipv6(src, dst, 17, l4), vlan)
    else:
        src, dst = CLI_V4, kw.pop("dst", OUR_V4)
        l4 = udp(src, dst, 40000 + rng.randrange(1000), port, pl, **kw)
        f = eth(OUR_MAC, CLI_MAC, 0x0800, ipv4(src, dst, 17, l4), vlan)
    return f


def ntp_response(req):
    """Expected echo-engine response and its compare mask (1 = compare)."""
    vlan = req[12:14] == b"\x81\x00"
    l3 = 18 if vlan else 14
    v6 = req[l3 - 2:l3] == b"\x86\xdd"
    if v6:
        src, dst = req[l3 + 8:l3 + 24], req[l3 + 24:l3 + 40]
        u = l3 + 40
    else:
        src, dst = req[l3 + 12:l3 + 16], req[l3 + 16:l3 + 20]
        u = l3 + 20
    sport, dport, ulen = struct.unpack("!HHH", req[u:u + 6])
    pl = bytearray(req[u + 8:u + ulen])
    pl[40:48] = bytes(8)
    tag = struct.unpack("!H", req[14:16])[0] & 0x0fff if vlan else None
    l4 = udp(dst, src, dport, sport, bytes(pl))
    ip = ipv6(dst, src, 17, l4) if v6 else ipv4(dst, src, 17, l4)
    resp = eth(req[6:12], req[0:6], 0x86dd if v6 else 0x0800, ip, tag)
    mask = [1] * len(resp)
    ul3 = 18 if vlan else 14
    uu = ul3 + (40 if v6 else 20)
    for i in [uu + 6, uu + 7] + list(range(uu + 8 + 40, uu + 8 + 48)):
        mask[i] = 0
    if not v6:
        for i in [ul3 + 4, ul3 + 5, ul3 + 10, ul3 + 11]:
            mask[i] = 0
    return resp, mask


def arp(oper=1, tpa=OUR_V4, dst=b"\xff" * 6, vlan=None):
    body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, oper) + CLI_MAC + CLI_V4 + bytes(6) + tpa
    return eth(dst, CLI_MAC, 0x0806, body + bytes(18), vlan)


def arp_reply(vlan=None):
    body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 2) + OUR_MAC + OUR_V4 + CLI_MAC + CLI_V4
    f = eth(CLI_MAC, OUR_MAC, 0x0806, body, vlan)
    return f + bytes(60 - len(f))


def solicited(a):
    return bytes.fromhex("ff0200000000000000000001ff") + a[13:]


def ns(target, dst_ip=None, dst_mac=None, hop=255, src=CLI_V6, vlan=None, bad=False):
    dst_ip = solicited(target) if dst_ip is None else dst_ip
    dst_mac = (b"\x33\x33" + dst_ip[12:]) if dst_mac is None else dst_mac
    body = bytes(4) + target + bytes([1, 1]) + CLI_MAC
    m = bytearray(icmp(src, dst_ip, 135, body, True))
    if bad:
        m[3] ^= 1
    return eth(dst_mac, CLI_MAC, 0x86dd, ipv6(src, dst_ip, 58, bytes(m), hop), vlan)


def na(target, vlan=None):
    body = struct.pack("!I", 0x60000000) + target + bytes([2, 1]) + OUR_MAC
    m = icmp(target, CLI_V6, 136, body, True)
    return eth(CLI_MAC, OUR_MAC, 0x86dd, ipv6(target, CLI_V6, 58, m, 255), vlan)


def echo(v6, n, vlan=None, bad=False, rng=None):
    data = struct.pack("!HH", 0x1234, 7) + rng.randbytes(n)
    if v6:
        m = bytearray(icmp(CLI_V6, OUR_G6, 128, data, True))
        if bad: m[2] ^= 0x40
        req = eth(OUR_MAC, CLI_MAC, 0x86dd, ipv6(CLI_V6, OUR_G6, 58, bytes(m), 61), vlan)
        r = icmp(OUR_G6, CLI_V6, 129, data, True)
        rep = eth(CLI_MAC, OUR_MAC, 0x86dd, ipv6(OUR_G6, CLI_V6, 58, r, 64), vlan)
    else:
        m = bytearray(icmp(None, None, 8, data, False))
        if bad: m[2] ^= 0x40
        req = eth(OUR_MAC, CLI_MAC, 0x0800, ipv4(CLI_V4, OUR_V4, 1, bytes(m), 61, ident=0x4242), vlan)
        r = icmp(None, None, 0, data, False)
        rep = eth(CLI_MAC, OUR_MAC, 0x0800, ipv4(OUR_V4, CLI_V4, 1, r, 64, ident=0x4242), vlan)
    if len(req) < 60:
        req += bytes(60 - len(req))
        rep += bytes(60 - len(rep))   # the reply carries the request's padding
    return req, rep


def add_ntp(ph, f):
    ph.frame(f, cls="ntp", expect=ntp_response(f))


def func_phase(rng):
    ph = Phase()
    add_ntp(ph, ntp_request(rng))
    add_ntp(ph, ntp_request(rng, v6=True))
    add_ntp(ph, ntp_request(rng, vlan=100))
    add_ntp(ph, ntp_request(rng, v6=True, vlan=4095))
    add_ntp(ph, ntp_request(rng, port=ALT_PORT))
    add_ntp(ph, ntp_request(rng, v6=True, dst=OUR_LL))
    add_ntp(ph, ntp_request(rng, plen=48))
    add_ntp(ph, ntp_request(rng, plen=229))
    add_ntp(ph, ntp_request(rng, v6=True, plen=231, vlan=5))
    add_ntp(ph, ntp_request(rng, plen=1022 - 46))                # 1022-byte frame (with FCS)
    add_ntp(ph, ntp_request(rng, zero_csum=True))                # IPv4: checksum 0 = not used
    add_ntp(ph, ntp_request(rng, plen=2047, v6=True, vlan=9))    # largest NTP payload
    # control
    ph.frame(arp(), cls="arp", expect=arp_reply())
    ph.frame(arp(vlan=100, dst=OUR_MAC), cls="arp", expect=arp_reply(100))
    ph.frame(ns(OUR_G6), cls="nd", expect=na(OUR_G6))
    ph.frame(ns(OUR_LL, vlan=7), cls="nd", expect=na(OUR_LL, 7))
    ph.frame(ns(OUR_G6, dst_ip=OUR_G6, dst_mac=OUR_MAC), cls="nd", expect=na(OUR_G6))
    for v6, n, vlan in [(False, 4, None), (False, 57, 3), (True, 0, None), (True, 1000, 12)]:
        req, rep = echo(v6, n, vlan, rng=rng)
        ph.frame(req, cls="echo6" if v6 else "echo4", expect=rep)
    # drops
    d = ph.frame
    d(ntp_request(rng), drop="fcs", fcs=True)
    d(ntp_request(rng, plen=2100), drop="too_long")
    d(ntp_request(rng)[:30], drop="truncated")
    f = bytearray(ntp_request(rng)); d(bytes(f[:len(f) - 10]), drop="truncated")
    d(eth(OUR_MAC, CLI_MAC, 0x88f7, bytes(60)), drop="ethertype")
    d(arp(tpa=bytes([192, 0, 2, 9])), drop="not_for_us")
    d(arp(oper=2), drop="not_for_us")
    d(ntp_request(rng, dst=bytes([192, 0, 2, 2])), drop="not_for_us")
    f = bytearray(ntp_request(rng)); f[0:6] = bytes.fromhex("020000000099"); d(bytes(f), drop="not_for_us")
    d(ntp_request(rng, v6=True, dst=bytes.fromhex("20010db8000000000000000000000002")), drop="not_for_us")
    d(ns(bytes.fromhex("20010db8000000000000000000000009")), drop="not_for_us")
    d(ns(OUR_G6, hop=64), drop="not_for_us")
    d(ns(OUR_G6, src=bytes(16)), drop="not_for_us")     # DAD probe: not answered
    d(ns(OUR_G6, bad=True), drop="l4_csum")
    pl = ntp_payload(rng)
    f = eth(OUR_MAC, CLI_MAC, 0x0800, ipv4(CLI_V4, OUR_V4, 17, udp(CLI_V4, OUR_V4, 5, 123, pl), bad_csum=True))
    d(f, drop="ipv4_csum")
    d(eth(OUR_MAC, CLI_MAC, 0x0800, ipv4(CLI_V4, OUR_V4, 17, udp(CLI_V4, OUR_V4, 5, 123, pl), options=bytes(4))), drop="ipv4_options")
    d(eth(OUR_MAC, CLI_MAC, 0x0800, ipv4(CLI_V4, OUR_V4, 17, udp(CLI_V4, OUR_V4, 5, 123, pl), flags=0x2000)), drop="fragment")
    d(eth(OUR_MAC, CLI_MAC, 0x0800, ipv4(CLI_V4, OUR_V4, 17, udp(CLI_V4, OUR_V4, 5, 123, pl), flags=0x0010)), drop="fragment")
    d(eth(OUR_MAC, CLI_MAC, 0x0800, ipv4(CLI_V4, OUR_V4, 6, pl)), drop="not_udp")
    d(eth(OUR_MAC, CLI_MAC, 0x86dd, ipv6(CLI_V6, OUR_G6, 0, pl)), drop="not_udp")   # hop-by-hop ext header
    d(eth(OUR_MAC, CLI_MAC, 0x0800, ipv4(CLI_V4, OUR_V4, 1, icmp(None, None, 13, bytes(16), False))), drop="not_udp")
    d(ntp_request(rng, port=124), drop="port")
    d(ntp_request(rng, ulen=200), drop="udp_len")
    d(ntp_request(rng, plen=47), drop="udp_len")
    d(ntp_request(rng, v6=True, ulen=300), drop="udp_len")
    d(ntp_request(rng, bad_csum=True), drop="l4_csum")
    d(ntp_request(rng, v6=True, bad_csum=True), drop="l4_csum")
    d(ntp_request(rng, v6=True, zero_csum=True), drop="l4_csum")   # IPv6: checksum mandatory
    req, _ = echo(False, 20, rng=rng, bad=True); d(req, drop="l4_csum")
    req, _ = echo(True, 20, rng=rng, bad=True); d(req, drop="l4_csum")
    f = bytearray(ntp_request(rng)); f[14] = 0x55; d(bytes(f), drop="l3_header")
    f = bytearray(ntp_request(rng, v6=True)); f[14] = 0x45; d(bytes(f), drop="l3_header")
    add_ntp(ph, ntp_request(rng))      # still fine after all that
    return ph


def stress_phase(rng, n):
    ph = Phase()
    for i in range(n):
        r = rng.random()
        if r < 0.7:
            f = ntp_request(rng)
        elif r < 0.85:
            f = ntp_request(rng, v6=True)
        else:
            f = ntp_request(rng, vlan=rng.randrange(4096), v6=rng.random() < 0.5)
        add_ntp(ph, f)
    return ph


def late_phase(rng):
    """Run with a too-small echo-engine budget and the VLAN filter on VLAN 100."""
    ph = Phase()
    for _ in range(3):
        f = ntp_request(rng, vlan=100)
        ph.rx.append((f, False, True))
        ph.counts[15] += 1
    ph.frame(ntp_request(rng), drop="vlan")
    ph.frame(ntp_request(rng, vlan=200), drop="vlan")
    return ph


def beats(f, mask=None, ctrl0=0):
    out = []
    for i in range(0, len(f), 8):
        chunk = f[i:i + 8]
        keep = (1 << len(chunk)) - 1
        m = 0
        if mask is not None:
            for j in range(len(chunk)):
                m |= mask[i + j] << j
        data = int.from_bytes(chunk + bytes(8 - len(chunk)), "little")
        ctrl = (ctrl0 if i == 0 else 0) | (1 if i + 8 >= len(f) else 0)
        out.append("%02x%02x%02x%016x" % (ctrl, m, keep, data))
    return out


def write(out_dir, name, ph, late=0):
    ph.counts[20] = len(ph.timed)
    ph.counts[21] = len(ph.ctl)
    ph.counts[22] = sum(len(beats(f)) for f, _, _ in ph.rx)
    ph.counts[23] = sum(len(beats(f)) for f, _ in ph.timed)
    ph.counts[24] = sum(len(beats(f)) for f, _ in ph.ctl)
    ph.counts[25] = late
    with open(os.path.join(out_dir, "rx_%s.memh" % name), "w") as fh:
        for f, fcs, ntp in ph.rx:
            b = beats(f, ctrl0=4 if ntp else 0)
            if fcs:
                b[-1] = "%02x" % (int(b[-1][:2], 16) | 2) + b[-1][2:]
            fh.write("\n".join(b) + "\n")
    with open(os.path.join(out_dir, "timed_%s.memh" % name), "w") as fh:
        for f, m in ph.timed:
            fh.write("\n".join(beats(f, m)) + "\n")
    with open(os.path.join(out_dir, "ctl_%s.memh" % name), "w") as fh:
        for f, _ in ph.ctl:
            fh.write("\n".join(beats(f, [1] * len(f))) + "\n")
    with open(os.path.join(out_dir, "counts_%s.memh" % name), "w") as fh:
        fh.write("\n".join("%08x" % c for c in ph.counts) + "\n")
    lines = sum(len(beats(f)) for f, _, _ in ph.rx)
    print("%s: %d frames, %d beats, %d timed, %d control" % (name, len(ph.rx), lines, len(ph.timed), len(ph.ctl)))


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    os.makedirs(out, exist_ok=True)
    write(out, "func", func_phase(rng))
    write(out, "stress", stress_phase(rng, n))
    write(out, "late", late_phase(rng), late=3)


if __name__ == "__main__":
    main()
