// In-process AXI4-Lite master for Verilated models with the csr_top port names
// (s_axil_*). Inputs change between clock edges; each handshake happens at a posedge;
// tick() is the model's one-cycle advance (which may do more per cycle, e.g. stream
// packets). A transaction longer than kTimeout cycles answers -ETIMEDOUT.
#ifndef NTSFPGA_SIM_AXIL_HPP
#define NTSFPGA_SIM_AXIL_HPP

#include <cerrno>
#include <cstdint>

namespace ntsfpga_sim {

constexpr int kTimeout = 1000;

template <class Top, class Tick>
int axil_write(Top *top, Tick tick, uint32_t off, uint32_t val) {
    top->s_axil_awaddr = static_cast<uint16_t>(off);
    top->s_axil_awvalid = 1;
    top->s_axil_wdata = val;
    top->s_axil_wstrb = 0xF;
    top->s_axil_wvalid = 1;
    top->s_axil_bready = 0;
    int n = 0;
    while (top->s_axil_awvalid || top->s_axil_wvalid) {
        top->eval();
        bool aw = top->s_axil_awvalid && top->s_axil_awready;
        bool w = top->s_axil_wvalid && top->s_axil_wready;
        tick();
        if (aw) top->s_axil_awvalid = 0;
        if (w) top->s_axil_wvalid = 0;
        if (++n > kTimeout) return -ETIMEDOUT;
    }
    top->s_axil_bready = 1;
    while (!top->s_axil_bvalid) {
        tick();
        if (++n > kTimeout) return -ETIMEDOUT;
    }
    int resp = top->s_axil_bresp;
    tick();  // B handshake
    top->s_axil_bready = 0;
    top->eval();
    return resp == 0 ? 0 : -EIO;
}

template <class Top, class Tick>
int axil_read(Top *top, Tick tick, uint32_t off, uint32_t *val) {
    top->s_axil_araddr = static_cast<uint16_t>(off);
    top->s_axil_arvalid = 1;
    top->s_axil_rready = 0;
    int n = 0;
    while (top->s_axil_arvalid) {
        top->eval();
        bool ar = top->s_axil_arready;
        tick();
        if (ar) top->s_axil_arvalid = 0;
        if (++n > kTimeout) return -ETIMEDOUT;
    }
    top->s_axil_rready = 1;
    while (!top->s_axil_rvalid) {
        tick();
        if (++n > kTimeout) return -ETIMEDOUT;
    }
    uint32_t data = top->s_axil_rdata;
    int resp = top->s_axil_rresp;
    tick();  // R handshake
    top->s_axil_rready = 0;
    top->eval();
    *val = data;
    return resp == 0 ? 0 : -EIO;
}

}  // namespace ntsfpga_sim
#endif
