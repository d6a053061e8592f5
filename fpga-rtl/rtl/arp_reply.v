// ARP reply (RFC 826) to a request for our IPv4 address, as a 60-byte frame (zero padded to
// the Ethernet minimum; the MAC appends the FCS), tagged with the request's VLAN when it had
// one. Byte i of the frame is frame[8i +: 8] (the lane order of the MAC stream).
// Combinational.
`default_nettype none

module arp_reply (
    input  wire [47:0]  cfg_mac,
    input  wire [31:0]  cfg_ipv4,
    input  wire [47:0]  req_sha,     // requester's hardware address (reply destination)
    input  wire [31:0]  req_spa,     // requester's protocol address
    input  wire         vlan,
    input  wire [11:0]  vlan_id,
    output wire [479:0] frame        // 60 bytes
);
  // big-endian (first byte in the top bits), then reversed into lane order
  wire [239:0] body = {16'h0806, 16'h0001, 16'h0800, 8'd6, 8'd4, 16'h0002,
                       cfg_mac, cfg_ipv4, req_sha, req_spa};           // 30 bytes from the ethertype on
  wire [479:0] be_untagged = {req_sha, cfg_mac, body, 144'b0};
  wire [479:0] be_tagged   = {req_sha, cfg_mac, 16'h8100, 4'h0, vlan_id, body, 112'b0};
  wire [479:0] be = vlan ? be_tagged : be_untagged;
  genvar i;
  generate for (i = 0; i < 60; i = i + 1) begin : rev
    assign frame[8*i +: 8] = be[8*(59-i) +: 8];
  end endgenerate
endmodule

`default_nettype wire
