// Self-checking bench for launch_queue: exact launch cycle, late drop when the instant has
// passed at the head or the MAC is not ready in the launch cycle, untimed reply held back by
// the guard and sent when no timed frame is near.
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
  reg  [63:0] c_tdata = 0; reg [7:0] c_tkeep = 0; reg c_tvalid = 0, c_tlast = 0;
  wire        d_full, q_full, c_tready;
  wire [63:0] m_tdata; wire [7:0] m_tkeep; wire m_tvalid, m_tlast;
  reg         m_tready = 1;
  wire        sent, late, ctl_sent;
  launch_queue dut (.clk(clk), .rst(rst), .tod(tod), .cfg_tx_latency(32'd1000),
      .cfg_ctl_guard(64'd5000),
      .data_wr_en(d_wr), .data_wr_data(d_data), .data_commit(d_commit), .data_full(d_full),
      .desc_wr_en(q_wr), .desc_wr_data(q_data), .desc_full(q_full),
      .s_ctl_tdata(c_tdata), .s_ctl_tkeep(c_tkeep), .s_ctl_tvalid(c_tvalid), .s_ctl_tlast(c_tlast),
      .s_ctl_tready(c_tready), .m_tdata(m_tdata), .m_tkeep(m_tkeep), .m_tvalid(m_tvalid),
      .m_tlast(m_tlast), .m_tready(m_tready), .sent_strobe(sent), .late_strobe(late),
      .ctl_sent_strobe(ctl_sent));

  integer errors = 0, cases = 0, n_sent = 0, n_late = 0, n_ctl = 0, beats = 0;
  reg [63:0] tod_prev = 0, sof_tod = 0, first_word = 0;
  reg in_frame = 0;
  always @(posedge clk) begin
    if (sent) n_sent = n_sent + 1;
    if (late) n_late = n_late + 1;
    if (ctl_sent) n_ctl = n_ctl + 1;
    if (m_tvalid && m_tready) begin
      if (!in_frame) begin sof_tod = tod; first_word = m_tdata; beats = 0; end
      in_frame = !m_tlast; beats = beats + 1;
    end
    tod_prev <= tod;
  end

  // one timed frame: 42-byte header (byte i = i), 6 payload words
  task queue_frame; input [63:0] tx_ts; integer w, i;
    begin
      for (i = 0; i < 66; i = i + 1) q_data[71 + 8*i +: 8] = (i < 42) ? i : 8'd0;
      q_data[70:64] = 7'd42; q_data[63:0] = tx_ts;
      for (w = 0; w < 6; w = w + 1) begin
        @(posedge clk); d_wr <= 1; d_data <= {w == 5, 8'hff, 48'h0, 8'hA0 + w[7:0], 8'h00};
      end
      @(posedge clk); d_wr <= 0; d_commit <= 1; q_wr <= 1;
      @(posedge clk); d_commit <= 0; q_wr <= 0;
    end
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
    $display("%0d passed, %0d failed", cases - errors, errors);
    if (errors == 0) $display("PASS tb_launch_queue"); else $display("FAIL tb_launch_queue");
    $finish;
  end
endmodule

`default_nettype wire
