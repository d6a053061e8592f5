// Self-checking bench for aes_sbox: all 256 inputs against the S-box computed here
// independently (multiplicative inverse in GF(2^8) by exponentiation, then the affine map).
`timescale 1ns/1ps
`default_nettype none

module tb_aes_sbox;
  reg  [7:0] a;
  wire [7:0] y;
  aes_sbox dut (.a(a), .y(y));

  function [7:0] gmul;
    input [7:0] x, z;
    integer i;
    reg [7:0] p, b;
    begin
      p = 8'h00; b = x;
      for (i = 0; i < 8; i = i + 1) begin
        if (z[i]) p = p ^ b;
        b = {b[6:0], 1'b0} ^ (b[7] ? 8'h1b : 8'h00);
      end
      gmul = p;
    end
  endfunction

  function [7:0] sbox_ref;
    input [7:0] x;
    integer i;
    reg [7:0] inv, s;
    begin
      inv = 8'h01;                       // x^254 = x^-1 (0 maps to 0)
      for (i = 0; i < 254; i = i + 1) inv = gmul(inv, x);
      s = inv ^ {inv[6:0], inv[7]} ^ {inv[5:0], inv[7:6]} ^ {inv[4:0], inv[7:5]} ^ {inv[3:0], inv[7:4]};
      sbox_ref = s ^ 8'h63;
    end
  endfunction

  integer n, errors = 0;
  initial begin
    for (n = 0; n < 256; n = n + 1) begin
      a = n[7:0];
      #1;
      if (y !== sbox_ref(a)) begin
        $display("FAIL sbox(%h) = %h, want %h", a, y, sbox_ref(a));
        errors = errors + 1;
      end
    end
    if (errors == 0) $display("PASS tb_aes_sbox (256 inputs)");
    else             $display("FAIL tb_aes_sbox: %0d errors", errors);
    $finish;
  end
endmodule

`default_nettype wire
