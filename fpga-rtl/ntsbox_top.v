// The whole FPGA datapath behind one 10 GbE MAC and one AXI4-Lite register port:
//   csr_top       registers (docs/regmap.md): key memory, ToD clock, NTP header, datapath
//                 configuration, counters
//   eth_datapath  MAC RX -> checks -> ntp_rx; ntp_tx -> headers -> launch queue -> MAC TX;
//                 ARP / ND / ICMP echo responders (docs/datapath-frontend.md)
//   nts_engine    ntp_rx -> NTP / NTS server step -> ntp_tx (docs/datapath.md)
// Wiring decisions made here:
//   * ToD: tod_sec.tod_frac of the CLK block is the one time base of rx_ts, the engine's
//     lateness check and the launch instants.
//   * Keys: the engine keeps its own table of the four slots; every cycle one slot (round
//     robin) and the current-slot number are copied from the key memory, so a COMMIT or
//     RETIRE reaches the engine within 4 cycles, each slot in one write (never half a key).
//     The host's key sequence (FpgaKeySlots: install, then switch current, then retire) takes
//     tens of bus cycles per step, far more than that lag.
//   * Nonces: every DP APPLY (and the end of reset) loads the engine's AES-CTR nonce
//     generator with key = NONCE_SEED, counter 0. The RTL has no entropy source: in service
//     the host writes a fresh random seed at start; in test mode (FIXED_NONCE) a known one.
//   * Enables (DP ENABLE): every bit is honoured where the frame is classified. IPV4, IPV6,
//     ARP, ND and ICMP_ECHO in the frontend's rx_parser (drop reason 15), NTP and NTS in the
//     engine's parser (outcome 14), since only it sees the extension fields. Such a frame
//     passed every other check and is counted in DROP_DISABLED; after reset all bits are off,
//     so the port answers nothing until configured, yet every frame is counted by a reason.
//   * Launch order: the engine numbers the requests it takes (arrival order) and sends each
//     response with its number, or a "no response" token; the launch queue releases them in
//     that order (= tx_ts order) and reports its head and free room back (seq_head, room_*),
//     which gate the engine's intake and output (docs/datapath.md "Launch order").
//   * Counters: every strobe of the frontend, launch queue and engine goes to its CNT
//     counter (table in docs/lab.md). The engine's per-packet key outcome (cookie named a
//     live slot / an unknown key ID) goes to KMEM's USE_CNT0..3 / UNKNOWN_CNT through
//     keymem's ext_use / ext_unknown strobes (the lookup ports stay unused).
// One clock (156.25 MHz), synchronous active-high rst.
`default_nettype none

module ntsbox_top #(
    parameter PIPES = 3,     // AES pipelines of the engine
    parameter CTX   = 14,    // contexts (= packet slots) per pipeline
    parameter TX_DATA_AW = 14,   // launch queue frame storage: 2^TX_DATA_AW words (16-word pages)
    parameter TX_SEQ_W   = 10    // arrival sequence numbers: 2^(TX_SEQ_W-1) reorder entries
) (
    input  wire          clk,
    input  wire          rst,
    // AXI4-Lite register port
    input  wire [15:0]   s_axil_awaddr,
    input  wire [2:0]    s_axil_awprot,
    input  wire          s_axil_awvalid,
    output wire          s_axil_awready,
    input  wire [31:0]   s_axil_wdata,
    input  wire [3:0]    s_axil_wstrb,
    input  wire          s_axil_wvalid,
    output wire          s_axil_wready,
    output wire [1:0]    s_axil_bresp,
    output wire          s_axil_bvalid,
    input  wire          s_axil_bready,
    input  wire [15:0]   s_axil_araddr,
    input  wire [2:0]    s_axil_arprot,
    input  wire          s_axil_arvalid,
    output wire          s_axil_arready,
    output wire [31:0]   s_axil_rdata,
    output wire [1:0]    s_axil_rresp,
    output wire          s_axil_rvalid,
    input  wire          s_axil_rready,
    // PPS from the GNSS receiver
    input  wire          pps_in,
    // MAC RX (no tready; tuser on the last beat = FCS/PHY error)
    input  wire [63:0]   s_mac_tdata,
    input  wire [7:0]    s_mac_tkeep,
    input  wire          s_mac_tvalid,
    input  wire          s_mac_tlast,
    input  wire          s_mac_tuser,
    // MAC TX
    output wire [63:0]   m_mac_tdata,
    output wire [7:0]    m_mac_tkeep,
    output wire          m_mac_tvalid,
    output wire          m_mac_tlast,
    input  wire          m_mac_tready,
    // the engine has no packet in flight, and the ToD (for benches and the simulator)
    output wire          engine_idle,
    output wire [63:0]   tod_now
);
`include "generated/ntsbox_regs.vh"
  localparam integer IW = 4;
  localparam integer NC = CNT_NUM_COUNTERS;
  localparam integer TSEQ_W = TX_SEQ_W;

  // ---- registers
  wire [1:0]   hdr_li;
  wire [7:0]   hdr_stratum, hdr_precision;
  wire [31:0]  hdr_root_delay, hdr_root_disp, hdr_ref_id;
  wire [63:0]  hdr_ref_time;
  wire [6:0]   cfg_enable;
  wire [31:0]  cfg_ipv4, cfg_late_margin, cfg_rx_latency, cfg_tx_latency, cfg_ctl_guard;
  wire [15:0]  cfg_alt_port;
  wire [47:0]  cfg_mac;
  wire [127:0] cfg_ipv6, cfg_ipv6_ll, cfg_nonce_seed;
  wire [63:0]  cfg_tx_budget;
  wire         cfg_nonce_load, cfg_vlan_filter;
  wire [11:0]  cfg_vlan_id;
  wire [31:0]  tod_sec, tod_frac;
  wire [3:0]   km_valid;
  wire [127:0] km_id;
  wire [1023:0] km_key;
  wire [1:0]   km_cur;
  reg  [NC*IW-1:0] cnt_inc;
  // the engine's key outcome of each packet -> KMEM use / unknown-key counters
  wire         st_key_hit, st_key_miss;
  wire [1:0]   st_key_slot;
  wire [3:0]   km_use = st_key_hit ? (4'd1 << st_key_slot) : 4'd0;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [7:0]   hdr_poll;          // the engine echoes max(request poll, ...) itself
  wire         cfg_fixed_nonce;   // informational: the seed is loaded the same way in both modes
  wire [31:0]  tod_sub;
  wire         tod_in_leap, pps_pulse;
  wire [0:0]   lk_ack, lk_hit;
  wire [31:0]  lk_key_id;
  wire [255:0] lk_key;
  /* verilator lint_on UNUSEDSIGNAL */

  csr_top #(.N_PORTS(1), .CNT_INC_W(IW), .N_CNT(NC)) u_csr (
      .clk(clk), .rst(rst),
      .s_axil_awaddr(s_axil_awaddr), .s_axil_awprot(s_axil_awprot), .s_axil_awvalid(s_axil_awvalid),
      .s_axil_awready(s_axil_awready), .s_axil_wdata(s_axil_wdata), .s_axil_wstrb(s_axil_wstrb),
      .s_axil_wvalid(s_axil_wvalid), .s_axil_wready(s_axil_wready), .s_axil_bresp(s_axil_bresp),
      .s_axil_bvalid(s_axil_bvalid), .s_axil_bready(s_axil_bready), .s_axil_araddr(s_axil_araddr),
      .s_axil_arprot(s_axil_arprot), .s_axil_arvalid(s_axil_arvalid), .s_axil_arready(s_axil_arready),
      .s_axil_rdata(s_axil_rdata), .s_axil_rresp(s_axil_rresp), .s_axil_rvalid(s_axil_rvalid),
      .s_axil_rready(s_axil_rready),
      .lk_req(1'b0), .lk_cur(1'b0), .lk_id(32'd0), .lk_ack(lk_ack), .lk_hit(lk_hit),
      .lk_key_id(lk_key_id), .lk_key(lk_key),
      .km_ext_use(km_use), .km_ext_unknown(st_key_miss),
      .km_valid(km_valid), .km_id(km_id), .km_key(km_key), .km_cur(km_cur),
      .pps_in(pps_in), .tod_sec(tod_sec), .tod_frac(tod_frac), .tod_sub(tod_sub),
      .tod_in_leap(tod_in_leap), .pps_pulse(pps_pulse),
      .hdr_li(hdr_li), .hdr_stratum(hdr_stratum), .hdr_poll(hdr_poll), .hdr_precision(hdr_precision),
      .hdr_root_delay(hdr_root_delay), .hdr_root_disp(hdr_root_disp), .hdr_ref_id(hdr_ref_id),
      .hdr_ref_time(hdr_ref_time),
      .cfg_enable(cfg_enable), .cfg_ipv4(cfg_ipv4), .cfg_alt_port(cfg_alt_port), .cfg_mac(cfg_mac),
      .cfg_ipv6(cfg_ipv6), .cfg_ipv6_ll(cfg_ipv6_ll), .cfg_fixed_nonce(cfg_fixed_nonce),
      .cfg_nonce_seed(cfg_nonce_seed), .cfg_nonce_load(cfg_nonce_load),
      .cfg_tx_budget(cfg_tx_budget), .cfg_late_margin(cfg_late_margin),
      .cfg_rx_latency(cfg_rx_latency), .cfg_tx_latency(cfg_tx_latency), .cfg_ctl_guard(cfg_ctl_guard),
      .cfg_vlan_filter(cfg_vlan_filter), .cfg_vlan_id(cfg_vlan_id),
      .cnt_inc(cnt_inc));

  wire [63:0] tod = {tod_sec, tod_frac};
  assign tod_now = tod;


  // ---- frontend
  wire [63:0]  rx_tdata, tx_tdata;
  wire [7:0]   rx_tkeep, tx_tkeep;
  wire         rx_tvalid, rx_tlast, rx_tready, tx_tvalid, tx_tlast, tx_tready;
  wire [473:0] rx_tuser;
  wire [537:0] tx_tuser;
  wire [15:0]  drop;
  wire [4:0]   accept;
  wire         tx_sent, tx_late, ctl_sent;
  // arrival order between engine and launch queue (docs/datapath.md "Launch order")
  wire [TSEQ_W-1:0] tx_seq, skip_seq, seq_head;
  wire         skip_valid, room_head, room_any;
  // launch queue for line rate: sequence window and frame storage cover what waits for its
  // instant plus what the engine holds. 7 placeholders back to back (1.22 M/s) at a 60 us
  // budget: ~73 responses of 120 words (8 pages) = ~600 pages of the 1,024 (16 K words);
  // minimal at 4.25 M/s: 85 at 20 us, 255 at 60 us, + 42 in the slots < 512 entries
  eth_datapath #(.TDATA_AW(TX_DATA_AW), .TDESC_AW(TSEQ_W - 1)) u_eth (.clk(clk), .rst(rst), .tod(tod),
      .cfg_mac(cfg_mac), .cfg_ipv4(cfg_ipv4), .cfg_ipv6_global(cfg_ipv6), .cfg_ipv6_ll(cfg_ipv6_ll),
      .cfg_alt_port(cfg_alt_port), .cfg_vlan_filter(cfg_vlan_filter), .cfg_vlan_id(cfg_vlan_id),
      .cfg_rx_latency(cfg_rx_latency), .cfg_tx_latency(cfg_tx_latency),
      .cfg_ctl_guard({32'd0, cfg_ctl_guard}),
      .cfg_en_ipv4(cfg_enable[DP_ENABLE_IPV4_LSB]), .cfg_en_ipv6(cfg_enable[DP_ENABLE_IPV6_LSB]),
      .cfg_en_arp(cfg_enable[DP_ENABLE_ARP_LSB]), .cfg_en_nd(cfg_enable[DP_ENABLE_ND_LSB]),
      .cfg_en_echo(cfg_enable[DP_ENABLE_ICMP_ECHO_LSB]),
      .s_mac_tdata(s_mac_tdata), .s_mac_tkeep(s_mac_tkeep), .s_mac_tvalid(s_mac_tvalid),
      .s_mac_tlast(s_mac_tlast), .s_mac_tuser(s_mac_tuser),
      .m_mac_tdata(m_mac_tdata), .m_mac_tkeep(m_mac_tkeep), .m_mac_tvalid(m_mac_tvalid),
      .m_mac_tlast(m_mac_tlast), .m_mac_tready(m_mac_tready),
      .m_ntp_tdata(rx_tdata), .m_ntp_tkeep(rx_tkeep), .m_ntp_tvalid(rx_tvalid),
      .m_ntp_tlast(rx_tlast), .m_ntp_tuser(rx_tuser), .m_ntp_tready(rx_tready),
      .s_ntp_tdata(tx_tdata), .s_ntp_tkeep(tx_tkeep), .s_ntp_tvalid(tx_tvalid),
      .s_ntp_tlast(tx_tlast), .s_ntp_tuser(tx_tuser), .s_ntp_seq(tx_seq), .s_ntp_tready(tx_tready),
      .s_ntp_skip_valid(skip_valid), .s_ntp_skip_seq(skip_seq),
      .tx_seq_head(seq_head), .tx_room_head(room_head), .tx_room_any(room_any),
      .drop_strobe(drop), .accept_strobe(accept), .tx_sent_strobe(tx_sent),
      .tx_late_strobe(tx_late), .ctl_sent_strobe(ctl_sent));

  // ---- key table copy (round robin, one slot per cycle) and nonce seeding
  reg  [1:0] mirror_slot;
  reg        seed_after_reset;
  always @(posedge clk) begin
    if (rst) begin
      mirror_slot <= 2'd0;
      seed_after_reset <= 1'b1;
    end else begin
      mirror_slot <= mirror_slot + 2'd1;
      seed_after_reset <= 1'b0;
    end
  end

  // ---- engine
  /* verilator lint_off UNUSEDSIGNAL */
  wire         st_valid;
  wire [4:0]   st_code;
  wire [473:0] st_meta;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [16:0]  st;
  nts_engine #(.PIPES(PIPES), .CTX(CTX), .SEQ_W(TSEQ_W)) u_engine (.clk(clk), .rst(rst),
      .ntp_rx_tvalid(rx_tvalid), .ntp_rx_tready(rx_tready), .ntp_rx_tdata(rx_tdata),
      .ntp_rx_tkeep(rx_tkeep), .ntp_rx_tlast(rx_tlast), .ntp_rx_tuser(rx_tuser),
      .ntp_tx_tvalid(tx_tvalid), .ntp_tx_tready(tx_tready), .ntp_tx_tdata(tx_tdata),
      .ntp_tx_tkeep(tx_tkeep), .ntp_tx_tlast(tx_tlast), .ntp_tx_tuser(tx_tuser),
      .ntp_tx_seq(tx_seq), .skip_valid(skip_valid), .skip_seq(skip_seq),
      .seq_head(seq_head), .tx_room_head(room_head), .tx_room_any(room_any),
      .hdr_leap(hdr_li), .hdr_stratum(hdr_stratum), .hdr_precision(hdr_precision),
      .hdr_root_delay(hdr_root_delay), .hdr_root_disp(hdr_root_disp), .hdr_refid(hdr_ref_id),
      .hdr_reftime(hdr_ref_time), .tx_budget(cfg_tx_budget), .late_margin({32'd0, cfg_late_margin}),
      .now_ts(tod), .drop_when_busy(1'b0),
      .serve_plain(cfg_enable[DP_ENABLE_NTP_LSB]), .serve_nts(cfg_enable[DP_ENABLE_NTS_LSB]),
      .key_wr_en(1'b1), .key_wr_slot(mirror_slot), .key_wr_valid(km_valid[mirror_slot]),
      .key_wr_id(km_id[mirror_slot*32 +: 32]), .key_wr_key(km_key[mirror_slot*256 +: 256]),
      .cur_wr_en(1'b1), .cur_wr_slot(km_cur),
      .nonce_load(cfg_nonce_load || seed_after_reset), .nonce_key(cfg_nonce_seed), .nonce_ctr(128'd0),
      .stat_valid(st_valid), .stat_code(st_code), .stat_meta(st_meta), .stat_strobe(st),
      .stat_key_hit(st_key_hit), .stat_key_miss(st_key_miss), .stat_key_slot(st_key_slot),
      .idle(engine_idle));

  // ---- counter strobes -> CNT (index = CNT_IDX_*, see docs/lab.md for the table)
  function [IW-1:0] n1(input b); n1 = {{(IW-1){1'b0}}, b}; endfunction
  reg rx_frame_end;
  always @* rx_frame_end = s_mac_tvalid && s_mac_tlast;
  always @* begin
    cnt_inc = {NC*IW{1'b0}};
    cnt_inc[CNT_IDX_RX_FRAMES * IW +: IW]          = n1(rx_frame_end);
    cnt_inc[CNT_IDX_RX_OK * IW +: IW]              = n1(accept[0]) + n1(accept[1]) + n1(accept[2])
                                                     + n1(accept[3]) + n1(accept[4]);
    cnt_inc[CNT_IDX_DROP_NOT_FOR_US * IW +: IW]    = n1(drop[0]);
    cnt_inc[CNT_IDX_DROP_ETHERTYPE * IW +: IW]     = n1(drop[1]);
    cnt_inc[CNT_IDX_DROP_VLAN * IW +: IW]          = n1(drop[2]);
    cnt_inc[CNT_IDX_DROP_BAD_IPV4_CSUM * IW +: IW] = n1(drop[3]);
    cnt_inc[CNT_IDX_DROP_IPV4_OPTIONS * IW +: IW]  = n1(drop[4]);
    cnt_inc[CNT_IDX_DROP_IP_FRAGMENT * IW +: IW]   = n1(drop[5]);
    cnt_inc[CNT_IDX_DROP_NOT_UDP * IW +: IW]       = n1(drop[6]);
    cnt_inc[CNT_IDX_DROP_WRONG_PORT * IW +: IW]    = n1(drop[7]);
    cnt_inc[CNT_IDX_DROP_UDP_LEN * IW +: IW]       = n1(drop[8]);
    cnt_inc[CNT_IDX_DROP_BAD_L4_CSUM * IW +: IW]   = n1(drop[9]);
    cnt_inc[CNT_IDX_DROP_TRUNCATED * IW +: IW]     = n1(drop[10]);
    cnt_inc[CNT_IDX_DROP_BAD_FCS * IW +: IW]       = n1(drop[11]);
    cnt_inc[CNT_IDX_DROP_TOO_LONG * IW +: IW]      = n1(drop[12]);
    cnt_inc[CNT_IDX_DROP_L3_HEADER * IW +: IW]     = n1(drop[14]);
    cnt_inc[CNT_IDX_DROP_OVERLOAD * IW +: IW]      = n1(drop[13]) + n1(st[16]);
    cnt_inc[CNT_IDX_NTP_SERVED * IW +: IW]         = n1(st[0]);
    cnt_inc[CNT_IDX_NTS_OK * IW +: IW]             = n1(st[1]);
    cnt_inc[CNT_IDX_NTS_UNKNOWN_KEY * IW +: IW]    = n1(st[2]);
    cnt_inc[CNT_IDX_NTS_NAK_BAD_COOKIE * IW +: IW] = n1(st[3]);
    cnt_inc[CNT_IDX_NTS_NAK_BAD_TAG * IW +: IW]    = n1(st[4]);
    cnt_inc[CNT_IDX_DROP_BAD_NTP * IW +: IW]       = n1(st[5]) + n1(st[6]);
    cnt_inc[CNT_IDX_NTS_DROP_MALFORMED * IW +: IW] = n1(st[7]) + n1(st[8]) + n1(st[9]) + n1(st[10])
                                                     + n1(st[11]) + n1(st[12]) + n1(st[13]);
    cnt_inc[CNT_IDX_DROP_DISABLED * IW +: IW]      = n1(drop[15]) + n1(st[14]);
    cnt_inc[CNT_IDX_NTS_DROP_LATE * IW +: IW]      = n1(st[15]);
    cnt_inc[CNT_IDX_ARP_REPLIES * IW +: IW]        = n1(accept[1]);
    cnt_inc[CNT_IDX_ND_REPLIES * IW +: IW]         = n1(accept[2]);
    cnt_inc[CNT_IDX_ICMP_ECHO_REPLIES * IW +: IW]  = n1(accept[3]) + n1(accept[4]);
    cnt_inc[CNT_IDX_TX_SENT * IW +: IW]            = n1(tx_sent);
    cnt_inc[CNT_IDX_TX_LATE * IW +: IW]            = n1(tx_late);
    cnt_inc[CNT_IDX_CTL_SENT * IW +: IW]           = n1(ctl_sent);
  end
endmodule

`default_nettype wire
