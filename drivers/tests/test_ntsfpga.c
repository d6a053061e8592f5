/* C unit tests of libntsfpga.
 * UIO backend: discovery and identification against a fake sysfs tree, with a regular file
 * standing in for the register window (accept and refuse cases).
 * Verilator backend: every API call against the real csr_top RTL. */
#include "harness.h"
#include "ntsfpga.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef unsigned __int128 u128;

/* ---- fake sysfs ----------------------------------------------------------------------- */

static char root[256];

static void put_file(const char *rel, const char *text) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    char dir[512];
    snprintf(dir, sizeof dir, "%s", p);
    for (char *s = dir + strlen(root) + 1; *s; s++)
        if (*s == '/') { *s = 0; mkdir(dir, 0755); *s = '/'; }
    FILE *f = fopen(p, "w");
    fputs(text, f);
    fclose(f);
}

/* A register window file of size bytes with every block's NAME and VERSION. */
static void put_window(const char *node, size_t size, uint32_t bad_off, uint32_t bad_val) {
    static const uint32_t ids[][3] = {
        {NTSBOX_TOP_BASE, NTSBOX_TOP_ID, NTSBOX_TOP_VERSION_VALUE},
        {NTSBOX_KMEM_BASE, NTSBOX_KMEM_ID, NTSBOX_KMEM_VERSION_VALUE},
        {NTSBOX_CLK_BASE, NTSBOX_CLK_ID, NTSBOX_CLK_VERSION_VALUE},
        {NTSBOX_HDR_BASE, NTSBOX_HDR_ID, NTSBOX_HDR_VERSION_VALUE},
        {NTSBOX_DP_BASE, NTSBOX_DP_ID, NTSBOX_DP_VERSION_VALUE},
        {NTSBOX_CNT_BASE, NTSBOX_CNT_ID, NTSBOX_CNT_VERSION_VALUE},
    };
    uint32_t *w = calloc(1, size);
    for (int i = 0; i < 6; i++) {
        if (ids[i][0] + 8 > size) continue;
        w[ids[i][0] / 4] = ids[i][1];
        w[ids[i][0] / 4 + 1] = ids[i][2];
    }
    if (size > NTSBOX_TOP_BLOCKS) w[NTSBOX_TOP_BLOCKS / 4] = NTSBOX_NUM_BLOCKS;
    if (bad_off != UINT32_MAX) w[bad_off / 4] = bad_val;
    char p[512];
    snprintf(p, sizeof p, "%s/dev/%s", root, node);
    mkdir(p, 0755), rmdir(p);
    char d[512];
    snprintf(d, sizeof d, "%s/dev", root);
    mkdir(d, 0755);
    int fd = open(p, O_CREAT | O_TRUNC | O_RDWR, 0644);
    (void)!write(fd, w, size);
    close(fd);
    free(w);
}

static void fresh_tree(void) {
    char cmd[300];
    if (root[0]) { snprintf(cmd, sizeof cmd, "rm -rf %s", root); (void)!system(cmd); }
    snprintf(root, sizeof root, "/tmp/ntsfpga-test.XXXXXX");
    if (mkdtemp(root) == NULL) abort();
    put_file("sys/uio0/name", "some-other-device\n");
    put_file("sys/uio0/maps/map0/size", "0x1000\n");
    put_file("sys/uio3/name", "ntsbox-csr\n");
    put_file("sys/uio3/maps/map0/size", "0x10000\n");
    put_window("uio3", 0x10000, UINT32_MAX, 0);
}

static int open_uio(const char *name, ntsfpga_t **d, char *err, size_t n) {
    char spec[700];
    snprintf(spec, sizeof spec, "uio:%s,sysfs=%s/sys,dev=%s/dev", name, root, root);
    return ntsfpga_open(spec, d, err, n);
}

static void test_uio_accepts_and_maps(void) {
    fresh_tree();
    ntsfpga_t *d = NULL;
    char err[256];
    CHECK_OK(open_uio("ntsbox-csr", &d, err, sizeof err));
    CHECK(d != NULL, "no handle: %s", err);
    if (d == NULL) return;
    uint32_t caps = 0, v = 0;
    CHECK_OK(ntsfpga_caps(d, &caps));
    CHECK(caps == NTSFPGA_CAP_UIO, "caps 0x%x", caps);
    CHECK_OK(ntsfpga_read32(d, NTSBOX_CLK_NAME, &v));
    CHECK(v == NTSBOX_CLK_ID, "CLK_NAME 0x%08x", v);
    CHECK_OK(ntsfpga_write32(d, NTSBOX_TOP_SCRATCH, 0xC0FFEE11));
    CHECK_RC(ntsfpga_read32(d, 2, &v), -EINVAL);
    CHECK_RC(ntsfpga_read32(d, 0x10000, &v), -EINVAL);
    CHECK_RC(ntsfpga_sim_step(d, 1), -ENOTSUP);
    uint64_t dep;
    size_t len;
    uint8_t b[4];
    CHECK_RC(ntsfpga_pkt_collect(d, b, sizeof b, &len, &dep), -ENOTSUP);
    CHECK_OK(ntsfpga_close(d));
    /* the store went through the shared mapping into the file */
    char p[512];
    snprintf(p, sizeof p, "%s/dev/uio3", root);
    int fd = open(p, O_RDONLY);
    uint32_t w = 0;
    CHECK(pread(fd, &w, 4, NTSBOX_TOP_SCRATCH) == 4 && w == 0xC0FFEE11, "scratch in file 0x%08x", w);
    close(fd);
}

