// MAC-side receive parser: timestamps each frame at its first beat, captures the first 88
// bytes, runs the IPv4-header and L4 checksums while the frame streams in, writes the frame
// from byte 40 on into the packet store, and one cycle after the last beat decides: accept
// (commit the store, push a descriptor for rx_dispatch) or drop (roll back, one strobe on
// drop_strobe naming the reason). A frame that passes every check but whose service is
// switched off (cfg_en_*: DP ENABLE) is dropped as DROP_DISABLED; the engine applies the
// NTP / NTS bits itself (it alone parses the extension fields). The MAC cannot be back-pressured: a full store or
// descriptor queue is a drop (DROP_NO_BUFFER).
//
// MAC stream: 64-bit AXI-Stream without tready, byte 0 in tdata[7:0], tkeep contiguous from
// lane 0 (partial only on the last beat), preamble/SFD and FCS stripped by the MAC;
// s_tuser = 1 on the last beat marks an FCS (or PHY) error.
// rx_ts = ToD in the cycle of the first beat - cfg_rx_latency (PHY-to-MAC-output latency,
// units of 2^-32 s).
//
// Descriptor (rx_parser -> rx_dispatch), DESC_W bits:
//   [473:0] rx_meta (docs/datapath.md); for ARP src_mac/src_ip = sender HW/protocol address,
//           dst_ip = target protocol address; for ND dst_ip = the NS target address
//   [476:474] class (CLS_*)   [488:477] store words of this frame   [500:489] frame bytes
//   [505:501] offset of the UDP payload in the store (bytes; the store starts at frame byte 40)
//   [1017:506] frame bytes 0..63 (byte i at bit 506+8i), for the echo responders
// Reset: synchronous, active-high rst.
`default_nettype none

module rx_parser #(
    parameter MAX_FRAME = 2113     // bytes without FCS; longer frames are DROP_TOO_LONG
) (
    input  wire          clk,
    input  wire          rst,
    input  wire [63:0]   s_tdata,
    input  wire [7:0]    s_tkeep,
    input  wire          s_tvalid,
    input  wire          s_tlast,
    input  wire          s_tuser,
    input  wire [63:0]   tod,
    input  wire [47:0]   cfg_mac,
    input  wire [31:0]   cfg_ipv4,
    input  wire [127:0]  cfg_ipv6_global,
    input  wire [127:0]  cfg_ipv6_ll,
    input  wire [15:0]   cfg_alt_port,      // 0 = only port 123
    input  wire          cfg_vlan_filter,   // 1: accept only frames tagged cfg_vlan_id
    input  wire [11:0]   cfg_vlan_id,
    input  wire [31:0]   cfg_rx_latency,
    input  wire          cfg_en_ipv4,       // DP ENABLE bits: IPv4 (NTP, echo; ARP with cfg_en_arp)
    input  wire          cfg_en_ipv6,       //   IPv6 (NTP, echo; ND with cfg_en_nd)
    input  wire          cfg_en_arp,
    input  wire          cfg_en_nd,
    input  wire          cfg_en_echo,       //   ICMP and ICMPv6 echo
    // packet store write side (eth_fifo PKT=1)
    output wire          store_wr_en,
    output wire [63:0]   store_wr_data,
    output wire          store_commit,
    output wire          store_rollback,
    input  wire          store_full,
    // descriptor queue write side
    output wire          desc_wr_en,
    output wire [1017:0] desc_wr_data,
    input  wire          desc_full,
    // one-cycle strobes, one bit per drop reason / accepted class
    output reg  [15:0]   drop_strobe,
    output reg  [4:0]    accept_strobe
);
  // drop reasons (bit of drop_strobe) and classes (bit of accept_strobe); docs/datapath-frontend.md
  localparam [4:0] DROP_NOT_FOR_US = 5'd0, DROP_ETHERTYPE = 5'd1, DROP_VLAN = 5'd2,
                   DROP_IPV4_CSUM = 5'd3, DROP_IPV4_OPTIONS = 5'd4, DROP_FRAGMENT = 5'd5,
                   DROP_NOT_UDP = 5'd6, DROP_PORT = 5'd7, DROP_UDP_LEN = 5'd8, DROP_L4_CSUM = 5'd9,
                   DROP_TRUNCATED = 5'd10, DROP_FCS = 5'd11, DROP_TOO_LONG = 5'd12,
                   DROP_NO_BUFFER = 5'd13, DROP_L3_HEADER = 5'd14, DROP_DISABLED = 5'd15,
                   DROP_NONE = 5'd31;
  localparam [2:0] CLS_NTP = 3'd0, CLS_ARP = 3'd1, CLS_ND = 3'd2, CLS_ECHO4 = 3'd3, CLS_ECHO6 = 3'd4;

  // ---------------- per-beat capture ----------------
  reg  [12:0]  beat;            // index of the next beat in the frame
  /* verilator lint_off UNUSEDSIGNAL */
  reg  [703:0] hdr;             // frame bytes 0..87 (bytes 82..87 are never looked at)
  /* verilator lint_on UNUSEDSIGNAL */
  reg  [63:0]  ts;
  reg  [31:0]  sum_a, sum_b, sum_c, sum_l4;
  reg  [12:0]  len;             // bytes so far (saturating at MAX_FRAME+1)
  reg          too_long, store_ovf;
  reg          eof, eof_fcs;

  // tkeep is contiguous from lane 0: the byte count is the index of its highest set bit + 1
  wire [3:0] nkeep = s_tkeep[7] ? 4'd8 : s_tkeep[6] ? 4'd7 : s_tkeep[5] ? 4'd6 : s_tkeep[4] ? 4'd5 :
                     s_tkeep[3] ? 4'd4 : s_tkeep[2] ? 4'd3 : s_tkeep[1] ? 4'd2 : {3'b0, s_tkeep[0]};
  wire [13:0] len_next = {1'b0, len} + {10'b0, nkeep};
  wire        long_next = too_long || len_next > MAX_FRAME;

  // ---------------- header views (valid once the bytes were captured) ----------------
  wire [15:0] et0   = {hdr[8*12 +: 8], hdr[8*13 +: 8]};
  wire        vlan  = et0 == 16'h8100;
  wire [11:0] vid   = {hdr[8*14 +: 4], hdr[8*15 +: 8]};
  wire [15:0] et    = vlan ? {hdr[8*16 +: 8], hdr[8*17 +: 8]} : et0;
  wire [6:0]  l3s   = vlan ? 7'd18 : 7'd14;
  wire [319:0] l3   = vlan ? hdr[8*18 +: 320] : hdr[8*14 +: 320];
  wire        is_arp = et == 16'h0806, is_v4 = et == 16'h0800, is_v6 = et == 16'h86dd;
  wire [6:0]  l4s   = l3s + (is_v6 ? 7'd40 : 7'd20);
  wire [191:0] l4   = (l4s == 7'd34) ? hdr[8*34 +: 192] : (l4s == 7'd38) ? hdr[8*38 +: 192]
                    : (l4s == 7'd54) ? hdr[8*54 +: 192] : hdr[8*58 +: 192];
`define L3(k) l3[8*(k) +: 8]
`define L4(k) l4[8*(k) +: 8]
  wire [15:0] v4_tot  = {`L3(2), `L3(3)};
  wire [15:0] v6_plen = {`L3(4), `L3(5)};
  wire [16:0] l4e     = is_v6 ? {10'b0, l3s} + 17'd40 + {1'b0, v6_plen} : {10'b0, l3s} + {1'b0, v4_tot};
  wire [16:0] l4len   = l4e - {10'b0, l4s};
  wire [7:0]  proto   = is_v6 ? `L3(6) : `L3(9);
  wire [127:0] src_ip = is_v6 ? l3[8*8 +: 128] : {96'b0, l3[8*12 +: 32]};
  wire [127:0] dst_ip = is_v6 ? l3[8*24 +: 128] : {96'b0, l3[8*16 +: 32]};

  // the capture is little-endian per byte; addresses compare in wire order, so byte-reverse
  function [127:0] rev16; input [127:0] x; integer i;
    begin for (i = 0; i < 16; i = i + 1) rev16[8*i +: 8] = x[8*(15-i) +: 8]; end
  endfunction
  function [47:0] rev6; input [47:0] x; integer i;
    begin for (i = 0; i < 6; i = i + 1) rev6[8*i +: 8] = x[8*(5-i) +: 8]; end
  endfunction
  function [31:0] rev4; input [31:0] x;
    rev4 = {x[7:0], x[15:8], x[23:16], x[31:24]};
  endfunction
  wire [47:0]  dmac   = rev6(hdr[0 +: 48]);
  wire [47:0]  smac   = rev6(hdr[48 +: 48]);
  wire [127:0] sip_be = is_v6 ? rev16(src_ip) : {96'b0, rev4(src_ip[31:0])};
  wire [127:0] dip_be = is_v6 ? rev16(dst_ip) : {96'b0, rev4(dst_ip[31:0])};

  // ---------------- running checksums ----------------
  // IPv4 header words: A = bytes 14..17, B = 18..33, C = 34..37; untagged = A+B, tagged = B+C.
  // L4: every byte in [l4s, l4e) (known from beat 4 on, the first beat that can hold L4 bytes).
  function [31:0] w16; input [63:0] d; input integer j;   // big-endian word j of a beat
    w16 = {16'b0, d[16*j +: 8], d[16*j+8 +: 8]};
  endfunction
  wire [16:0] off0 = {1'b0, beat, 3'b000};
  reg  [18:0] beat_l4;
  reg  [7:0]  bh, bl;
  reg  [16:0] ob;
  wire [16:0] lane [0:7];
  genvar g;
  generate for (g = 0; g < 8; g = g + 1) begin : lanes
    assign lane[g] = g;
  end endgenerate
  integer j;
  integer hb;       // header capture beat (sequential block)
  always @* begin
    beat_l4 = 19'd0;
    for (j = 0; j < 4; j = j + 1) begin
      ob = off0 + lane[2*j];
      bh = (s_tkeep[2*j]   && ob >= {10'b0, l4s} && ob < l4e) ? s_tdata[16*j +: 8] : 8'h00;
      ob = off0 + lane[2*j+1];
      bl = (s_tkeep[2*j+1] && ob >= {10'b0, l4s} && ob < l4e) ? s_tdata[16*j+8 +: 8] : 8'h00;
      beat_l4 = beat_l4 + {3'b0, bh, bl};
    end
  end

  always @(posedge clk) begin
    if (rst) begin
      beat <= 0; len <= 0; too_long <= 1'b0; store_ovf <= 1'b0; eof <= 1'b0; eof_fcs <= 1'b0;
      sum_a <= 0; sum_b <= 0; sum_c <= 0; sum_l4 <= 0; ts <= 0; hdr <= 0;
    end else begin
      eof <= s_tvalid && s_tlast;
      if (s_tvalid && s_tlast) eof_fcs <= s_tuser;
      if (s_tvalid) begin
        for (hb = 0; hb < 11; hb = hb + 1)   // constant part-selects (a variable one costs a 704-bit shift)
          if (beat == hb[12:0]) hdr[64*hb +: 64] <= s_tdata;
        if (beat == 0) begin
          ts <= tod - {32'b0, cfg_rx_latency};
          sum_a <= 0; sum_b <= 0; sum_c <= 0; sum_l4 <= 0;
          store_ovf <= 1'b0;
          too_long <= {10'b0, nkeep} > MAX_FRAME;
          len <= {9'b0, nkeep};
        end else begin
          too_long <= long_next;
          len <= long_next ? MAX_FRAME[12:0] + 13'd1 : len_next[12:0];
          case (beat)
            13'd1: sum_a <= sum_a + w16(s_tdata, 3);
            13'd2: begin
              sum_a <= sum_a + w16(s_tdata, 0);
              sum_b <= sum_b + w16(s_tdata, 1) + w16(s_tdata, 2) + w16(s_tdata, 3);
            end
            13'd3: sum_b <= sum_b + w16(s_tdata, 0) + w16(s_tdata, 1) + w16(s_tdata, 2) + w16(s_tdata, 3);
            13'd4: begin
              sum_b <= sum_b + w16(s_tdata, 0);
              sum_c <= sum_c + w16(s_tdata, 1) + w16(s_tdata, 2);
            end
            default: ;
          endcase
          if (beat >= 13'd4) sum_l4 <= sum_l4 + {13'b0, beat_l4};
          if (beat >= 13'd5 && store_full && !long_next) store_ovf <= 1'b1;
        end
        beat <= s_tlast ? 13'd0 : (beat == 13'h1fff ? beat : beat + 1'b1);
      end
    end
  end

  assign store_wr_en   = s_tvalid && beat >= 13'd5 && !long_next && !store_ovf && !store_full;
  assign store_wr_data = s_tdata;

  // ---------------- decision (the cycle after the last beat) ----------------
  function [15:0] fold; input [31:0] x; reg [16:0] s;
    begin s = {1'b0, x[15:0]} + {1'b0, x[31:16]}; s = {1'b0, s[15:0]} + {16'b0, s[16]}; fold = s[15:0]; end
  endfunction
  function [31:0] sum_words; input [127:0] x; integer i;   // sum of the 8 big-endian words
    begin sum_words = 0; for (i = 0; i < 8; i = i + 1) sum_words = sum_words + {16'b0, x[16*i +: 16]}; end
  endfunction

  wire        ip4_ok  = fold(vlan ? sum_b + sum_c : sum_a + sum_b) == 16'hffff;
  wire [31:0] pseudo  = sum_words(sip_be) + sum_words(dip_be) + {24'b0, proto} + {15'b0, l4len};
  wire        l4_ok   = fold(sum_l4 + ((is_v4 && proto == 8'd1) ? 32'd0 : pseudo)) == 16'hffff;

  wire [47:0] mac_bcast = 48'hffffffffffff;
  wire        dmac_ours = dmac == cfg_mac;
  wire [31:0] tpa       = rev4(l3[8*24 +: 32]);
  wire [31:0] spa       = rev4(l3[8*14 +: 32]);
  wire [47:0] sha       = rev6(l3[8*8 +: 48]);
  wire        uni6      = dip_be == cfg_ipv6_global || dip_be == cfg_ipv6_ll;
  wire        sn6       = (dip_be[127:24] == 104'hff0200000000000000000001ff) &&
                          (dip_be[23:0] == cfg_ipv6_global[23:0] || dip_be[23:0] == cfg_ipv6_ll[23:0]);
  wire        dmac_sn   = dmac == {24'h3333ff, dip_be[23:0]};
  wire [127:0] nd_target = rev16(l4[8*8 +: 128]);
  wire [15:0] sport = {`L4(0), `L4(1)}, dport = {`L4(2), `L4(3)}, ulen = {`L4(4), `L4(5)};
  wire [15:0] ucsum = {`L4(6), `L4(7)};
  wire [7:0]  itype = `L4(0), icode = `L4(1);
  wire [13:0] need_l3 = is_arp ? 14'd28 : is_v6 ? 14'd40 : 14'd20;

  reg [4:0] reason;   // DROP_* or DROP_NONE
  reg [2:0] cls;
  always @* begin
    reason = DROP_NONE; cls = CLS_NTP;
    if (eof_fcs)                                        reason = DROP_FCS;
    else if (too_long)                                  reason = DROP_TOO_LONG;
    else if (len < (vlan ? 13'd18 : 13'd14))            reason = DROP_TRUNCATED;
    else if (cfg_vlan_filter && !(vlan && vid == cfg_vlan_id)) reason = DROP_VLAN;
    else if (!(is_arp || is_v4 || is_v6))               reason = DROP_ETHERTYPE;
    else if ({1'b0, len} < {7'b0, l3s} + need_l3)       reason = DROP_TRUNCATED;
    else if (is_arp) begin
      cls = CLS_ARP;
      if ({`L3(0), `L3(1)} != 16'd1 || {`L3(2), `L3(3)} != 16'h0800 || `L3(4) != 8'd6 || `L3(5) != 8'd4)
        reason = DROP_L3_HEADER;
      else if ({`L3(6), `L3(7)} != 16'd1 || tpa != cfg_ipv4 || !(dmac_ours || dmac == mac_bcast))
        reason = DROP_NOT_FOR_US;
    end else if (is_v4 && `L3(0) != 8'h45)
      reason = (`L3(0) >> 4) != 8'd4 ? DROP_L3_HEADER : DROP_IPV4_OPTIONS;
    else if (is_v6 && `L3(0) >> 4 != 8'd6)              reason = DROP_L3_HEADER;
    else if ((is_v4 && v4_tot < 16'd20) || l4e > {4'b0, len}) reason = DROP_TRUNCATED;
    else if (is_v4 && !ip4_ok)                          reason = DROP_IPV4_CSUM;
    else if (is_v4 && (`L3(6) & 8'h3f) != 8'd0 || is_v4 && `L3(7) != 8'd0) reason = DROP_FRAGMENT;
    else if (is_v4 && !(dmac_ours && dip_be[31:0] == cfg_ipv4)) reason = DROP_NOT_FOR_US;
    else if (is_v6 && !((uni6 && dmac_ours) || (sn6 && dmac_sn))) reason = DROP_NOT_FOR_US;
    else if (proto == 8'd17) begin
      if (is_v6 && !uni6)                               reason = DROP_NOT_FOR_US;
      else if (l4len < 17'd56 || {1'b0, ulen} != l4len || l4len > 17'd2055) reason = DROP_UDP_LEN;
      else if (dport != 16'd123 && !(cfg_alt_port != 16'd0 && dport == cfg_alt_port)) reason = DROP_PORT;
      else if ((is_v6 || ucsum != 16'd0) && !l4_ok)     reason = DROP_L4_CSUM;
    end else if (is_v4 && proto == 8'd1 && l4len >= 17'd8 && itype == 8'd8 && icode == 8'd0) begin
      cls = CLS_ECHO4;
      if (!l4_ok)                                       reason = DROP_L4_CSUM;
    end else if (is_v6 && proto == 8'd58 && l4len >= 17'd8 && itype == 8'd128 && icode == 8'd0 && uni6) begin
      cls = CLS_ECHO6;
      if (!l4_ok)                                       reason = DROP_L4_CSUM;
    end else if (is_v6 && proto == 8'd58 && l4len >= 17'd24 && itype == 8'd135) begin
      cls = CLS_ND;
      if (icode != 8'd0 || `L3(7) != 8'd255 || sip_be == 128'd0 ||
          !(nd_target == cfg_ipv6_global || nd_target == cfg_ipv6_ll))
        reason = DROP_NOT_FOR_US;
      else if (!l4_ok)                                  reason = DROP_L4_CSUM;
    end else                                            reason = DROP_NOT_UDP;
    // the frame's service is switched off (ARP is IPv4's, ND IPv6's)
    if (reason == DROP_NONE && ((is_v4 || is_arp) && !cfg_en_ipv4 || is_v6 && !cfg_en_ipv6 ||
        cls == CLS_ARP && !cfg_en_arp || cls == CLS_ND && !cfg_en_nd ||
        (cls == CLS_ECHO4 || cls == CLS_ECHO6) && !cfg_en_echo))
      reason = DROP_DISABLED;
    if (reason == DROP_NONE && (desc_full || ((cls == CLS_NTP || cls == CLS_ECHO4 || cls == CLS_ECHO6) && store_ovf)))
      reason = DROP_NO_BUFFER;
  end
`undef L3
`undef L4

  wire accept  = eof && reason == DROP_NONE;
  wire keep_st = cls == CLS_NTP || cls == CLS_ECHO4 || cls == CLS_ECHO6;
  assign store_commit   = accept && keep_st;
  assign store_rollback = eof && !(accept && keep_st);
  assign desc_wr_en     = accept;

  wire [11:0] nwords = (len > 13'd40) ? (len[11:0] - 12'd33) >> 3 : 12'd0;   // ceil((len-40)/8)
  wire [4:0]  pay_off = l4s[4:0];   // l4s + 8 (UDP header) - 40 (store start), l4s in 34..58
  wire [11:0] pay_len = l4len[11:0] - 12'd8;
  wire        arp = cls == CLS_ARP, nd = cls == CLS_ND;
  wire [127:0] m_src_ip = arp ? {96'b0, spa} : sip_be;
  wire [127:0] m_dst_ip = arp ? {96'b0, tpa} : nd ? nd_target : dip_be;
  wire [47:0]  m_src_mac = arp ? sha : smac;
  wire [473:0] meta = {dmac, m_src_mac, pay_len, dport, sport, m_dst_ip, m_src_ip, vid, vlan, is_v6, ts};
  assign desc_wr_data = {hdr[511:0], pay_off, len[11:0], nwords, cls, meta};

  always @(posedge clk) begin
    if (rst) begin
      drop_strobe <= 0; accept_strobe <= 0;
    end else begin
      drop_strobe   <= (eof && reason != DROP_NONE) ? (16'd1 << reason[3:0]) : 16'd0;
      accept_strobe <= accept ? (5'd1 << cls) : 5'd0;
    end
  end
endmodule

`default_nettype wire
