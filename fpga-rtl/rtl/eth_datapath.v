// Packet side of the FPGA datapath (docs/datapath-frontend.md): MAC RX -> rx_parser ->
// packet store -> rx_dispatch -> ntp_rx (to the NTS engine) and responder replies; ntp_tx
// (from the engine) -> tx_backend -> launch_queue <- replies; launch_queue -> MAC TX.
// Responses carry the request's arrival sequence number (s_ntp_seq; s_ntp_skip_* for a request
// without response); the launch queue releases them in that order (launch_queue.v) and
// reports its head and free room back to the engine (tx_seq_head, tx_room_*).
// One clock domain (156.25 MHz), synchronous active-high rst.
`default_nettype none

module eth_datapath #(
    parameter MAX_FRAME = 2113,
    parameter STORE_AW  = 10,
    parameter RDESC_AW  = 4,
    parameter TDATA_AW  = 10,   // timed frame storage (64-bit words, 16-word pages)
    parameter TDESC_AW  = 4,    // reorder entries: requests between the engine and the MAC
    parameter SEQ_W     = TDESC_AW + 1   // derived: sequence number width
) (
    input  wire          clk,
    input  wire          rst,
    input  wire [63:0]   tod,
    // registers
    input  wire [47:0]   cfg_mac,
    input  wire [31:0]   cfg_ipv4,
    input  wire [127:0]  cfg_ipv6_global,
    input  wire [127:0]  cfg_ipv6_ll,
    input  wire [15:0]   cfg_alt_port,
    input  wire          cfg_vlan_filter,
    input  wire [11:0]   cfg_vlan_id,
    input  wire [31:0]   cfg_rx_latency,
    input  wire [31:0]   cfg_tx_latency,
    input  wire [63:0]   cfg_ctl_guard,
    input  wire          cfg_en_ipv4,       // DP ENABLE bits the frontend applies (rx_parser)
    input  wire          cfg_en_ipv6,
    input  wire          cfg_en_arp,
    input  wire          cfg_en_nd,
    input  wire          cfg_en_echo,
    // MAC RX
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
    // ntp_rx to the engine
    output wire [63:0]   m_ntp_tdata,
    output wire [7:0]    m_ntp_tkeep,
    output wire          m_ntp_tvalid,
    output wire          m_ntp_tlast,
    output wire [473:0]  m_ntp_tuser,
    input  wire          m_ntp_tready,
    // ntp_tx from the engine
    input  wire [63:0]   s_ntp_tdata,
    input  wire [7:0]    s_ntp_tkeep,
    input  wire          s_ntp_tvalid,
    input  wire          s_ntp_tlast,
    input  wire [537:0]  s_ntp_tuser,
    input  wire [SEQ_W-1:0] s_ntp_seq,
    output wire          s_ntp_tready,
    input  wire          s_ntp_skip_valid,
    input  wire [SEQ_W-1:0] s_ntp_skip_seq,
    output wire [SEQ_W-1:0] tx_seq_head,
    output wire          tx_room_head,
    output wire          tx_room_any,
    // counter strobes
    output wire [15:0]   drop_strobe,
    output wire [4:0]    accept_strobe,
    output wire          tx_sent_strobe,
    output wire          tx_late_strobe,
    output wire          ctl_sent_strobe
);
  wire        st_wr, st_commit, st_rollback, st_full, st_valid, st_ready;
  wire [63:0] st_wdata, st_rdata;
  wire        rd_wr, rd_full, rd_valid, rd_ready;
  wire [1017:0] rd_wdata, rd_rdata;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [STORE_AW:0] st_free_n;
  wire [RDESC_AW:0] rd_free;
  /* verilator lint_on UNUSEDSIGNAL */

  rx_parser #(.MAX_FRAME(MAX_FRAME)) u_parser (.clk(clk), .rst(rst),
      .s_tdata(s_mac_tdata), .s_tkeep(s_mac_tkeep), .s_tvalid(s_mac_tvalid),
      .s_tlast(s_mac_tlast), .s_tuser(s_mac_tuser), .tod(tod),
      .cfg_mac(cfg_mac), .cfg_ipv4(cfg_ipv4), .cfg_ipv6_global(cfg_ipv6_global),
      .cfg_ipv6_ll(cfg_ipv6_ll), .cfg_alt_port(cfg_alt_port), .cfg_vlan_filter(cfg_vlan_filter),
      .cfg_vlan_id(cfg_vlan_id), .cfg_rx_latency(cfg_rx_latency),
      .cfg_en_ipv4(cfg_en_ipv4), .cfg_en_ipv6(cfg_en_ipv6), .cfg_en_arp(cfg_en_arp),
      .cfg_en_nd(cfg_en_nd), .cfg_en_echo(cfg_en_echo),
      .store_wr_en(st_wr), .store_wr_data(st_wdata), .store_commit(st_commit),
      .store_rollback(st_rollback), .store_full(st_full),
      .desc_wr_en(rd_wr), .desc_wr_data(rd_wdata), .desc_full(rd_full),
      .drop_strobe(drop_strobe), .accept_strobe(accept_strobe));
  eth_fifo #(.W(64), .AW(STORE_AW), .PKT(1)) u_store (.clk(clk), .rst(rst),
      .wr_en(st_wr), .wr_data(st_wdata), .commit(st_commit), .rollback(st_rollback),
      .full(st_full), .free(st_free_n), .rd_valid(st_valid), .rd_data(st_rdata), .rd_ready(st_ready));
  eth_fifo #(.W(1018), .AW(RDESC_AW), .PKT(0)) u_rdesc (.clk(clk), .rst(rst),
      .wr_en(rd_wr), .wr_data(rd_wdata), .commit(1'b0), .rollback(1'b0),
      .full(rd_full), .free(rd_free), .rd_valid(rd_valid), .rd_data(rd_rdata), .rd_ready(rd_ready));

  wire [63:0] c_tdata; wire [7:0] c_tkeep; wire c_tvalid, c_tlast, c_tready;
  rx_dispatch u_dispatch (.clk(clk), .rst(rst), .cfg_mac(cfg_mac), .cfg_ipv4(cfg_ipv4),
      .desc_valid(rd_valid), .desc_data(rd_rdata), .desc_ready(rd_ready),
      .store_valid(st_valid), .store_data(st_rdata), .store_ready(st_ready),
      .m_ntp_tdata(m_ntp_tdata), .m_ntp_tkeep(m_ntp_tkeep), .m_ntp_tvalid(m_ntp_tvalid),
      .m_ntp_tlast(m_ntp_tlast), .m_ntp_tuser(m_ntp_tuser), .m_ntp_tready(m_ntp_tready),
      .m_ctl_tdata(c_tdata), .m_ctl_tkeep(c_tkeep), .m_ctl_tvalid(c_tvalid),
      .m_ctl_tlast(c_tlast), .m_ctl_tready(c_tready));

  wire        td_wr, td_commit, td_full, tq_wr, tq_full;
  wire [72:0] td_data;
  wire [598:0] tq_data;
  wire [SEQ_W-1:0] tq_seq;
  tx_backend #(.SEQ_W(SEQ_W)) u_backend (.clk(clk), .rst(rst),
      .s_tdata(s_ntp_tdata), .s_tkeep(s_ntp_tkeep), .s_tvalid(s_ntp_tvalid),
      .s_tlast(s_ntp_tlast), .s_tuser(s_ntp_tuser), .s_tseq(s_ntp_seq), .s_tready(s_ntp_tready),
      .seq_head(tx_seq_head),
      .data_wr_en(td_wr), .data_wr_data(td_data), .data_commit(td_commit), .data_full(td_full),
      .desc_wr_en(tq_wr), .desc_wr_data(tq_data), .desc_wr_seq(tq_seq), .desc_full(tq_full));
  launch_queue #(.DATA_AW(TDATA_AW), .SEQ_W(SEQ_W)) u_launch (.clk(clk), .rst(rst), .tod(tod),
      .cfg_tx_latency(cfg_tx_latency), .cfg_ctl_guard(cfg_ctl_guard),
      .data_wr_en(td_wr), .data_wr_data(td_data), .data_commit(td_commit), .data_full(td_full),
      .desc_wr_en(tq_wr), .desc_wr_data(tq_data), .desc_wr_seq(tq_seq), .desc_full(tq_full),
      .skip_valid(s_ntp_skip_valid), .skip_seq(s_ntp_skip_seq),
      .seq_head(tx_seq_head), .room_head(tx_room_head), .room_any(tx_room_any),
      .s_ctl_tdata(c_tdata), .s_ctl_tkeep(c_tkeep), .s_ctl_tvalid(c_tvalid),
      .s_ctl_tlast(c_tlast), .s_ctl_tready(c_tready),
      .m_tdata(m_mac_tdata), .m_tkeep(m_mac_tkeep), .m_tvalid(m_mac_tvalid),
      .m_tlast(m_mac_tlast), .m_tready(m_mac_tready),
      .sent_strobe(tx_sent_strobe), .late_strobe(tx_late_strobe), .ctl_sent_strobe(ctl_sent_strobe));
endmodule

`default_nettype wire
