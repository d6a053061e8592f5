// ICMP / ICMPv6 echo reply header rewrite over the first 64 bytes of an echo request (the
// rest of the frame is copied unchanged): MAC and IP addresses swapped, TTL / hop limit 64,
// IPv4 header checksum recomputed, type 8 -> 0 (ICMPv6 128 -> 129) with the ICMP checksum
// updated incrementally (RFC 1624 eqn. 3; swapping the addresses leaves the ICMPv6
// pseudo-header sum unchanged). The request's checksums were verified by rx_parser.
// Byte i of the frame is [8i +: 8]. Combinational.
`default_nettype none

module icmp_echo_reply (
    input  wire [511:0] req,       // request bytes 0..63
    input  wire         vlan,
    input  wire         is_v6,
    output reg  [511:0] rep
);
  function [15:0] add1c; input [15:0] a, b; reg [16:0] t;   // one's-complement addition
    begin t = {1'b0, a} + {1'b0, b}; add1c = t[15:0] + {15'b0, t[16]}; end
  endfunction
  integer k, l3;
  reg [15:0] hc, m_old, m_new, ipsum;
  always @* begin
    rep = req;
    ipsum = 16'h0000;
    l3 = vlan ? 18 : 14;
    rep[0 +: 48]  = req[48 +: 48];
    rep[48 +: 48] = req[0 +: 48];
    if (is_v6) begin
      rep[8*(l3+7) +: 8]    = 8'd64;
      rep[8*(l3+8) +: 128]  = req[8*(l3+24) +: 128];
      rep[8*(l3+24) +: 128] = req[8*(l3+8) +: 128];
      rep[8*(l3+40) +: 8]   = 8'd129;
      m_old = 16'h8000; m_new = 16'h8100;
      hc = {req[8*(l3+42) +: 8], req[8*(l3+43) +: 8]};
    end else begin
      rep[8*(l3+8) +: 8]    = 8'd64;
      rep[8*(l3+12) +: 32]  = req[8*(l3+16) +: 32];
      rep[8*(l3+16) +: 32]  = req[8*(l3+12) +: 32];
      rep[8*(l3+10) +: 16]  = 16'h0000;
      ipsum = 16'h0000;
      for (k = 0; k < 10; k = k + 1)
        ipsum = add1c(ipsum, {rep[8*(l3+2*k) +: 8], rep[8*(l3+2*k+1) +: 8]});
      rep[8*(l3+10) +: 8] = ~ipsum[15:8];
      rep[8*(l3+11) +: 8] = ~ipsum[7:0];
      rep[8*(l3+20) +: 8] = 8'd0;
      m_old = 16'h0800; m_new = 16'h0000;
      hc = {req[8*(l3+22) +: 8], req[8*(l3+23) +: 8]};
    end
    // HC' = ~(~HC + ~m + m')
    hc = ~add1c(add1c(~hc, ~m_old), m_new);
    rep[8*(l3 + (is_v6 ? 42 : 22)) +: 8] = hc[15:8];
    rep[8*(l3 + (is_v6 ? 43 : 23)) +: 8] = hc[7:0];
  end
endmodule

`default_nettype wire
