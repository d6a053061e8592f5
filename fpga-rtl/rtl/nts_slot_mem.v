// Packet memory of one engine slot: 2^AW 32-bit words in four interleaved banks, so that
// any four consecutive words (16 bytes at any 4-byte boundary, as NTP extension fields and
// their contents are) are read or written in one cycle. Every offset the engine uses is a
// multiple of 4, while AES-SIV strings must look 16-byte aligned to a siv_engine context:
// the banks make that realignment free. Byte 0 of a word is in bits [31:24]; word j of a
// 16-byte access is in bits [127-32j -: 32] (siv_engine's byte order).
// Read: data for rd_addr is on rd_data in the next cycle. Write: word j is written when
// wr_mask[3-j] is set. No reset (memory).
`default_nettype none

module nts_slot_mem #(
    parameter AW = 11
) (
    input  wire          clk,
    input  wire          rd_en,
    input  wire [AW-1:0] rd_addr,
    output wire [127:0]  rd_data,
    input  wire          wr_en,
    input  wire [AW-1:0] wr_addr,
    input  wire [3:0]    wr_mask,
    input  wire [127:0]  wr_data
);
  localparam RW = AW - 2;
  reg [31:0] bank0 [0:(1<<RW)-1];
  reg [31:0] bank1 [0:(1<<RW)-1];
  reg [31:0] bank2 [0:(1<<RW)-1];
  reg [31:0] bank3 [0:(1<<RW)-1];

  // Row of bank b for an access starting at word a: word j = (b - a) mod 4 lands in bank b.
  function [RW-1:0] row;
    input [AW-1:0] a;
    input [1:0]    b;
    reg   [1:0]    jj;
    /* verilator lint_off UNUSEDSIGNAL */
    reg   [AW-1:0] w;             // its low 2 bits select the bank, not the row
    /* verilator lint_on UNUSEDSIGNAL */
    begin
      jj  = b - a[1:0];
      w   = a + {{(AW-2){1'b0}}, jj};
      row = w[AW-1:2];
    end
  endfunction
  function [31:0] word_of;          // word j of a 16-byte value
    input [127:0] v;
    input [1:0]   jw;
    begin
      word_of = v[127 - 32 * jw -: 32];
    end
  endfunction

  wire [1:0] j0 = 2'd0 - wr_addr[1:0];
  wire [1:0] j1 = 2'd1 - wr_addr[1:0];
  wire [1:0] j2 = 2'd2 - wr_addr[1:0];
  wire [1:0] j3 = 2'd3 - wr_addr[1:0];

  reg [31:0] q0, q1, q2, q3;
  reg [1:0]  rot;
  always @(posedge clk) begin
    if (wr_en && wr_mask[3 - j0]) bank0[row(wr_addr, 2'd0)] <= word_of(wr_data, j0);
    if (wr_en && wr_mask[3 - j1]) bank1[row(wr_addr, 2'd1)] <= word_of(wr_data, j1);
    if (wr_en && wr_mask[3 - j2]) bank2[row(wr_addr, 2'd2)] <= word_of(wr_data, j2);
    if (wr_en && wr_mask[3 - j3]) bank3[row(wr_addr, 2'd3)] <= word_of(wr_data, j3);
    if (rd_en) begin
      q0  <= bank0[row(rd_addr, 2'd0)];
      q1  <= bank1[row(rd_addr, 2'd1)];
      q2  <= bank2[row(rd_addr, 2'd2)];
      q3  <= bank3[row(rd_addr, 2'd3)];
      rot <= rd_addr[1:0];
    end
  end

  // word j of the result comes from bank (rot + j) mod 4
  wire [127:0] by_bank = {q0, q1, q2, q3};
  function [31:0] bank_word;
    input [127:0] v;
    input [1:0]   b;
    begin
      bank_word = v[127 - 32 * b -: 32];
    end
  endfunction
  assign rd_data = {bank_word(by_bank, rot), bank_word(by_bank, rot + 2'd1),
                    bank_word(by_bank, rot + 2'd2), bank_word(by_bank, rot + 2'd3)};
endmodule

`default_nettype wire
