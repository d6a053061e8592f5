// One AES-SIV context (RFC 5297 AEAD_AES_SIV_CMAC_256): sequences the S2V/CMAC chain and
// the CTR blocks of one operation and hands each AES block to a shared pipeline
// (siv_cluster) in its time slot. It holds no AES logic itself.
//
// Operations (cmd_*):
//   encrypt     (decrypt=0): tag V = S2V(K1; S1..Sn, P), C = CTR(K2, V, P).
//               Writes C to out_addr.., done_tag = V, done_ok = 1.
//   decrypt     (decrypt=1): P = CTR(K2, tag, C), V' = S2V(K1; S1..Sn, P).
//               Writes P to out_addr.. as it is produced (the caller must discard it when
//               done_ok = 0), done_tag = V', done_ok = (V' == tag), one 128-bit compare.
//   CMAC        (cmac_only=1): done_tag = AES-CMAC(K1, P) (RFC 4493); nothing is written.
// Components: up to three S2V strings before P, each present (cmd_present bit set, any
// length including 0 = EMPTY, which still counts as a string) or absent (skipped).
// The sequence of AES blocks depends only on the lengths and present bits, never on the
// data, so an operation takes the same number of cycles whatever the key, data or tag.
//
// Memory: a 128-bit buffer port; rd_data must hold mem[rd_addr] in the cycle after rd_en.
// Strings start on 16-byte block boundaries; bytes beyond a string are ignored on reads
// and written as zero.
// Reset: synchronous, active-high rst.
`default_nettype none

module siv_engine #(
    parameter LEN_W  = 11,   // string length in bytes: 0 .. 2^LEN_W - 1
    parameter ADDR_W = 16    // buffer address, in 16-byte blocks
) (
    input  wire                clk,
    input  wire                rst,
    // command (valid/ready)
    input  wire                cmd_valid,
    output wire                cmd_ready,
    input  wire                cmd_decrypt,
    input  wire                cmd_cmac_only,
    input  wire [255:0]        cmd_key,        // K1 (S2V/CMAC) [255:128] || K2 (CTR) [127:0]
    input  wire [127:0]        cmd_tag,        // decrypt: the received SIV tag
    input  wire [2:0]          cmd_present,    // component i present
    input  wire [3*LEN_W-1:0]  cmd_len,        // component i length at [i*LEN_W +: LEN_W]
    input  wire [3*ADDR_W-1:0] cmd_addr,       // component i first block
    input  wire [LEN_W-1:0]    cmd_pc_len,     // plaintext (encrypt) / ciphertext (decrypt)
    input  wire [ADDR_W-1:0]   cmd_pc_addr,
    input  wire [ADDR_W-1:0]   cmd_out_addr,
    // completion (valid/ready)
    output wire                done_valid,
    input  wire                done_ready,
    output wire [127:0]        done_tag,
    output wire                done_ok,
    // buffer
    output wire                rd_en,
    output wire [ADDR_W-1:0]   rd_addr,
    input  wire [127:0]        rd_data,
    output reg                 wr_en,
    output reg  [ADDR_W-1:0]   wr_addr,
    output reg  [127:0]        wr_data,
    // shared AES pipeline
    input  wire                aes_grant,      // this cycle is our slot
    output reg                 aes_req_valid,
    output reg  [127:0]        aes_req_block,
    output wire [127:0]        aes_req_key,
    input  wire                aes_resp_valid, // our block comes out of the pipeline
    input  wire [127:0]        aes_resp_block
);
  localparam BW = LEN_W - 4;

  localparam [2:0] ST_IDLE = 3'd0, ST_NEXT = 3'd1, ST_BUILD = 3'd2, ST_ISSUE = 3'd3,
                   ST_WAIT = 3'd4, ST_DONE = 3'd5;
  localparam [2:0] PH_L = 3'd0, PH_D0 = 3'd1, PH_COMP = 3'd2, PH_FINAL = 3'd3, PH_CTR = 3'd4;

  reg [2:0]          state, phase;
  reg                decrypt, cmac_only, dec_ctr, key_sel;
  reg [127:0]        k1, k2, v_reg, x_reg, d_reg, k1s_reg, data_reg;
  reg [2:0]          present;
  reg [3*LEN_W-1:0]  lens;
  reg [3*ADDR_W-1:0] addrs;
  reg [LEN_W-1:0]    pc_len;
  reg [ADDR_W-1:0]   pc_addr, out_addr;
  reg [1:0]          cidx;
  reg [BW-1:0]       blk;

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

  wire [LEN_W-1:0]  cur_len  = lens[cidx*LEN_W +: LEN_W];
  wire [ADDR_W-1:0] cur_addr = addrs[cidx*ADDR_W +: ADDR_W];
  wire [LEN_W-1:0]  str_len  = (phase == PH_COMP) ? cur_len : pc_len;
  wire              str_last = (blk == last_blk(str_len));

  wire s2v_final = (phase == PH_FINAL) && !cmac_only;
  wire [127:0] cmac_in, ctr_block, ctr_out, resp_dbl, d_dbl;
  siv_cmac_input #(.LEN_W(LEN_W)) cmac_u (
      .x(x_reg), .blk_data((phase == PH_FINAL && decrypt) ? data_reg : rd_data), .d(d_reg),
      .k1s(k1s_reg), .blk_idx(blk), .len(str_len), .s2v_final(s2v_final), .aes_in(cmac_in));
  siv_ctr #(.LEN_W(LEN_W)) ctr_u (
      .v(v_reg), .blk_idx(blk), .len(pc_len), .keystream(aes_resp_block), .data_in(data_reg),
      .ctr_block(ctr_block), .data_out(ctr_out));
  siv_dbl dbl_resp (.x(aes_resp_block), .y(resp_dbl));
  siv_dbl dbl_d    (.x(d_reg),          .y(d_dbl));

  assign cmd_ready   = (state == ST_IDLE);
  assign done_valid  = (state == ST_DONE);
  assign done_tag    = x_reg;
  assign done_ok     = decrypt ? (x_reg == v_reg) : 1'b1;
  assign aes_req_key = key_sel ? k2 : k1;

  assign rd_en   = (state == ST_NEXT) &&
                   ((phase == PH_COMP && cur_len != {LEN_W{1'b0}}) ||
                    (phase == PH_FINAL && pc_len != {LEN_W{1'b0}} && (!decrypt || dec_ctr)) ||
                    (phase == PH_CTR));
  assign rd_addr = ((phase == PH_COMP) ? cur_addr : pc_addr) + {{(ADDR_W-BW){1'b0}}, blk};

  wire [1:0] next_comp = first_from(present, {1'b0, cidx} + 3'd1);
  wire [1:0] first_comp = first_from(present, 3'd0);

  always @(posedge clk) begin
    wr_en <= 1'b0;
    if (rst) begin
      state         <= ST_IDLE;
      aes_req_valid <= 1'b0;
    end else begin
      case (state)
        ST_IDLE: if (cmd_valid) begin
          decrypt   <= cmd_decrypt & ~cmd_cmac_only;
          cmac_only <= cmd_cmac_only;
          k1        <= cmd_key[255:128];
          k2        <= cmd_key[127:0];
          v_reg     <= cmd_tag;
          present   <= cmd_present;
          lens      <= cmd_len;
          addrs     <= cmd_addr;
          pc_len    <= cmd_pc_len;
          pc_addr   <= cmd_pc_addr;
          out_addr  <= cmd_out_addr;
          phase     <= PH_L;
          blk       <= {BW{1'b0}};
          cidx      <= 2'd0;
          x_reg     <= 128'h0;
          state     <= ST_NEXT;
        end
        ST_NEXT: state <= ST_BUILD;   // rd_en/rd_addr are driven from this state
        ST_BUILD: begin
          aes_req_valid <= 1'b1;
          key_sel       <= 1'b0;
          case (phase)
            PH_L:    aes_req_block <= 128'h0;
            PH_D0:   aes_req_block <= k1s_reg;          // CMAC(K1, 0^128) = AES(K1, K1s)
            PH_COMP: aes_req_block <= cmac_in;
            PH_FINAL:
              if (decrypt && dec_ctr) begin
                aes_req_block <= ctr_block;
                key_sel       <= 1'b1;
                data_reg      <= rd_data;
              end else begin
                aes_req_block <= cmac_in;
              end
            default: begin                              // PH_CTR
              aes_req_block <= ctr_block;
              key_sel       <= 1'b1;
              data_reg      <= rd_data;
            end
          endcase
          state <= ST_ISSUE;
        end
        ST_ISSUE: if (aes_grant) begin
          aes_req_valid <= 1'b0;
          state         <= ST_WAIT;
        end
        ST_WAIT: if (aes_resp_valid) begin
          state <= ST_NEXT;
          case (phase)
            PH_L: begin
              k1s_reg <= resp_dbl;                      // CMAC subkey K1 = dbl(AES(K1, 0))
              dec_ctr <= 1'b0;
              phase   <= cmac_only ? PH_FINAL : PH_D0;
            end
            PH_D0: begin
              d_reg   <= aes_resp_block;
              dec_ctr <= decrypt && (pc_len != {LEN_W{1'b0}});
              if (first_comp != 2'd3) begin
                phase <= PH_COMP;
                cidx  <= first_comp;
              end else begin
                phase <= PH_FINAL;
              end
            end
            PH_COMP:
              if (str_last) begin
                d_reg <= d_dbl ^ aes_resp_block;       // D = dbl(D) xor CMAC(S_i)
                x_reg <= 128'h0;
                blk   <= {BW{1'b0}};
                if (next_comp != 2'd3) cidx  <= next_comp;
                else                   phase <= PH_FINAL;
              end else begin
                x_reg <= aes_resp_block;
                blk   <= blk + 1'b1;
              end
            PH_FINAL:
              if (decrypt && dec_ctr) begin
                wr_en    <= 1'b1;
                wr_addr  <= out_addr + {{(ADDR_W-BW){1'b0}}, blk};
                wr_data  <= ctr_out;
                data_reg <= ctr_out;                    // the plaintext block feeds S2V next
                dec_ctr  <= 1'b0;
              end else begin
                x_reg <= aes_resp_block;
                if (str_last) begin
                  blk <= {BW{1'b0}};
                  if (decrypt || cmac_only || pc_len == {LEN_W{1'b0}}) begin
                    state <= ST_DONE;
                  end else begin
                    v_reg <= aes_resp_block;            // the SIV tag is the CTR IV
                    phase <= PH_CTR;
                  end
                end else begin
                  blk     <= blk + 1'b1;
                  dec_ctr <= decrypt;
                end
              end
            default: begin                              // PH_CTR
              wr_en   <= 1'b1;
              wr_addr <= out_addr + {{(ADDR_W-BW){1'b0}}, blk};
              wr_data <= ctr_out;
              blk     <= blk + 1'b1;
              if (str_last) state <= ST_DONE;
            end
          endcase
        end
        ST_DONE: if (done_ready) state <= ST_IDLE;
        default: state <= ST_IDLE;
      endcase
    end
  end
endmodule

`default_nettype wire
