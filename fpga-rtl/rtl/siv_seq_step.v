// The AES-SIV sequencer step of one context (RFC 5297 AEAD_AES_SIV_CMAC_256, RFC 4493
// CMAC): given the context's state and the AES block that just came back for it, the state
// for its next block, the buffer write (CTR output) and completion. Combinational; one
// instance in siv_cluster serves all its contexts in turn (the response of context i comes
// out of the pipeline in a fixed cycle of every CTX).
//
// Phases of an operation (each is one AES block per step, except COMP/FINAL/CTR, which
// walk the blocks of a string):
//   L     AES(K1, 0)        -> K1s = dbl(L) (CMAC subkey K1; K2 = dbl(K1s) on the fly)
//   D0    CMAC(K1, 0^128)   -> D (skipped in CMAC mode)
//   COMP  CMAC of each present S2V component, D = dbl(D) ^ CMAC(S_i)
//   FINAL CMAC of the last string (xorend / dbl+pad, or plain CMAC in CMAC mode); for
//         decrypt, each CTR block of the ciphertext (dec_ctr = 1) precedes the S2V block
//         of the plaintext it yields
//   CTR   encrypt only: the CTR blocks, IV = the tag just computed (kept in x)
// The sequence of phases and blocks depends only on the lengths and present bits.
`default_nettype none

module siv_seq_step #(
    parameter LEN_W = 11
) (
    input  wire               resp_valid,   // the context's block came back: step
    input  wire               start,        // otherwise: begin a new operation
    // context state (see siv_cluster: it travels with the block)
    input  wire [2:0]         phase,
    input  wire [1:0]         cidx,
    input  wire [LEN_W-5:0]   blk,
    input  wire               dec_ctr,
    input  wire [127:0]       x,
    input  wire [127:0]       d,
    input  wire [127:0]       k1s,
    input  wire [127:0]       data,
    input  wire [127:0]       resp,
    // the operation (per-context command registers)
    input  wire               decrypt,      // already cleared in CMAC mode
    input  wire               cmac_only,
    input  wire [2:0]         present,
    input  wire [3*LEN_W-1:0] lens,
    input  wire [LEN_W-1:0]   pc_len,
    // next state
    output reg                run,          // a next block is to be issued
    output reg  [2:0]         n_phase,
    output reg  [1:0]         n_cidx,
    output reg  [LEN_W-5:0]   n_blk,
    output reg                n_dec_ctr,
    output reg  [127:0]       n_x,
    output reg  [127:0]       n_d,
    output reg  [127:0]       n_k1s,
    output reg  [127:0]       n_data,
    // buffer write of block blk (address = out_addr + blk)
    output reg                wr,
    output wire [127:0]       wr_data,
    // completion: tag = n_x
    output reg                done
);
  localparam BW = LEN_W - 4;
  localparam [2:0] PH_L = 3'd0, PH_D0 = 3'd1, PH_COMP = 3'd2, PH_FINAL = 3'd3, PH_CTR = 3'd4;

  // first present component at index >= from, or 3 when none is left
  function [1:0] first_from;
    input [2:0] pres;
    input [2:0] from;
    begin
      if (from == 3'd0 && pres[0])      first_from = 2'd0;
      else if (from <= 3'd1 && pres[1]) first_from = 2'd1;
      else if (from <= 3'd2 && pres[2]) first_from = 2'd2;
      else                              first_from = 2'd3;
    end
  endfunction
  // index of the last block of a string: max(1, ceil(len/16)) - 1
  function [BW-1:0] last_blk;
    input [LEN_W-1:0] len;
    begin
      last_blk = (len == {LEN_W{1'b0}}) ? {BW{1'b0}}
               : (len[LEN_W-1:4] - {{(BW-1){1'b0}}, (len[3:0] == 4'h0)});
    end
  endfunction

  wire [LEN_W-1:0] cur_len  = lens[cidx*LEN_W +: LEN_W];
  wire [LEN_W-1:0] str_len  = (phase == PH_COMP) ? cur_len : pc_len;
  wire             str_last = (blk == last_blk(str_len));
  wire [1:0]       next_comp  = first_from(present, {1'b0, cidx} + 3'd1);
  wire [1:0]       first_comp = first_from(present, 3'd0);
  wire             pc_empty   = (pc_len == {LEN_W{1'b0}});

  wire [127:0] resp_dbl, d_dbl;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [127:0] ctr_block_unused;   // the counter block was formed when the request was built
  /* verilator lint_on UNUSEDSIGNAL */
  siv_dbl dbl_resp (.x(resp), .y(resp_dbl));
  siv_dbl dbl_d    (.x(d),    .y(d_dbl));
  siv_ctr #(.LEN_W(LEN_W)) ctr_u (
      .v(128'h0), .blk_idx(blk), .len(pc_len), .keystream(resp), .data_in(data),
      .ctr_block(ctr_block_unused), .data_out(wr_data));

  always @* begin
    run       = 1'b0;
    wr        = 1'b0;
    done      = 1'b0;
    n_phase   = phase;
    n_cidx    = cidx;
    n_blk     = blk;
    n_dec_ctr = dec_ctr;
    n_x       = x;
    n_d       = d;
    n_k1s     = k1s;
    n_data    = data;
    if (resp_valid) begin
      run = 1'b1;
      case (phase)
        PH_L: begin
          n_k1s     = resp_dbl;                          // CMAC subkey K1 = dbl(AES(K1, 0))
          n_dec_ctr = 1'b0;
          n_phase   = cmac_only ? PH_FINAL : PH_D0;
        end
        PH_D0: begin
          n_d       = resp;
          n_dec_ctr = decrypt && !pc_empty;
          if (first_comp != 2'd3) begin
            n_phase = PH_COMP;
            n_cidx  = first_comp;
          end else begin
            n_phase = PH_FINAL;
          end
        end
        PH_COMP:
          if (str_last) begin
            n_d   = d_dbl ^ resp;                        // D = dbl(D) xor CMAC(S_i)
            n_x   = 128'h0;
            n_blk = {BW{1'b0}};
            if (next_comp != 2'd3) n_cidx  = next_comp;
            else                   n_phase = PH_FINAL;
          end else begin
            n_x   = resp;
            n_blk = blk + 1'b1;
          end
        PH_FINAL:
          if (decrypt && dec_ctr) begin
            wr        = 1'b1;
            n_data    = wr_data;                         // the plaintext block feeds S2V next
            n_dec_ctr = 1'b0;
          end else begin
            n_x = resp;
            if (str_last) begin
              n_blk = {BW{1'b0}};
              if (decrypt || cmac_only || pc_empty) begin
                run  = 1'b0;
                done = 1'b1;
              end else begin
                n_phase = PH_CTR;                        // IV = the tag, now in x
              end
            end else begin
              n_blk     = blk + 1'b1;
              n_dec_ctr = decrypt;
            end
          end
        default: begin                                   // PH_CTR
          wr    = 1'b1;
          n_blk = blk + 1'b1;
          if (str_last) begin
            run  = 1'b0;
            done = 1'b1;
          end
        end
      endcase
    end else if (start) begin
      run       = 1'b1;
      n_phase   = PH_L;
      n_cidx    = 2'd0;
      n_blk     = {BW{1'b0}};
      n_dec_ctr = 1'b0;
      n_x       = 128'h0;
    end
  end
endmodule

`default_nettype wire
