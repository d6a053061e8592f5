// One step of the AES-128 key expansion (FIPS-197 5.2): round key i -> round key i+1.
// Used inside the pipeline so every block carries its own key and the key may change
// with every block. Combinational; four S-boxes.
`default_nettype none

module aes_key_step (
    input  wire [127:0] key_in,   // round key i, byte 0 in [127:120]
    input  wire [7:0]   rcon,     // round constant for round i+1
    output wire [127:0] key_out   // round key i+1
);
  wire [31:0] w0 = key_in[127:96];
  wire [31:0] w1 = key_in[95:64];
  wire [31:0] w2 = key_in[63:32];
  wire [31:0] w3 = key_in[31:0];
  wire [31:0] sub_rot;

  // SubWord(RotWord(w3)): RotWord moves byte 0 of w3 to the end.
  aes_sbox s0 (.a(w3[23:16]), .y(sub_rot[31:24]));
  aes_sbox s1 (.a(w3[15:8]),  .y(sub_rot[23:16]));
  aes_sbox s2 (.a(w3[7:0]),   .y(sub_rot[15:8]));
  aes_sbox s3 (.a(w3[31:24]), .y(sub_rot[7:0]));

  wire [31:0] n0 = w0 ^ sub_rot ^ {rcon, 24'h000000};
  wire [31:0] n1 = w1 ^ n0;
  wire [31:0] n2 = w2 ^ n1;
  wire [31:0] n3 = w3 ^ n2;

  assign key_out = {n0, n1, n2, n3};
endmodule

`default_nettype wire
