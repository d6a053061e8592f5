// One AES encryption round (FIPS-197 5.1): SubBytes, ShiftRows, MixColumns (omitted when
// FINAL = 1) and AddRoundKey. Combinational; sixteen S-boxes.
// State layout: byte i of the block in bits [127-8i -: 8]; byte i is row i%4, column i/4.
`default_nettype none

module aes_round #(
    parameter FINAL = 0
) (
    input  wire [127:0] state_in,
    input  wire [127:0] round_key,
    output wire [127:0] state_out
);
  wire [127:0] sub;
  genvar gi;
  generate
    for (gi = 0; gi < 16; gi = gi + 1) begin : g_sub
      aes_sbox sb (.a(state_in[127-8*gi -: 8]), .y(sub[127-8*gi -: 8]));
    end
  endgenerate

  // ShiftRows: output byte (row r, column c) takes input byte (row r, column c+r mod 4).
  wire [127:0] shifted;
  generate
    for (gi = 0; gi < 16; gi = gi + 1) begin : g_shift
      localparam integer R = gi % 4;
      localparam integer C = gi / 4;
      localparam integer SRC = 4 * ((C + R) % 4) + R;
      assign shifted[127-8*gi -: 8] = sub[127-8*SRC -: 8];
    end
  endgenerate

  function [7:0] xtime;
    input [7:0] b;
    begin
      xtime = {b[6:0], 1'b0} ^ (b[7] ? 8'h1b : 8'h00);
    end
  endfunction

  function [31:0] mix_column;
    input [31:0] col;
    reg [7:0] a0, a1, a2, a3;
    begin
      a0 = col[31:24]; a1 = col[23:16]; a2 = col[15:8]; a3 = col[7:0];
      mix_column = {xtime(a0) ^ xtime(a1) ^ a1 ^ a2 ^ a3,
                    a0 ^ xtime(a1) ^ xtime(a2) ^ a2 ^ a3,
                    a0 ^ a1 ^ xtime(a2) ^ xtime(a3) ^ a3,
                    xtime(a0) ^ a0 ^ a1 ^ a2 ^ xtime(a3)};
    end
  endfunction

  wire [127:0] mixed;
  generate
    if (FINAL != 0) begin : g_final
      assign mixed = shifted;
    end else begin : g_mix
      for (gi = 0; gi < 4; gi = gi + 1) begin : g_col
        assign mixed[127-32*gi -: 32] = mix_column(shifted[127-32*gi -: 32]);
      end
    end
  endgenerate

  assign state_out = mixed ^ round_key;
endmodule

`default_nettype wire
