// CSR top: AXI4-Lite slave, block decoder, TOP identification block, and the register
// blocks with the datapath-facing ports: key memory (KMEM, engine lookup ports), time-of-
// day clock (CLK), NTP header fields (HDR), datapath configuration (DP) and counters (CNT).
// Addresses and fields: fpga-rtl/regmap.json / docs/regmap.md. Block b occupies byte
// addresses b*0x1000 .. b*0x1000+0xFFF; addresses past the last block answer SLVERR.
// Reset: synchronous, active-high rst.
`default_nettype none

module csr_top #(
    parameter N_PORTS = 2,       // key lookup ports (NTS engines)
    parameter CNT_INC_W = 4,     // per-cycle increment width of each event counter
    parameter N_CNT = 32         // = CNT_NUM_COUNTERS of the register map (checked below)
) (
    input  wire                  clk,
    input  wire                  rst,
    // AXI4-Lite slave
    input  wire [15:0]           s_axil_awaddr,
    input  wire [2:0]            s_axil_awprot,
    input  wire                  s_axil_awvalid,
    output wire                  s_axil_awready,
    input  wire [31:0]           s_axil_wdata,
    input  wire [3:0]            s_axil_wstrb,
    input  wire                  s_axil_wvalid,
    output wire                  s_axil_wready,
    output wire [1:0]            s_axil_bresp,
    output wire                  s_axil_bvalid,
    input  wire                  s_axil_bready,
    input  wire [15:0]           s_axil_araddr,
    input  wire [2:0]            s_axil_arprot,
    input  wire                  s_axil_arvalid,
    output wire                  s_axil_arready,
    output wire [31:0]           s_axil_rdata,
    output wire [1:0]            s_axil_rresp,
    output wire                  s_axil_rvalid,
    input  wire                  s_axil_rready,
    // key lookup ports (see keymem.v)
    input  wire [N_PORTS-1:0]    lk_req,
    input  wire [N_PORTS-1:0]    lk_cur,
    input  wire [N_PORTS*32-1:0] lk_id,
    output wire [N_PORTS-1:0]    lk_ack,
    output wire [N_PORTS-1:0]    lk_hit,
    output wire [N_PORTS*32-1:0] lk_key_id,
    output wire [N_PORTS*256-1:0] lk_key,
    // key use strobes of an engine with its own key table (see keymem.v ext_*)
    input  wire [3:0]            km_ext_use,
    input  wire                  km_ext_unknown,
    // slot contents as wires (see keymem.v view_*)
    output wire [3:0]            km_valid,
    output wire [127:0]          km_id,
    output wire [1023:0]         km_key,
    output wire [1:0]            km_cur,
    // clock (see tod_clock.v)
    input  wire                  pps_in,
    output wire [31:0]           tod_sec,
    output wire [31:0]           tod_frac,
    output wire [31:0]           tod_sub,
    output wire                  tod_in_leap,
    output wire                  pps_pulse,
    // NTP header fields; hdr_li = override or the clock's leap indicator
    output wire [1:0]            hdr_li,
    output wire [7:0]            hdr_stratum,
    output wire [7:0]            hdr_poll,
    output wire [7:0]            hdr_precision,
    output wire [31:0]           hdr_root_delay,
    output wire [31:0]           hdr_root_disp,
    output wire [31:0]           hdr_ref_id,
    output wire [63:0]           hdr_ref_time,
    // datapath configuration (see csr_dpcfg.v)
    output wire [6:0]            cfg_enable,
    output wire [31:0]           cfg_ipv4,
    output wire [15:0]           cfg_alt_port,
    output wire [47:0]           cfg_mac,
    output wire [127:0]          cfg_ipv6,
    output wire [127:0]          cfg_ipv6_ll,
    output wire                  cfg_fixed_nonce,
    output wire [127:0]          cfg_nonce_seed,
    output wire                  cfg_nonce_load,
    output wire [63:0]           cfg_tx_budget,
    output wire [31:0]           cfg_late_margin,
    output wire [31:0]           cfg_rx_latency,
    output wire [31:0]           cfg_tx_latency,
    output wire [31:0]           cfg_ctl_guard,
    output wire                  cfg_vlan_filter,
    output wire [11:0]           cfg_vlan_id,
    // event counter increments, counter i at [i*CNT_INC_W +: CNT_INC_W] (CNT_IDX_* order)
    input  wire [N_CNT*CNT_INC_W-1:0] cnt_inc
);
`include "generated/ntsbox_regs.vh"
`include "csr_wstrb.vh"

    wire        bus_en, bus_we;
    wire [15:0] bus_addr;
    wire [31:0] bus_wdata;
    wire [3:0]  bus_wstrb;
    reg  [31:0] bus_rdata;

    wire [3:0]  blk = bus_addr[15:12];
    wire        bus_err = {28'd0, blk} >= NTSBOX_NUM_BLOCKS;
    wire [11:0] off = bus_addr[11:0];

    csr_axil #(.ADDR_W(16)) u_axil (
        .clk(clk), .rst(rst),
        .s_axil_awaddr(s_axil_awaddr), .s_axil_awprot(s_axil_awprot), .s_axil_awvalid(s_axil_awvalid),
        .s_axil_awready(s_axil_awready), .s_axil_wdata(s_axil_wdata), .s_axil_wstrb(s_axil_wstrb),
        .s_axil_wvalid(s_axil_wvalid), .s_axil_wready(s_axil_wready), .s_axil_bresp(s_axil_bresp),
        .s_axil_bvalid(s_axil_bvalid), .s_axil_bready(s_axil_bready), .s_axil_araddr(s_axil_araddr),
        .s_axil_arprot(s_axil_arprot), .s_axil_arvalid(s_axil_arvalid), .s_axil_arready(s_axil_arready),
        .s_axil_rdata(s_axil_rdata), .s_axil_rresp(s_axil_rresp), .s_axil_rvalid(s_axil_rvalid),
        .s_axil_rready(s_axil_rready),
        .bus_en(bus_en), .bus_we(bus_we), .bus_addr(bus_addr), .bus_wdata(bus_wdata),
        .bus_wstrb(bus_wstrb), .bus_rdata(bus_rdata), .bus_err(bus_err));

    wire en_kmem = bus_en & (blk == NTSBOX_KMEM_INDEX);
    wire en_clk  = bus_en & (blk == NTSBOX_CLK_INDEX);
    wire en_hdr  = bus_en & (blk == NTSBOX_HDR_INDEX);
    wire en_dp   = bus_en & (blk == NTSBOX_DP_INDEX);
    wire en_cnt  = bus_en & (blk == NTSBOX_CNT_INDEX);
    wire [31:0] rd_kmem, rd_clk, rd_hdr, rd_dp, rd_cnt;
    wire [1:0]  tod_li;

    keymem #(.N_PORTS(N_PORTS)) u_keymem (
        .clk(clk), .rst(rst),
        .bus_en(en_kmem), .bus_we(bus_we), .bus_addr(off), .bus_wdata(bus_wdata),
        .bus_wstrb(bus_wstrb), .bus_rdata(rd_kmem),
        .lk_req(lk_req), .lk_cur(lk_cur), .lk_id(lk_id), .lk_ack(lk_ack), .lk_hit(lk_hit),
        .lk_key_id(lk_key_id), .lk_key(lk_key),
        .ext_use(km_ext_use), .ext_unknown(km_ext_unknown),
        .view_valid(km_valid), .view_id(km_id), .view_key(km_key), .view_cur(km_cur));

    tod_clock u_clock (
        .clk(clk), .rst(rst),
        .bus_en(en_clk), .bus_we(bus_we), .bus_addr(off), .bus_wdata(bus_wdata),
        .bus_wstrb(bus_wstrb), .bus_rdata(rd_clk),
        .pps_in(pps_in), .tod_sec(tod_sec), .tod_frac(tod_frac), .tod_sub(tod_sub),
        .tod_li(tod_li), .tod_in_leap(tod_in_leap), .pps_pulse(pps_pulse));

    csr_ntphdr u_hdr (
        .clk(clk), .rst(rst),
        .bus_en(en_hdr), .bus_we(bus_we), .bus_addr(off), .bus_wdata(bus_wdata),
        .bus_wstrb(bus_wstrb), .bus_rdata(rd_hdr),
        .tod_li(tod_li), .hdr_li(hdr_li), .hdr_stratum(hdr_stratum), .hdr_poll(hdr_poll),
        .hdr_precision(hdr_precision), .hdr_root_delay(hdr_root_delay), .hdr_root_disp(hdr_root_disp),
        .hdr_ref_id(hdr_ref_id), .hdr_ref_time(hdr_ref_time));

    csr_dpcfg u_dp (
        .clk(clk), .rst(rst),
        .bus_en(en_dp), .bus_we(bus_we), .bus_addr(off), .bus_wdata(bus_wdata),
        .bus_wstrb(bus_wstrb), .bus_rdata(rd_dp),
        .cfg_enable(cfg_enable), .cfg_ipv4(cfg_ipv4), .cfg_alt_port(cfg_alt_port), .cfg_mac(cfg_mac),
        .cfg_ipv6(cfg_ipv6), .cfg_ipv6_ll(cfg_ipv6_ll), .cfg_fixed_nonce(cfg_fixed_nonce),
        .cfg_nonce_seed(cfg_nonce_seed), .cfg_nonce_load(cfg_nonce_load),
        .cfg_tx_budget(cfg_tx_budget), .cfg_late_margin(cfg_late_margin),
        .cfg_rx_latency(cfg_rx_latency), .cfg_tx_latency(cfg_tx_latency),
        .cfg_ctl_guard(cfg_ctl_guard), .cfg_vlan_filter(cfg_vlan_filter), .cfg_vlan_id(cfg_vlan_id));

    csr_counters #(.N_COUNTERS(N_CNT), .INC_W(CNT_INC_W)) u_cnt (
        .clk(clk), .rst(rst),
        .bus_en(en_cnt), .bus_we(bus_we), .bus_addr(off), .bus_wdata(bus_wdata),
        .bus_wstrb(bus_wstrb), .bus_rdata(rd_cnt), .cnt_inc(cnt_inc));

    // ---- TOP block
    reg [31:0] scratch, rd_top;
    reg [3:0]  blk_q;
    always @(posedge clk) begin
        if (rst) begin
            scratch <= TOP_SCRATCH_RESET;
            rd_top <= 32'd0;
            blk_q <= 4'd0;
        end else begin
            if (bus_en && bus_we && blk == NTSBOX_TOP_INDEX && off == TOP_SCRATCH)
                scratch <= csr_merge(scratch, bus_wdata, bus_wstrb);
            if (bus_en && !bus_we) begin
                blk_q <= blk;
                case (off)
                    TOP_NAME:    rd_top <= TOP_NAME_RESET;
                    TOP_VERSION: rd_top <= TOP_VERSION_RESET;
                    TOP_BLOCKS:  rd_top <= TOP_BLOCKS_RESET;
                    TOP_SCRATCH: rd_top <= scratch;
                    default:     rd_top <= 32'd0;
                endcase
            end
        end
    end

    always @* begin
        case (blk_q)
            NTSBOX_TOP_INDEX:  bus_rdata = rd_top;
            NTSBOX_KMEM_INDEX: bus_rdata = rd_kmem;
            NTSBOX_CLK_INDEX:  bus_rdata = rd_clk;
            NTSBOX_HDR_INDEX:  bus_rdata = rd_hdr;
            NTSBOX_DP_INDEX:   bus_rdata = rd_dp;
            NTSBOX_CNT_INDEX:  bus_rdata = rd_cnt;
            default:           bus_rdata = 32'd0;
        endcase
    end
    initial begin
        if (N_CNT != CNT_NUM_COUNTERS) begin
            $display("csr_top: N_CNT must equal CNT_NUM_COUNTERS of the register map");
            $finish;
        end
    end
endmodule

`default_nettype wire
