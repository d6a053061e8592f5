// Fully pipelined AES-128 encryption: one block per cycle, every block with its own key.
// Stage 0 registers block ^ key and the first key-expansion step; stages 1..10 each
// register one round plus the next key step, so each stage has one S-box level.
// Latency: a block presented in cycle t appears on out_* in cycle t + 11.
// The pipeline never stalls (valid-only stream); in_tag travels with the block.
// Reset: synchronous, active-high rst (clears the valid bits only).
`default_nettype none

module aes128_pipe #(
    parameter TAG_W = 8
) (
    input  wire             clk,
    input  wire             rst,
    input  wire             in_valid,
    input  wire [127:0]     in_block,
    input  wire [127:0]     in_key,
    input  wire [TAG_W-1:0] in_tag,
    output wire             out_valid,
    output wire [127:0]     out_block,
    output wire [TAG_W-1:0] out_tag
);
  // Stage i (0..10) registers: st = state after round i, key = round key i+1, vld, tag.
  reg [127:0]     st_reg  [0:10];
  reg [127:0]     key_reg [0:10];
  reg             vld_reg [0:10];
  reg [TAG_W-1:0] tag_reg [0:10];

  // Combinational outputs of rounds 1..10 and key steps 1..10 (index = round - 1).
  wire [128*10-1:0] round_out;
  wire [128*10-1:0] next_key;
  wire [127:0]      first_key;
  wire [8*11-1:0]   rcon = {8'h01, 8'h02, 8'h04, 8'h08, 8'h10, 8'h20, 8'h40, 8'h80,
                            8'h1b, 8'h36, 8'h00};   // rcon for rounds 1..10, then unused

  aes_key_step ks0 (.key_in(in_key), .rcon(rcon[87:80]), .key_out(first_key));

  genvar gs;
  generate
    for (gs = 1; gs <= 10; gs = gs + 1) begin : g_stage
      aes_round #(.FINAL(gs == 10 ? 1 : 0)) rnd (
          .state_in(st_reg[gs-1]), .round_key(key_reg[gs-1]),
          .state_out(round_out[128*(gs-1) +: 128]));
      // round key gs+1 (the value computed at stage 10 is not used)
      aes_key_step ks (.key_in(key_reg[gs-1]), .rcon(rcon[87-8*gs -: 8]),
                       .key_out(next_key[128*(gs-1) +: 128]));
    end
  endgenerate

  integer i;
  always @(posedge clk) begin
    st_reg[0]  <= in_block ^ in_key;
    key_reg[0] <= first_key;
    tag_reg[0] <= in_tag;
    vld_reg[0] <= in_valid & ~rst;
    for (i = 1; i <= 10; i = i + 1) begin
      st_reg[i]  <= round_out[128*(i-1) +: 128];
      key_reg[i] <= next_key[128*(i-1) +: 128];
      tag_reg[i] <= tag_reg[i-1];
      vld_reg[i] <= vld_reg[i-1] & ~rst;
    end
  end

  assign out_valid = vld_reg[10];
  assign out_block = st_reg[10];
  assign out_tag   = tag_reg[10];
endmodule

`default_nettype wire
