// Co-simulation bench of nts_engine against the Java model (NtsCosimGenerator): reads the
// record image (+image=FILE, one byte per line), applies register records with the engine
// idle, feeds every request in order on ntp_rx (back to back, or +gap=N idle cycles apart),
// and checks every outcome strobe and every response (bytes, length, tx_ts, swapped
// addresses) against the expected ones. +stall makes ntp_tx_tready random; +late sets
// now_ts past every tx_ts: every answer must then be DROP_LATE and nothing sent.
// Prints per-class latency, throughput and "N passed, M failed".
// Watchdog: requests outstanding and no outcome for +watchdog=N cycles (default 200000)
// prints every slot's state and case, the cases still unanswered, and fails.
`timescale 1ns/1ps
`default_nettype none

module tb_nts_cosim;
  parameter PIPES = 3;
  parameter CTX   = 14;
  parameter IMG   = 24000000;
  parameter MAXC  = 20000;

  reg clk = 1'b0, rst = 1'b1;
  always #3.2 clk = ~clk;

  reg  [7:0] img [0:IMG-1];
  reg         rx_valid = 1'b0, rx_last = 1'b0;
  reg  [63:0] rx_data = 64'h0;
  reg  [7:0]  rx_keep = 8'h0;
  reg  [473:0] rx_user = 474'h0;
  wire        rx_ready;
  wire        tx_valid, tx_last;
  reg         tx_ready = 1'b1;
  wire [63:0] tx_data;
  wire [7:0]  tx_keep;
  wire [537:0] tx_user;
  reg  [1:0]  leap = 0;
  reg  [7:0]  stratum = 0, precision = 0;
  reg  [31:0] root_delay = 0, root_disp = 0, refid = 0;
  reg  [63:0] reftime = 0, budget = 0;
  reg         key_wr = 0, cur_wr = 0, nonce_ld = 0, key_valid = 0;
  reg  [1:0]  key_slot = 0, cur_slot = 0;
  reg  [31:0] key_id = 0;
  reg  [255:0] key_val = 0;
  reg  [127:0] n_key = 0, n_ctr = 0;
  reg  [63:0] now_ts = 64'd0;        // +late: far in the future, every answer is too late
  reg         late = 1'b0;
  wire        stat_valid, idle;
  wire [4:0]  stat_code;
  wire [473:0] stat_meta;
  wire [16:0] stat_strobe;

  // no launch queue here: every response is taken at once, so the engine's sequence window
  // only needs the count of requests it has answered (response or "no response" token)
  /* verilator lint_off UNUSEDSIGNAL */
  wire [7:0] tx_seq, skip_seq;
  /* verilator lint_on UNUSEDSIGNAL */
  wire       skip_valid;
  reg  [7:0] released = 8'd0;
  always @(posedge clk)
    if (rst) released <= 8'd0;
    else released <= released + {7'd0, tx_valid && tx_ready && tx_last} + {7'd0, skip_valid};
  nts_engine #(.PIPES(PIPES), .CTX(CTX)) dut (
      .clk(clk), .rst(rst),
      .ntp_rx_tvalid(rx_valid), .ntp_rx_tready(rx_ready), .ntp_rx_tdata(rx_data),
      .ntp_rx_tkeep(rx_keep), .ntp_rx_tlast(rx_last), .ntp_rx_tuser(rx_user),
      .ntp_tx_tvalid(tx_valid), .ntp_tx_tready(tx_ready), .ntp_tx_tdata(tx_data),
      .ntp_tx_tkeep(tx_keep), .ntp_tx_tlast(tx_last), .ntp_tx_tuser(tx_user),
      .ntp_tx_seq(tx_seq), .skip_valid(skip_valid), .skip_seq(skip_seq),
      .seq_head(released), .tx_room_head(1'b1), .tx_room_any(1'b1),
      .hdr_leap(leap), .hdr_stratum(stratum), .hdr_precision(precision),
      .hdr_root_delay(root_delay), .hdr_root_disp(root_disp), .hdr_refid(refid),
      .hdr_reftime(reftime), .tx_budget(budget), .late_margin(64'd16), .now_ts(now_ts),
      .drop_when_busy(1'b0), .serve_plain(1'b1), .serve_nts(1'b1),
      .key_wr_en(key_wr), .key_wr_slot(key_slot), .key_wr_valid(key_valid), .key_wr_id(key_id),
      .key_wr_key(key_val), .cur_wr_en(cur_wr), .cur_wr_slot(cur_slot),
      .nonce_load(nonce_ld), .nonce_key(n_key), .nonce_ctr(n_ctr),
      .stat_valid(stat_valid), .stat_code(stat_code), .stat_meta(stat_meta),
      .stat_strobe(stat_strobe), .idle(idle));

  integer exp_off [0:MAXC-1];     // image offset of the expected code byte
  reg [63:0] exp_rx [0:MAXC-1];
  integer t_in [0:MAXC-1];
  reg        tx_ok [0:MAXC-1];
  integer cycle = 0, sent = 0, reported = 0, passed = 0, failed = 0, shown = 0;
  integer first_in = -1, last_out = 0;
  integer lat_sum [0:3];
  integer lat_n [0:3];
  integer lat_max [0:3];
  integer gap = 0;
  integer watchdog = 200000, last_progress = 0;
  reg        answered [0:MAXC-1];
  reg [31:0] sent_case [0:MAXC-1];  // case number of the n-th request sent
  // per-slot state and case number, for the watchdog report
  wire [5*PIPES*CTX-1:0]  slot_state;
  wire [32*PIPES*CTX-1:0] slot_case;
  genvar gs;
  generate
    for (gs = 0; gs < PIPES * CTX; gs = gs + 1) begin : g_watch
      assign slot_state[gs*5 +: 5]  = dut.g_slot[gs].slot.state;
      assign slot_case[gs*32 +: 32] = dut.g_slot[gs].slot.out_meta[237:206];
    end
  endgenerate
  always @(posedge clk) cycle <= cycle + 1;
  reg acc = 1'b0;
  always @(posedge clk) acc <= rx_valid && rx_ready;

  function [31:0] get32;
    input integer o;
    begin
      get32 = {img[o], img[o+1], img[o+2], img[o+3]};
    end
  endfunction
  function [63:0] get64;
    input integer o;
    begin
      get64 = {get32(o), get32(o + 4)};
    end
  endfunction

  // ---------------- feeder ----------------
  integer p, k, b, len, idx, nb;
  reg [7:0] rec;
  task drain;
    begin
      while (reported != sent || !idle) @(negedge clk);
    end
  endtask
  initial begin : feeder
    reg [1023:0] file;
    integer q;
    if (!$value$plusargs("image=%s", file)) begin $display("FAIL: no +image"); $finish; end
    if (!$value$plusargs("gap=%d", gap)) gap = 0;
    if (!$value$plusargs("watchdog=%d", watchdog)) watchdog = 200000;
    if ($test$plusargs("stall")) tx_ready = 1'b0;
    if ($test$plusargs("late")) begin late = 1'b1; now_ts = 64'hffff_ffff_0000_0000; end
    for (q = 0; q < 4; q = q + 1) begin lat_sum[q] = 0; lat_n[q] = 0; lat_max[q] = 0; end
    $readmemh(file, img);
    repeat (4) @(negedge clk);
    rst = 1'b0;
    @(negedge clk);
    p = 0;
    rec = img[0];
    while (rec != 8'h00) begin
      rec = img[p];
      p = p + 1;
      case (rec)
        8'h00: ;
        8'h01: begin
          drain;
          key_slot = img[p][1:0]; key_valid = img[p+1][0]; key_id = get32(p + 2);
          for (k = 0; k < 32; k = k + 1) key_val[255 - 8*k -: 8] = img[p + 6 + k];
          p = p + 38;
          key_wr = 1'b1; @(negedge clk); key_wr = 1'b0;
        end
        8'h02: begin
          drain;
          cur_slot = img[p][1:0]; p = p + 1;
          cur_wr = 1'b1; @(negedge clk); cur_wr = 1'b0;
        end
        8'h03: begin
          drain;
          leap = img[p][1:0]; stratum = img[p+1]; precision = img[p+2];
          root_delay = get32(p + 3); root_disp = get32(p + 7); refid = get32(p + 11);
          reftime = get64(p + 15); budget = get64(p + 23);
          p = p + 31;
        end
        8'h04: begin
          drain;
          for (k = 0; k < 16; k = k + 1) begin
            n_key[127 - 8*k -: 8] = img[p + k]; n_ctr[127 - 8*k -: 8] = img[p + 16 + k];
          end
          p = p + 32;
          nonce_ld = 1'b1; @(negedge clk); nonce_ld = 1'b0;
        end
        8'h05: begin
          idx = get32(p);
          exp_rx[idx] = get64(p + 4);
          len = {img[p+12], img[p+13]};
          p = p + 14;
          rx_user = 474'h0;
          rx_user[63:0] = exp_rx[idx];
          rx_user[109:78] = idx;                 // src_ip: the case number
          rx_user[237:206] = 32'h0a000001;       // dst_ip
          rx_user[349:334] = idx[15:0] ^ 16'h8000;  // src_port
          rx_user[365:350] = 16'd123;
          rx_user[377:366] = len[11:0];
          rx_user[425:378] = 48'h02aabbccddee;
          rx_user[473:426] = 48'h020000000001;
          nb = (len + 7) / 8;
          if (nb == 0) nb = 1;    // an empty payload is one beat with tkeep = 0 (AXI-Stream)
          t_in[idx] = cycle;
          answered[idx] = 1'b0;
          sent_case[sent] = idx;
          if (first_in < 0) first_in = cycle;
          sent = sent + 1;
          for (b = 0; b < nb; b = b + 1) begin
            rx_valid = 1'b1;
            rx_last  = (b == nb - 1);
            for (k = 0; k < 8; k = k + 1) begin
              rx_data[8*k +: 8] = (8*b + k < len) ? img[p + 8*b + k] : 8'h00;
              rx_keep[k] = (8*b + k < len);
            end
            @(negedge clk);
            while (!acc) @(negedge clk);
          end
          rx_valid = 1'b0;
          rx_last = 1'b0;
          p = p + len;
          exp_off[idx] = p;
          p = p + 3 + {img[p+1], img[p+2]};
          if (gap > 0) repeat (gap) @(negedge clk);
        end
        default: begin $display("FAIL: bad record %h at %0d", rec, p - 1); $finish; end
      endcase
    end
    drain;
    $display("cycles %0d from first request to last outcome; %0d requests: %0.2f cycles/request",
             last_out - first_in, sent, (last_out - first_in) * 1.0 / sent);
    for (q = 0; q < 4; q = q + 1)
      if (lat_n[q] > 0)
        $display("latency %s: %0d requests, mean %0d cycles, max %0d (input start to outcome)",
                 q == 0 ? "NTS 0 placeholders" : q == 1 ? "NTS 1-6 placeholders" : q == 2 ? "NTS 7+ placeholders" : "NAK/plain/drop",
                 lat_n[q], lat_sum[q] / lat_n[q], lat_max[q]);
    $display("%0d passed, %0d failed", passed, failed);
    $finish;
  end

  // ---------------- checker ----------------
  reg [7:0] got [0:2047];
  integer gl = 0, j, o, rl, cls, ci;
  reg ok;
  always @(posedge clk) begin
    if ($test$plusargs("stall")) tx_ready <= ($random & 3) != 0;
    if (tx_valid && tx_ready) begin
      for (j = 0; j < 8; j = j + 1) if (tx_keep[j]) begin got[gl] = tx_data[8*j +: 8]; gl = gl + 1; end
      if (late) begin failed = failed + 1; $display("FAIL: a late response was sent"); end
      if (tx_last) begin
        ci = tx_user[237:206];
        o = exp_off[ci];
        rl = {img[o+1], img[o+2]};
        ok = (gl == rl) && tx_user[377:366] == rl[11:0] && tx_user[537:474] == exp_rx[ci] + budget &&
             tx_user[109:78] == 32'h0a000001 && tx_user[349:334] == 16'd123 &&
             tx_user[365:350] == (ci[15:0] ^ 16'h8000) && tx_user[425:378] == 48'h020000000001;
        for (j = 0; j < rl && j < gl; j = j + 1) if (got[j] != img[o + 3 + j]) begin
          if (ok && shown < 10) $display("case %0d: byte %0d is %h, expected %h", ci, j, got[j], img[o + 3 + j]);
          ok = 0;
        end
        if (!ok && shown < 10) $display("case %0d: response mismatch (got %0d bytes, expected %0d)", ci, gl, rl);
        tx_ok[ci] = ok;
        gl = 0;
      end
    end
    if (stat_valid) begin
      ci = stat_meta[237:206];
      o = exp_off[ci];
      rl = {img[o+1], img[o+2]};
      ok = late ? (stat_code == (rl != 0 ? 5'd15 : img[o][4:0]))
                : (stat_code == img[o][4:0]) && (rl == 0 || tx_ok[ci] === 1'b1);
      if (ok) passed = passed + 1;
      else begin
        failed = failed + 1;
        if (shown < 10) begin
          $display("FAIL case %0d: outcome %0d, expected %0d", ci, stat_code, img[o]);
          shown = shown + 1;
        end
      end
      reported = reported + 1;
      answered[ci] = 1'b1;
      last_out = cycle;
      cls = (img[o] != 8'd1) ? 3 : (rl <= 300) ? 0 : (rl >= 48 + 36 + 104 * 7 + 40) ? 2 : 1;
      lat_sum[cls] = lat_sum[cls] + (cycle - t_in[ci]);
      lat_n[cls] = lat_n[cls] + 1;
      if (cycle - t_in[ci] > lat_max[cls]) lat_max[cls] = cycle - t_in[ci];
    end
    if (stat_valid || reported == sent) last_progress = cycle;
    if (cycle - last_progress > watchdog) begin
      $display("FAIL: watchdog: no outcome for %0d cycles, %0d sent, %0d reported", watchdog, sent, reported);
      $display("engine: in_pkt %0d p_valid %0d o_busy %0d o_slot %0d rx_ready %0d tx_valid %0d nonce busy %0d nreq %h",
               dut.in_pkt, dut.p_valid, dut.o_busy, dut.o_slot, rx_ready, tx_valid, dut.nonces.busy, dut.nreq_valid);
      for (j = 0; j < PIPES * CTX; j = j + 1)
        if (slot_state[j*5 +: 5] != 5'd0)
          $display("slot %0d: state %0d, case %0d", j, slot_state[j*5 +: 5], slot_case[j*32 +: 32]);
      shown = 0;
      for (j = 0; j < sent; j = j + 1)
        if (!answered[sent_case[j]] && shown < 20) begin
          $display("unanswered: case %0d (request #%0d)", sent_case[j], j);
          shown = shown + 1;
        end
      $display("%0d passed, %0d failed", passed, failed + 1);
      $finish;
    end
    if (cycle > 200000000) begin $display("FAIL: timeout"); $display("%0d passed, %0d failed", passed, failed + 1); $finish; end
  end
endmodule

`default_nettype wire
