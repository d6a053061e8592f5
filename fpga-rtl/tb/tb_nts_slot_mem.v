// nts_slot_mem: random 16-byte writes (random word masks) and reads at every word
// alignment against a flat reference array.
`timescale 1ns/1ps
`default_nettype none
module tb_nts_slot_mem;
  reg clk = 0;
  always #5 clk = ~clk;
  reg         rd_en = 0, wr_en = 0;
  reg  [6:0]  rd_addr = 0, wr_addr = 0;
  reg  [3:0]  wr_mask = 0;
  reg  [127:0] wr_data = 0;
  wire [127:0] rd_data;
  nts_slot_mem #(.AW(7)) dut (.clk(clk), .rd_en(rd_en), .rd_addr(rd_addr), .rd_data(rd_data),
      .wr_en(wr_en), .wr_addr(wr_addr), .wr_mask(wr_mask), .wr_data(wr_data));
  reg [31:0] ref_mem [0:127];
  reg [127:0] want;
  integer i, t, errors = 0, reads = 0;
  initial begin
    for (i = 0; i < 128; i = i + 1) begin
      ref_mem[i] = 32'h0;
      @(negedge clk); wr_en = 1; wr_addr = i[6:0]; wr_mask = 4'b1000; wr_data = 128'h0;
    end
    @(negedge clk); wr_en = 0;
    for (t = 0; t < 4000; t = t + 1) begin
      @(negedge clk);
      wr_en = $random; wr_addr = {$random} % 125; wr_mask = $random;
      wr_data = {$random, $random, $random, $random};
      rd_en = 1; rd_addr = {$random} % 125;
      if (wr_en) for (i = 0; i < 4; i = i + 1)
        if (wr_mask[3 - i]) ref_mem[wr_addr + i] = wr_data[127 - 32*i -: 32];
      want = {ref_mem[rd_addr], ref_mem[rd_addr + 1], ref_mem[rd_addr + 2], ref_mem[rd_addr + 3]};
      @(posedge clk); #1;
      // a read and a write of the same word in one cycle: the read returns the old word
      if (!(wr_en && rd_addr + 4 > wr_addr && wr_addr + 4 > rd_addr)) begin
        reads = reads + 1;
        if (rd_data !== want) begin
          errors = errors + 1;
          if (errors < 5) $display("FAIL read @%0d: %h expected %h", rd_addr, rd_data, want);
        end
      end
    end
    if (errors == 0 && reads > 1000) $display("PASS nts_slot_mem: %0d reads", reads);
    else $display("FAIL nts_slot_mem: %0d errors in %0d reads", errors, reads);
    $finish;
  end
endmodule
`default_nettype wire