static void test_uio_env_overrides_and_minor_version(void) {
    fresh_tree();
    put_window("uio3", 0x10000, NTSBOX_HDR_VERSION, 0x00010007); /* newer minor: fine */
    char s[300], dv[300];
    snprintf(s, sizeof s, "%s/sys", root);
    snprintf(dv, sizeof dv, "%s/dev", root);
    setenv("NTSFPGA_UIO_SYSFS", s, 1);
    setenv("NTSFPGA_UIO_DEV", dv, 1);
    ntsfpga_t *d = NULL;
    char err[256] = "";
    CHECK_OK(ntsfpga_open("uio:ntsbox-csr", &d, err, sizeof err));
    CHECK(d != NULL, "%s", err);
    ntsfpga_close(d);
    unsetenv("NTSFPGA_UIO_SYSFS");
    unsetenv("NTSFPGA_UIO_DEV");
}

static void expect_refusal(const char *name, int want, const char *needle1, const char *needle2) {
    ntsfpga_t *d = (ntsfpga_t *)1;
    char err[256] = "";
    CHECK_RC(open_uio(name, &d, err, sizeof err), want);
    CHECK(d == NULL, "handle set on failure");
    CHECK(strstr(err, needle1) != NULL, "message \"%s\" lacks \"%s\"", err, needle1);
    if (needle2) CHECK(strstr(err, needle2) != NULL, "message \"%s\" lacks \"%s\"", err, needle2);
}

static void test_uio_refusals(void) {
    fresh_tree();
    expect_refusal("no-such-fpga", -ENOENT, "no device named \"no-such-fpga\"", NULL);

    put_window("uio3", 0x10000, NTSBOX_CLK_NAME, 0x54494D45); /* "TIME" */
    expect_refusal("ntsbox-csr", -ENODEV, "block CLK", "\"TIME\"");

    put_window("uio3", 0x10000, NTSBOX_KMEM_VERSION, 0x00020000);
    expect_refusal("ntsbox-csr", -ENODEV, "block KMEM", "2.0");

    put_window("uio3", 0x10000, NTSBOX_TOP_NAME, 0xFFFFFFFF); /* e.g. bus reads all-ones */
    expect_refusal("ntsbox-csr", -ENODEV, "block TOP", "0xffffffff");

    put_window("uio3", 0x10000, NTSBOX_TOP_BLOCKS, 5);
    expect_refusal("ntsbox-csr", -ENODEV, "TOP_BLOCKS reads 5", NULL);

    put_window("uio3", 0x10000, UINT32_MAX, 0);
    put_file("sys/uio3/maps/map0/size", "0x1000\n");
    put_window("uio3", 0x1000, UINT32_MAX, 0);
    expect_refusal("ntsbox-csr", -ENODEV, "window is 4096 bytes", NULL);

    put_file("sys/uio3/maps/map0/size", "banana\n");
    expect_refusal("ntsbox-csr", -ENODEV, "not a usable size", NULL);

    fresh_tree();
    char p[512];
    snprintf(p, sizeof p, "%s/sys/uio3/maps/map0/size", root);
    unlink(p);
    expect_refusal("ntsbox-csr", -ENODEV, "has no map0", NULL);

    fresh_tree();
    snprintf(p, sizeof p, "%s/dev/uio3", root);
    unlink(p);
    expect_refusal("ntsbox-csr", -ENOENT, "cannot open", NULL);

    fresh_tree();
    put_file("sys/uio7/name", "ntsbox-csr\n");
    expect_refusal("ntsbox-csr", -EINVAL, "2 devices", NULL);

    ntsfpga_t *d;
    char err[128];
    CHECK_RC(ntsfpga_open("pci:0000:01:00.0", &d, err, sizeof err), -EINVAL);
    CHECK_RC(ntsfpga_open("uio:", &d, err, sizeof err), -EINVAL);
    CHECK_RC(ntsfpga_open("uio:x,colour=blue", &d, err, sizeof err), -EINVAL);
    CHECK(strstr(err, "colour") != NULL, "%s", err);
}

