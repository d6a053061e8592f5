// Reads the descriptors and the packet store filled by rx_parser and produces
//  - ntp_rx: the UDP payload (realigned to byte 0 of the first beat) with rx_meta in tuser,
//    held for the whole packet, to the NTS engine;
//  - ctl: complete reply frames of the ARP / ND / ICMP echo responders, to the launch queue.
// The store holds each frame from byte 40 on; a reply frame is the responder's overlay for
// bytes below its length (echo: the rewritten first 64 bytes) and the stored request bytes
// above it (echo payload). ARP and ND replies are overlay only (nothing was stored).
// Reset: synchronous, active-high rst.
`default_nettype none

module rx_dispatch (
    input  wire          clk,
    input  wire          rst,
    input  wire [47:0]   cfg_mac,
    input  wire [31:0]   cfg_ipv4,
    input  wire          desc_valid,
    input  wire [1017:0] desc_data,
    output wire          desc_ready,
    input  wire          store_valid,
    input  wire [63:0]   store_data,
    output wire          store_ready,
    // ntp_rx
    output reg  [63:0]   m_ntp_tdata,
    output reg  [7:0]    m_ntp_tkeep,
    output reg           m_ntp_tvalid,
    output reg           m_ntp_tlast,
    output wire [473:0]  m_ntp_tuser,
    input  wire          m_ntp_tready,
    // control replies
    output reg  [63:0]   m_ctl_tdata,
    output reg  [7:0]    m_ctl_tkeep,
    output reg           m_ctl_tvalid,
    output reg           m_ctl_tlast,
    input  wire          m_ctl_tready
);
  localparam [2:0] CLS_NTP = 3'd0, CLS_ARP = 3'd1, CLS_ND = 3'd2, CLS_ECHO4 = 3'd3, CLS_ECHO6 = 3'd4;
  localparam [1:0] S_IDLE = 2'd0, S_NTP = 2'd1, S_CTL = 2'd2;

  reg [1:0]   state;
  reg [473:0] meta;
  reg [2:0]   cls;
  reg [11:0]  nwords, flen;
  reg [4:0]   pay_off;
  reg [511:0] req;
  reg [11:0]  rj;          // store words consumed
  reg [11:0]  ob;          // payload bytes (NTP) or frame bytes (ctl) emitted
  reg [63:0]  prev;

  assign m_ntp_tuser = meta;
  assign desc_ready  = state == S_IDLE;

  // ---- responders (combinational over the latched descriptor) ----
  wire [479:0] arp_frame;
  wire [719:0] nd_frame;
  wire [6:0]   nd_len;
  wire [511:0] echo_frame;
  wire         vlan = meta[65];
  wire [11:0]  vid  = meta[77:66];
  arp_reply u_arp (.cfg_mac(cfg_mac), .cfg_ipv4(cfg_ipv4), .req_sha(meta[425:378]),
      .req_spa(meta[109:78]), .vlan(vlan), .vlan_id(vid), .frame(arp_frame));
  nd_advert u_nd (.cfg_mac(cfg_mac), .target(meta[333:206]), .ns_src_ip(meta[205:78]),
      .ns_src_mac(meta[425:378]), .vlan(vlan), .vlan_id(vid), .frame(nd_frame), .frame_len(nd_len));
  icmp_echo_reply u_echo (.req(req), .vlan(vlan), .is_v6(cls == CLS_ECHO6), .rep(echo_frame));

  wire        echo    = cls == CLS_ECHO4 || cls == CLS_ECHO6;
  wire [767:0] ovl    = cls == CLS_ARP ? {288'b0, arp_frame} : cls == CLS_ND ? {48'b0, nd_frame}
                      : {256'b0, echo_frame};
  wire [11:0] ovl_len = cls == CLS_ARP ? 12'd60 : cls == CLS_ND ? {5'b0, nd_len} : 12'd64;
  wire [11:0] out_len = echo ? flen : ovl_len;
  wire [11:0] use_words = echo ? nwords : 12'd0;

  // ---- NTP payload realignment ----
  wire [1:0]  skip = pay_off[4:3];
  wire [2:0]  sh   = pay_off[2:0];
  wire [11:0] pay_len = meta[377:366];
  wire [63:0] shifted = (prev >> {sh, 3'b000}) | (store_data << {3'd0 - sh, 3'b000});
  wire [11:0] pay_left = pay_len - ob;
  wire [7:0]  pay_keep = pay_left >= 12'd8 ? 8'hff : ~(8'hff << pay_left[2:0]);
  wire        ntp_free = !m_ntp_tvalid || m_ntp_tready;
  wire        ntp_more = ob < pay_len;
  wire        in_words = rj < nwords;
  // consume a store word: header words and the first payload word always, payload words when
  // the output register is free, words after the payload (padding) always
  wire ntp_take = state == S_NTP && in_words && store_valid &&
                  ({10'b0, skip} >= rj || !ntp_more || ntp_free);
  wire ntp_emit_mid   = ntp_take && {10'b0, skip} < rj && ntp_more;
  wire ntp_emit_flush = state == S_NTP && !in_words && ntp_more && ntp_free;

  // ---- control frame ----
  wire [11:0] w_off = ob;                      // byte offset of the word being built
  wire        ctl_store = w_off >= 12'd40 && rj < use_words;
  wire        ctl_free = !m_ctl_tvalid || m_ctl_tready;
  wire        ctl_emit = state == S_CTL && ob < out_len && ctl_free && (!ctl_store || store_valid);
  wire        ctl_take = ctl_emit && ctl_store;
  reg  [63:0] ctl_word;
  integer b;
  always @* begin
    for (b = 0; b < 8; b = b + 1)
      ctl_word[8*b +: 8] = ({20'b0, w_off} + b < {20'b0, ovl_len}) ? ovl[8*({20'b0, w_off} + b) +: 8]
                                                                  : store_data[8*b +: 8];
  end
  wire [11:0] ctl_left = out_len - ob;
  wire        ctl_done_st = state == S_CTL && ob >= out_len && rj >= use_words;
  wire        ctl_drain   = state == S_CTL && ob >= out_len && rj < use_words && store_valid;

  assign store_ready = ntp_take || ctl_take || ctl_drain;

  always @(posedge clk) begin
    if (rst) begin
      state <= S_IDLE; m_ntp_tvalid <= 1'b0; m_ctl_tvalid <= 1'b0;
      m_ntp_tlast <= 1'b0; m_ctl_tlast <= 1'b0; m_ntp_tdata <= 0; m_ctl_tdata <= 0;
      m_ntp_tkeep <= 0; m_ctl_tkeep <= 0; rj <= 0; ob <= 0; prev <= 0;
      meta <= 0; cls <= 0; nwords <= 0; flen <= 0; pay_off <= 0; req <= 0;
    end else begin
      if (m_ntp_tready) m_ntp_tvalid <= 1'b0;
      if (m_ctl_tready) m_ctl_tvalid <= 1'b0;
      case (state)
        S_IDLE: if (desc_valid) begin
          meta <= desc_data[473:0]; cls <= desc_data[476:474]; nwords <= desc_data[488:477];
          flen <= desc_data[500:489]; pay_off <= desc_data[505:501]; req <= desc_data[1017:506];
          rj <= 0; ob <= 0;
          state <= desc_data[476:474] == CLS_NTP ? S_NTP : S_CTL;
        end
        S_NTP: begin
          if (ntp_take) begin rj <= rj + 1'b1; prev <= store_data; end
          if (ntp_emit_mid || ntp_emit_flush) begin
            m_ntp_tvalid <= 1'b1;
            m_ntp_tdata  <= ntp_emit_mid ? shifted : (prev >> {sh, 3'b000});
            m_ntp_tkeep  <= pay_keep;
            m_ntp_tlast  <= pay_left <= 12'd8;
            ob <= ob + 12'd8;
          end
          if (!in_words && !ntp_more) state <= S_IDLE;
        end
        S_CTL: begin
          if (ctl_take || ctl_drain) rj <= rj + 1'b1;
          if (ctl_emit) begin
            m_ctl_tvalid <= 1'b1;
            m_ctl_tdata  <= ctl_word;
            m_ctl_tkeep  <= ctl_left >= 12'd8 ? 8'hff : ~(8'hff << ctl_left[2:0]);
            m_ctl_tlast  <= ctl_left <= 12'd8;
            ob <= ob + 12'd8;
          end
          if (ctl_done_st) state <= S_IDLE;
        end
        default: state <= S_IDLE;
      endcase
    end
  end
endmodule

`default_nettype wire
