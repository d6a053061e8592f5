/*
 * ntsload: the native UDP load generator behind `ntsbox bench --engine native`.
 *
 * NTS servers keep no per-client state, so a request may be sent many times. `ntsbox bench`
 * builds a pool of distinct, valid NTS requests (distinct transmit timestamps and UIDs) and
 * writes it to a file; this program replays the pool over one connected UDP socket with
 * sendmmsg/recvmmsg batches, keeps at most WINDOW requests outstanding (optionally paced at
 * RATE requests/s), matches each answer to its pool slot by the origin timestamp (the low 32
 * bits of every pooled transmit timestamp are the slot index, the high 32 bits are one random
 * value), and writes every SAMPLE-th answer to a file so that the Java side can verify it
 * cryptographically (origin, UID, S2C authenticator, cookies). It does no cryptography itself.
 *
 * With --synthetic LEN it needs no pool: it sends LEN-byte NTP-shaped packets, to measure the
 * generator's own ceiling against a trivial echo server (tools/udpecho.c).
 *
 * Protocol with the caller, on stdout: the line "measure-start" when the measured run begins
 * (after an optional warm-up), "measure-end" when sending stops and the last answers were
 * awaited, then one line of key=value counts.
 *
 * usage: ntsload --server IP:PORT (--pool FILE | --synthetic LEN) [--duration S] [--warmup S]
 *                [--window N] [--rate R] [--timeout S] [--sample N --sample-out FILE]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define MAX_PKT 2048
#define LAT_BUCKETS 100000 /* 1 µs buckets up to 100 ms; later answers go to the last one */

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void die(const char *m) {
    fprintf(stderr, "ntsload: %s%s%s\n", m, errno ? ": " : "", errno ? strerror(errno) : "");
    exit(2);
}

