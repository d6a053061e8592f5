// AES-SIV engine array: PIPES pipelined AES-128 cores, each shared by CTX contexts
// (siv_cluster), N = PIPES * CTX independent contexts in all. Context e = p * CTX + i is
// context i of cluster p; its ports are slices [e*W +: W] of the vectors below.
// Peak rate: PIPES AES blocks per cycle. Reset: synchronous, active-high rst.
`default_nettype none

module siv_array #(
    parameter PIPES  = 3,
    parameter CTX    = 14,
    parameter LEN_W  = 11,
    parameter ADDR_W = 16,
    parameter N      = PIPES * CTX   // derived; do not override
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire [N-1:0]            cmd_valid,
    output wire [N-1:0]            cmd_ready,
    input  wire [N-1:0]            cmd_decrypt,
    input  wire [N-1:0]            cmd_cmac_only,
    input  wire [N*256-1:0]        cmd_key,
    input  wire [N*128-1:0]        cmd_tag,
    input  wire [N*3-1:0]          cmd_present,
    input  wire [N*3*LEN_W-1:0]    cmd_len,
    input  wire [N*3*ADDR_W-1:0]   cmd_addr,
    input  wire [N*LEN_W-1:0]      cmd_pc_len,
    input  wire [N*ADDR_W-1:0]     cmd_pc_addr,
    input  wire [N*ADDR_W-1:0]     cmd_out_addr,
    output wire [N-1:0]            done_valid,
    input  wire [N-1:0]            done_ready,
    output wire [N*128-1:0]        done_tag,
    output wire [N-1:0]            done_ok,
    output wire [N-1:0]            rd_en,
    output wire [N*ADDR_W-1:0]     rd_addr,
    input  wire [N*128-1:0]        rd_data,
    output wire [N-1:0]            wr_en,
    output wire [N*ADDR_W-1:0]     wr_addr,
    output wire [N*128-1:0]        wr_data,
    output wire [PIPES-1:0]        aes_issue
);
  genvar p;
  generate
    for (p = 0; p < PIPES; p = p + 1) begin : g_pipe
      siv_cluster #(.CTX(CTX), .LEN_W(LEN_W), .ADDR_W(ADDR_W)) cl (
          .clk(clk), .rst(rst),
          .cmd_valid(cmd_valid[p*CTX*(1) +: CTX*(1)]),
          .cmd_ready(cmd_ready[p*CTX*(1) +: CTX*(1)]),
          .cmd_decrypt(cmd_decrypt[p*CTX*(1) +: CTX*(1)]),
          .cmd_cmac_only(cmd_cmac_only[p*CTX*(1) +: CTX*(1)]),
          .cmd_key(cmd_key[p*CTX*(256) +: CTX*(256)]),
          .cmd_tag(cmd_tag[p*CTX*(128) +: CTX*(128)]),
          .cmd_present(cmd_present[p*CTX*(3) +: CTX*(3)]),
          .cmd_len(cmd_len[p*CTX*(3*LEN_W) +: CTX*(3*LEN_W)]),
          .cmd_addr(cmd_addr[p*CTX*(3*ADDR_W) +: CTX*(3*ADDR_W)]),
          .cmd_pc_len(cmd_pc_len[p*CTX*(LEN_W) +: CTX*(LEN_W)]),
          .cmd_pc_addr(cmd_pc_addr[p*CTX*(ADDR_W) +: CTX*(ADDR_W)]),
          .cmd_out_addr(cmd_out_addr[p*CTX*(ADDR_W) +: CTX*(ADDR_W)]),
          .done_valid(done_valid[p*CTX*(1) +: CTX*(1)]),
          .done_ready(done_ready[p*CTX*(1) +: CTX*(1)]),
          .done_tag(done_tag[p*CTX*(128) +: CTX*(128)]),
          .done_ok(done_ok[p*CTX*(1) +: CTX*(1)]),
          .rd_en(rd_en[p*CTX*(1) +: CTX*(1)]),
          .rd_addr(rd_addr[p*CTX*(ADDR_W) +: CTX*(ADDR_W)]),
          .rd_data(rd_data[p*CTX*(128) +: CTX*(128)]),
          .wr_en(wr_en[p*CTX*(1) +: CTX*(1)]),
          .wr_addr(wr_addr[p*CTX*(ADDR_W) +: CTX*(ADDR_W)]),
          .wr_data(wr_data[p*CTX*(128) +: CTX*(128)]),
          .aes_issue(aes_issue[p]));
    end
  endgenerate
endmodule

`default_nettype wire
