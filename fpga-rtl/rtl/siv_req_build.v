// The AES request of one AES-SIV context for its next block (see siv_seq_step for the
// phases): the block to encrypt, which key (K1 for S2V/CMAC, K2 for CTR) and the data
// block to keep for the CTR output. Combinational; one instance in siv_cluster serves all
// its contexts in turn. rd_data is the buffer block read for this step (when one was).
`default_nettype none

module siv_req_build #(
    parameter LEN_W = 11
) (
    input  wire [2:0]         phase,
    input  wire [1:0]         cidx,
    input  wire [LEN_W-5:0]   blk,
    input  wire               dec_ctr,
    input  wire [127:0]       x,
    input  wire [127:0]       d,
    input  wire [127:0]       k1s,
    input  wire [127:0]       data,
    input  wire [127:0]       rd_data,
    input  wire               decrypt,      // already cleared in CMAC mode
    input  wire               cmac_only,
    input  wire [3*LEN_W-1:0] lens,
    input  wire [LEN_W-1:0]   pc_len,
    input  wire [127:0]       tag,          // decrypt: the received tag (the CTR IV)
    output reg  [127:0]       block,
    output wire               key_sel,      // 1: K2
    output wire [127:0]       n_data
);
  localparam [2:0] PH_L = 3'd0, PH_D0 = 3'd1, PH_COMP = 3'd2, PH_FINAL = 3'd3;

  wire ctr_step = (phase == PH_FINAL) ? (decrypt && dec_ctr)
                : (phase != PH_L && phase != PH_D0 && phase != PH_COMP);   // PH_CTR
  wire [LEN_W-1:0] str_len = (phase == PH_COMP) ? lens[cidx*LEN_W +: LEN_W] : pc_len;

  wire [127:0] cmac_in, ctr_block;
  siv_cmac_input #(.LEN_W(LEN_W)) cmac_u (
      .x(x), .blk_data((phase == PH_FINAL && decrypt) ? data : rd_data), .d(d),
      .k1s(k1s), .blk_idx(blk), .len(str_len), .s2v_final(phase == PH_FINAL && !cmac_only),
      .aes_in(cmac_in));
  /* verilator lint_off UNUSEDSIGNAL */
  wire [127:0] ctr_out_unused;   // the CTR output is formed when the keystream is back
  /* verilator lint_on UNUSEDSIGNAL */
  siv_ctr #(.LEN_W(LEN_W)) ctr_u (
      .v(decrypt ? tag : x), .blk_idx(blk), .len(pc_len), .keystream(128'h0),
      .data_in(128'h0), .ctr_block(ctr_block), .data_out(ctr_out_unused));

  assign key_sel = ctr_step;
  assign n_data  = ctr_step ? rd_data : data;

  always @* begin
    case (phase)
      PH_L:    block = 128'h0;
      PH_D0:   block = k1s;                   // CMAC(K1, 0^128) = AES(K1, 0 ^ K1s)
      default: block = ctr_step ? ctr_block : cmac_in;
    endcase
  end
endmodule

`default_nettype wire
