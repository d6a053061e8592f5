// Datapath configuration (register block DP): feature enables, own IPv4/IPv6/MAC
// addresses, alternate UDP port, test mode and nonce seed, transmit budget and latencies,
// VLAN filter. Host writes go to staging
// registers; APPLY copies all of them to the outputs in one cycle (no half-written IPv6 or
// MAC address is ever seen by the datapath). Reads return staged values, except
// NONCE_SEED which is write-only (reads 0). Everything is off/zero after reset.
// Reset: synchronous, active-high rst.
`default_nettype none

module csr_dpcfg (
    input  wire         clk,
    input  wire         rst,
    input  wire         bus_en,
    input  wire         bus_we,
    input  wire [11:0]  bus_addr,
    input  wire [31:0]  bus_wdata,
    input  wire [3:0]   bus_wstrb,
    output reg  [31:0]  bus_rdata,
    output reg  [6:0]   cfg_enable,      // bit i = ENABLE field at lsb i (NTP, NTS, IPV4, IPV6, ARP, ND, ICMP_ECHO)
    output reg  [31:0]  cfg_ipv4,
    output reg  [15:0]  cfg_alt_port,
    output reg  [47:0]  cfg_mac,         // byte 0 (first on the wire) in bits 47:40
    output reg  [127:0] cfg_ipv6,        // first address byte in bits 127:120
    output reg  [127:0] cfg_ipv6_ll,
    output reg          cfg_fixed_nonce,
    output reg  [127:0] cfg_nonce_seed,
    output reg          cfg_nonce_load,  // one-cycle pulse with every APPLY (seed the nonce generator)
    output reg  [63:0]  cfg_tx_budget,   // 32.32 s
    output reg  [31:0]  cfg_late_margin, // units of 2^-32 s
    output reg  [31:0]  cfg_rx_latency,
    output reg  [31:0]  cfg_tx_latency,
    output reg  [31:0]  cfg_ctl_guard,
    output reg          cfg_vlan_filter,
    output reg  [11:0]  cfg_vlan_id
);
`include "generated/ntsbox_regs.vh"
`include "csr_wstrb.vh"

    reg [31:0]  st_enable, st_ipv4, st_alt_port, st_mac_hi, st_mac_lo, st_test;
    reg [31:0]  st_budget_lo, st_budget_hi, st_late, st_rx_lat, st_tx_lat, st_guard, st_vlan;
    reg [127:0] st_ipv6, st_ipv6_ll, st_seed;

    wire wr = bus_en & bus_we;
    wire apply = wr & (bus_addr == DP_APPLY);
    // the 4-word arrays each occupy one aligned 16-byte window; word w = bits 127-32w -: 32
    // (selected by a case on w, not a part-select at a computed offset: a 4:1 multiplexer)
    wire [1:0] word = bus_addr[3:2];
    function [31:0] word_of;
        input [127:0] v;
        input [1:0]   w;
        begin
            case (w)
                2'd0:    word_of = v[127:96];
                2'd1:    word_of = v[95:64];
                2'd2:    word_of = v[63:32];
                default: word_of = v[31:0];
            endcase
        end
    endfunction
    // v with word w merged with the bus write (byte strobes)
    function [127:0] word_wr;
        input [127:0] v;
        input [1:0]   w;
        input [31:0]  wdata;
        input [3:0]   wstrb;
        reg   [31:0]  m;
        begin
            m = csr_merge(word_of(v, w), wdata, wstrb);
            case (w)
                2'd0:    word_wr = {m, v[95:0]};
                2'd1:    word_wr = {v[127:96], m, v[63:0]};
                2'd2:    word_wr = {v[127:64], m, v[31:0]};
                default: word_wr = {v[127:32], m};
            endcase
        end
    endfunction
    wire in_v6  = bus_addr[11:4] == DP_IPV6_ADDR0[11:4];
    wire in_ll  = bus_addr[11:4] == DP_IPV6_LL0[11:4];
    wire in_sd  = bus_addr[11:4] == DP_NONCE_SEED0[11:4];

    always @(posedge clk) begin
        if (rst) begin
            st_enable <= DP_ENABLE_RESET;
            st_ipv4 <= DP_IPV4_ADDR_RESET;
            st_alt_port <= DP_ALT_UDP_PORT_RESET;
            st_mac_hi <= DP_MAC_HI_RESET;
            st_mac_lo <= DP_MAC_LO_RESET;
            st_test <= DP_TEST_MODE_RESET;
            st_ipv6 <= 128'd0;
            st_ipv6_ll <= 128'd0;
            st_seed <= 128'd0;
            st_budget_lo <= DP_TX_BUDGET_LO_RESET;
            st_budget_hi <= DP_TX_BUDGET_HI_RESET;
            st_late <= DP_LATE_MARGIN_RESET;
            st_rx_lat <= DP_RX_LATENCY_RESET;
            st_tx_lat <= DP_TX_LATENCY_RESET;
            st_guard <= DP_CTL_GUARD_RESET;
            st_vlan <= DP_VLAN_RESET;
            cfg_nonce_load <= 1'b0;
            cfg_tx_budget <= {DP_TX_BUDGET_HI_RESET, DP_TX_BUDGET_LO_RESET};
            cfg_late_margin <= DP_LATE_MARGIN_RESET;
            cfg_rx_latency <= DP_RX_LATENCY_RESET;
            cfg_tx_latency <= DP_TX_LATENCY_RESET;
            cfg_ctl_guard <= DP_CTL_GUARD_RESET;
            cfg_vlan_filter <= 1'b0;
            cfg_vlan_id <= 12'd0;
            cfg_enable <= 7'd0;
            cfg_ipv4 <= 32'd0;
            cfg_alt_port <= 16'd0;
            cfg_mac <= 48'd0;
            cfg_ipv6 <= 128'd0;
            cfg_ipv6_ll <= 128'd0;
            cfg_fixed_nonce <= 1'b0;
            cfg_nonce_seed <= 128'd0;
        end else begin
            cfg_nonce_load <= apply;
            if (wr) begin
                case (bus_addr)
                    DP_ENABLE:       st_enable <= csr_merge(st_enable, bus_wdata, bus_wstrb) & 32'h7F;
                    DP_IPV4_ADDR:    st_ipv4 <= csr_merge(st_ipv4, bus_wdata, bus_wstrb);
                    DP_ALT_UDP_PORT: st_alt_port <= csr_merge(st_alt_port, bus_wdata, bus_wstrb) & 32'hFFFF;
                    DP_MAC_HI:       st_mac_hi <= csr_merge(st_mac_hi, bus_wdata, bus_wstrb) & 32'hFFFF;
                    DP_MAC_LO:       st_mac_lo <= csr_merge(st_mac_lo, bus_wdata, bus_wstrb);
                    DP_TEST_MODE:    st_test <= csr_merge(st_test, bus_wdata, bus_wstrb) & 32'h1;
                    DP_TX_BUDGET_LO: st_budget_lo <= csr_merge(st_budget_lo, bus_wdata, bus_wstrb);
                    DP_TX_BUDGET_HI: st_budget_hi <= csr_merge(st_budget_hi, bus_wdata, bus_wstrb);
                    DP_LATE_MARGIN:  st_late <= csr_merge(st_late, bus_wdata, bus_wstrb);
                    DP_RX_LATENCY:   st_rx_lat <= csr_merge(st_rx_lat, bus_wdata, bus_wstrb);
                    DP_TX_LATENCY:   st_tx_lat <= csr_merge(st_tx_lat, bus_wdata, bus_wstrb);
                    DP_CTL_GUARD:    st_guard <= csr_merge(st_guard, bus_wdata, bus_wstrb);
                    DP_VLAN:         st_vlan <= csr_merge(st_vlan, bus_wdata, bus_wstrb) & 32'h1FFF;
                    default: ;
                endcase
                if (in_v6) st_ipv6 <= word_wr(st_ipv6, word, bus_wdata, bus_wstrb);
                if (in_ll) st_ipv6_ll <= word_wr(st_ipv6_ll, word, bus_wdata, bus_wstrb);
                if (in_sd) st_seed <= word_wr(st_seed, word, bus_wdata, bus_wstrb);
            end
            if (apply) begin
                cfg_enable <= st_enable[6:0];
                cfg_ipv4 <= st_ipv4;
                cfg_alt_port <= st_alt_port[15:0];
                cfg_mac <= {st_mac_hi[15:0], st_mac_lo};
                cfg_ipv6 <= st_ipv6;
                cfg_ipv6_ll <= st_ipv6_ll;
                cfg_fixed_nonce <= st_test[DP_TEST_MODE_FIXED_NONCE_LSB];
                cfg_nonce_seed <= st_seed;
                cfg_tx_budget <= {st_budget_hi, st_budget_lo};
                cfg_late_margin <= st_late;
                cfg_rx_latency <= st_rx_lat;
                cfg_tx_latency <= st_tx_lat;
                cfg_ctl_guard <= st_guard;
                cfg_vlan_filter <= st_vlan[DP_VLAN_FILTER_LSB];
                cfg_vlan_id <= st_vlan[11:0];
            end
        end
    end

    always @(posedge clk) begin
        if (rst) begin
            bus_rdata <= 32'd0;
        end else if (bus_en && !bus_we) begin
            if (in_v6)
                bus_rdata <= word_of(st_ipv6, word);
            else if (in_ll)
                bus_rdata <= word_of(st_ipv6_ll, word);
            else begin
                case (bus_addr)
                    DP_NAME:         bus_rdata <= DP_NAME_RESET;
                    DP_VERSION:      bus_rdata <= DP_VERSION_RESET;
                    DP_ENABLE:       bus_rdata <= st_enable;
                    DP_IPV4_ADDR:    bus_rdata <= st_ipv4;
                    DP_ALT_UDP_PORT: bus_rdata <= st_alt_port;
                    DP_MAC_HI:       bus_rdata <= st_mac_hi;
                    DP_MAC_LO:       bus_rdata <= st_mac_lo;
                    DP_TEST_MODE:    bus_rdata <= st_test;
                    DP_TX_BUDGET_LO: bus_rdata <= st_budget_lo;
                    DP_TX_BUDGET_HI: bus_rdata <= st_budget_hi;
                    DP_LATE_MARGIN:  bus_rdata <= st_late;
                    DP_RX_LATENCY:   bus_rdata <= st_rx_lat;
                    DP_TX_LATENCY:   bus_rdata <= st_tx_lat;
                    DP_CTL_GUARD:    bus_rdata <= st_guard;
                    DP_VLAN:         bus_rdata <= st_vlan;
                    default:         bus_rdata <= 32'd0;   // includes NONCE_SEED (write-only)
                endcase
            end
        end
    end
endmodule

`default_nettype wire
