// Verilator backend for the full datapath top (fpga-rtl/ntsbox_top.v), selected by
// "sim:model=ntsbox_top": the AXI4-Lite register port as for csr_top, plus the packet port.
// Every clock cycle (bus transactions included: a MAC cannot pause a frame) the model
//   * streams the queued RX frame whose arrival cycle has come onto the MAC RX interface,
//     8 bytes a beat, FCS checked and stripped (a bad FCS raises tuser on the last beat, as
//     a MAC does), frames in arrival order with at least the 20-byte preamble + IFG between;
//   * takes MAC TX beats (tready always 1), appends the FCS and queues the frame with the
//     cycle of its first beat.
// Cycle c is the posedge at which the inputs set while cycle() == c are sampled.
#include "Vntsbox_top.h"
#include "verilated.h"
#include "sim_axil.hpp"

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <deque>
#include <new>
#include <vector>

extern "C" {
#include "backend.h"
#include "ntsfpga.h"
}

namespace {

constexpr int kResetCycles = 4;
constexpr size_t kMaxFrame = 2113 + 4;     // MAX_FRAME of the RTL + FCS
constexpr size_t kMaxQueued = 4096;        // frames waiting on either side
// Line rate on the wire: each frame is followed by 8 bytes of preamble/SFD and a 12-byte IFG.
// The model keeps the wire time in bytes and lets a frame start in the cycle where that time
// falls (as a 10G MAC's deficit idle count averages the IFG), with at least one idle cycle
// between frames: back-to-back 274-byte frames come every 36.75 cycles on average.
constexpr uint64_t kWireOverheadBytes = 20;

uint32_t crc32(const uint8_t *p, size_t n) {
    static uint32_t table[256];
    static bool init = false;
    if (!init) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        init = true;
    }
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

struct Frame {
    std::vector<uint8_t> bytes;
    uint64_t cycle;   // arrival (RX) or departure (TX) of the first beat
    bool bad_fcs = false;
};

struct Sim {
    VerilatedContext ctx;
    Vntsbox_top *top = nullptr;
    uint64_t cycle = 0;
    std::deque<Frame> rx_queue, tx_done;
    // RX frame on the wire
    bool rx_active = false;
    Frame rx_cur;
    size_t rx_pos = 0;
    uint64_t rx_free_at = 0;      // first cycle a new frame may start (one idle cycle)
    uint64_t rx_wire_free = 0;    // wire time (bytes = 8 per cycle) when the line is free
    // TX frame being collected
    bool tx_active = false;
    Frame tx_cur;

    Sim() {
        crc32(nullptr, 0);  // build the table before any thread shares the handle
        top = new Vntsbox_top(&ctx, "ntsbox_top");
    }
    ~Sim() {
        top->final();
        delete top;
    }

    void drive_rx() {
        if (!rx_active && !rx_queue.empty() && rx_queue.front().cycle <= cycle && cycle >= rx_free_at &&
            cycle * 8 + 7 >= rx_wire_free) {
            rx_cur = std::move(rx_queue.front());
            rx_wire_free = std::max(cycle * 8, rx_wire_free) + rx_cur.bytes.size() + kWireOverheadBytes;
            rx_queue.pop_front();
            rx_active = true;
            rx_pos = 0;
        }
        if (!rx_active) {
            top->s_mac_tvalid = 0;
            top->s_mac_tlast = 0;
            top->s_mac_tuser = 0;
            top->s_mac_tkeep = 0;
            top->s_mac_tdata = 0;
            return;
        }
        size_t n = rx_cur.bytes.size() - rx_pos;
        if (n > 8) n = 8;
        uint64_t d = 0;
        for (size_t i = 0; i < n; i++) d |= static_cast<uint64_t>(rx_cur.bytes[rx_pos + i]) << (8 * i);
        bool last = rx_pos + n == rx_cur.bytes.size();
        top->s_mac_tdata = d;
        top->s_mac_tkeep = static_cast<uint8_t>((1u << n) - 1);
        top->s_mac_tvalid = 1;
        top->s_mac_tlast = last;
        top->s_mac_tuser = last && rx_cur.bad_fcs;
        rx_pos += n;
        if (last) {
            rx_active = false;
            rx_free_at = cycle + 2;
        }
    }

