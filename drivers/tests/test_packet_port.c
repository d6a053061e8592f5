/* Packet port of the ntsbox_top model (sim:model=ntsbox_top): ARP request -> reply, plain
 * NTP request -> response with exact receive/transmit timestamps and launch instant, a bad
 * FCS dropped and counted, and the counters of what was sent. The NTS path is checked byte
 * for byte against the Java server step by FpgaDatapathTest (host-java). */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "harness.h"
#include "ntsbox_regs.h"
#include "ntsfpga.h"

static const uint8_t OUR_MAC[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x01};
static const uint8_t PEER_MAC[6] = {0x02, 0x00, 0x5e, 0x20, 0x00, 0x02};
static const uint32_t OUR_IP = 0xC0000201u;   /* 192.0.2.1 */
static const uint32_t PEER_IP = 0xC0000264u;  /* 192.0.2.100 */

static uint32_t crc32(const uint8_t *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
}

static size_t add_fcs(uint8_t *f, size_t n) {
    uint32_t c = crc32(f, n);
    for (int i = 0; i < 4; i++) f[n + i] = (uint8_t)(c >> (8 * i));
    return n + 4;
}

static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v >> 16); put16(p + 2, v); }
static uint32_t get16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t get32(const uint8_t *p) { return get16(p) << 16 | get16(p + 2); }
static uint64_t get64(const uint8_t *p) { return (uint64_t)get32(p) << 32 | get32(p + 4); }

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t s) {
    for (size_t i = 0; i + 1 < n; i += 2) s += get16(p + i);
    if (n & 1) s += (uint32_t)p[n - 1] << 8;
    return s;
}
static uint16_t fold(uint32_t s) {
    while (s >> 16) s = (s & 0xFFFF) + (s >> 16);
    return (uint16_t)~s;
}

/* Ethernet + IPv4 + UDP (both checksums) around payload; returns the length with FCS. */
static size_t udp_frame(uint8_t *f, const uint8_t *payload, size_t plen, uint16_t sport) {
    memcpy(f, OUR_MAC, 6);
    memcpy(f + 6, PEER_MAC, 6);
    put16(f + 12, 0x0800);
    uint8_t *ip = f + 14;
    memset(ip, 0, 20);
    ip[0] = 0x45;
    put16(ip + 2, (uint32_t)(20 + 8 + plen));
    ip[8] = 64;
    ip[9] = 17;
    put32(ip + 12, PEER_IP);
    put32(ip + 16, OUR_IP);
    put16(ip + 10, fold(sum16(ip, 20, 0)));
    uint8_t *udp = ip + 20;
    put16(udp, sport);
    put16(udp + 2, 123);
    put16(udp + 4, (uint32_t)(8 + plen));
    put16(udp + 6, 0);
    memcpy(udp + 8, payload, plen);
    uint32_t s = sum16(ip + 12, 8, 17 + 8 + (uint32_t)plen);
    uint16_t c = fold(sum16(udp, 8 + plen, s));
    put16(udp + 6, c == 0 ? 0xFFFF : c);
    return add_fcs(f, 14 + 20 + 8 + plen);
}

static ntsfpga_t *open_top(void) {
    ntsfpga_t *d = NULL;
    char err[256] = "";
    int rc = ntsfpga_open("sim:model=ntsbox_top", &d, err, sizeof err);
    CHECK(rc == 0, "open: %s", err);
    if (rc) return NULL;
    uint32_t caps = 0;
    CHECK_OK(ntsfpga_caps(d, &caps));
    CHECK((caps & NTSFPGA_CAP_PACKET_PORT) != 0, "packet port capability");
    CHECK_OK(ntsfpga_dp_set_mac(d, OUR_MAC));
    const uint8_t ip[4] = {192, 0, 2, 1};
    CHECK_OK(ntsfpga_dp_set_ipv4(d, ip));
    CHECK_OK(ntsfpga_dp_set_enable(d, 0x7F));
    CHECK_OK(ntsfpga_dp_apply(d));
    CHECK_OK(ntsfpga_hdr_stage(d, 1, 4, -27, 0, 0x00000010, 0x47505300u /* "GPS\0" */, 0, 0));
    CHECK_OK(ntsfpga_hdr_apply(d));
    return d;
}