/* The board build has no model: "sim:" is refused there, "uio:" works. */
static void test_uio_only_library(void) {
    void *h = dlopen("libntsfpga_uio.so", RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        char p[600];
        ssize_t n = readlink("/proc/self/exe", p, sizeof p - 40);
        p[n > 0 ? n : 0] = 0;
        char *slash = strrchr(p, '/');
        if (slash) strcpy(slash + 1, "libntsfpga_uio.so");
        h = dlopen(p, RTLD_NOW | RTLD_LOCAL);
    }
    CHECK(h != NULL, "dlopen libntsfpga_uio.so: %s", dlerror());
    if (h == NULL) return;
    int (*op)(const char *, ntsfpga_t **, char *, size_t) = (int (*)(const char *, ntsfpga_t **, char *, size_t))dlsym(h, "ntsfpga_open");
    int (*cl)(ntsfpga_t *) = (int (*)(ntsfpga_t *))dlsym(h, "ntsfpga_close");
    ntsfpga_t *d = NULL;
    char err[200] = "";
    CHECK_RC(op("sim:", &d, err, sizeof err), -ENOTSUP);
    CHECK(strstr(err, "without the Verilator backend") != NULL, "%s", err);
    fresh_tree();
    char spec[700];
    snprintf(spec, sizeof spec, "uio:ntsbox-csr,sysfs=%s/sys,dev=%s/dev", root, root);
    CHECK_OK(op(spec, &d, err, sizeof err));
    cl(d);
    dlclose(h);
}

/* ---- Verilator model: csr_top ------------------------------------------------------------ */

static ntsfpga_t *sim(void) {
    ntsfpga_t *d = NULL;
    char err[256] = "";
    int rc = ntsfpga_open("sim:", &d, err, sizeof err);
    CHECK(rc == 0 && d != NULL, "open sim: %d %s", rc, err);
    return d;
}

static void test_sim_open_and_bus(void) {
    ntsfpga_t *d = sim();
    if (!d) return;
    uint32_t caps, v;
    CHECK_OK(ntsfpga_caps(d, &caps));
    CHECK(caps == (NTSFPGA_CAP_SIM | NTSFPGA_CAP_CSR_PROBES), "caps 0x%x", caps);
    CHECK_OK(ntsfpga_read32(d, NTSBOX_TOP_BLOCKS, &v));
    CHECK(v == NTSBOX_NUM_BLOCKS, "TOP_BLOCKS %u", v);
    CHECK_OK(ntsfpga_write32(d, NTSBOX_TOP_SCRATCH, 0xA5A55A5A));
    CHECK_OK(ntsfpga_read32(d, NTSBOX_TOP_SCRATCH, &v));
    CHECK(v == 0xA5A55A5A, "scratch 0x%08x", v);
    CHECK_RC(ntsfpga_read32(d, NTSBOX_NUM_BLOCKS * NTSBOX_BLOCK_SIZE, &v), -EIO); /* SLVERR */
    CHECK_RC(ntsfpga_write32(d, 0xFFFC, 1), -EIO);
    CHECK_RC(ntsfpga_read32(d, 0x10000, &v), -EINVAL);
    uint8_t f[64] = {0}, b[64];
    size_t len;
    uint64_t dep;
    CHECK_RC(ntsfpga_pkt_inject(d, f, sizeof f, 100), -ENOTSUP);
    CHECK_RC(ntsfpga_pkt_collect(d, b, sizeof b, &len, &dep), -ENOTSUP);
    CHECK_RC(ntsfpga_pkt_run_until(d, 1000), -ENOTSUP);
    CHECK_OK(ntsfpga_close(d));
    ntsfpga_t *e;
    char err[128];
    CHECK_RC(ntsfpga_open("sim:model=datapath", &e, err, sizeof err), -EINVAL);
    CHECK_OK(ntsfpga_open("sim:model=csr_top", &e, err, sizeof err));
    ntsfpga_close(e);
    CHECK(strcmp(ntsfpga_strerror(-ENODEV), ntsfpga_strerror(-EIO)) != 0, "strerror");
    CHECK(ntsfpga_api_version() == NTSFPGA_API_VERSION, "api version");
}

static void make_key(uint32_t seed, uint8_t k[32]) {
    for (int i = 0; i < 32; i++) k[i] = (uint8_t)(seed * 131 + i * 29 + (seed >> 3) + 7);
}

