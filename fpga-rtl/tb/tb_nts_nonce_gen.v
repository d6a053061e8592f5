// nts_nonce_gen: block i = AES-128(key, counter + i). FIPS-197 C.1 (counter = its plaintext,
// i = 0) and AES(key, 0) of RFC 4493 reached as counter 2^128 - 3 plus 3 (carry through all
// 128 bits); requests from two slots at once; reservations count up and restart on load.
`timescale 1ns/1ps
`default_nettype none
module tb_nts_nonce_gen;
  reg clk = 0, rst = 1;
  always #5 clk = ~clk;
  reg         load = 0, rsv_en = 0;
  reg [127:0] key = 0, ctr = 0;
  reg [3:0]   rsv_count = 0;
  wire [31:0] rsv_next;
  reg  [1:0]  req_valid = 0;
  reg  [63:0] req_idx = 0;
  wire [1:0]  resp_valid;
  wire [127:0] resp_block;
  nts_nonce_gen #(.N(2)) dut (.clk(clk), .rst(rst), .load(load), .load_key(key), .load_ctr(ctr),
      .rsv_en(rsv_en), .rsv_count(rsv_count), .rsv_next(rsv_next), .req_valid(req_valid),
      .req_idx(req_idx), .resp_valid(resp_valid), .resp_block(resp_block));
  integer errors = 0;
  reg [127:0] got0, got1;
  reg seen0, seen1;
  task check(input [127:0] got, input [127:0] want, input [8*24-1:0] what);
    if (got !== want) begin errors = errors + 1; $display("FAIL %0s: %h expected %h", what, got, want); end
  endtask
  integer guard;
  // at each negedge: take what the last posedge returned, drop that slot's request
  task collect;
    begin
      @(negedge clk);
      guard = guard + 1;
      if (guard > 1000) begin $display("FAIL nts_nonce_gen: no response"); $finish; end
      if (resp_valid[0]) begin got0 = resp_block; seen0 = 1; req_valid[0] = 0; end
      if (resp_valid[1]) begin got1 = resp_block; seen1 = 1; req_valid[1] = 0; end
    end
  endtask
  initial begin
    repeat (2) @(negedge clk); rst = 0;
    key = 128'h000102030405060708090a0b0c0d0e0f; ctr = 128'h00112233445566778899aabbccddeeff;
    load = 1; @(negedge clk); load = 0;
    seen0 = 0; guard = 0; req_idx[31:0] = 0; req_valid[0] = 1;
    while (!seen0) collect;
    check(got0, 128'h69c4e0d86a7b0430d8cdb78070b4c55a, "FIPS-197 C.1");
    key = 128'h2b7e151628aed2a6abf7158809cf4f3c; ctr = {128{1'b1}} - 128'd2;
    load = 1; @(negedge clk); load = 0;
    seen0 = 0; seen1 = 0; guard = 0; req_idx = {32'd3, 32'd3}; req_valid = 2'b11;
    while (!(seen0 && seen1)) collect;
    check(got0, 128'h7df76b0c1ab899b33e42f047b91b546f, "RFC 4493 L, slot 0");
    check(got1, 128'h7df76b0c1ab899b33e42f047b91b546f, "RFC 4493 L, slot 1");
    rsv_count = 4'd9; rsv_en = 1; @(negedge clk); rsv_count = 4'd2; @(negedge clk); rsv_en = 0;
    if (rsv_next !== 32'd11) begin errors = errors + 1; $display("FAIL reservation %0d", rsv_next); end
    load = 1; @(negedge clk); load = 0;
    if (rsv_next !== 32'd0) begin errors = errors + 1; $display("FAIL reservation after load"); end
    if (errors == 0) $display("PASS nts_nonce_gen"); else $display("FAIL nts_nonce_gen");
    $finish;
  end
endmodule
`default_nettype wire
