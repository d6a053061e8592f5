// Verilator backend for the csr_top model: the RTL register space (fpga-rtl/csr_top.v)
// driven over its AXI4-Lite port by a small in-process AXI master that advances the clock,
// plus probes of the datapath-facing ports (key lookup, counter increments, PPS, header and
// configuration outputs) that the datapath will drive once the full top replaces csr_top.
// One clock: posedge = one cycle; inputs change between edges, like a testbench at negedge.
#include "Vcsr_top.h"
#include "verilated.h"
#include "sim_axil.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>

extern "C" {
#include "backend.h"
#include "ntsfpga.h"
}

namespace {

constexpr int kResetCycles = 4;

struct Sim {
    VerilatedContext ctx;
    Vcsr_top *top = nullptr;
    uint64_t cycle = 0;             // cycles since reset was released

    Sim() { top = new Vcsr_top(&ctx, "csr_top"); }
    ~Sim() {
        top->final();
        delete top;
    }

    void tick() {
        top->clk = 1;
        top->eval();
        top->clk = 0;
        top->eval();
        ++cycle;
    }

    void reset() {
        top->rst = 1;
        for (int i = 0; i < kResetCycles; i++) tick();
        top->rst = 0;
        top->eval();
        cycle = 0;
    }

    int write(uint32_t off, uint32_t val) {
        return ntsfpga_sim::axil_write(top, [this] { tick(); }, off, val);
    }
    int read(uint32_t off, uint32_t *val) {
        return ntsfpga_sim::axil_read(top, [this] { tick(); }, off, val);
    }
};

Sim *S(void *ctx) { return static_cast<Sim *>(ctx); }

int op_read32(void *c, uint32_t off, uint32_t *v) { return S(c)->read(off, v); }
int op_write32(void *c, uint32_t off, uint32_t v) { return S(c)->write(off, v); }
void op_close(void *c) { delete S(c); }

int op_step(void *c, uint64_t n) {
    for (uint64_t i = 0; i < n; i++) S(c)->tick();
    return 0;
}

int op_cycles(void *c, uint64_t *n) {
    *n = S(c)->cycle;
    return 0;
}

int op_pps(void *c, uint32_t high) {
    Sim *s = S(c);
    if (high == 0) return -EINVAL;
    s->top->pps_in = 1;
    for (uint32_t i = 0; i < high; i++) s->tick();
    s->top->pps_in = 0;
    s->top->eval();
    return 0;
}

int op_tod(void *c, uint64_t *ntp, uint32_t *li) {
    Sim *s = S(c);
    *ntp = static_cast<uint64_t>(s->top->tod_sec) << 32 | s->top->tod_frac;
    *li = s->top->hdr_li;  // what a response would carry (override or clock LI)
    return 0;
}

// cnt_inc is CNT_NUM_COUNTERS x 4 bits in 32-bit words; counter idx at bits [4*idx +: 4].
void set_inc(Sim *s, unsigned idx, uint32_t v) {
    for (unsigned b = 0; b < 4; b++) {
        unsigned bit = idx * 4 + b;
        uint32_t &w = s->top->cnt_inc[bit / 32];
        uint32_t m = 1u << (bit % 32);
        w = (v >> b & 1) ? (w | m) : (w & ~m);
    }
}

int op_count(void *c, unsigned idx, uint32_t amount) {
    Sim *s = S(c);
    while (amount > 0) {
        uint32_t now = amount > 15 ? 15 : amount;
        set_inc(s, idx, now);
        s->tick();
        amount -= now;
    }
    set_inc(s, idx, 0);
    s->top->eval();
    return 0;
}

int op_key_lookup(void *c, int current, uint32_t id, int *hit, uint32_t *key_id, uint8_t key[32]) {
    Sim *s = S(c);
    s->top->lk_req = 1;                           // port 0 only
    s->top->lk_cur = current ? 1 : 0;
    s->top->lk_id = id;
    s->tick();
    s->top->lk_req = 0;
    s->top->lk_cur = 0;
    s->top->lk_id = 0;
    s->tick();                                    // LATENCY = 2
    if (!(s->top->lk_ack & 1)) return -EIO;
    *hit = s->top->lk_hit & 1;
    *key_id = static_cast<uint32_t>(s->top->lk_key_id);
    for (int i = 0; i < 8; i++) {                 // key byte 0 = bits 255:248 = word 7
        uint32_t w = s->top->lk_key[7 - i];
        key[4 * i] = static_cast<uint8_t>(w >> 24);
        key[4 * i + 1] = static_cast<uint8_t>(w >> 16);
        key[4 * i + 2] = static_cast<uint8_t>(w >> 8);
        key[4 * i + 3] = static_cast<uint8_t>(w);
    }
    return 0;
}

int op_hdr_outputs(void *c, uint32_t o[9]) {
    Vcsr_top *t = S(c)->top;
    o[0] = t->hdr_stratum;
    o[1] = t->hdr_poll;
    o[2] = t->hdr_precision;
    o[3] = t->hdr_root_delay;
    o[4] = t->hdr_root_disp;
    o[5] = t->hdr_ref_id;
    o[6] = static_cast<uint32_t>(t->hdr_ref_time);
    o[7] = static_cast<uint32_t>(t->hdr_ref_time >> 32);
    o[8] = t->hdr_li;
    return 0;
}

int op_dp_outputs(void *c, uint32_t o[19]) {
    Vcsr_top *t = S(c)->top;
    o[0] = t->cfg_enable;
    o[1] = t->cfg_ipv4;
    o[2] = t->cfg_alt_port;
    o[3] = static_cast<uint32_t>(t->cfg_mac >> 32);
    o[4] = static_cast<uint32_t>(t->cfg_mac);
    for (int i = 0; i < 4; i++) o[5 + i] = t->cfg_ipv6[3 - i];   // word 0 = bits 127:96
    for (int i = 0; i < 4; i++) o[9 + i] = t->cfg_ipv6_ll[3 - i];
    o[13] = t->cfg_fixed_nonce;
    for (int i = 0; i < 4; i++) o[14 + i] = t->cfg_nonce_seed[3 - i];
    o[18] = 0;
    return 0;
}

const ntsfpga_ops csr_top_ops = {
    op_read32, op_write32, op_close,
    op_step, op_cycles, op_pps, op_tod, op_count, op_key_lookup, op_hdr_outputs, op_dp_outputs,
    nullptr, nullptr, nullptr,   // no datapath in csr_top: the packet port is -ENOTSUP
};

}  // namespace