static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v) {
    p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

struct pool {
    uint32_t count, len, high;
    uint8_t *data; /* count * len bytes */
};

static void load_pool(const char *file, struct pool *p) {
    FILE *f = fopen(file, "rb");
    uint8_t h[16];
    if (!f) die("cannot open pool");
    if (fread(h, 1, 16, f) != 16 || memcmp(h, "NTSPOOL1", 8) != 0) die("not a pool file");
    p->count = be32(h + 8);
    p->len = be32(h + 12);
    if (p->count == 0 || p->len < 48 || p->len > MAX_PKT) die("bad pool header");
    p->data = malloc((size_t)p->count * p->len);
    if (!p->data) die("out of memory");
    if (fread(p->data, p->len, p->count, f) != p->count) die("short pool file");
    fclose(f);
    p->high = be32(p->data + 40);
    for (uint32_t i = 0; i < p->count; i++) {
        const uint8_t *r = p->data + (size_t)i * p->len;
        if (be32(r + 40) != p->high || be32(r + 44) != i) die("pool transmit timestamps are not HIGH:index");
    }
}

static void synthetic_pool(uint32_t len, struct pool *p) {
    p->count = 65536;
    p->len = len;
    p->data = calloc(p->count, len);
    if (!p->data) die("out of memory");
    p->high = (uint32_t)now_ns() | 1;
    for (uint32_t i = 0; i < p->count; i++) {
        uint8_t *r = p->data + (size_t)i * len;
        r[0] = 0x23; /* LI 0, version 4, mode 3 */
        put_be32(r + 40, p->high);
        put_be32(r + 44, i);
    }
}

struct run {
    uint64_t sent, answered, lost, stray, send_errors, late;
    uint64_t samples, sample_bytes;
    uint32_t lat[LAT_BUCKETS];
};

struct gen {
    int fd;
    struct pool pool;
    double window, rate, timeout_s;
    uint32_t sample_every;
    FILE *sample_out;
    /* per slot: sequence number + 1 of the outstanding send (0: not outstanding) and its send time */
    uint64_t *slot_seq, *slot_sent;
};

static uint64_t lat_quantile(const struct run *r, double q) {
    uint64_t n = 0, total = 0;
    for (int i = 0; i < LAT_BUCKETS; i++) total += r->lat[i];
    if (total == 0) return 0;
    uint64_t want = (uint64_t)(q * (double)(total - 1)) + 1;
    for (int i = 0; i < LAT_BUCKETS; i++) {
        n += r->lat[i];
        if (n >= want) return (uint64_t)i;
    }
    return LAT_BUCKETS - 1;
}

/* One run of `dur` seconds; `record` false for the warm-up (counts still kept, then dropped). */
static void run_once(struct gen *g, double dur, int record, struct run *r) {
    static struct mmsghdr smsg[BATCH], rmsg[BATCH];
    static struct iovec siov[BATCH], riov[BATCH];
    static uint8_t rbuf[BATCH][MAX_PKT];
    const uint32_t P = g->pool.count, L = g->pool.len;
    const uint64_t window = (uint64_t)g->window;
    const uint64_t timeout_ns = (uint64_t)(g->timeout_s * 1e9);
    uint64_t seq = 0, oldest = 0, outstanding = 0, answered_total = 0;
    memset(r, 0, sizeof *r);
    memset(g->slot_seq, 0, sizeof(uint64_t) * P);
    for (int i = 0; i < BATCH; i++) {
        memset(&rmsg[i], 0, sizeof rmsg[i]);
        riov[i].iov_base = rbuf[i];
        riov[i].iov_len = MAX_PKT;
        rmsg[i].msg_hdr.msg_iov = &riov[i];
        rmsg[i].msg_hdr.msg_iovlen = 1;
        memset(&smsg[i], 0, sizeof smsg[i]);
        smsg[i].msg_hdr.msg_iov = &siov[i];
        smsg[i].msg_hdr.msg_iovlen = 1;
    }
    const uint64_t start = now_ns(), end = start + (uint64_t)(dur * 1e9);
    const double ns_per_req = g->rate > 0 ? 1e9 / g->rate : 0;
    uint64_t paced_base = start, paced_sent = 0; /* pacing restarts when more than 10 ms behind */
    for (;;) {
        uint64_t now = now_ns();
        int sending = now < end;
        if (!sending && (outstanding == 0 || now > end + timeout_ns)) break;
        /* expire the oldest outstanding requests (sends go out in sequence order) */
        while (oldest < seq) {
            uint32_t s = (uint32_t)(oldest % P);
            if (g->slot_seq[s] != oldest + 1) { oldest++; continue; } /* answered (or slot reused) */
            if (now - g->slot_sent[s] <= timeout_ns) break;
            g->slot_seq[s] = 0; r->lost++; outstanding--; oldest++;
        }
        if (sending) {
            uint64_t room = outstanding < window ? window - outstanding : 0;
            if (ns_per_req > 0) {
                uint64_t due = (uint64_t)((double)(now - paced_base) / ns_per_req);
                if (due > paced_sent + (uint64_t)(10e6 / ns_per_req) + BATCH) { /* >10 ms behind: no burst */
                    paced_base = now; paced_sent = 0; due = 0;
                }
                uint64_t allowed = due > paced_sent ? due - paced_sent : 0;
                if (allowed < room) room = allowed;
            }
            if (room > BATCH) room = BATCH;
            if (room > 0) {
                for (uint64_t i = 0; i < room; i++) {
                    uint32_t s = (uint32_t)((seq + i) % P);
                    siov[i].iov_base = g->pool.data + (size_t)s * L;
                    siov[i].iov_len = L;
                }
                int n = sendmmsg(g->fd, smsg, (unsigned)room, MSG_DONTWAIT);
                if (n < 0) { r->send_errors++; n = 0; }
                uint64_t t = now_ns();
                for (int i = 0; i < n; i++, seq++) {
                    uint32_t s = (uint32_t)(seq % P);
                    if (g->slot_seq[s] != 0) { r->lost++; outstanding--; } /* still out after P sends: lost */
                    g->slot_seq[s] = seq + 1;
                    g->slot_sent[s] = t;
                    outstanding++;
                }
                r->sent += (uint64_t)n;
                paced_sent += (uint64_t)n;
            }
        }
        int m = recvmmsg(g->fd, rmsg, BATCH, MSG_DONTWAIT, NULL);
        if (m <= 0) {
            if (m < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != ECONNREFUSED && errno != EINTR) die("recvmmsg");
            /* nothing to read: block briefly when no send is possible now */
            if (!sending || outstanding >= window) {
                struct pollfd pf = {.fd = g->fd, .events = POLLIN};
                poll(&pf, 1, 1);
            }
            continue;
        }
        uint64_t t = now_ns();
        for (int i = 0; i < m; i++) {
            unsigned len = rmsg[i].msg_len;
            const uint8_t *d = rbuf[i];
            if (len < 48 || be32(d + 24) != g->pool.high || be32(d + 28) >= P) { r->stray++; continue; }
            uint32_t s = be32(d + 28);
            if (g->slot_seq[s] == 0) { r->late++; continue; } /* already counted lost, or a duplicate */
            g->slot_seq[s] = 0;
            outstanding--;
            r->answered++;
            uint64_t us = (t - g->slot_sent[s]) / 1000;
            r->lat[us < LAT_BUCKETS ? us : LAT_BUCKETS - 1]++;
            answered_total++;
            if (record && g->sample_out && answered_total % g->sample_every == 0) {
                uint8_t h[8];
                put_be32(h, s);
                put_be32(h + 4, len);
                fwrite(h, 1, 8, g->sample_out);
                fwrite(d, 1, len, g->sample_out);
                r->samples++;
            }
        }
    }
    r->lost += outstanding;
    for (uint64_t i = 0; i < P; i++) g->slot_seq[i] = 0;
}

int main(int argc, char **argv) {
    const char *server = NULL, *pool_file = NULL, *sample_file = NULL;
    double dur = 10, warmup = 0, window = 256, rate = 0, timeout_s = 1;
    unsigned synthetic = 0, sample = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) { errno = 0; die("option without a value"); }
        if (!strcmp(a, "--server")) server = v;
        else if (!strcmp(a, "--pool")) pool_file = v;
        else if (!strcmp(a, "--synthetic")) synthetic = (unsigned)atoi(v);
        else if (!strcmp(a, "--duration")) dur = atof(v);
        else if (!strcmp(a, "--warmup")) warmup = atof(v);
        else if (!strcmp(a, "--window")) window = atof(v);
        else if (!strcmp(a, "--rate")) rate = atof(v);
        else if (!strcmp(a, "--timeout")) timeout_s = atof(v);
        else if (!strcmp(a, "--sample")) sample = (unsigned)atoi(v);
        else if (!strcmp(a, "--sample-out")) sample_file = v;
        else { errno = 0; die("unknown option (see the comment at the top of tools/ntsload.c)"); }
        i++;
    }
    errno = 0;
    if (!server || (!pool_file && !synthetic) || dur <= 0 || window < 1 || rate < 0 || timeout_s <= 0) die("bad arguments");
    struct gen g = {.window = window, .rate = rate, .timeout_s = timeout_s, .sample_every = sample};
    if (pool_file) load_pool(pool_file, &g.pool); else synthetic_pool(synthetic, &g.pool);
    g.slot_seq = calloc(g.pool.count, sizeof(uint64_t));
    g.slot_sent = calloc(g.pool.count, sizeof(uint64_t));
    if (!g.slot_seq || !g.slot_sent) die("out of memory");
    if (sample > 0 && sample_file) {
        g.sample_out = fopen(sample_file, "wb");
        if (!g.sample_out) die("cannot write the sample file");
    }

    char host[64];
    const char *colon = strrchr(server, ':');
    if (!colon || colon - server >= (long)sizeof host) die("--server IP:PORT");
    memcpy(host, server, (size_t)(colon - server));
    host[colon - server] = 0;
    struct sockaddr_storage ss = {0};
    socklen_t sl;
    char *h = host;
    if (h[0] == '[') { h++; h[strlen(h) - 1] = 0; }
    struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, h, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET; s4->sin_port = htons((uint16_t)atoi(colon + 1)); sl = sizeof *s4;
    } else if (inet_pton(AF_INET6, h, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6; s6->sin6_port = htons((uint16_t)atoi(colon + 1)); sl = sizeof *s6;
    } else die("--server needs a numeric address");
    g.fd = socket(ss.ss_family, SOCK_DGRAM, 0);
    if (g.fd < 0) die("socket");
    int big = 4 << 20;
    setsockopt(g.fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big); /* the kernel caps it at rmem_max */
    setsockopt(g.fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
    if (connect(g.fd, (struct sockaddr *)&ss, sl) != 0) die("connect");

    static struct run r;
    if (warmup > 0) run_once(&g, warmup, 0, &r);
    printf("measure-start\n");
    fflush(stdout);
    run_once(&g, dur, 1, &r);
    printf("measure-end\n");
    if (g.sample_out && fclose(g.sample_out) != 0) die("writing the sample file");
    printf("sent=%llu answered=%llu lost=%llu late=%llu stray=%llu send_errors=%llu samples=%llu "
           "p50_us=%llu p99_us=%llu max_us=%llu pool=%u len=%u\n",
           (unsigned long long)r.sent, (unsigned long long)r.answered, (unsigned long long)r.lost,
           (unsigned long long)r.late, (unsigned long long)r.stray, (unsigned long long)r.send_errors,
           (unsigned long long)r.samples, (unsigned long long)lat_quantile(&r, 0.5),
           (unsigned long long)lat_quantile(&r, 0.99), (unsigned long long)lat_quantile(&r, 1.0),
           g.pool.count, g.pool.len);
    fflush(stdout);
    return 0;
}
