// End-to-end bench of the packet-side datapath: MAC RX frames (sim/gen_frontend_frames.py)
// -> eth_datapath -> echo engine (this bench) -> eth_datapath -> MAC TX, checked against the
// expected frames byte for byte (ARP/NA/echo replies fully, NTP responses except the fields
// the bench checks itself: IPv4 identification and header checksum, UDP checksum, tx_ts).
// Timestamps: the bench keeps its own model of the ToD clock (96-bit accumulator, 6.4 ns per
// cycle) and records the SOF cycle of every frame in and out at the MAC side; it checks
// rx_ts = ToD(SOF in) - rx_latency exactly, and that each response's first beat is in the
// first cycle whose ToD reaches tx_ts - tx_latency, with tx_ts = rx_ts + budget.
// Plusargs: +dir=DIR (the generator's output), +phases=N (1: func, 2: + stress, 3: + late).
`timescale 1ns/1ps
`default_nettype none

module tb_eth_datapath;
  localparam MAXB = 420000, MAXF = 12000;
  localparam [31:0] RX_LAT = 32'd429, TX_LAT = 32'd859;       // 100 ns, 200 ns
  localparam [95:0] T0  = 96'he9a0_1234_0000_0000_0000_0000;   // ToD at cycle 0, 32.32 << 32
  localparam [95:0] INC = 96'd118059162072;                    // 6.4 ns in units of 2^-64 s
  reg clk = 0, rst = 1;
  always #3.2 clk = ~clk;

  // ---------------- ToD model ----------------
  reg [63:0] cyc = 0;
  function [63:0] tod_at; input [63:0] n; reg [95:0] t;
    begin t = T0 + INC * {32'b0, n}; tod_at = t[95:32]; end
  endfunction
  wire [63:0] tod = tod_at(cyc);
  always @(posedge clk) cyc <= cyc + 1;

  // ---------------- DUT ----------------
  reg  [63:0] rx_tdata = 0; reg [7:0] rx_tkeep = 0; reg rx_tvalid = 0, rx_tlast = 0, rx_tuser = 0;
  wire [63:0] tx_tdata; wire [7:0] tx_tkeep; wire tx_tvalid, tx_tlast;
  wire [63:0] nr_tdata; wire [7:0] nr_tkeep; wire nr_tvalid, nr_tlast; wire [473:0] nr_tuser;
  wire nr_tready;
  wire [63:0] nt_tdata; wire [7:0] nt_tkeep; wire nt_tvalid, nt_tlast; wire [537:0] nt_tuser;
  wire nt_tready;
  wire [15:0] drop_s; wire [4:0] acc_s; wire sent_s, late_s, ctl_s;
  reg         vlan_filter = 0;
  reg  [63:0] budget = 64'd17180;                              // 4 us

  eth_datapath dut (.clk(clk), .rst(rst), .tod(tod),
      .cfg_mac(48'h020000000001), .cfg_ipv4(32'hc0000201),
      .cfg_ipv6_global(128'h20010db8000000000000000000000001),
      .cfg_ipv6_ll(128'hfe800000000000000001000200030004), .cfg_alt_port(16'd4123),
      .cfg_vlan_filter(vlan_filter), .cfg_vlan_id(12'd100), .cfg_rx_latency(RX_LAT),
      .cfg_tx_latency(TX_LAT), .cfg_ctl_guard(64'd17180),
      .cfg_en_ipv4(1'b1), .cfg_en_ipv6(1'b1), .cfg_en_arp(1'b1), .cfg_en_nd(1'b1), .cfg_en_echo(1'b1),
      .s_mac_tdata(rx_tdata), .s_mac_tkeep(rx_tkeep), .s_mac_tvalid(rx_tvalid),
      .s_mac_tlast(rx_tlast), .s_mac_tuser(rx_tuser),
      .m_mac_tdata(tx_tdata), .m_mac_tkeep(tx_tkeep), .m_mac_tvalid(tx_tvalid),
      .m_mac_tlast(tx_tlast), .m_mac_tready(1'b1),
      .m_ntp_tdata(nr_tdata), .m_ntp_tkeep(nr_tkeep), .m_ntp_tvalid(nr_tvalid),
      .m_ntp_tlast(nr_tlast), .m_ntp_tuser(nr_tuser), .m_ntp_tready(nr_tready),
      .s_ntp_tdata(nt_tdata), .s_ntp_tkeep(nt_tkeep), .s_ntp_tvalid(nt_tvalid),
      .s_ntp_tlast(nt_tlast), .s_ntp_tuser(nt_tuser), .s_ntp_seq(nt_seq), .s_ntp_tready(nt_tready),
      .s_ntp_skip_valid(1'b0), .s_ntp_skip_seq(5'd0), .tx_seq_head(seq_head),
      .tx_room_head(room_head), .tx_room_any(room_any),
      .drop_strobe(drop_s), .accept_strobe(acc_s), .tx_sent_strobe(sent_s),
      .tx_late_strobe(late_s), .ctl_sent_strobe(ctl_s));

  // ---------------- echo engine: ntp_rx -> ntp_tx ----------------
  // swaps MAC, IP and ports, tx_ts = rx_ts + budget written at payload offset 40 (beat 5);
  // responds in arrival order (sequence number = packet count)
  reg [7:0] eb = 0;                       // beat index within the packet
  reg [4:0] nt_seq = 0;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [4:0] seq_head; wire room_head, room_any;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [63:0] rx_ts = nr_tuser[63:0];
  wire [63:0] tx_ts = rx_ts + budget;
  function [63:0] be64; input [63:0] x; integer i;   // big-endian bytes in lane order
    begin for (i = 0; i < 8; i = i + 1) be64[8*i +: 8] = x[8*(7-i) +: 8]; end
  endfunction
  assign nt_tvalid = nr_tvalid;
  assign nr_tready = nt_tready;
  assign nt_tdata  = (eb == 8'd5) ? be64(tx_ts) : nr_tdata;
  assign nt_tkeep  = nr_tkeep;
  assign nt_tlast  = nr_tlast;
  assign nt_tuser  = {tx_ts, nr_tuser[425:378], nr_tuser[473:426], nr_tuser[377:366],
                      nr_tuser[349:334], nr_tuser[365:350], nr_tuser[205:78], nr_tuser[333:206],
                      nr_tuser[77:0]};
  always @(posedge clk) if (rst) nt_seq <= 5'd0; else if (nr_tvalid && nr_tready) begin
    eb <= nr_tlast ? 8'd0 : eb + 1'b1;
    if (nr_tlast) nt_seq <= nt_seq + 1'b1;
  end

  // ---------------- memories ----------------
  reg [87:0] rxm [0:MAXB-1];
  reg [87:0] tim [0:MAXB-1];
  reg [87:0] ctm [0:8191];
  reg [31:0] cnt [0:25];
  integer errors = 0, checks = 0;
  reg [8*256-1:0] dir, fname;

  // ---------------- records ----------------
  reg [63:0] sof_in [0:MAXF-1];         // SOF cycle of each frame that must reach the engine
  reg [63:0] rxts_q [0:MAXF-1];         // rx_ts seen by the engine
  integer n_sof = 0, n_eng = 0, n_timed = 0, n_ctl = 0;
  integer c_drop [0:14]; integer c_acc [0:4]; integer c_sent = 0, c_late = 0, c_ctls = 0;
  integer i, k;
  integer parse_min = 1 << 30, parse_max = 0, back_max = 0, total_max = 0;
  reg [63:0] nt_first_cyc; reg nt_in = 0;
  reg [63:0] max_res = 0;
  reg verbose = 0;

  // engine side: rx_ts check and latencies
  always @(posedge clk) if (!rst) begin
    if (nr_tvalid && nr_tready && eb == 0) begin
      checks = checks + 1;
      if (n_eng >= n_sof) begin
        $display("FAIL ntp_rx packet %0d without a matching input frame", n_eng); errors = errors + 1;
      end else begin
        if (rx_ts !== tod_at(sof_in[n_eng]) - {32'b0, RX_LAT}) begin
          $display("FAIL rx_ts of packet %0d: %h, want %h", n_eng, rx_ts, tod_at(sof_in[n_eng]) - {32'b0, RX_LAT});
          errors = errors + 1;
        end
        if (cyc - sof_in[n_eng] < parse_min) parse_min = cyc - sof_in[n_eng];
        if (cyc - sof_in[n_eng] > parse_max) parse_max = cyc - sof_in[n_eng];
        if (verbose) $display("lat frame %0d payload %0d: SOF in -> first ntp_rx beat %0d cycles",
                              n_eng, nr_tuser[377:366], cyc - sof_in[n_eng]);
      end
      rxts_q[n_eng] = rx_ts;
      n_eng = n_eng + 1;
    end
    if (nt_tvalid && nt_tready && !nt_in) begin nt_first_cyc = cyc; nt_in = 1; end
    if (nt_tvalid && nt_tready && nt_tlast) nt_in = 0;
    if (dut.u_backend.desc_wr_en) begin
      if (cyc - nt_first_cyc > back_max) back_max = cyc - nt_first_cyc;
      if (verbose) $display("lat backend: first ntp_tx beat -> frame queued %0d cycles", cyc - nt_first_cyc);
    end
    for (i = 0; i < 15; i = i + 1) if (drop_s[i]) c_drop[i] = c_drop[i] + 1;
    // every service is enabled here (FpgaTopEnableTest switches them off one by one)
    if (drop_s[15]) begin $display("FAIL drop reason 15 (disabled) with every service on"); errors = errors + 1; end
    for (i = 0; i < 5; i = i + 1) if (acc_s[i]) c_acc[i] = c_acc[i] + 1;
    if (sent_s) c_sent = c_sent + 1;
    if (late_s) c_late = c_late + 1;
    if (ctl_s) c_ctls = c_ctls + 1;
  end

  // ---------------- MAC TX monitor ----------------
  reg [7:0]  ob [0:4095];
  integer    olen = 0, tpos = 0, cpos = 0;
  reg [63:0] osof;
  reg        oin = 0;
  // expected frame at line pos of tim/ctm -> ebuf/emask/elen, returns the next line
  reg [7:0] eb_ [0:4095]; reg em_ [0:4095]; integer elen;
  reg [87:0] line;
  task load_expected; input timed; inout integer pos;
    integer done, q;
    begin
      elen = 0; done = 0;
      while (!done) begin
        line = timed ? tim[pos] : ctm[pos];
        for (q = 0; q < 8; q = q + 1) if (line[64+q]) begin
          eb_[elen] = line[8*q +: 8]; em_[elen] = line[72+q]; elen = elen + 1;
        end
        done = line[80];
        pos = pos + 1;
      end
    end
  endtask

  function [15:0] fold; input [31:0] x; reg [31:0] t;
    begin t = {16'b0, x[15:0]} + {16'b0, x[31:16]}; t = {16'b0, t[15:0]} + {16'b0, t[31:16]}; fold = t[15:0]; end
  endfunction

  task check_frame;
    integer l3, l4, j, ulen, alen;
    reg v6, vl, timed;
    reg [31:0] s;
    reg [63:0] ts, launch, res;
    begin
      vl = {ob[12], ob[13]} == 16'h8100;
      l3 = vl ? 18 : 14;
      v6 = {ob[l3-2], ob[l3-1]} == 16'h86dd;
      timed = ({ob[l3-2], ob[l3-1]} == 16'h0800 && ob[l3+9] == 8'd17) || (v6 && ob[l3+6] == 8'd17);
      checks = checks + 1;
      if (timed ? n_timed >= cnt[20] : n_ctl >= cnt[21]) begin
        $display("FAIL unexpected %s frame of %0d bytes", timed ? "timed" : "control", olen);
        errors = errors + 1;
      end else begin
        if (timed) load_expected(1'b1, tpos); else load_expected(1'b0, cpos);
        if (elen != olen) begin
          $display("FAIL %s frame %0d: %0d bytes, want %0d", timed ? "timed" : "control",
                   timed ? n_timed : n_ctl, olen, elen);
          errors = errors + 1;
        end else
          for (j = 0; j < olen; j = j + 1)
            if (em_[j] && ob[j] !== eb_[j]) begin
              $display("FAIL %s frame %0d byte %0d: %h, want %h", timed ? "timed" : "control",
                       timed ? n_timed : n_ctl, j, ob[j], eb_[j]);
              errors = errors + 1;
            end
        if (timed) begin
          l4 = l3 + (v6 ? 40 : 20);
          ulen = {ob[l4+4], ob[l4+5]};
          // IPv4 header checksum
          if (!v6) begin
            s = 0; for (j = 0; j < 20; j = j + 2) s = s + {ob[l3+j], ob[l3+j+1]};
            if (fold(s) !== 16'hffff) begin
              $display("FAIL timed frame %0d: IPv4 header checksum", n_timed); errors = errors + 1;
            end
          end
          // UDP checksum over the pseudo-header, header and payload
          s = 17 + ulen;
          alen = v6 ? 16 : 4;
          for (j = 0; j < 2*alen; j = j + 2) s = s + {ob[l3+(v6 ? 8 : 12)+j], ob[l3+(v6 ? 8 : 12)+j+1]};
          for (j = 0; j < ulen; j = j + 2) s = s + {ob[l4+j], (j + 1 < ulen) ? ob[l4+j+1] : 8'h00};
          if (fold(s) !== 16'hffff || {ob[l4+6], ob[l4+7]} == 16'h0000) begin
            $display("FAIL timed frame %0d: UDP checksum", n_timed); errors = errors + 1;
          end
          // timestamps: tx_ts = rx_ts + budget, first beat in the first cycle with ToD >= tx_ts - tx_lat
          for (j = 0; j < 8; j = j + 1) ts[8*(7-j) +: 8] = ob[l4+8+40+j];
          if (ts !== rxts_q[n_timed] + budget) begin
            $display("FAIL timed frame %0d: tx_ts %h, want rx_ts + budget %h", n_timed, ts, rxts_q[n_timed] + budget);
            errors = errors + 1;
          end
          launch = ts - {32'b0, TX_LAT};
          if (!(tod_at(osof) >= launch && tod_at(osof - 1) < launch)) begin
            $display("FAIL timed frame %0d: SOF out at ToD %h, launch instant %h", n_timed, tod_at(osof), launch);
            errors = errors + 1;
          end
          res = tod_at(osof) - launch;
          if (res > max_res) max_res = res;
          if (osof - sof_in[n_timed] > total_max) total_max = osof - sof_in[n_timed];
          n_timed = n_timed + 1;
        end else n_ctl = n_ctl + 1;
      end
    end
  endtask

  always @(posedge clk) if (!rst && tx_tvalid) begin
    if (!oin) begin osof = cyc; olen = 0; oin = 1; end
    for (k = 0; k < 8; k = k + 1) if (tx_tkeep[k]) begin ob[olen] = tx_tdata[8*k +: 8]; olen = olen + 1; end
    if (tx_tlast) begin oin = 0; check_frame; end
  end

  // ---------------- MAC RX driver at line rate ----------------
  // wire bytes per frame: frame + FCS 4 + preamble/SFD 8 + IFG 12; the next SOF is at the
  // first cycle at or after the byte-time the previous frame ends
  integer nb, pos_b, f_bytes, b;
  reg [63:0] bytetime;
  // SOF instants are recorded where the DUT samples them: at the clock edge that takes the beat
  reg rx_ntp = 0, rx_in = 0;
  always @(posedge clk) if (!rst && rx_tvalid) begin
    if (!rx_in && rx_ntp) begin sof_in[n_sof] = cyc; n_sof = n_sof + 1; end
    rx_in = !rx_tlast;
  end
  task play;
    begin
      pos_b = 0; bytetime = cyc * 8;
      while (pos_b < nb) begin
        while (cyc * 8 < bytetime) @(posedge clk);
        f_bytes = 0;
        b = 1;
        while (b) begin
          rx_tdata <= rxm[pos_b][63:0]; rx_tkeep <= rxm[pos_b][71:64];
          rx_tlast <= rxm[pos_b][80]; rx_tuser <= rxm[pos_b][81]; rx_tvalid <= 1'b1;
          rx_ntp <= rxm[pos_b][82];
          for (k = 0; k < 8; k = k + 1) if (rxm[pos_b][64+k]) f_bytes = f_bytes + 1;
          b = !rxm[pos_b][80];
          pos_b = pos_b + 1;
          @(posedge clk);
        end
        rx_tvalid <= 1'b0; rx_tlast <= 1'b0; rx_tuser <= 1'b0;
        bytetime = bytetime + (f_bytes < 60 ? 60 : f_bytes) + 24;
      end
    end
  endtask

  task run_phase; input [8*16-1:0] name;
    integer w;
    begin
      rst <= 1'b1; repeat (5) @(posedge clk);
      $sformat(fname, "%0s/counts_%0s.memh", dir, name); $readmemh(fname, cnt);
      $sformat(fname, "%0s/rx_%0s.memh", dir, name);     $readmemh(fname, rxm, 0, cnt[22] - 1);
      if (cnt[20] > 0) begin $sformat(fname, "%0s/timed_%0s.memh", dir, name); $readmemh(fname, tim, 0, cnt[23] - 1); end
      if (cnt[21] > 0) begin $sformat(fname, "%0s/ctl_%0s.memh", dir, name);   $readmemh(fname, ctm, 0, cnt[24] - 1); end
      nb = cnt[22];
      n_sof = 0; n_eng = 0; n_timed = 0; n_ctl = 0; tpos = 0; cpos = 0;
      for (w = 0; w < 15; w = w + 1) c_drop[w] = 0;
      for (w = 0; w < 5; w = w + 1) c_acc[w] = 0;
      c_sent = 0; c_late = 0; c_ctls = 0; max_res = 0; parse_max = 0; back_max = 0; total_max = 0;
      parse_min = 1 << 30;
      @(posedge clk); rst <= 1'b0; @(posedge clk);
      play;
      repeat (4000) @(posedge clk);
      for (w = 0; w < 15; w = w + 1) begin
        checks = checks + 1;
        if (c_drop[w] != cnt[w]) begin
          $display("FAIL %0s: drop reason %0d counted %0d, want %0d", name, w, c_drop[w], cnt[w]); errors = errors + 1;
        end
      end
      for (w = 0; w < 5; w = w + 1) begin
        checks = checks + 1;
        if (c_acc[w] != cnt[15+w]) begin
          $display("FAIL %0s: class %0d accepted %0d, want %0d", name, w, c_acc[w], cnt[15+w]); errors = errors + 1;
        end
      end
      checks = checks + 3;
      if (n_timed != cnt[20] || c_sent != cnt[20]) begin
        $display("FAIL %0s: %0d timed frames out (%0d launched), want %0d", name, n_timed, c_sent, cnt[20]); errors = errors + 1;
      end
      if (n_ctl != cnt[21] || c_ctls != cnt[21]) begin
        $display("FAIL %0s: %0d control frames out (%0d strobes), want %0d", name, n_ctl, c_ctls, cnt[21]); errors = errors + 1;
      end
      if (c_late != cnt[25]) begin
        $display("FAIL %0s: %0d late drops, want %0d", name, c_late, cnt[25]); errors = errors + 1;
      end
      $display("%0s: %0d frames in, %0d to the engine, %0d responses and %0d replies out, %0d late; SOF-in -> ntp_rx %0d..%0d cycles, ntp_tx first beat -> queued <= %0d cycles, SOF in -> SOF out <= %0d cycles; launch residual <= %0d/2^32 s",
               name, n_sof, n_eng, n_timed, n_ctl, c_late, parse_min, parse_max, back_max, total_max, max_res);
    end
  endtask

  integer phases;
  initial begin
    if (!$value$plusargs("dir=%s", dir)) dir = "sim/out/frontend";
    if (!$value$plusargs("phases=%d", phases)) phases = 3;
    verbose = 1;
    run_phase("func");
    verbose = 0;
    if (phases >= 2) run_phase("stress");
    if (phases >= 3) begin
      vlan_filter = 1'b1; budget = 64'd1000;   // 233 ns: less than the store-and-forward latency
      run_phase("late");
    end
    $display("%0d passed, %0d failed", checks - errors, errors);
    if (errors == 0) $display("PASS tb_eth_datapath"); else $display("FAIL tb_eth_datapath: %0d errors", errors);
    $finish;
  end
endmodule

`default_nettype wire
