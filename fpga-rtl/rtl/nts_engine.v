// NTS engine (RFC 8915 server step in hardware): ntp_rx (UDP payload + rx_meta) in, ntp_tx
// (response payload + tx_meta) out, or a drop with a reason; byte for byte the Java
// NtsServerStep for AEAD 15 (docs/nts-engine.md).
//   nts_rx_parser   one streaming parser in front of the slots (verdicts in arrival order)
//   nts_slot  x N   packet buffer + sequencer, one AES-SIV context each (N = PIPES * CTX)
//   siv_array       the shared AES-SIV contexts
//   nts_nonce_gen   AES-CTR nonces, reserved in arrival order, computed on demand
//   nts_key_table   cookie master keys (stand-in for keymem)
//   output arbiter  (here) over finished slots: stream, drop, or drop late
// Order: every request taken into a slot gets the next arrival sequence number (seq). Its
// response leaves with ntp_tx_seq, or, when it is dropped here, a "no response" token
// (skip_valid/skip_seq) does: exactly one of the two per seq. The launch queue releases the
// responses in seq order, i.e. in tx_ts order (tx_ts = rx_ts + budget and rx_ts rises with
// arrival), while the slots finish in any order (a 7-placeholder request takes ~4x a
// minimal one). The queue reports its head (seq_head): a request is taken only while fewer
// than 2^(SEQ_W-1) seqs are outstanding (its reorder entry is free). The arbiter serves the
// head's slot first when it is done, and streams any other response only while the queue
// has room for two largest frames (tx_room_any), the head's with tx_room_head: so the later
// responses cannot fill the queue while the head still waits for room (no deadlock).
// A packet goes to the lowest free slot; with none free it is dropped (DROP_BUSY) when
// drop_when_busy is set, else ntp_rx is held (tready low) until a slot frees.
// Statistics: one strobe per packet on stat_valid/stat_code (with its rx_meta), and the
// same as a one-hot vector stat_strobe (bit = outcome code, bit 16 = DROP_BUSY, which can
// coincide with another outcome).
// Reset: synchronous, active-high rst.
`default_nettype none

module nts_engine #(
    parameter PIPES  = 3,
    parameter CTX    = 14,
    parameter N      = PIPES * CTX,   // derived: one slot per AES-SIV context
    parameter META_W = 474,
    parameter TXM_W  = 538,
    parameter SEQ_W  = 8      // arrival sequence numbers: 2^(SEQ_W-1) outstanding at most
) (
    input  wire                clk,
    input  wire                rst,
    input  wire                ntp_rx_tvalid,
    output wire                ntp_rx_tready,
    input  wire [63:0]         ntp_rx_tdata,
    input  wire [7:0]          ntp_rx_tkeep,
    input  wire                ntp_rx_tlast,
    input  wire [META_W-1:0]   ntp_rx_tuser,
    output wire                ntp_tx_tvalid,
    input  wire                ntp_tx_tready,
    output wire [63:0]         ntp_tx_tdata,
    output wire [7:0]          ntp_tx_tkeep,
    output wire                ntp_tx_tlast,
    output wire [TXM_W-1:0]    ntp_tx_tuser,
    output wire [SEQ_W-1:0]    ntp_tx_seq,      // the response's arrival sequence number
    output reg                 skip_valid,      // request skip_seq produced no response
    output reg  [SEQ_W-1:0]    skip_seq,
    input  wire [SEQ_W-1:0]    seq_head,        // launch queue: oldest seq not yet released
    input  wire                tx_room_head,    // launch queue: room for one largest frame
    input  wire                tx_room_any,     // launch queue: room for two
    // registers
    input  wire [1:0]          hdr_leap,
    input  wire [7:0]          hdr_stratum,
    input  wire [7:0]          hdr_precision,
    input  wire [31:0]         hdr_root_delay,
    input  wire [31:0]         hdr_root_disp,
    input  wire [31:0]         hdr_refid,
    input  wire [63:0]         hdr_reftime,
    input  wire [63:0]         tx_budget,
    input  wire [63:0]         late_margin,
    input  wire [63:0]         now_ts,
    input  wire                drop_when_busy,
    input  wire                serve_plain,    // DP ENABLE.NTP / .NTS: else outcome 14 (disabled)
    input  wire                serve_nts,
    input  wire                key_wr_en,
    input  wire [1:0]          key_wr_slot,
    input  wire                key_wr_valid,
    input  wire [31:0]         key_wr_id,
    input  wire [255:0]        key_wr_key,
    input  wire                cur_wr_en,
    input  wire [1:0]          cur_wr_slot,
    input  wire                nonce_load,
    input  wire [127:0]        nonce_key,
    input  wire [127:0]        nonce_ctr,
    // statistics
    output reg                 stat_valid,
    output reg  [4:0]          stat_code,
    output reg  [META_W-1:0]   stat_meta,
    output reg  [16:0]         stat_strobe,
    // with stat_valid: the request's cookie named live key slot stat_key_slot (stat_key_hit)
    // or an unknown / retired key ID (stat_key_miss); NtsServerStep.usedKey() semantics
    output reg                 stat_key_hit,
    output reg                 stat_key_miss,
    output reg  [1:0]          stat_key_slot,
    output wire                idle
);
  localparam [4:0] C_LATE = 5'd15;
  localparam integer LAST_I = N - 1;
  localparam SW = (N <= 2) ? 1 : (N <= 4) ? 2 : (N <= 8) ? 3 : (N <= 16) ? 4 : (N <= 32) ? 5 :
                  (N <= 64) ? 6 : 7;

  // ---- key table ----
  wire [3:0]     key_valid;
  wire [127:0]   key_id;
  wire [1023:0]  key_val;
  wire [1:0]     cur_slot;
  nts_key_table u_keys (
      .clk(clk), .rst(rst), .wr_en(key_wr_en), .wr_slot(key_wr_slot), .wr_valid(key_wr_valid),
      .wr_id(key_wr_id), .wr_key(key_wr_key), .cur_wr_en(cur_wr_en), .cur_wr_slot(cur_wr_slot),
      .key_valid(key_valid), .key_id(key_id), .key_val(key_val), .cur_slot(cur_slot));

  // ---- dispatcher + parser ----
  wire [N-1:0] free;
  reg  [SW-1:0] pick;
  reg           slot_free;
  integer i;
  always @* begin
    pick = {SW{1'b0}};
    slot_free = 1'b0;
    for (i = N - 1; i >= 0; i = i - 1)
      if (free[i]) begin pick = i[SW-1:0]; slot_free = 1'b1; end
  end
  // arrival sequence numbers: next_seq for the next request taken into a slot
  reg  [SEQ_W-1:0] next_seq;
  reg  [SEQ_W-1:0] slot_seq [0:N-1];
  wire [SEQ_W-1:0] outstanding = next_seq - seq_head;
  wire          any_free = slot_free && !outstanding[SEQ_W-1];
  reg           in_pkt, discard, res_discard;
  reg  [SW-1:0] tgt, res_slot;
  reg  [8:0]    beat;
  reg  [META_W-1:0] cur_meta;
  wire first = !in_pkt;
  assign ntp_rx_tready = in_pkt || any_free || drop_when_busy;
  wire take = ntp_rx_tvalid && ntp_rx_tready;
  wire          claim = take && first && any_free;
  wire [SW-1:0] wslot = first ? pick : tgt;
  wire          wdisc = first ? !any_free : discard;
  wire [8:0]    wbeat = first ? 9'd0 : beat;

  always @(posedge clk) begin
    if (claim) slot_seq[pick] <= next_seq;
    if (rst) next_seq <= {SEQ_W{1'b0}};
    else if (claim) next_seq <= next_seq + 1'b1;
  end

  always @(posedge clk) begin
    if (rst) begin
      in_pkt <= 1'b0;
    end else if (take) begin
      if (first) begin
        tgt <= pick; discard <= !any_free; cur_meta <= ntp_rx_tuser;
      end
      beat   <= wbeat + 9'd1;
      in_pkt <= !ntp_rx_tlast;
      if (ntp_rx_tlast) begin res_slot <= wslot; res_discard <= wdisc; end
    end
  end

  wire        p_valid, p_auth_bad, p_auth_short;
  wire [4:0]  p_code;
  wire [1:0]  p_kind;
  wire [2:0]  p_ph;
  wire [10:0] p_len, p_uid_pos, p_uid_len, p_cookie_pos, p_auth_pos, p_nonce_len, p_ct_len;
  wire [7:0]  p_byte0, p_poll;
  wire [63:0] p_xmt;
  nts_rx_parser parser (
      .clk(clk), .rst(rst), .in_valid(take), .in_first(first), .in_last(ntp_rx_tlast),
      .in_data(ntp_rx_tdata), .in_keep(ntp_rx_tkeep), .in_len(ntp_rx_tuser[377:366]),
      .serve_plain(serve_plain), .serve_nts(serve_nts),
      .res_valid(p_valid), .res_code(p_code), .res_kind(p_kind), .res_auth_bad(p_auth_bad),
      .res_auth_short(p_auth_short), .res_placeholders(p_ph), .res_len(p_len),
      .res_uid_pos(p_uid_pos), .res_uid_len(p_uid_len), .res_cookie_pos(p_cookie_pos),
      .res_auth_pos(p_auth_pos), .res_nonce_len(p_nonce_len), .res_ct_len(p_ct_len),
      .res_byte0(p_byte0), .res_poll(p_poll), .res_xmt(p_xmt));

  // nonces: 1 + n blocks per NTS candidate, reserved when its parse ends (arrival order)
  wire        candidate = p_valid && !res_discard && p_kind == 2'd3 && !p_auth_bad && !p_auth_short;
  wire [31:0] rsv_next;
  wire [N-1:0] nreq_valid, nresp_valid;
  wire [N*32-1:0] nreq_idx;
  wire [127:0] nresp_block;
  nts_nonce_gen #(.N(N)) nonces (
      .clk(clk), .rst(rst), .load(nonce_load), .load_key(nonce_key), .load_ctr(nonce_ctr),
      .rsv_en(candidate), .rsv_count({1'b0, p_ph} + 4'd2), .rsv_next(rsv_next),
      .req_valid(nreq_valid), .req_idx(nreq_idx), .resp_valid(nresp_valid),
      .resp_block(nresp_block));

  // ---- AES-SIV contexts ----
  wire [N-1:0]      cmd_valid, cmd_ready, cmd_decrypt, done_valid, done_ready, done_ok;
  wire [N*256-1:0]  cmd_key;
  wire [N*128-1:0]  cmd_tag, done_tag, rd_data, wr_data;
  wire [N*3-1:0]    cmd_present;
  wire [N*33-1:0]   cmd_len;
  wire [N*30-1:0]   cmd_addr;
  wire [N*11-1:0]   cmd_pc_len;
  wire [N*10-1:0]   cmd_pc_addr, cmd_out_addr, rd_addr, wr_addr;
  wire [N-1:0]      rd_en, wr_en;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [PIPES-1:0]  aes_issue;
  /* verilator lint_on UNUSEDSIGNAL */
  siv_array #(.PIPES(PIPES), .CTX(CTX), .LEN_W(11), .ADDR_W(10)) siv (
      .clk(clk), .rst(rst), .cmd_valid(cmd_valid), .cmd_ready(cmd_ready),
      .cmd_decrypt(cmd_decrypt), .cmd_cmac_only({N{1'b0}}), .cmd_key(cmd_key), .cmd_tag(cmd_tag),
      .cmd_present(cmd_present), .cmd_len(cmd_len), .cmd_addr(cmd_addr), .cmd_pc_len(cmd_pc_len),
      .cmd_pc_addr(cmd_pc_addr), .cmd_out_addr(cmd_out_addr), .done_valid(done_valid),
      .done_ready(done_ready), .done_tag(done_tag), .done_ok(done_ok), .rd_en(rd_en),
      .rd_addr(rd_addr), .rd_data(rd_data), .wr_en(wr_en), .wr_addr(wr_addr), .wr_data(wr_data),
      .aes_issue(aes_issue));

  // ---- slots ----
  wire [N-1:0]        s_done, s_drop, s_tx_valid, s_tx_last;
  wire [N*5-1:0]      s_code;
  wire [N*64-1:0]     s_tx_ts, s_tx_data;
  wire [N*META_W-1:0] s_meta;
  wire [N*11-1:0]     s_len;
  wire [N*8-1:0]      s_tx_keep;
  wire [N-1:0]        s_key_hit, s_key_miss;
  wire [N*2-1:0]      s_key_slot;
  reg  [N-1:0]        grant, grant_drop;
  reg                 o_busy;
  reg  [SW-1:0]       o_slot;
  // The arbiter reads the slots' outputs at a run-time slot number (o_slot, sel). Written as
  // s_x[o_slot*W +: W], Yosys builds a barrel shifter over all N*W bits (the index is a
  // product); indexing an array of the N words instead gives a plain N:1 multiplexer. The
  // arrays span every SW-bit index: the words past the last slot read as zero.
  localparam integer NP = 1 << SW;
  wire [META_W-1:0] a_meta [0:NP-1];
  wire [63:0]       a_tx_ts [0:NP-1];
  wire [63:0]       a_tx_data [0:NP-1];
  wire [10:0]       a_len [0:NP-1];
  wire [7:0]        a_tx_keep [0:NP-1];
  wire [4:0]        a_code [0:NP-1];
  wire [1:0]        a_key_slot [0:NP-1];
  genvar g;
  generate
    for (g = N; g < NP; g = g + 1) begin : g_pad
      assign a_meta[g] = {META_W{1'b0}};
      assign a_tx_ts[g] = 64'd0;
      assign a_tx_data[g] = 64'd0;
      assign a_len[g] = 11'd0;
      assign a_tx_keep[g] = 8'd0;
      assign a_code[g] = 5'd0;
      assign a_key_slot[g] = 2'd0;
    end
    for (g = 0; g < N; g = g + 1) begin : g_slot
      nts_slot #(.META_W(META_W)) slot (
          .clk(clk), .rst(rst), .free(free[g]),
          .claim(claim && pick == g),
          .rx_we(take && !wdisc && wslot == g && wbeat < 9'd256), .rx_beat(wbeat[7:0]),
          .rx_data(ntp_rx_tdata),
          .load(p_valid && !res_discard && res_slot == g),
          .p_code(p_code), .p_kind(p_kind), .p_auth_bad(p_auth_bad), .p_auth_short(p_auth_short),
          .p_ph(p_ph), .p_len(p_len), .p_uid_pos(p_uid_pos), .p_uid_len(p_uid_len),
          .p_cookie_pos(p_cookie_pos), .p_auth_pos(p_auth_pos), .p_nonce_len(p_nonce_len),
          .p_ct_len(p_ct_len), .p_byte0(p_byte0), .p_poll(p_poll), .p_xmt(p_xmt),
          .p_nonce_base(rsv_next), .p_meta(cur_meta),
          .hdr_leap(hdr_leap), .hdr_stratum(hdr_stratum), .hdr_precision(hdr_precision),
          .hdr_root_delay(hdr_root_delay), .hdr_root_disp(hdr_root_disp), .hdr_refid(hdr_refid),
          .hdr_reftime(hdr_reftime), .tx_budget(tx_budget),
          .key_valid(key_valid), .key_id(key_id), .key_val(key_val), .cur_slot(cur_slot),
          .cmd_valid(cmd_valid[g]), .cmd_ready(cmd_ready[g]), .cmd_decrypt(cmd_decrypt[g]),
          .cmd_key(cmd_key[g*256 +: 256]), .cmd_tag(cmd_tag[g*128 +: 128]),
          .cmd_present(cmd_present[g*3 +: 3]), .cmd_len(cmd_len[g*33 +: 33]),
          .cmd_addr(cmd_addr[g*30 +: 30]), .cmd_pc_len(cmd_pc_len[g*11 +: 11]),
          .cmd_pc_addr(cmd_pc_addr[g*10 +: 10]), .cmd_out_addr(cmd_out_addr[g*10 +: 10]),
          .done_valid(done_valid[g]), .done_ready(done_ready[g]), .done_tag(done_tag[g*128 +: 128]),
          .done_ok(done_ok[g]), .siv_rd_en(rd_en[g]), .siv_rd_addr(rd_addr[g*10 +: 10]),
          .siv_rd_data(rd_data[g*128 +: 128]), .siv_wr_en(wr_en[g]),
          .siv_wr_addr(wr_addr[g*10 +: 10]), .siv_wr_data(wr_data[g*128 +: 128]),
          .nreq_valid(nreq_valid[g]), .nreq_idx(nreq_idx[g*32 +: 32]),
          .nresp_valid(nresp_valid[g]), .nresp_block(nresp_block),
          .done(s_done[g]), .out_drop(s_drop[g]), .out_code(s_code[g*5 +: 5]),
          .out_tx_ts(s_tx_ts[g*64 +: 64]), .out_meta(s_meta[g*META_W +: META_W]),
          .out_len(s_len[g*11 +: 11]), .out_key_hit(s_key_hit[g]), .out_key_miss(s_key_miss[g]),
          .out_key_slot(s_key_slot[g*2 +: 2]), .grant(grant[g]), .grant_drop(grant_drop[g]),
          .tx_valid(s_tx_valid[g]), .tx_data(s_tx_data[g*64 +: 64]),
          .tx_keep(s_tx_keep[g*8 +: 8]), .tx_last(s_tx_last[g]),
          .tx_ready(ntp_tx_tready && o_busy && o_slot == g));
      assign a_meta[g] = s_meta[g*META_W +: META_W];
      assign a_tx_ts[g] = s_tx_ts[g*64 +: 64];
      assign a_tx_data[g] = s_tx_data[g*64 +: 64];
      assign a_len[g] = s_len[g*11 +: 11];
      assign a_tx_keep[g] = s_tx_keep[g*8 +: 8];
      assign a_code[g] = s_code[g*5 +: 5];
      assign a_key_slot[g] = s_key_slot[g*2 +: 2];
    end
  endgenerate

  // ---- output arbiter: the head's slot when done, else round robin from the slot after the
  // last one served over the done slots that may go (drops always; responses with room) ----
  localparam [SW-1:0] LAST_SLOT = LAST_I[SW-1:0];
  reg  [SW-1:0] ptr, sel, hsel;
  reg           sel_any, h_any;
  reg  [N-1:0]  may_go;
  integer k, idx;
  always @* begin
    hsel = {SW{1'b0}};
    h_any = 1'b0;
    idx = 0;
    for (k = 0; k < N; k = k + 1) begin
      may_go[k] = s_done[k] && (s_drop[k] || tx_room_any);
      if (s_done[k] && slot_seq[k] == seq_head && (s_drop[k] || tx_room_head)) begin
        hsel = k[SW-1:0]; h_any = 1'b1;
      end
    end
    sel = hsel;
    sel_any = h_any;
    if (!h_any)
      for (k = N - 1; k >= 0; k = k - 1) begin
        idx = {{(32-SW){1'b0}}, ptr} + k;
        if (idx >= N) idx = idx - N;
        if (may_go[idx]) begin sel = idx[SW-1:0]; sel_any = 1'b1; end
      end
  end
  wire [META_W-1:0] o_meta = a_meta[o_slot];   // in ntp_tx_tuser, payload_len is replaced
  wire [63:0] sel_ts   = a_tx_ts[sel];
  wire [4:0]  sel_code = a_code[sel];
  wire [4:0]  o_code   = a_code[o_slot];
  wire        sel_late = (now_ts + late_margin) > sel_ts;
  wire        tx_end   = ntp_tx_tvalid && ntp_tx_tready && ntp_tx_tlast;

  always @(posedge clk) begin
    grant       <= {N{1'b0}};
    grant_drop  <= {N{1'b0}};
    stat_valid  <= 1'b0;
    stat_strobe <= 17'd0;
    stat_key_hit  <= 1'b0;
    stat_key_miss <= 1'b0;
    skip_valid  <= 1'b0;
    if (rst) begin
      o_busy <= 1'b0;
      ptr    <= {SW{1'b0}};
    end else begin
      if (p_valid && res_discard) stat_strobe[16] <= 1'b1;
      if (o_busy) begin
        if (tx_end) begin
          o_busy      <= 1'b0;
          stat_valid  <= 1'b1;
          stat_code   <= o_code;
          stat_meta   <= o_meta;
          stat_strobe[o_code] <= 1'b1;
          stat_key_hit  <= s_key_hit[o_slot];
          stat_key_miss <= s_key_miss[o_slot];
          stat_key_slot <= a_key_slot[o_slot];
        end
      end else if (sel_any && grant == {N{1'b0}}) begin
        grant[sel] <= 1'b1;
        ptr        <= (sel == LAST_SLOT) ? {SW{1'b0}} : sel + 1'b1;
        if (s_drop[sel] || sel_late) begin
          grant_drop[sel] <= !s_drop[sel];
          skip_valid  <= 1'b1;
          skip_seq    <= slot_seq[sel];
          stat_valid  <= 1'b1;
          stat_code   <= s_drop[sel] ? sel_code : C_LATE;
          stat_meta   <= a_meta[sel];
          stat_strobe[s_drop[sel] ? sel_code : C_LATE] <= 1'b1;
          stat_key_hit  <= s_key_hit[sel];
          stat_key_miss <= s_key_miss[sel];
          stat_key_slot <= a_key_slot[sel];
        end else begin
          o_busy <= 1'b1;
          o_slot <= sel;
        end
      end
    end
  end

  assign ntp_tx_tvalid = o_busy && s_tx_valid[o_slot];
  assign ntp_tx_tdata  = a_tx_data[o_slot];
  assign ntp_tx_tkeep  = a_tx_keep[o_slot];
  assign ntp_tx_tlast  = s_tx_last[o_slot];
  assign ntp_tx_seq    = slot_seq[o_slot];
  assign ntp_tx_tuser  = {a_tx_ts[o_slot], o_meta[473:378], 1'b0, a_len[o_slot], o_meta[365:0]};
  assign idle = (&free) && !in_pkt && !p_valid && !o_busy;
endmodule

`default_nettype wire