static void test_sim_keys(void) {
    ntsfpga_t *d = sim();
    if (!d) return;
    uint8_t k[4][32], got[32];
    uint32_t ids[4], mask;
    for (uint32_t s = 0; s < 4; s++) {
        make_key(s + 1, k[s]);
        CHECK_OK(ntsfpga_key_install(d, 0x5000 + s, k[s], 1));
    }
    CHECK_OK(ntsfpga_key_slots(d, ids, &mask));
    for (uint32_t s = 0; s < 4; s++) CHECK(ids[s] == 0x5000 + s, "slot %u id 0x%x", s, ids[s]);
    CHECK(mask == 0xF, "valid 0x%x", mask);

    /* no key word is readable anywhere in the KMEM block (STAGE_KEY* read 0) */
    for (uint32_t off = NTSBOX_KMEM_BASE; off < NTSBOX_KMEM_BASE + NTSBOX_BLOCK_SIZE; off += 4) {
        uint32_t v;
        CHECK_OK(ntsfpga_read32(d, off, &v));
        if (off >= NTSBOX_KMEM_STAGE_KEY0 && off <= NTSBOX_KMEM_STAGE_KEY7) CHECK(v == 0, "stage key 0x%x", v);
        for (int s = 0; s < 4; s++)
            for (int w = 0; w < 8; w++) {
                uint32_t kw = (uint32_t)k[s][4 * w] << 24 | k[s][4 * w + 1] << 16 | k[s][4 * w + 2] << 8 | k[s][4 * w + 3];
                CHECK(v != kw, "key word of slot %d at 0x%04x", s, off);
            }
    }
    /* the engine port sees the committed key bytes in order */
    int hit;
    uint32_t kid;
    for (uint32_t s = 0; s < 4; s++) {
        CHECK_OK(ntsfpga_sim_key_lookup(d, 0, 0x5000 + s, &hit, &kid, got));
        CHECK(hit && kid == 0x5000 + s && memcmp(got, k[s], 32) == 0, "lookup slot %u", s);
    }
    CHECK_OK(ntsfpga_key_set_current(d, 2));
    unsigned cur;
    CHECK_OK(ntsfpga_key_get_current(d, &cur));
    CHECK(cur == 2, "current %u", cur);
    CHECK_OK(ntsfpga_sim_key_lookup(d, 1, 0, &hit, &kid, got));
    CHECK(hit && kid == 0x5002 && memcmp(got, k[2], 32) == 0, "mint lookup");

    CHECK_OK(ntsfpga_key_retire(d, 1));
    CHECK_OK(ntsfpga_key_slots(d, ids, &mask));
    CHECK(mask == 0xD && ids[1] == 0x5001, "after retire 0x%x id 0x%x", mask, ids[1]);
    CHECK_OK(ntsfpga_sim_key_lookup(d, 0, 0x5001, &hit, &kid, got));
    CHECK(!hit && kid == 0, "retired key still hits");
    CHECK_OK(ntsfpga_sim_key_lookup(d, 0, 0x5005, &hit, &kid, got)); /* slot 1, other ID */
    CHECK(!hit, "wrong ID hits");
    CHECK_OK(ntsfpga_key_install(d, 0x5009, k[0], 0)); /* slot 1, installed disabled */
    CHECK_OK(ntsfpga_key_slots(d, ids, &mask));
    CHECK(mask == 0xD && ids[1] == 0x5009, "disabled install 0x%x 0x%x", mask, ids[1]);

    struct ntsfpga_counters c;
    CHECK_OK(ntsfpga_counters_snapshot(d, &c, 0));
    /* hits: 1 decrypt per slot, plus the mint on slot 2; misses: 0x5001 and 0x5005 */
    CHECK(c.key_use[0] == 1 && c.key_use[1] == 0 && c.key_use[2] == 2 && c.key_use[3] == 1,
          "use %llu %llu %llu %llu", (unsigned long long)c.key_use[0], (unsigned long long)c.key_use[1],
          (unsigned long long)c.key_use[2], (unsigned long long)c.key_use[3]);
    CHECK(c.key_unknown == 2, "unknown %llu", (unsigned long long)c.key_unknown);
    CHECK_RC(ntsfpga_key_retire(d, 4), -EINVAL);
    CHECK_RC(ntsfpga_key_set_current(d, 7), -EINVAL);
    CHECK_RC(ntsfpga_key_install(d, 1, NULL, 1), -EFAULT);
    ntsfpga_close(d);
}

static void test_sim_counters(void) {
    ntsfpga_t *d = sim();
    if (!d) return;
    struct ntsfpga_counters c;
    CHECK(sizeof c == NTSFPGA_COUNTER_WORDS * sizeof(uint64_t), "struct layout");
    CHECK(ntsfpga_counter_words() == NTSFPGA_COUNTER_WORDS, "counter words");
    for (unsigned i = 0; i < NTSBOX_CNT_NUM_COUNTERS; i++) CHECK_OK(ntsfpga_sim_count(d, i, 3 * i + 1));
    CHECK_OK(ntsfpga_counters_snapshot(d, &c, 1)); /* read and clear */
    for (unsigned i = 0; i < NTSBOX_CNT_NUM_COUNTERS; i++)
        CHECK(c.cnt[i] == 3 * i + 1, "counter %u = %llu", i, (unsigned long long)c.cnt[i]);
    CHECK_OK(ntsfpga_sim_count(d, NTSBOX_CNT_IDX_NTS_OK, 1000));
    CHECK_OK(ntsfpga_counters_snapshot(d, &c, 0));
    for (unsigned i = 0; i < NTSBOX_CNT_NUM_COUNTERS; i++)
        CHECK(c.cnt[i] == (i == NTSBOX_CNT_IDX_NTS_OK ? 1000u : 0u), "after clear %u = %llu", i,
              (unsigned long long)c.cnt[i]);
    CHECK_RC(ntsfpga_sim_count(d, NTSBOX_CNT_NUM_COUNTERS, 1), -EINVAL);
    ntsfpga_close(d);
}