    void take_tx() {
        if (!(top->m_mac_tvalid && top->m_mac_tready)) return;
        if (!tx_active) {
            tx_cur.bytes.clear();
            tx_cur.cycle = cycle;
            tx_active = true;
        }
        uint64_t d = top->m_mac_tdata;
        for (int i = 0; i < 8; i++)
            if (top->m_mac_tkeep >> i & 1) tx_cur.bytes.push_back(static_cast<uint8_t>(d >> (8 * i)));
        if (top->m_mac_tlast) {
            uint32_t fcs = crc32(tx_cur.bytes.data(), tx_cur.bytes.size());
            for (int i = 0; i < 4; i++) tx_cur.bytes.push_back(static_cast<uint8_t>(fcs >> (8 * i)));
            if (tx_done.size() >= kMaxQueued) tx_done.pop_front();   // the oldest is lost, as on a full ring
            tx_done.push_back(std::move(tx_cur));
            tx_cur = Frame();
            tx_active = false;
        }
    }

    void tick() {
        drive_rx();
        top->m_mac_tready = 1;
        top->eval();
        take_tx();            // outputs as sampled by the MAC at this posedge
        top->clk = 1;
        top->eval();
        top->clk = 0;
        top->eval();
        ++cycle;
    }

    void reset() {
        top->rst = 1;
        for (int i = 0; i < kResetCycles; i++) {
            top->clk = 1;
            top->eval();
            top->clk = 0;
            top->eval();
        }
        top->rst = 0;
        top->eval();
        cycle = 0;
    }

    int write(uint32_t off, uint32_t val) { return ntsfpga_sim::axil_write(top, [this] { tick(); }, off, val); }
    int read(uint32_t off, uint32_t *val) { return ntsfpga_sim::axil_read(top, [this] { tick(); }, off, val); }
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
    uint32_t v = 0;
    int rc = s->read(NTSBOX_CLK_STATUS, &v);   // the clock's LI (the header override is not a port here)
    if (rc) return rc;
    *li = (v & NTSBOX_CLK_STATUS_LI_MASK) >> NTSBOX_CLK_STATUS_LI_SHIFT;
    *ntp = s->top->tod_now;                     // sampled after the read: the ToD at cycle()
    return 0;
}

int op_inject(void *c, const uint8_t *frame, size_t len, uint64_t arrival) {
    Sim *s = S(c);
    if (len < 14 + 4 || len > kMaxFrame + 64) return -EINVAL;     // header + FCS; oversize kept for too_long tests
    if (arrival < s->cycle) return -EINVAL;
    if (!s->rx_queue.empty() && arrival < s->rx_queue.back().cycle) return -EINVAL;   // arrival order
    if (s->rx_queue.size() >= kMaxQueued) return -EAGAIN;
    Frame f;
    f.bytes.assign(frame, frame + len - 4);
    uint32_t fcs = crc32(frame, len - 4);
    uint32_t got = frame[len - 4] | frame[len - 3] << 8 | frame[len - 2] << 16 | static_cast<uint32_t>(frame[len - 1]) << 24;
    f.bad_fcs = fcs != got;
    f.cycle = arrival;
    s->rx_queue.push_back(std::move(f));
    return 0;
}

int op_collect(void *c, uint8_t *buf, size_t cap, size_t *len, uint64_t *departure) {
    Sim *s = S(c);
    if (s->tx_done.empty()) return -EAGAIN;
    Frame &f = s->tx_done.front();
    size_t n = f.bytes.size() < cap ? f.bytes.size() : cap;
    if (n) std::memcpy(buf, f.bytes.data(), n);
    *len = f.bytes.size();
    *departure = f.cycle;
    s->tx_done.pop_front();
    return 0;
}

int op_run_until(void *c, uint64_t cycle) {
    Sim *s = S(c);
    while (s->cycle < cycle) s->tick();
    return 0;
}

const ntsfpga_ops ntsbox_top_ops = {
    op_read32, op_write32, op_close,
    op_step, op_cycles, op_pps, op_tod,
    nullptr, nullptr, nullptr, nullptr,   // csr_top probes: these ports are internal here
    op_inject, op_collect, op_run_until,
};

}  // namespace

extern "C" int ntsfpga_sim_ntsbox_top_open(struct ntsfpga *dev, char *err, size_t errlen) {
    Sim *s = new (std::nothrow) Sim();
    if (s == nullptr) return ntsfpga_fail(err, errlen, -ENOMEM, "out of memory");
    s->reset();
    dev->ops = &ntsbox_top_ops;
    dev->ctx = s;
    dev->caps = NTSFPGA_CAP_SIM | NTSFPGA_CAP_PACKET_PORT;
    dev->window = 0x10000;
    return 0;
}
