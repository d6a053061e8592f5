// One pipelined AES-128 core shared by CTX AES-SIV contexts in fixed time slots.
// Context i owns the pipeline input in every cycle where slot == i (slot counts 0..CTX-1),
// so each context gets one AES block every CTX cycles, whatever the others do, and the
// pipeline is full when every context is busy. A context needs 11 (pipeline) + 3 (its own
// next/build/issue steps) cycles per block, so CTX >= 14 keeps the pipeline full; smaller
// CTX works but wastes slots. Ports of context i are slices [i*W +: W] of the vectors.
// Reset: synchronous, active-high rst.
`default_nettype none

module siv_cluster #(
    parameter CTX    = 14,
    parameter LEN_W  = 11,
    parameter ADDR_W = 16
) (
    input  wire                     clk,
    input  wire                     rst,
    input  wire [CTX-1:0]           cmd_valid,
    output wire [CTX-1:0]           cmd_ready,
    input  wire [CTX-1:0]           cmd_decrypt,
    input  wire [CTX-1:0]           cmd_cmac_only,
    input  wire [CTX*256-1:0]       cmd_key,
    input  wire [CTX*128-1:0]       cmd_tag,
    input  wire [CTX*3-1:0]         cmd_present,
    input  wire [CTX*3*LEN_W-1:0]   cmd_len,
    input  wire [CTX*3*ADDR_W-1:0]  cmd_addr,
    input  wire [CTX*LEN_W-1:0]     cmd_pc_len,
    input  wire [CTX*ADDR_W-1:0]    cmd_pc_addr,
    input  wire [CTX*ADDR_W-1:0]    cmd_out_addr,
    output wire [CTX-1:0]           done_valid,
    input  wire [CTX-1:0]           done_ready,
    output wire [CTX*128-1:0]       done_tag,
    output wire [CTX-1:0]           done_ok,
    output wire [CTX-1:0]           rd_en,
    output wire [CTX*ADDR_W-1:0]    rd_addr,
    input  wire [CTX*128-1:0]       rd_data,
    output wire [CTX-1:0]           wr_en,
    output wire [CTX*ADDR_W-1:0]    wr_addr,
    output wire [CTX*128-1:0]       wr_data,
    output wire                     aes_issue      // a block entered the pipeline (statistics)
);
  localparam TAG_W = 8;   // context number carried through the pipeline; CTX <= 256
  localparam integer     LAST_CTX  = CTX - 1;
  localparam [TAG_W-1:0] LAST_SLOT = LAST_CTX[TAG_W-1:0];

  reg  [TAG_W-1:0]   slot;
  wire [CTX-1:0]     req_valid;
  wire [CTX*128-1:0] req_block, req_key;
  wire               out_valid;
  wire [127:0]       out_block;
  wire [TAG_W-1:0]   out_tag;

  always @(posedge clk) begin
    if (rst || slot == LAST_SLOT) slot <= {TAG_W{1'b0}};
    else                        slot <= slot + 1'b1;
  end

  // AND-OR multiplexer of the slot owner's request (one-hot select)
  reg         sel_valid;
  reg [127:0] sel_block, sel_key;
  integer j;
  always @* begin
    sel_valid = 1'b0;
    sel_block = 128'h0;
    sel_key   = 128'h0;
    for (j = 0; j < CTX; j = j + 1) begin
      if (slot == j[TAG_W-1:0]) begin
        sel_valid = sel_valid | req_valid[j];
        sel_block = sel_block | req_block[j*128 +: 128];
        sel_key   = sel_key   | req_key[j*128 +: 128];
      end
    end
  end

  assign aes_issue = sel_valid;
  aes128_pipe #(.TAG_W(TAG_W)) pipe (
      .clk(clk), .rst(rst), .in_valid(sel_valid),
      .in_block(sel_block), .in_key(sel_key), .in_tag(slot),
      .out_valid(out_valid), .out_block(out_block), .out_tag(out_tag));

  genvar gc;
  generate
    for (gc = 0; gc < CTX; gc = gc + 1) begin : g_ctx
      siv_engine #(.LEN_W(LEN_W), .ADDR_W(ADDR_W)) eng (
          .clk(clk), .rst(rst),
          .cmd_valid(cmd_valid[gc]), .cmd_ready(cmd_ready[gc]),
          .cmd_decrypt(cmd_decrypt[gc]), .cmd_cmac_only(cmd_cmac_only[gc]),
          .cmd_key(cmd_key[gc*256 +: 256]), .cmd_tag(cmd_tag[gc*128 +: 128]),
          .cmd_present(cmd_present[gc*3 +: 3]), .cmd_len(cmd_len[gc*3*LEN_W +: 3*LEN_W]),
          .cmd_addr(cmd_addr[gc*3*ADDR_W +: 3*ADDR_W]),
          .cmd_pc_len(cmd_pc_len[gc*LEN_W +: LEN_W]), .cmd_pc_addr(cmd_pc_addr[gc*ADDR_W +: ADDR_W]),
          .cmd_out_addr(cmd_out_addr[gc*ADDR_W +: ADDR_W]),
          .done_valid(done_valid[gc]), .done_ready(done_ready[gc]),
          .done_tag(done_tag[gc*128 +: 128]), .done_ok(done_ok[gc]),
          .rd_en(rd_en[gc]), .rd_addr(rd_addr[gc*ADDR_W +: ADDR_W]), .rd_data(rd_data[gc*128 +: 128]),
          .wr_en(wr_en[gc]), .wr_addr(wr_addr[gc*ADDR_W +: ADDR_W]), .wr_data(wr_data[gc*128 +: 128]),
          .aes_grant(slot == gc), .aes_req_valid(req_valid[gc]),
          .aes_req_block(req_block[gc*128 +: 128]), .aes_req_key(req_key[gc*128 +: 128]),
          .aes_resp_valid(out_valid && out_tag == gc), .aes_resp_block(out_block));
    end
  endgenerate
endmodule

`default_nettype wire