static u128 t96(uint64_t ntp, uint32_t sub) { return (u128)ntp << 32 | sub; }

static void test_sim_clock_set_read_incr(void) {
    ntsfpga_t *d = sim();
    if (!d) return;
    uint64_t nominal = ntsfpga_incr_nominal(156250000), incr;
    CHECK(nominal == 0x1B7CDFD9D8ull, "nominal 0x%llx", (unsigned long long)nominal);
    CHECK_OK(ntsfpga_clock_get_incr(d, &incr));
    CHECK(incr == nominal, "reset INCR 0x%llx", (unsigned long long)incr);

    const uint64_t T = (uint64_t)3900000000u << 32 | 0x80000000u;
    uint64_t c0, c1, c2, ntp;
    uint32_t sub;
    CHECK_OK(ntsfpga_sim_cycles(d, &c0));
    CHECK_OK(ntsfpga_clock_set(d, T));
    CHECK_OK(ntsfpga_clock_read(d, &ntp, &sub));
    CHECK_OK(ntsfpga_sim_cycles(d, &c1));
    u128 dt = t96(ntp, sub) - t96(T, 0);
    CHECK(dt % incr == 0 && dt / incr > 0 && dt / incr < c1 - c0, "time after set: %llu increments in %llu cycles",
          (unsigned long long)(dt / incr), (unsigned long long)(c1 - c0));

    /* two reads: the difference is exactly the cycles between them times INCR */
    uint64_t fast = nominal * 3 + 12345;
    CHECK_OK(ntsfpga_clock_set_incr(d, fast));
    CHECK_OK(ntsfpga_clock_get_incr(d, &incr));
    CHECK(incr == fast, "incr readback");
    uint64_t n1, n2;
    uint32_t s1, s2;
    CHECK_OK(ntsfpga_sim_cycles(d, &c1));
    CHECK_OK(ntsfpga_clock_read(d, &n1, &s1));
    CHECK_OK(ntsfpga_sim_step(d, 1000));
    CHECK_OK(ntsfpga_sim_cycles(d, &c2));
    CHECK_OK(ntsfpga_clock_read(d, &n2, &s2));
    CHECK(t96(n2, s2) - t96(n1, s1) == (u128)(c2 - c1) * fast, "advance %llu vs %llu cycles",
          (unsigned long long)((t96(n2, s2) - t96(n1, s1)) / fast), (unsigned long long)(c2 - c1));
    CHECK_RC(ntsfpga_clock_set_incr(d, 0), -EINVAL);

    /* ppb helpers */
    uint64_t up = ntsfpga_incr_from_ppb(nominal, 1000.0);
    CHECK(up - nominal == 118059, "+1000 ppb: %lld", (long long)(up - nominal));
    CHECK(ntsfpga_incr_from_ppb(nominal, -250.5) < nominal, "negative ppb");
    double back = ntsfpga_incr_to_ppb(nominal, ntsfpga_incr_from_ppb(nominal, -250.5));
    CHECK(back > -250.51 && back < -250.49, "round trip %f", back);
    CHECK(ntsfpga_incr_from_ppb(nominal, 5e9) == ntsfpga_incr_from_ppb(nominal, 1e6), "clamp");
    CHECK(ntsfpga_ns_to_ntp_offset(1000000000) == (int64_t)1 << 32, "1 s");
    CHECK(ntsfpga_ns_to_ntp_offset(-500000000) == -((int64_t)1 << 31), "-0.5 s");
    CHECK(ntsfpga_ns_to_ntp_offset(1) == 4, "1 ns = 4.29 -> 4");
    CHECK(ntsfpga_ntp_offset_to_ns(ntsfpga_ns_to_ntp_offset(-123456789)) == -123456789, "ns round trip");
    ntsfpga_close(d);
}