/* Runs until a frame leaves (or max cycles); returns its length, 0 if none. */
static size_t run_collect(ntsfpga_t *d, uint8_t *buf, size_t cap, uint64_t *dep, uint64_t max) {
    uint64_t now = 0;
    ntsfpga_sim_cycles(d, &now);
    for (uint64_t end = now + max; now < end; now += 64) {
        ntsfpga_pkt_run_until(d, now + 64);
        size_t len = 0;
        if (ntsfpga_pkt_collect(d, buf, cap, &len, dep) == 0) return len;
    }
    return 0;
}

static void test_csr_top_has_no_packet_port(void) {
    ntsfpga_t *d = NULL;
    char err[256];
    CHECK_OK(ntsfpga_open("sim:model=csr_top", &d, err, sizeof err));
    uint8_t f[64] = {0};
    CHECK_RC(ntsfpga_pkt_inject(d, f, sizeof f, 0), -ENOTSUP);
    ntsfpga_close(d);
    CHECK_RC(ntsfpga_open("sim:model=nope", &d, err, sizeof err), -EINVAL);
}

static void test_arp_reply(void) {
    ntsfpga_t *d = open_top();
    if (!d) return;
    uint8_t f[128] = {0}, r[256];
    memset(f, 0xFF, 6);
    memcpy(f + 6, PEER_MAC, 6);
    put16(f + 12, 0x0806);
    uint8_t *a = f + 14;
    put16(a, 1); put16(a + 2, 0x0800); a[4] = 6; a[5] = 4; put16(a + 6, 1);
    memcpy(a + 8, PEER_MAC, 6); put32(a + 14, PEER_IP);
    memset(a + 18, 0, 6); put32(a + 24, OUR_IP);
    size_t n = add_fcs(f, 60);
    uint64_t now = 0, dep = 0;
    ntsfpga_sim_cycles(d, &now);
    CHECK_OK(ntsfpga_pkt_inject(d, f, n, now + 10));
    CHECK_RC(ntsfpga_pkt_inject(d, f, n, now + 5), -EINVAL);   /* out of arrival order */
    size_t len = run_collect(d, r, sizeof r, &dep, 4000);
    CHECK(len == 64, "ARP reply length %zu", len);
    if (len == 64) {
        CHECK(memcmp(r, PEER_MAC, 6) == 0 && memcmp(r + 6, OUR_MAC, 6) == 0, "reply MACs");
        CHECK(get16(r + 12) == 0x0806 && get16(r + 14 + 6) == 2, "ARP opcode 2");
        CHECK(memcmp(r + 14 + 8, OUR_MAC, 6) == 0 && get32(r + 14 + 14) == OUR_IP, "sender = us");
        CHECK(memcmp(r + 14 + 18, PEER_MAC, 6) == 0 && get32(r + 14 + 24) == PEER_IP, "target = peer");
        CHECK(crc32(r, 60) == (uint32_t)(r[60] | r[61] << 8 | r[62] << 16 | (uint32_t)r[63] << 24), "FCS appended");
        CHECK(dep > now + 10, "departs after arrival");
    }
    struct ntsfpga_counters c;
    CHECK_OK(ntsfpga_counters_snapshot(d, &c, 0));
    CHECK(c.cnt[NTSBOX_CNT_IDX_ARP_REPLIES] == 1 && c.cnt[NTSBOX_CNT_IDX_CTL_SENT] == 1, "ARP counters");
    CHECK(c.cnt[NTSBOX_CNT_IDX_RX_FRAMES] == 1 && c.cnt[NTSBOX_CNT_IDX_RX_OK] == 1, "RX counters");
    ntsfpga_close(d);
}

