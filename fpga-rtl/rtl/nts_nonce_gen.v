// Nonce generator, identical to net.ntsbox.server.AesCtrNonceSource: block i of the stream
// is AES-128(key, counter + i) (128-bit big-endian counter). Nonces are reserved in packet
// arrival order (nts_engine reserves 1 + n blocks per NTS candidate when its parse ends:
// block base = the response authenticator's nonce, base + 1 + k = new cookie k), and any
// slot may then compute its blocks whenever it needs them, in any order, because block i
// depends only on i. One small iterative AES-128 (one round per cycle, 12 cycles a block)
// serves all slots; a minimal exchange needs 2 blocks per 37 cycles at line rate, 7
// placeholders 9 per 128. `load` takes key and counter (host seeding or test mode) and
// restarts the reservation at block 0.
// Reset: synchronous, active-high rst.
`default_nettype none

module nts_nonce_gen #(
    parameter N = 42
) (
    input  wire           clk,
    input  wire           rst,
    input  wire           load,
    input  wire [127:0]   load_key,
    input  wire [127:0]   load_ctr,
    // reservation (arrival order): reserve `count` blocks, get the first index
    input  wire           rsv_en,
    input  wire [3:0]     rsv_count,
    output reg  [31:0]    rsv_next,        // first block of the next reservation
    // block requests from slots: held until resp_valid for that slot
    input  wire [N-1:0]   req_valid,
    input  wire [N*32-1:0] req_idx,
    output reg  [N-1:0]   resp_valid,
    output reg  [127:0]   resp_block
);
  reg  [127:0] key, ctr;
  reg  [127:0] st, rk;
  reg  [3:0]   round;
  reg          busy;
  reg  [7:0]   rcon;
  reg  [N-1:0] owner;
  wire [127:0] rnd_out, fin_out, rk_next;

  aes_round #(.FINAL(0)) r_mid (.state_in(st), .round_key(rk), .state_out(rnd_out));
  aes_round #(.FINAL(1)) r_fin (.state_in(st), .round_key(rk), .state_out(fin_out));
  aes_key_step ks (.key_in(rk), .rcon(rcon), .key_out(rk_next));
  wire [127:0] first_rk;
  aes_key_step ks0 (.key_in(key), .rcon(8'h01), .key_out(first_rk));

  // lowest requesting slot
  reg [N-1:0] pick;
  reg [31:0]  pick_idx;
  reg         any;
  integer i;
  always @* begin
    pick = {N{1'b0}};
    pick_idx = 32'h0;
    any = 1'b0;
    for (i = N - 1; i >= 0; i = i - 1) begin
      if (req_valid[i]) begin
        pick = {N{1'b0}};
        pick[i] = 1'b1;
        pick_idx = req_idx[i*32 +: 32];
        any = 1'b1;
      end
    end
  end

  function [7:0] xtime;
    input [7:0] b;
    begin
      xtime = {b[6:0], 1'b0} ^ (b[7] ? 8'h1b : 8'h00);
    end
  endfunction

  always @(posedge clk) begin
    resp_valid <= {N{1'b0}};
    if (rst) begin
      busy     <= 1'b0;
      rsv_next <= 32'h0;
      key      <= 128'h0;
      ctr      <= 128'h0;
    end else begin
      if (load) begin
        key      <= load_key;
        ctr      <= load_ctr;
        rsv_next <= 32'h0;
      end else if (rsv_en) begin
        rsv_next <= rsv_next + {28'h0, rsv_count};
      end
      if (!busy) begin
        if (any && !load && resp_valid == {N{1'b0}}) begin
          st    <= (ctr + {96'h0, pick_idx}) ^ key;   // round 0 (AddRoundKey)
          rk    <= first_rk;
          rcon  <= 8'h02;
          round <= 4'd1;
          owner <= pick;
          busy  <= 1'b1;
        end
      end else if (round == 4'd10) begin
        resp_block <= fin_out;
        resp_valid <= owner;
        busy       <= 1'b0;
      end else begin
        st    <= rnd_out;
        rk    <= rk_next;
        rcon  <= xtime(rcon);
        round <= round + 4'd1;
      end
    end
  end
endmodule

`default_nettype wire