static void test_sim_clock_phase_pps(void) {
    ntsfpga_t *d = sim();
    if (!d) return;
    uint64_t incr = 0x1B7CDFD9D8ull, c1, c2, n1, n2, pps;
    uint32_t s1, s2, seq, st;
    const int64_t offs[] = {(int64_t)1 << 31, -(((int64_t)3 << 32) + 12345)};
    for (int i = 0; i < 2; i++) {
        CHECK_OK(ntsfpga_sim_cycles(d, &c1));
        CHECK_OK(ntsfpga_clock_read(d, &n1, &s1));
        CHECK_OK(ntsfpga_clock_adjust_phase(d, offs[i]));
        CHECK_OK(ntsfpga_sim_cycles(d, &c2));
        CHECK_OK(ntsfpga_clock_read(d, &n2, &s2));
        u128 want = t96(n1, s1) + (u128)(c2 - c1) * incr + ((u128)(uint64_t)offs[i] << 32);
        want &= ((u128)1 << 96) - 1;
        CHECK(t96(n2, s2) == want, "phase step %d", i);
    }
    CHECK_OK(ntsfpga_clock_pps(d, &pps, &seq));
    CHECK(seq == 0 && pps == 0, "no PPS yet");
    CHECK_OK(ntsfpga_sim_cycles(d, &c1));
    CHECK_OK(ntsfpga_clock_read(d, &n1, &s1));
    CHECK_OK(ntsfpga_sim_pps(d, 4));
    CHECK_OK(ntsfpga_clock_read(d, &n2, &s2));
    CHECK_OK(ntsfpga_clock_pps(d, &pps, &seq));
    CHECK(seq == 1 && pps > n1 && pps < n2, "PPS capture between two reads (seq %u)", seq);

    const uint64_t T = (uint64_t)4000000000u << 32;
    CHECK_OK(ntsfpga_clock_set_at_pps(d, T));
    CHECK_OK(ntsfpga_clock_status(d, &st));
    CHECK(st & NTSBOX_CLK_STATUS_SET_PENDING_MASK, "pending");
    CHECK_OK(ntsfpga_sim_step(d, 50));
    CHECK_OK(ntsfpga_clock_read(d, &n1, &s1));
    CHECK(n1 >> 32 != 4000000000u, "set before the PPS");
    CHECK_OK(ntsfpga_sim_pps(d, 4));
    CHECK_OK(ntsfpga_clock_status(d, &st));
    CHECK(!(st & NTSBOX_CLK_STATUS_SET_PENDING_MASK), "still pending");
    CHECK_OK(ntsfpga_clock_read(d, &n2, &s2));
    u128 dt = t96(n2, s2) - t96(T, 0);
    CHECK(dt % incr == 0 && dt / incr < 100, "time after SET_AT_PPS");
    CHECK_OK(ntsfpga_clock_pps(d, &pps, &seq));
    CHECK(seq == 2, "seq %u", seq);

    CHECK_OK(ntsfpga_clock_set_at_pps(d, 0));
    CHECK_OK(ntsfpga_clock_cancel_set(d));
    CHECK_OK(ntsfpga_clock_status(d, &st));
    CHECK(!(st & NTSBOX_CLK_STATUS_SET_PENDING_MASK), "cancel");
    CHECK_OK(ntsfpga_sim_pps(d, 4));
    CHECK_OK(ntsfpga_clock_read(d, &n1, &s1));
    CHECK(n1 >> 32 == 4000000000u, "cancelled set applied");
    ntsfpga_close(d);
}

