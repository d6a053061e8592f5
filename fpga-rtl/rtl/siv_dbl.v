// Doubling in GF(2^128) as used by CMAC subkeys and S2V (RFC 5297 2.3 "dbl").
`default_nettype none

module siv_dbl (
    input  wire [127:0] x,
    output wire [127:0] y
);
  assign y = {x[126:0], 1'b0} ^ {120'h0, x[127] ? 8'h87 : 8'h00};
endmodule

`default_nettype wire
