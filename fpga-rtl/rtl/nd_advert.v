// IPv6 Neighbor Advertisement (RFC 4861 4.4) answering a Neighbor Solicitation for one of our
// addresses: solicited + override flags (we are not a router), source = the target address,
// destination = the solicitation's source, hop limit 255, a Target Link-Layer Address option
// with our MAC, and the ICMPv6 checksum over the pseudo-header. 86 bytes (90 tagged).
// Byte i of the frame is frame[8i +: 8]. Combinational.
`default_nettype none

module nd_advert (
    input  wire [47:0]  cfg_mac,
    input  wire [127:0] target,      // our address the NS asked for
    input  wire [127:0] ns_src_ip,
    input  wire [47:0]  ns_src_mac,
    input  wire         vlan,
    input  wire [11:0]  vlan_id,
    output wire [719:0] frame,       // 90 bytes
    output wire [6:0]   frame_len
);
  // ICMPv6 checksum: pseudo-header (src, dst, length 32, next header 58) + message
  function [31:0] sum8; input [127:0] x; integer k;
    begin sum8 = 0; for (k = 0; k < 8; k = k + 1) sum8 = sum8 + {16'b0, x[16*k +: 16]}; end
  endfunction
  wire [31:0] s = sum8(target) + sum8(ns_src_ip) + 32'd32 + 32'd58
                + 32'h8800 + 32'h6000 + sum8(target) + 32'h0201
                + {16'b0, cfg_mac[47:32]} + {16'b0, cfg_mac[31:16]} + {16'b0, cfg_mac[15:0]};
  wire [16:0] f1 = {1'b0, s[15:0]} + {1'b0, s[31:16]};
  wire [15:0] f2 = f1[15:0] + {15'b0, f1[16]};
  wire [15:0] csum = ~f2;

  wire [575:0] ip_icmp = {32'h60000000, 16'd32, 8'd58, 8'd255, target, ns_src_ip,
                          8'd136, 8'd0, csum, 32'h60000000, target, 8'd2, 8'd1, cfg_mac};  // 72 bytes
  wire [719:0] be_untagged = {ns_src_mac, cfg_mac, 16'h86dd, ip_icmp, 32'b0};
  wire [719:0] be_tagged   = {ns_src_mac, cfg_mac, 16'h8100, 4'h0, vlan_id, 16'h86dd, ip_icmp};
  wire [719:0] be = vlan ? be_tagged : be_untagged;
  assign frame_len = vlan ? 7'd90 : 7'd86;
  genvar i;
  generate for (i = 0; i < 90; i = i + 1) begin : rev
    assign frame[8*i +: 8] = be[8*(89-i) +: 8];
  end endgenerate
endmodule

`default_nettype wire