static void test_plain_ntp_timestamps(void) {
    ntsfpga_t *d = open_top();
    if (!d) return;
    const uint64_t t0 = (uint64_t)3900000000u << 32 | 0x80000000u;
    CHECK_OK(ntsfpga_clock_set(d, t0));
    uint64_t tod = 0, now = 0, budget = 0;
    uint32_t li = 0, lo = 0, hi = 0;
    CHECK_OK(ntsfpga_read32(d, NTSBOX_DP_TX_BUDGET_LO, &lo));
    CHECK_OK(ntsfpga_read32(d, NTSBOX_DP_TX_BUDGET_HI, &hi));
    budget = (uint64_t)hi << 32 | lo;
    uint8_t req[48] = {0}, f[128], r[256];
    req[0] = 0x23;   /* LI 0, VN 4, mode 3 */
    req[2] = 6;
    for (int i = 0; i < 8; i++) req[40 + i] = (uint8_t)(0xA0 + i);
    size_t n = udp_frame(f, req, sizeof req, 40000);
    CHECK_OK(ntsfpga_sim_tod(d, &tod, &li));
    CHECK_OK(ntsfpga_sim_cycles(d, &now));
    uint64_t arrival = now + 100;
    CHECK_OK(ntsfpga_pkt_inject(d, f, n, arrival));
    uint64_t dep = 0;
    size_t len = run_collect(d, r, sizeof r, &dep, 20000);
    CHECK(len == 14 + 20 + 8 + 48 + 4, "response length %zu", len);
    if (len == 94) {
        const uint8_t *p = r + 42;
        /* ToD advances 0x1B_7CDFD9D8 * 2^-64 s per cycle: expected rx_ts from the cycles between */
        unsigned __int128 incr = ((unsigned __int128)0x1B << 32) | 0x7CDFD9D8u;
        uint64_t want_rx = tod + (uint64_t)(((arrival - now) * incr) >> 32);
        uint64_t got_rx = get64(p + 32), got_tx = get64(p + 40);
        CHECK(p[0] == 0x24 && p[1] == 1 && p[2] == 6 && (int8_t)p[3] == -27, "header byte0 %02x stratum %d", p[0], p[1]);
        CHECK(get32(p + 12) == 0x47505300u, "refid");
        CHECK(memcmp(p + 24, req + 40, 8) == 0, "origin = request transmit");
        CHECK(got_rx >= want_rx - 1 && got_rx <= want_rx + 1, "rx_ts %llx want %llx",
              (unsigned long long)got_rx, (unsigned long long)want_rx);
        CHECK(got_tx == got_rx + budget, "tx_ts = rx_ts + budget");
        uint64_t dep_tod = tod + (uint64_t)(((dep - now) * incr) >> 32);
        CHECK(dep_tod >= got_tx && dep_tod <= got_tx + 28, "launch at tx_ts: %lld units late",
              (long long)(dep_tod - got_tx));
        CHECK(get16(r + 14 + 20) == 123 && get16(r + 14 + 22) == 40000, "ports swapped");
    }
    /* a bad FCS is dropped and counted */
    f[n - 1] ^= 1;
    CHECK_OK(ntsfpga_sim_cycles(d, &now));
    CHECK_OK(ntsfpga_pkt_inject(d, f, n, now + 1));
    CHECK(run_collect(d, r, sizeof r, &dep, 6000) == 0, "bad FCS answered");
    struct ntsfpga_counters c;
    CHECK_OK(ntsfpga_counters_snapshot(d, &c, 0));
    CHECK(c.cnt[NTSBOX_CNT_IDX_NTP_SERVED] == 1 && c.cnt[NTSBOX_CNT_IDX_TX_SENT] == 1, "NTP counters");
    CHECK(c.cnt[NTSBOX_CNT_IDX_DROP_BAD_FCS] == 1 && c.cnt[NTSBOX_CNT_IDX_RX_FRAMES] == 2, "FCS counters");
    ntsfpga_close(d);
}

int main(void) {
    ntsfpga_t *probe = NULL;
    char err[256] = "";
    if (ntsfpga_open("sim:model=ntsbox_top", &probe, err, sizeof err) == -ENOTSUP) {
        printf("  skip  packet port tests: %s\n", err);
        return 0;
    }
    ntsfpga_close(probe);
    static const struct h_test tests[] = {
        {"packet port: csr_top answers -ENOTSUP", test_csr_top_has_no_packet_port},
        {"packet port: ARP request -> reply", test_arp_reply},
        {"packet port: plain NTP timestamps and launch instant, bad FCS", test_plain_ntp_timestamps},
    };
    return h_run(tests, (int)(sizeof tests / sizeof tests[0]));
}
