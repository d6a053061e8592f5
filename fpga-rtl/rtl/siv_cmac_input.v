// The AES input for one CMAC step of an S2V string (RFC 4493 2.4, RFC 5297 2.4).
// Combinational. For block blk_idx of a string of len bytes (blocks = max(1, ceil(len/16))):
//   in = x ^ M'   where x is the CBC chain value (0 for the first block) and M' is the
//   block data (bytes beyond the string masked off) modified as follows:
//   * s2v_final and len >= 16: "xorend": d is XORed into the last 16 bytes of the string,
//     which straddle the last two blocks when len is not a multiple of 16;
//   * s2v_final and len < 16: M' = dbl(d) ^ pad(M), then treated as one complete block;
//   * last block: complete -> ^ K1 (= k1s); partial or empty -> pad(M) ^ K2 (K2 = dbl(K1)).
// Without s2v_final this is plain AES-CMAC (used for the components and for CMAC mode).
`default_nettype none

module siv_cmac_input #(
    parameter LEN_W = 11
) (
    input  wire [127:0]     x,
    input  wire [127:0]     blk_data,
    input  wire [127:0]     d,
    input  wire [127:0]     k1s,
    input  wire [LEN_W-5:0] blk_idx,
    input  wire [LEN_W-1:0] len,
    input  wire             s2v_final,
    output wire [127:0]     aes_in
);
  localparam BW = LEN_W - 4;

  wire [BW-1:0] last_idx   = (len == {LEN_W{1'b0}}) ? {BW{1'b0}} : len[LEN_W-1:4] - {{(BW-1){1'b0}}, (len[3:0] == 4'h0)};
  wire          is_last    = (blk_idx == last_idx);
  wire          is_penult  = (blk_idx + {{(BW-1){1'b0}}, 1'b1} == last_idx);
  wire [4:0]    last_bytes = (len == {LEN_W{1'b0}}) ? 5'd0 : ((len[3:0] == 4'h0) ? 5'd16 : {1'b0, len[3:0]});
  wire [4:0]    nbytes     = is_last ? last_bytes : 5'd16;
  wire          short      = (len < 16);

  // Top n bytes set; n = 16 gives all ones.
  function [127:0] top_mask;
    input [4:0] n;
    begin
      top_mask = (n >= 5'd16) ? {128{1'b1}} : ~({128{1'b1}} >> (8 * n));
    end
  endfunction
  // 10* padding byte 0x80 at byte position n (n < 16).
  function [127:0] pad_bit;
    input [4:0] n;
    begin
      pad_bit = (n >= 5'd16) ? 128'h0 : ({8'h80, 120'h0} >> (8 * n));
    end
  endfunction

  wire [127:0] k2s, d_dbl;
  siv_dbl dbl_k (.x(k1s), .y(k2s));
  siv_dbl dbl_d (.x(d),   .y(d_dbl));

  wire [127:0] data    = blk_data & top_mask(nbytes);
  // xorend pieces: the r = last_bytes bytes of d's tail land at the start of the last block,
  // the 16 - r bytes of its head at the end of the penultimate block.
  wire [127:0] d_head  = d >> (8 * last_bytes);             // for the penultimate block
  wire [127:0] d_tail  = d << (8 * (5'd16 - last_bytes));   // for the last block (r < 16)
  wire [127:0] xorend  = (last_bytes == 5'd16) ? (is_last ? d : 128'h0)
                       : (is_last ? d_tail : (is_penult ? d_head : 128'h0));

  wire [127:0] m_final = short ? (d_dbl ^ data ^ pad_bit(last_bytes)) : (data ^ xorend);
  wire [127:0] m       = s2v_final ? m_final : data;
  wire         full    = (nbytes == 5'd16) || (s2v_final && short);
  wire [127:0] m_last  = full ? (m ^ k1s) : (m ^ pad_bit(nbytes) ^ k2s);

  assign aes_in = x ^ (is_last ? m_last : m);
endmodule

`default_nettype wire