/* With INCR = 1 ms per cycle a second is 1000 cycles, so the leap runs in the model. */
static void test_sim_leap(void) {
    ntsfpga_t *d = sim();
    if (!d) return;
    const uint64_t ms = ntsfpga_incr_nominal(1000);
    const uint32_t leap_at = 3912710400u; /* 2024-01-01T00:00:00Z as NTP seconds (a midnight) */
    uint32_t st;
    uint64_t n, cyc;
    uint32_t li;
    CHECK_OK(ntsfpga_clock_set_incr(d, ms));
    CHECK_OK(ntsfpga_clock_set(d, (uint64_t)(leap_at - 2) << 32));
    CHECK_OK(ntsfpga_leap_schedule(d, leap_at, 1));
    CHECK_OK(ntsfpga_clock_status(d, &st));
    CHECK((st & NTSBOX_CLK_STATUS_LEAP_INS_MASK) && ((st & NTSBOX_CLK_STATUS_LI_MASK) >> NTSBOX_CLK_STATUS_LI_SHIFT) == 1,
          "insert scheduled, LI 01: 0x%x", st);
    /* watch the seconds the datapath sees for 3.5 s of model time */
    uint32_t seen[8] = {0}, runs = 0, last = 0, in_leap_seen = 0;
    CHECK_OK(ntsfpga_sim_cycles(d, &cyc));
    for (int i = 0; i < 3500; i++) {
        CHECK_OK(ntsfpga_sim_step(d, 1));
        CHECK_OK(ntsfpga_sim_tod(d, &n, &li));
        uint32_t s = (uint32_t)(n >> 32);
        if (s != last && runs < 8) seen[runs++] = s;
        last = s;
        if (i % 100 == 0) {
            CHECK_OK(ntsfpga_clock_status(d, &st));
            if ((st & NTSBOX_CLK_STATUS_IN_LEAP_MASK) && !in_leap_seen) { /* early in the 1000-cycle second */
                in_leap_seen = 1;
                CHECK_RC(ntsfpga_leap_schedule(d, leap_at + 86400, 1), -EBUSY);
                CHECK_RC(ntsfpga_leap_cancel(d), -EBUSY);
            }
        }
    }
    CHECK(runs == 3 && seen[0] == leap_at - 2 && seen[1] == leap_at - 1 && seen[2] == leap_at,
          "seconds seen %u: %u %u %u", runs, seen[0] - leap_at, seen[1] - leap_at, seen[2] - leap_at);
    CHECK(in_leap_seen, "IN_LEAP never seen");
    CHECK_OK(ntsfpga_clock_status(d, &st));
    CHECK((st & NTSBOX_CLK_STATUS_LEAP_DONE_MASK) && !(st & NTSBOX_CLK_STATUS_LEAP_INS_MASK), "done 0x%x", st);
    CHECK_OK(ntsfpga_leap_clear_done(d));
    CHECK_OK(ntsfpga_clock_status(d, &st));
    CHECK(!(st & NTSBOX_CLK_STATUS_LEAP_DONE_MASK), "clear done");

    /* deletion: LEAP_AT-1 is skipped; and cancel */
    CHECK_OK(ntsfpga_clock_set(d, (uint64_t)(leap_at - 2) << 32));
    CHECK_OK(ntsfpga_leap_schedule(d, leap_at, 0));
    CHECK_OK(ntsfpga_clock_status(d, &st));
    CHECK((st & NTSBOX_CLK_STATUS_LEAP_DEL_MASK) && ((st & NTSBOX_CLK_STATUS_LI_MASK) >> NTSBOX_CLK_STATUS_LI_SHIFT) == 2,
          "delete scheduled 0x%x", st);
    CHECK_OK(ntsfpga_sim_step(d, 1100));
    CHECK_OK(ntsfpga_clock_read(d, &n, NULL));
    CHECK((uint32_t)(n >> 32) == leap_at, "after deletion %d", (int)((uint32_t)(n >> 32) - leap_at));
    CHECK_OK(ntsfpga_leap_schedule(d, leap_at + 86400, 1));
    CHECK_OK(ntsfpga_leap_cancel(d));
    CHECK_OK(ntsfpga_clock_status(d, &st));
    CHECK(!(st & (NTSBOX_CLK_STATUS_LEAP_INS_MASK | NTSBOX_CLK_STATUS_LEAP_DEL_MASK)), "cancel 0x%x", st);
    ntsfpga_close(d);
}

static void test_sim_header(void) {
    ntsfpga_t *d = sim();
    if (!d) return;
    uint32_t o[9], v;
    CHECK_OK(ntsfpga_sim_hdr_outputs(d, o));
    CHECK(o[0] == 16 && o[8] == 3, "reset: stratum %u li %u", o[0], o[8]);
    CHECK_OK(ntsfpga_hdr_stage(d, 1, 4, -27, 0x00000010, 0x00000020, 0x47505300, 0xE9C3A0B012345678ull, -1));
    CHECK_OK(ntsfpga_sim_hdr_outputs(d, o));
    CHECK(o[0] == 16 && o[8] == 3, "staged fields leaked before APPLY");
    CHECK_OK(ntsfpga_read32(d, NTSBOX_HDR_REF_ID, &v));
    CHECK(v == 0x47505300, "staged readback 0x%x", v);
    CHECK_OK(ntsfpga_hdr_apply(d));
    CHECK_OK(ntsfpga_sim_hdr_outputs(d, o));
    CHECK(o[0] == 1 && o[1] == 4 && o[2] == 0xE5 && o[3] == 0x10 && o[4] == 0x20 && o[5] == 0x47505300 &&
          o[6] == 0x12345678 && o[7] == 0xE9C3A0B0 && o[8] == 0, "applied header");
    CHECK_OK(ntsfpga_hdr_stage(d, 1, 4, -27, 0, 0, 0, 0, 3));
    CHECK_OK(ntsfpga_hdr_apply(d));
    CHECK_OK(ntsfpga_sim_hdr_outputs(d, o));
    CHECK(o[8] == 3, "override LI 3");
    CHECK_RC(ntsfpga_hdr_stage(d, 1, 4, -27, 0, 0, 0, 0, 4), -EINVAL);
    ntsfpga_close(d);
}

