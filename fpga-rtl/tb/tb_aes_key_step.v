// Self-checking bench for aes_key_step: the FIPS-197 Appendix A.1 key expansion of
// 2b7e1516 28aed2a6 abf71588 09cf4f3c, all ten round keys, by chaining the step.
`timescale 1ns/1ps
`default_nettype none

module tb_aes_key_step;
  reg  [127:0] key_in;
  reg  [7:0]   rcon;
  wire [127:0] key_out;
  aes_key_step dut (.key_in(key_in), .rcon(rcon), .key_out(key_out));

  reg [127:0] want [1:10];
  reg [7:0]   rc   [1:10];
  integer r, errors = 0;
  initial begin
    want[1]  = 128'ha0fafe1788542cb123a339392a6c7605; want[2]  = 128'hf2c295f27a96b9435935807a7359f67f;
    want[3]  = 128'h3d80477d4716fe3e1e237e446d7a883b; want[4]  = 128'hef44a541a8525b7fb671253bdb0bad00;
    want[5]  = 128'hd4d1c6f87c839d87caf2b8bc11f915bc; want[6]  = 128'h6d88a37a110b3efddbf98641ca0093fd;
    want[7]  = 128'h4e54f70e5f5fc9f384a64fb24ea6dc4f; want[8]  = 128'head27321b58dbad2312bf5607f8d292f;
    want[9]  = 128'hac7766f319fadc2128d12941575c006e; want[10] = 128'hd014f9a8c9ee2589e13f0cc8b6630ca6;
    rc[1] = 8'h01; rc[2] = 8'h02; rc[3] = 8'h04; rc[4] = 8'h08; rc[5] = 8'h10;
    rc[6] = 8'h20; rc[7] = 8'h40; rc[8] = 8'h80; rc[9] = 8'h1b; rc[10] = 8'h36;
    key_in = 128'h2b7e151628aed2a6abf7158809cf4f3c;
    for (r = 1; r <= 10; r = r + 1) begin
      rcon = rc[r];
      #1;
      if (key_out !== want[r]) begin
        $display("FAIL round key %0d = %h, want %h", r, key_out, want[r]);
        errors = errors + 1;
      end
      key_in = key_out;
    end
    if (errors == 0) $display("PASS tb_aes_key_step (10 round keys)");
    else             $display("FAIL tb_aes_key_step: %0d errors", errors);
    $finish;
  end
endmodule

`default_nettype wire
