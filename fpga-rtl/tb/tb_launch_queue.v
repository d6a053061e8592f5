// Self-checking bench for launch_queue: exact launch cycle, late drop when the instant has
// passed at the head or the MAC is not ready in the launch cycle, untimed reply held back by
// the guard and sent when no timed frame is near; responses completed out of arrival order
// (later sequence numbers written first, "no response" tokens in between) all launched at
// their own instants, in sequence order (a completion-order FIFO fails this: the head would
// wait for the latest instant and the others would pass theirs); frame storage reused over
// many wraps of the page pool and of the sequence numbers.
`timescale 1ns/1ps
`default_nettype none

module tb_launch_queue;
  reg clk = 0, rst = 1;
  always #3.2 clk = ~clk;
  reg [95:0] acc = 96'h0000_1000_0000_0000_0000_0000;
  wire [63:0] tod = acc[95:32];
  always @(posedge clk) acc <= acc + 96'd118059162072;      // 6.4 ns per cycle

  reg         d_wr = 0, d_commit = 0, q_wr = 0;
  reg  [72:0] d_data = 0;
  reg  [598:0] q_data = 0;
  reg  [4:0]  q_seq = 0, k_seq = 0;
  reg         k_valid = 0;
  wire [4:0]  seq_head;
  wire        room_head, room_any;
  reg  [63:0] c_tdata = 0; reg [7:0] c_tkeep = 0; reg c_tvalid = 0, c_tlast = 0;
  wire        d_full, q_full, c_tready;
  wire [63:0] m_tdata; wire [7:0] m_tkeep; wire m_tvalid, m_tlast;
  reg         m_tready = 1;
  wire        sent, late, ctl_sent;
  launch_queue #(.DATA_AW(10), .SEQ_W(5)) dut (.clk(clk), .rst(rst), .tod(tod), .cfg_tx_latency(32'd1000),
      .cfg_ctl_guard(64'd5000),
      .data_wr_en(d_wr), .data_wr_data(d_data), .data_commit(d_commit), .data_full(d_full),
      .desc_wr_en(q_wr), .desc_wr_data(q_data), .desc_wr_seq(q_seq), .desc_full(q_full),
      .skip_valid(k_valid), .skip_seq(k_seq), .seq_head(seq_head), .room_head(room_head),
      .room_any(room_any),
      .s_ctl_tdata(c_tdata), .s_ctl_tkeep(c_tkeep), .s_ctl_tvalid(c_tvalid), .s_ctl_tlast(c_tlast),
      .s_ctl_tready(c_tready), .m_tdata(m_tdata), .m_tkeep(m_tkeep), .m_tvalid(m_tvalid),
      .m_tlast(m_tlast), .m_tready(m_tready), .sent_strobe(sent), .late_strobe(late),
      .ctl_sent_strobe(ctl_sent));

  integer errors = 0, cases = 0, n_sent = 0, n_late = 0, n_ctl = 0, beats = 0;
  integer n_sof = 0, bad_sof = 0, bad_body = 0;
  reg [63:0] tod_prev = 0, sof_tod = 0, first_word = 0;
  reg [63:0] want_sof [0:31];      // by sequence number: expected launch instant
  reg [7:0]  want_tag [0:31];      //   and the frame's tag byte (first data word, byte 2)
  reg [4:0]  out_seq = 0;          // sequence number of the frame on the MAC (head at launch)
  reg in_frame = 0;
  always @(posedge clk) begin
    if (sent) begin n_sent = n_sent + 1; out_seq = seq_head; end
    if (late) n_late = n_late + 1;
    if (ctl_sent) n_ctl = n_ctl + 1;
    if (m_tvalid && m_tready) begin
      if (!in_frame) begin sof_tod = tod; first_word = m_tdata; beats = 0; end
      if (beats == 5 && first_word != 64'h1111) begin     // first data word: tag check
        n_sof = n_sof + 1;
        // the launch instant: first cycle with tod >= L (L = tx_ts - 1000), so within one
        // ToD increment (27.5 units per 6.4 ns cycle) after L
        if (!(sof_tod >= want_sof[out_seq] && sof_tod - want_sof[out_seq] < 28)) bad_sof = bad_sof + 1;
        if (m_tdata[23:16] != want_tag[out_seq]) bad_body = bad_body + 1;
      end
      in_frame = !m_tlast; beats = beats + 1;
    end
    tod_prev <= tod;
  end

  // one timed frame: 42-byte header (byte i = i), NW payload words (word w byte 1 = tag + w)
  task queue_frame_n; input [63:0] tx_ts; input [4:0] seq; input [7:0] tag; input integer nw;
    integer w, i;
    begin
      for (i = 0; i < 66; i = i + 1) q_data[71 + 8*i +: 8] = (i < 42) ? i : 8'd0;
      q_data[70:64] = 7'd42; q_data[63:0] = tx_ts;
      for (w = 0; w < nw; w = w + 1) begin
        @(posedge clk); d_wr <= 1; d_data <= {w == nw - 1, 8'hff, 40'h0, tag + w[7:0], 8'h00, 8'h00};
      end
      @(posedge clk); d_wr <= 0; d_commit <= 1; q_wr <= 1; q_seq <= seq;
      @(posedge clk); d_commit <= 0; q_wr <= 0;
    end
  endtask
  reg [4:0] seq_n = 0;             // next sequence number to hand out
  task queue_frame; input [63:0] tx_ts;
    begin
      want_sof[seq_n] = tx_ts - 1000; want_tag[seq_n] = 8'hA0;
      queue_frame_n(tx_ts, seq_n, 8'hA0, 6); seq_n = seq_n + 1'b1;
    end
  endtask
  task skip; input [4:0] seq;
    begin @(posedge clk); k_valid <= 1; k_seq <= seq; @(posedge clk); k_valid <= 0; end
  endtask
  task check; input cond; input [8*60-1:0] what;
    begin cases = cases + 1; if (!cond) begin $display("FAIL %0s", what); errors = errors + 1; end end
  endtask

  reg [63:0] t;
  initial begin
    repeat (3) @(posedge clk); rst <= 0;
    // 1: on time
    t = tod + 64'd3000; queue_frame(t);
    repeat (200) @(posedge clk);
    check(n_sent == 1 && n_late == 0, "frame 1 sent once");
    check(sof_tod >= t - 1000 && sof_tod - (t - 1000) < 28, "frame 1 launched in the first cycle at its instant");
    check(first_word == 64'h0706050403020100 && beats == 11, "frame 1 header word and length");
    // 2: the instant already passed when the frame reaches the head
    t = tod + 64'd10; queue_frame(t);
    repeat (50) @(posedge clk);
    check(n_sent == 1 && n_late == 1, "frame 2 dropped late");
    // 3: MAC not ready in the launch cycle
    t = tod + 64'd3000; queue_frame(t);
    wait (tod + 64'd28 >= t - 1000); m_tready <= 0;
    repeat (20) @(posedge clk); m_tready <= 1;
    repeat (50) @(posedge clk);
    check(n_sent == 1 && n_late == 2, "frame 3 dropped when the MAC was not ready");
    // 4: untimed reply held back while a timed frame is within the guard, then sent
    t = tod + 64'd4000; queue_frame(t);
    @(posedge clk); c_tvalid <= 1; c_tdata <= 64'h1111; c_tkeep <= 8'hff; c_tlast <= 1;
    @(posedge clk); c_tvalid <= 0; c_tlast <= 0;
    repeat (5) @(posedge clk);
    check(n_ctl == 0, "reply held back by the guard");
    repeat (300) @(posedge clk);
    check(n_sent == 2 && n_ctl == 1, "timed frame 4 and then the reply sent");
    check(first_word == 64'h1111, "reply was the last frame out");
    // 5: out-of-order completion. Sequence s..s+5 with instants 300 cycles apart from t0;
    // s+1 and s+4 produce no response (tokens); frames are written in the order
    // s+5, s+3, s+2, s+0 (the last-arriving request finished first), all before t0.
    // Each must launch at its own instant, in sequence order.
    begin : ooo
      reg [63:0] t0; reg [4:0] s; integer j, sent0, sof0, late0;
      sent0 = n_sent; sof0 = n_sof; late0 = n_late;
      s = seq_n; t0 = tod + 64'd30000;
      for (j = 0; j < 6; j = j + 1) begin
        want_sof[s + j] = t0 + 64'd8250 * j - 1000; want_tag[s + j] = 8'h10 * j[7:0];
      end
      queue_frame_n(t0 + 64'd8250 * 5, s + 5'd5, 8'h50, 6);
      skip(s + 5'd4);
      queue_frame_n(t0 + 64'd8250 * 3, s + 5'd3, 8'h30, 9);   // longer frames too
      queue_frame_n(t0 + 64'd8250 * 2, s + 5'd2, 8'h20, 17);  // two pages
      skip(s + 5'd1);
      queue_frame_n(t0, s, 8'h00, 6);
      seq_n = s + 5'd6;
      wait (tod > t0 + 64'd8250 * 6);
      repeat (50) @(posedge clk);
      check(n_sent - sent0 == 4 && n_late == late0, "out-of-order: all 4 responses sent, none late");
      check(n_sof - sof0 == 4 && bad_sof == 0, "out-of-order: each launched at its own instant (1 ToD increment)");
      check(bad_body == 0, "out-of-order: frames in sequence order, bodies intact");
    end
    // 6: many frames, wrapping the 64-page pool and the 16-entry sequence window several
    // times, each written one sequence number late (completion order s+1, s, s+3, s+2, ...)
    begin : wrap
      reg [63:0] t0; reg [4:0] s, d; integer j, sent0, sof0, late0;
      sent0 = n_sent; sof0 = n_sof; late0 = n_late;
      s = seq_n; t0 = tod + 64'd20000;
      for (j = 0; j < 48; j = j + 2) begin
        d = seq_n + 5'd2 - seq_head;
        while (d > 5'd16 || !room_any) begin @(posedge clk); d = seq_n + 5'd2 - seq_head; end
        want_sof[seq_n] = t0 + 64'd2750 * j - 1000; want_tag[seq_n] = j[7:0];
        want_sof[seq_n + 5'd1] = t0 + 64'd2750 * (j + 1) - 1000; want_tag[seq_n + 5'd1] = j[7:0] + 8'd1;
        queue_frame_n(t0 + 64'd2750 * (j + 1), seq_n + 5'd1, j[7:0] + 8'd1, 12);
        queue_frame_n(t0 + 64'd2750 * j, seq_n, j[7:0], 12);
        seq_n = seq_n + 5'd2;
      end
      wait (tod > t0 + 64'd2750 * 49);
      repeat (50) @(posedge clk);
      check(n_sent - sent0 == 48 && n_late == late0, "wrap: 48 frames sent, none late");
      check(n_sof - sof0 == 48 && bad_sof == 0 && bad_body == 0, "wrap: each at its instant, in order");
    end
    $display("%0d passed, %0d failed", cases - errors, errors);
    if (errors == 0) $display("PASS tb_launch_queue"); else $display("FAIL tb_launch_queue");
    $finish;
  end
endmodule

`default_nettype wire
