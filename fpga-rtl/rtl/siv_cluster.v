// One pipelined AES-128 core shared by CTX AES-SIV contexts in fixed time slots, with ONE
// copy of the sequencing logic, shared the same way (a barrel processor).
//
// Every context is a thread on a ring of R = max(CTX, 14) register stages:
//   R  the block of thread t comes out of the pipeline: siv_seq_step computes t's next
//      state, the CTR output write and completion (or starts t's next command);
//   (R - 14 delay stages when CTX > 14)
//   N  the buffer read of t's next block (rd_en/rd_addr);
//   B  rd_data is back: siv_req_build forms t's AES request (block and key);
//   I  the request enters aes128_pipe; t's state (chain value, D, K1 subkey, data block,
//      phase, counters) rides through the 11 pipeline stages beside its block (TAG_W).
// Each stage holds one thread per cycle, so one thread issues per cycle and each thread
// issues one block every R cycles, whatever the others do (the cycle count of an operation
// depends only on its lengths and slot phase). With CTX < 14 the threads CTX..13 never
// run (their slots are idle). Per context there remain only what must persist outside the
// ring: the command (latched on acceptance, read by the shared stages through one
// multiplexer each) and the completion (done_tag/done_ok held while done_valid).
//
// Contract (unchanged): command and completion are valid/ready, cmd_ready stays high while
// the context is idle; rd_data[i] must hold mem[rd_addr[i]] the cycle after rd_en[i];
// decrypt writes the plaintext before the verdict. rd_addr/wr_addr/wr_data are shared by
// all contexts of the cluster (the same value on every slice): they are meaningful only
// with the context's rd_en/wr_en. Ports of context i are slices [i*W +: W] of the vectors.
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
  localparam integer R     = (CTX > 14) ? CTX : 14;   // threads on the ring
  localparam integer DELAY = R - 14;                  // extra stages between R and N
  localparam integer IDW   = $clog2(R);               // thread number
  localparam integer BW    = LEN_W - 4;
  localparam integer SW    = 6 + BW + 512;            // thread state carried on the ring
  localparam integer LW3   = 3 * LEN_W;
  localparam integer AW3   = 3 * ADDR_W;
  localparam integer     LAST_I  = R - 1;
  localparam [IDW-1:0]   LAST_ID = LAST_I[IDW-1:0];
  localparam [2:0] PH_COMP = 3'd2, PH_FINAL = 3'd3, PH_CTR = 3'd4;

  // ---------------------------------------------------------------------------------
  // Per-context registers: the command (loaded on acceptance only) and the completion.
  // Vectors have R entries; the entries CTX..R-1 are constant zero (threads never run).
  /* verilator lint_off UNUSEDSIGNAL */   // entries CTX..R-1 (CTX < 14) are never read
  reg  [R-1:0]       busy, start, dn_valid, dn_ok;
  reg  [R*128-1:0]   dn_tag;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [R-1:0]       c_dec, c_cmac;
  wire [R*256-1:0]   c_key;       // per context {K1, K2}: entry 2i = K2, 2i+1 = K1
  wire [R*128-1:0]   c_tag;
  wire [R*3-1:0]     c_pres;
  wire [R*LW3-1:0]   c_lens;
  wire [R*AW3-1:0]   c_addrs;
  wire [R*LEN_W-1:0] c_pclen;
  wire [R*ADDR_W-1:0] c_pcaddr, c_outaddr;

  wire [R-1:0] accept;
  genvar gc;
  generate
    for (gc = 0; gc < R; gc = gc + 1) begin : g_ctx
      if (gc < CTX) begin : g_real
        reg             dec_r, cmac_r;
        reg [255:0]     key_r;
        reg [127:0]     tag_r;
        reg [2:0]       pres_r;
        reg [LW3-1:0]   lens_r;
        reg [AW3-1:0]   addrs_r;
        reg [LEN_W-1:0] pclen_r;
        reg [ADDR_W-1:0] pcaddr_r, outaddr_r;
        assign accept[gc] = cmd_valid[gc] && !busy[gc];
        always @(posedge clk) begin
          if (accept[gc]) begin
            dec_r     <= cmd_decrypt[gc] & ~cmd_cmac_only[gc];
            cmac_r    <= cmd_cmac_only[gc];
            key_r     <= cmd_key[gc*256 +: 256];
            tag_r     <= cmd_tag[gc*128 +: 128];
            pres_r    <= cmd_present[gc*3 +: 3];
            lens_r    <= cmd_len[gc*LW3 +: LW3];
            addrs_r   <= cmd_addr[gc*AW3 +: AW3];
            pclen_r   <= cmd_pc_len[gc*LEN_W +: LEN_W];
            pcaddr_r  <= cmd_pc_addr[gc*ADDR_W +: ADDR_W];
            outaddr_r <= cmd_out_addr[gc*ADDR_W +: ADDR_W];
          end
        end
        assign c_dec[gc]                     = dec_r;
        assign c_cmac[gc]                    = cmac_r;
        assign c_key[gc*256 +: 256]          = key_r;
        assign c_tag[gc*128 +: 128]          = tag_r;
        assign c_pres[gc*3 +: 3]             = pres_r;
        assign c_lens[gc*LW3 +: LW3]         = lens_r;
        assign c_addrs[gc*AW3 +: AW3]        = addrs_r;
        assign c_pclen[gc*LEN_W +: LEN_W]    = pclen_r;
        assign c_pcaddr[gc*ADDR_W +: ADDR_W] = pcaddr_r;
        assign c_outaddr[gc*ADDR_W +: ADDR_W] = outaddr_r;
      end else begin : g_none
        assign accept[gc]                    = 1'b0;
        assign c_dec[gc]                     = 1'b0;
        assign c_cmac[gc]                    = 1'b0;
        assign c_key[gc*256 +: 256]          = 256'h0;
        assign c_tag[gc*128 +: 128]          = 128'h0;
        assign c_pres[gc*3 +: 3]             = 3'h0;
        assign c_lens[gc*LW3 +: LW3]         = {LW3{1'b0}};
        assign c_addrs[gc*AW3 +: AW3]        = {AW3{1'b0}};
        assign c_pclen[gc*LEN_W +: LEN_W]    = {LEN_W{1'b0}};
        assign c_pcaddr[gc*ADDR_W +: ADDR_W] = {ADDR_W{1'b0}};
        assign c_outaddr[gc*ADDR_W +: ADDR_W] = {ADDR_W{1'b0}};
      end
    end
  endgenerate

  assign cmd_ready  = ~busy[CTX-1:0];
  assign done_valid = dn_valid[CTX-1:0];
  assign done_ok    = dn_ok[CTX-1:0];
  assign done_tag   = dn_tag[CTX*128-1:0];

  // ---------------------------------------------------------------------------------
  // Stage R: the thread slot_r gets its block back (or is idle) and steps.
  reg  [IDW-1:0] slot_r;
  always @(posedge clk) begin
    if (rst || slot_r == LAST_ID) slot_r <= {IDW{1'b0}};
    else                          slot_r <= slot_r + 1'b1;
  end

  wire           out_valid;
  wire [127:0]   out_block;
  wire [SW-1:0]  out_state;

  wire [2:0]       r_phase;
  wire [1:0]       r_cidx;
  wire [BW-1:0]    r_blk;
  wire             r_dec_ctr;
  wire [127:0]     r_x, r_d, r_k1s, r_data;
  assign {r_phase, r_cidx, r_blk, r_dec_ctr, r_x, r_d, r_k1s, r_data} = out_state;

  wire             r_dec     = c_dec[slot_r];
  wire [127:0]     r_tag     = c_tag[slot_r*128 +: 128];
  wire [LEN_W-1:0] r_pclen   = c_pclen[slot_r*LEN_W +: LEN_W];
  wire [ADDR_W-1:0] r_outaddr = c_outaddr[slot_r*ADDR_W +: ADDR_W];

  wire             s_run, s_wr, s_done, s_dec_ctr;
  wire [2:0]       s_phase;
  wire [1:0]       s_cidx;
  wire [BW-1:0]    s_blk;
  wire [127:0]     s_x, s_d, s_k1s, s_data, s_wr_data;
  siv_seq_step #(.LEN_W(LEN_W)) step (
      .resp_valid(out_valid), .start(start[slot_r]),
      .phase(r_phase), .cidx(r_cidx), .blk(r_blk), .dec_ctr(r_dec_ctr),
      .x(r_x), .d(r_d), .k1s(r_k1s), .data(r_data), .resp(out_block),
      .decrypt(r_dec), .cmac_only(c_cmac[slot_r]), .present(c_pres[slot_r*3 +: 3]),
      .lens(c_lens[slot_r*LW3 +: LW3]), .pc_len(r_pclen),
      .run(s_run), .n_phase(s_phase), .n_cidx(s_cidx), .n_blk(s_blk), .n_dec_ctr(s_dec_ctr),
      .n_x(s_x), .n_d(s_d), .n_k1s(s_k1s), .n_data(s_data),
      .wr(s_wr), .wr_data(s_wr_data), .done(s_done));

  // buffer write (one per cycle at most), registered like the other outputs
  reg              wr_v;
  reg [IDW-1:0]    wr_id;
  reg [ADDR_W-1:0] wr_addr_q;
  reg [127:0]      wr_data_q;
  always @(posedge clk) begin
    wr_v      <= s_wr && !rst;
    wr_id     <= slot_r;
    wr_addr_q <= r_outaddr + {{(ADDR_W-BW){1'b0}}, r_blk};
    wr_data_q <= s_wr_data;
  end

  // per-context handshake state
  integer k;
  always @(posedge clk) begin
    if (rst) begin
      busy     <= {R{1'b0}};
      start    <= {R{1'b0}};
      dn_valid <= {R{1'b0}};
    end else begin
      for (k = 0; k < R; k = k + 1) begin
        if (accept[k]) begin
          busy[k]  <= 1'b1;
          start[k] <= 1'b1;
        end
        if (dn_valid[k] && done_ready[k % CTX]) begin
          dn_valid[k] <= 1'b0;
          busy[k]     <= 1'b0;
        end
      end
      if (!out_valid && start[slot_r]) start[slot_r] <= 1'b0;   // consumed
      if (s_done) dn_valid[slot_r] <= 1'b1;
    end
    if (s_done) begin
      // constant part-selects: a variable one (dn_tag[slot_r*128 +: 128]) synthesises to
      // a shift, mask and merge of all R*128 bits
      for (k = 0; k < R; k = k + 1)
        if (slot_r == k[IDW-1:0]) dn_tag[k*128 +: 128] <= s_x;
      dn_ok[slot_r]             <= !r_dec || (s_x == r_tag);   // one 128-bit compare
    end
  end

  // ---------------------------------------------------------------------------------
  // R -> (delay) -> N -> B -> I stage registers. Each carries {run, thread, state, tag}.
  localparam integer PW = 1 + IDW + SW + 128;
  reg  [PW-1:0] s1;
  always @(posedge clk) s1 <= {s_run && !rst, slot_r,
                               s_phase, s_cidx, s_blk, s_dec_ctr, s_x, s_d, s_k1s, s_data, r_tag};
  wire [PW-1:0] n_in;
  generate
    if (DELAY > 0) begin : g_delay
      reg [PW-1:0] dl [0:DELAY-1];
      integer q;
      always @(posedge clk) begin
        dl[0] <= {s1[PW-1] && !rst, s1[PW-2:0]};
        for (q = 1; q < DELAY; q = q + 1) dl[q] <= {dl[q-1][PW-1] && !rst, dl[q-1][PW-2:0]};
      end
      assign n_in = dl[DELAY-1];
    end else begin : g_nodelay
      assign n_in = s1;
    end
  endgenerate

  // Stage N: the buffer read for the next block.
  wire             n_run   = n_in[PW-1];
  wire [IDW-1:0]   n_id    = n_in[PW-2 -: IDW];
  wire [2:0]       n_phase = n_in[SW+127 -: 3];
  wire [1:0]       n_cidx  = n_in[SW+124 -: 2];
  wire [BW-1:0]    n_blk   = n_in[SW+122 -: BW];
  wire             n_dec_ctr = n_in[SW+122-BW];
  wire [LEN_W-1:0] n_pclen = c_pclen[n_id*LEN_W +: LEN_W];
  wire [LEN_W-1:0] n_len   = c_lens[n_id*LW3 + n_cidx*LEN_W +: LEN_W];
  wire [ADDR_W-1:0] n_base = (n_phase == PH_COMP) ? c_addrs[n_id*AW3 + n_cidx*ADDR_W +: ADDR_W]
                                                 : c_pcaddr[n_id*ADDR_W +: ADDR_W];
  wire n_rd = n_run &&
              ((n_phase == PH_COMP && n_len != {LEN_W{1'b0}}) ||
               (n_phase == PH_FINAL && n_pclen != {LEN_W{1'b0}} && (!c_dec[n_id] || n_dec_ctr)) ||
               (n_phase == PH_CTR));
  wire [ADDR_W-1:0] n_rd_addr = n_base + {{(ADDR_W-BW){1'b0}}, n_blk};

  genvar go;
  generate
    for (go = 0; go < CTX; go = go + 1) begin : g_out
      assign rd_en[go]                    = n_rd && (n_id == go);
      assign rd_addr[go*ADDR_W +: ADDR_W] = n_rd_addr;
      assign wr_en[go]                    = wr_v && (wr_id == go);
      assign wr_addr[go*ADDR_W +: ADDR_W] = wr_addr_q;
      assign wr_data[go*128 +: 128]       = wr_data_q;
    end
  endgenerate

  reg [PW-1:0] s2;
  always @(posedge clk) s2 <= {n_run && !rst, n_in[PW-2:0]};

  // Stage B: build the request from the thread's state and the block just read.
  wire             b_run   = s2[PW-1];
  wire [IDW-1:0]   b_id    = s2[PW-2 -: IDW];
  wire [2:0]       b_phase;
  wire [1:0]       b_cidx;
  wire [BW-1:0]    b_blk;
  wire             b_dec_ctr;
  wire [127:0]     b_x, b_d, b_k1s, b_data, b_tag;
  assign {b_phase, b_cidx, b_blk, b_dec_ctr, b_x, b_d, b_k1s, b_data, b_tag} = s2[PW-IDW-2:0];

  wire [127:0] b_block, b_n_data;
  wire         b_key_sel;
  siv_req_build #(.LEN_W(LEN_W)) build (
      .phase(b_phase), .cidx(b_cidx), .blk(b_blk), .dec_ctr(b_dec_ctr),
      .x(b_x), .d(b_d), .k1s(b_k1s), .data(b_data), .rd_data(rd_data[b_id*128 +: 128]),
      .decrypt(c_dec[b_id]), .cmac_only(c_cmac[b_id]), .lens(c_lens[b_id*LW3 +: LW3]),
      .pc_len(c_pclen[b_id*LEN_W +: LEN_W]), .tag(b_tag),
      .block(b_block), .key_sel(b_key_sel), .n_data(b_n_data));

  // Stage I: registered request into the pipeline.
  reg           i_valid;
  reg [127:0]   i_block, i_key;
  reg [SW-1:0]  i_state;
  always @(posedge clk) begin
    i_valid <= b_run && !rst;
    i_block <= b_block;
    i_key   <= c_key[{b_id, ~b_key_sel}*128 +: 128];
    i_state <= {b_phase, b_cidx, b_blk, b_dec_ctr, b_x, b_d, b_k1s, b_n_data};
  end

  assign aes_issue = i_valid;
  aes128_pipe #(.TAG_W(SW)) pipe (
      .clk(clk), .rst(rst), .in_valid(i_valid),
      .in_block(i_block), .in_key(i_key), .in_tag(i_state),
      .out_valid(out_valid), .out_block(out_block), .out_tag(out_state));
endmodule

`default_nettype wire