extern "C" int ntsfpga_sim_open(const char *spec, struct ntsfpga *dev, char *err, size_t errlen) {
    // options: comma-separated key=value; "model=csr_top" (default) or "model=ntsbox_top"
    const char *model = "csr_top";
    size_t model_len = 7;
    const char *p = spec;
    while (*p) {
        const char *e = std::strchr(p, ',');
        size_t n = e ? static_cast<size_t>(e - p) : std::strlen(p);
        if (n > 6 && std::strncmp(p, "model=", 6) == 0) {
            model = p + 6;
            model_len = n - 6;
        } else {
            return ntsfpga_fail(err, errlen, -EINVAL, "sim: unknown option \"%.*s\" (supported: model=csr_top, "
                                "model=ntsbox_top)", static_cast<int>(n), p);
        }
        p += n + (e ? 1 : 0);
    }
    if (model_len == 10 && std::strncmp(model, "ntsbox_top", 10) == 0) {
#ifdef NTSFPGA_HAVE_NTSBOX_TOP
        return ntsfpga_sim_ntsbox_top_open(dev, err, errlen);
#else
        return ntsfpga_fail(err, errlen, -ENOTSUP, "sim: this library was built without the ntsbox_top model "
                            "(fpga-rtl/rtl/nts_engine.v was missing; rebuild with make -C drivers)");
#endif
    }
    if (!(model_len == 7 && std::strncmp(model, "csr_top", 7) == 0))
        return ntsfpga_fail(err, errlen, -EINVAL, "sim: unknown model \"%.*s\" (models: csr_top, ntsbox_top)",
                            static_cast<int>(model_len), model);
    Sim *s = new (std::nothrow) Sim();
    if (s == nullptr) return ntsfpga_fail(err, errlen, -ENOMEM, "out of memory");
    s->reset();
    dev->ops = &csr_top_ops;
    dev->ctx = s;
    dev->caps = NTSFPGA_CAP_SIM | NTSFPGA_CAP_CSR_PROBES;
    dev->window = 0x10000;  // 16-bit AXI address space; past the last block answers SLVERR
    return 0;
}
