// AES-SIV CTR helpers (RFC 5297 2.5/2.6). Combinational.
//   ctr_block = (V & 1^64 0 1^31 0 1^31) + blk_idx: the counter block for keystream block
//   blk_idx. Bits 63 and 31 are cleared, so adding an index below 2^31 never carries out of
//   the low 32 bits and a 32-bit adder equals the RFC's 128-bit addition.
//   data_out = (keystream ^ data_in) with the bytes beyond a len-byte message zeroed.
`default_nettype none

module siv_ctr #(
    parameter LEN_W = 11
) (
    input  wire [127:0]     v,
    input  wire [LEN_W-5:0] blk_idx,
    input  wire [LEN_W-1:0] len,
    input  wire [127:0]     keystream,
    input  wire [127:0]     data_in,
    output wire [127:0]     ctr_block,
    output wire [127:0]     data_out
);
  wire [127:0] q = v & {64'hffffffffffffffff, 32'h7fffffff, 32'h7fffffff};
  assign ctr_block = {q[127:32], q[31:0] + {{(32-(LEN_W-4)){1'b0}}, blk_idx}};

  // bytes of this block inside the message: 16, or len mod 16 for the last partial block
  wire [LEN_W-1:0] start  = {blk_idx, 4'h0};
  wire [LEN_W-1:0] remain = len - start;
  wire [4:0]       nbytes = (remain >= 16) ? 5'd16 : remain[4:0];
  wire [127:0]     mask   = (nbytes == 5'd16) ? {128{1'b1}} : ~({128{1'b1}} >> (8 * nbytes));

  assign data_out = (keystream ^ data_in) & mask;
endmodule

`default_nettype wire
