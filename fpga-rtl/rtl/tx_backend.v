// Response framing: takes the engine's ntp_tx payload stream with tx_meta (addresses already
// swapped) and writes the frame into the launch queue, store-and-forward:
//  - payload beats are shifted to their frame position (after the 42/46/62/66-byte
//    Ethernet[/VLAN]/IP/UDP header) and written to the queue's data FIFO as they arrive,
//    while the UDP payload sum accumulates;
//  - after the last beat the header is built from tx_meta (IPv4: identification counter,
//    TTL 64, no fragmentation, header checksum; IPv6: hop limit 64; UDP checksum over the
//    pseudo-header, header and payload, 0 sent as 0xffff) and handed over with tx_ts as the
//    descriptor, in the same cycle as the frame's data words are committed.
// The data FIFO word holds frame words from word hlen/8 on; the launch queue emits the
// header words from the descriptor and merges the header bytes of the first data word.
// Descriptor: [63:0] tx_ts, [70:64] hlen, [598:71] header bytes 0..65 (byte i at 71+8i).
// Data FIFO word: [63:0] data, [71:64] keep, [72] last.
// s_tseq (with the first beat) is the request's arrival sequence number; it goes with the
// descriptor so the launch queue can put the frame in arrival order. A frame whose sequence
// number is 2^(SEQ_W-1) or more ahead of the launch queue's head is held (the reorder entry
// is still in use); the engine never offers one (it takes requests only inside that window),
// the check keeps the queue consistent with any producer.
// Reset: synchronous, active-high rst.
`default_nettype none

module tx_backend #(
    parameter SEQ_W = 5
) (
    input  wire          clk,
    input  wire          rst,
    input  wire [63:0]   s_tdata,
    input  wire [7:0]    s_tkeep,
    input  wire          s_tvalid,
    input  wire          s_tlast,
    input  wire [537:0]  s_tuser,      // tx_meta, sampled on the first beat
    input  wire [SEQ_W-1:0] s_tseq,    // arrival sequence number, sampled on the first beat
    output wire          s_tready,
    input  wire [SEQ_W-1:0] seq_head,  // launch queue head
    // launch queue write side
    output reg           data_wr_en,
    output reg  [72:0]   data_wr_data,
    output reg           data_commit,
    input  wire          data_full,    // fewer than 4 free words (writes are registered)
    output reg           desc_wr_en,
    output reg  [598:0]  desc_wr_data,
    output reg  [SEQ_W-1:0] desc_wr_seq,
    input  wire          desc_full
);
  localparam [1:0] S_PAY = 2'd0, S_SPILL = 2'd1, S_FIN = 2'd2;
  reg [1:0]   state;
  reg         first;          // the next beat is the first of a packet
  /* verilator lint_off UNUSEDSIGNAL */
  reg [537:0] meta;           // rx_ts and payload_len are not needed: lengths come from the stream
  /* verilator lint_on UNUSEDSIGNAL */
  wire [527:0] hdr_lanes;
  reg [63:0]  prev;           // previous payload beat (its top bytes spill into the next word)
  reg [31:0]  psum;           // payload sum of big-endian 16-bit words
  reg [11:0]  pbytes;         // payload bytes received
  reg [15:0]  ident;

  // the header shape of the packet in flight: from tuser on its first beat, then latched
  wire        v6   = first ? s_tuser[64] : meta[64];
  wire        vlan = first ? s_tuser[65] : meta[65];
  wire [6:0]  hlen = (v6 ? 7'd62 : 7'd42) + (vlan ? 7'd4 : 7'd0);
  wire [2:0]  sh   = hlen[2:0];              // 2 or 6
  wire [63:0] word = (s_tdata << {sh, 3'b000}) | (first ? 64'd0 : (prev >> {3'd0 - sh, 3'b000}));
  wire [7:0]  nkeep_in = s_tkeep;
  wire [3:0]  nin = nkeep_in[7] ? 4'd8 : nkeep_in[6] ? 4'd7 : nkeep_in[5] ? 4'd6 : nkeep_in[4] ? 4'd5 :
                    nkeep_in[3] ? 4'd4 : nkeep_in[2] ? 4'd3 : nkeep_in[1] ? 4'd2 : {3'b0, nkeep_in[0]};
  // bytes of the frame word carrying this beat: sh bytes from before (header or previous beat)
  // plus what fits of this beat; a spill word follows when sh + nin > 8
  wire [4:0]  span = {2'b0, sh} + {1'b0, nin};
  wire        spill = span > 5'd8;
  wire [7:0]  keep_word = span >= 5'd8 ? 8'hff : ~(8'hff << span[2:0]);
  wire [2:0]  spill_n = span[2:0];           // bytes in the spill word (span - 8)

  // payload sum of this beat (bytes beyond tkeep count as zero: odd lengths pad with zero)
  reg [31:0] bsum; integer j;
  always @* begin
    bsum = 0;
    for (j = 0; j < 4; j = j + 1)
      bsum = bsum + {16'b0, s_tkeep[2*j] ? s_tdata[16*j +: 8] : 8'h00,
                            s_tkeep[2*j+1] ? s_tdata[16*j+8 +: 8] : 8'h00};
  end

  reg  [SEQ_W-1:0] seq;
  wire [SEQ_W-1:0] ahead = s_tseq - seq_head;
  assign s_tready = state == S_PAY && !data_full && !desc_full && (!first || !ahead[SEQ_W-1]);
  wire beat = s_tvalid && s_tready;
  reg  [2:0] spill_keep_n;

  always @(posedge clk) begin
    if (rst) begin
      state <= S_PAY; first <= 1'b1; meta <= 0; prev <= 0; psum <= 0; pbytes <= 0; ident <= 0;
      data_wr_en <= 1'b0; data_wr_data <= 0; data_commit <= 1'b0; desc_wr_en <= 1'b0; spill_keep_n <= 0;
      desc_wr_data <= 0; desc_wr_seq <= 0; seq <= 0;
    end else begin
      data_wr_en <= 1'b0; data_commit <= 1'b0; desc_wr_en <= 1'b0;
      case (state)
        S_PAY: if (beat) begin
          if (first) begin meta <= s_tuser; seq <= s_tseq; end
          first  <= 1'b0;
          prev   <= s_tdata;
          psum   <= (first ? 32'd0 : psum) + bsum;
          pbytes <= (first ? 12'd0 : pbytes) + {8'b0, nin};
          data_wr_en   <= 1'b1;
          data_wr_data <= {s_tlast && !spill, s_tlast ? keep_word : 8'hff, word};
          spill_keep_n <= spill_n;
          if (s_tlast) state <= spill ? S_SPILL : S_FIN;
        end
        S_SPILL: begin
          data_wr_en   <= 1'b1;
          data_wr_data <= {1'b1, ~(8'hff << spill_keep_n), prev >> {3'd0 - sh, 3'b000}};
          state <= S_FIN;
        end
        default: begin   // S_FIN: the last data word was written in the previous cycle
          data_commit  <= 1'b1;
          desc_wr_en   <= 1'b1;
          desc_wr_data <= {hdr_lanes, hlen, meta[537:474]};
          desc_wr_seq  <= seq;
          if (!v6) ident <= ident + 1'b1;
          first <= 1'b1;
          state <= S_PAY;
        end
      endcase
    end
  end

  // ---- header (valid in S_FIN from the latched meta and sums) ----
  function [31:0] sum8; input [127:0] x; integer k;
    begin sum8 = 0; for (k = 0; k < 8; k = k + 1) sum8 = sum8 + {16'b0, x[16*k +: 16]}; end
  endfunction
  function [15:0] fold; input [31:0] x; reg [16:0] s;
    begin s = {1'b0, x[15:0]} + {1'b0, x[31:16]}; s = {1'b0, s[15:0]} + {16'b0, s[16]}; fold = s[15:0]; end
  endfunction
  wire [127:0] src_ip = meta[205:78], dst_ip = meta[333:206];
  wire [15:0]  sport = meta[349:334], dport = meta[365:350];
  wire [47:0]  smac = meta[425:378], dmac = meta[473:426];
  wire [15:0]  ulen = {4'b0, pbytes} + 16'd8;
  wire [15:0]  ip_tot = ulen + 16'd20;
  wire [31:0]  usum = psum + sum8(src_ip) + sum8(dst_ip) + 32'd17 + {16'b0, ulen}
                    + {16'b0, sport} + {16'b0, dport} + {16'b0, ulen};
  wire [15:0]  ucs0 = ~fold(usum);
  wire [15:0]  ucsum = ucs0 == 16'h0000 ? 16'hffff : ucs0;
  wire [15:0]  ipcs = ~fold(32'h4500 + {16'b0, ip_tot} + {16'b0, ident} + 32'h4011
                            + {16'b0, src_ip[31:16]} + {16'b0, src_ip[15:0]}
                            + {16'b0, dst_ip[31:16]} + {16'b0, dst_ip[15:0]});
  wire [63:0]  udp_h = {sport, dport, ulen, ucsum};
  wire [159:0] ip4_h = {16'h4500, ip_tot, ident, 16'h0000, 8'd64, 8'd17, ipcs, src_ip[31:0], dst_ip[31:0]};
  wire [319:0] ip6_h = {32'h60000000, ulen, 8'd17, 8'd64, src_ip, dst_ip};
  wire [31:0]  tag   = {16'h8100, 4'h0, meta[77:66]};
  // big-endian header, 66 bytes, left-aligned
  reg  [527:0] be;
  always @* begin
    case ({v6, vlan})
      2'b00: be = {dmac, smac, 16'h0800, ip4_h, udp_h, 192'b0};
      2'b01: be = {dmac, smac, tag, 16'h0800, ip4_h, udp_h, 160'b0};
      2'b10: be = {dmac, smac, 16'h86dd, ip6_h, udp_h, 32'b0};
      default: be = {dmac, smac, tag, 16'h86dd, ip6_h, udp_h};
    endcase
  end
  genvar i;
  generate for (i = 0; i < 66; i = i + 1) begin : rev
    assign hdr_lanes[8*i +: 8] = be[8*(65-i) +: 8];
  end endgenerate
endmodule

`default_nettype wire