static void test_sim_dpcfg(void) {
    ntsfpga_t *d = sim();
    if (!d) return;
    const uint8_t ip4[4] = {192, 0, 2, 123}, mac[6] = {0x02, 0x00, 0x5e, 0x10, 0x20, 0x30};
    uint8_t ip6[16], ll[16], seed[16];
    for (int i = 0; i < 16; i++) { ip6[i] = (uint8_t)(0x20 + i); ll[i] = (uint8_t)(0xfe - i); seed[i] = (uint8_t)(0x11 * i); }
    uint32_t o[19], v;
    CHECK_OK(ntsfpga_dp_set_enable(d, 0x7F));
    CHECK_OK(ntsfpga_dp_set_ipv4(d, ip4));
    CHECK_OK(ntsfpga_dp_set_alt_port(d, 4123));
    CHECK_OK(ntsfpga_dp_set_mac(d, mac));
    CHECK_OK(ntsfpga_dp_set_ipv6(d, ip6));
    CHECK_OK(ntsfpga_dp_set_ipv6_ll(d, ll));
    CHECK_OK(ntsfpga_dp_set_test_mode(d, 1, seed));
    CHECK_OK(ntsfpga_sim_dp_outputs(d, o));
    CHECK(o[0] == 0 && o[1] == 0 && o[13] == 0, "config leaked before APPLY");
    CHECK_OK(ntsfpga_read32(d, NTSBOX_DP_NONCE_SEED0, &v));
    CHECK(v == 0, "seed is write-only, read 0x%x", v);
    CHECK_OK(ntsfpga_dp_apply(d));
    CHECK_OK(ntsfpga_sim_dp_outputs(d, o));
    CHECK(o[0] == 0x7F && o[1] == 0xC000027B && o[2] == 4123 && o[3] == 0x0200 && o[4] == 0x5e102030, "applied v4/mac");
    CHECK(o[5] == 0x20212223 && o[8] == 0x2C2D2E2F && o[9] == 0xFEFDFCFB && o[12] == 0xF2F1F0EF, "applied v6");
    CHECK(o[13] == 1 && o[14] == 0x00112233 && o[17] == 0xCCDDEEFF, "applied test mode");
    CHECK_RC(ntsfpga_dp_set_enable(d, 0x80), -EINVAL);
    CHECK_RC(ntsfpga_dp_set_test_mode(d, 1, NULL), -EFAULT);
    ntsfpga_close(d);
}

/* One handle, two threads: the handle's lock keeps multi-register sequences whole. */
struct race { ntsfpga_t *d; int errors; };

static void *installer(void *p) {
    struct race *r = p;
    uint8_t k[32];
    for (uint32_t i = 0; i < 200; i++) {
        make_key(i, k);
        if (ntsfpga_key_install(r->d, 0x100 + i, k, 1) != 0) r->errors++;
    }
    return NULL;
}

static void test_sim_two_threads(void) {
    ntsfpga_t *d = sim();
    if (!d) return;
    struct race r = {d, 0};
    pthread_t t;
    pthread_create(&t, NULL, installer, &r);
    int bad = 0;
    for (int i = 0; i < 200; i++) {
        uint64_t n;
        uint32_t ids[4], m;
        if (ntsfpga_clock_read(d, &n, NULL) != 0 || ntsfpga_key_slots(d, ids, &m) != 0) bad++;
        for (int s = 0; s < 4; s++) if (m & (1u << s) && (ids[s] & 3) != (uint32_t)s) bad++;
    }
    pthread_join(t, NULL);
    CHECK(bad == 0 && r.errors == 0, "errors %d %d", bad, r.errors);
    uint8_t k[32], got[32];
    int hit;
    uint32_t kid;
    make_key(199, k);
    CHECK_OK(ntsfpga_sim_key_lookup(d, 0, 0x100 + 199, &hit, &kid, got));
    CHECK(hit && memcmp(k, got, 32) == 0, "last key intact");
    ntsfpga_close(d);
}

int main(void) {
    static const struct h_test tests[] = {
        {"uio: discovery by name, mmap, identification accepted", test_uio_accepts_and_maps},
        {"uio: env overrides, newer minor version accepted", test_uio_env_overrides_and_minor_version},
        {"uio: refusals (name, NAME, VERSION, BLOCKS, map size, node)", test_uio_refusals},
        {"uio-only library: sim refused, uio works", test_uio_only_library},
        {"sim: open, caps, bus, SLVERR, packet port absent", test_sim_open_and_bus},
        {"sim: key install/commit/retire/current, no key read path", test_sim_keys},
        {"sim: counter snapshot and read-and-clear", test_sim_counters},
        {"sim: clock set/read/incr exact, ppb and ns helpers", test_sim_clock_set_read_incr},
        {"sim: phase adjust, PPS capture, set at PPS, cancel", test_sim_clock_phase_pps},
        {"sim: leap second insert/delete/cancel/busy", test_sim_leap},
        {"sim: NTP header stage and apply", test_sim_header},
        {"sim: datapath config stage and apply", test_sim_dpcfg},
        {"sim: two threads on one handle", test_sim_two_threads},
    };
    int rc = h_run(tests, (int)(sizeof tests / sizeof tests[0]));
    if (root[0]) { char cmd[300]; snprintf(cmd, sizeof cmd, "rm -rf %s", root); (void)!system(cmd); }
    return rc;
}
