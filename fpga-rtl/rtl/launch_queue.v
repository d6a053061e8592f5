// Launch queue: holds complete response frames from tx_backend (timed) and reply frames from
// the ARP/ND/ICMP responders (untimed) and hands them to the MAC.
//
// Launch instant. A timed frame with transmit time T = tx_ts goes out so that its first beat
// is on the MAC interface in the first cycle whose ToD reaches T - cfg_tx_latency (the
// MAC-input-to-PHY latency): launch when tod >= L and tod_prev < L. The error is below one
// ToD increment (6.4 ns at 156.25 MHz). A frame whose launch instant already passed when it
// reaches the head (tod_prev >= L), or whose instant falls while the MAC is busy or not
// ready, is dropped whole and counted (late_strobe); it is never sent late.
//
// Order. T = rx_ts + budget, so launch instants are in *arrival* order, but the engine
// finishes responses in *completion* order (a 7-placeholder response takes ~4x as long as a
// minimal one that arrived after it). A FIFO in completion order would put a later instant
// at the head and make every response behind it miss its own instant. So the timed side is
// a reorder buffer indexed by the request's arrival sequence number (assigned by the engine
// when it takes the request; one per request): entry seq mod 2^(SEQ_W-1) is filled either
// by the response frame (desc_wr_en with desc_wr_seq) or by a "no response" token
// (skip_valid/skip_seq: the engine dropped the request), and the head walks the sequence
// in order: a token is passed over, a frame is launched at its instant (or dropped late).
// The head is thus always the earliest pending instant, with no timestamp comparators (a
// min-search over ~100 64-bit tx_ts would be the alternative). The engine takes a new
// request only while fewer than 2^(SEQ_W-1) sequence numbers are outstanding (seq_head).
//
// Storage. Frames are written in completion order and freed in sequence order, so the data
// RAM is a pool of 2^PAGE_AW-word pages (a free list and a next-page link per page) instead
// of a ring. room_head / room_any tell the engine that a frame of the largest size fits
// (plus, for room_any, one more for the head): the engine streams a response other than
// the head only with room_any, so the head's response always finds room and the queue
// cannot fill up with later frames while the head waits for storage (deadlock).
//
// Untimed frames go out when no timed frame is at the head, or when the head's launch
// instant is more than cfg_ctl_guard (ToD units) away; set the guard above the longest
// control frame.
// MAC TX interface: AXI-Stream without FCS; the MAC must accept continuously within a frame.
// Reset: synchronous, active-high rst.
`default_nettype none

module launch_queue #(
    parameter DATA_AW = 12,     // timed frame storage: 2^DATA_AW 64-bit words
    parameter PAGE_AW = 4,      // words per page: 2^PAGE_AW
    parameter SEQ_W   = 5,      // sequence number width: 2^(SEQ_W-1) reorder entries
    parameter CTL_AW  = 9
) (
    input  wire          clk,
    input  wire          rst,
    input  wire [63:0]   tod,
    input  wire [31:0]   cfg_tx_latency,
    input  wire [63:0]   cfg_ctl_guard,
    // from tx_backend
    input  wire          data_wr_en,
    input  wire [72:0]   data_wr_data,
    input  wire          data_commit,
    output wire          data_full,
    input  wire          desc_wr_en,
    input  wire [598:0]  desc_wr_data,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire [SEQ_W-1:0] desc_wr_seq,      // the top bit is the window's, not the entry's
    /* verilator lint_on UNUSEDSIGNAL */
    output wire          desc_full,
    // from the engine: request seq produced no response
    input  wire          skip_valid,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire [SEQ_W-1:0] skip_seq,
    /* verilator lint_on UNUSEDSIGNAL */
    // to the engine / tx_backend
    output reg  [SEQ_W-1:0] seq_head,    // oldest sequence number not yet launched or passed
    output reg           room_head,      // a frame of the largest size fits
    output reg           room_any,       // two of them fit
    // untimed reply frames
    input  wire [63:0]   s_ctl_tdata,
    input  wire [7:0]    s_ctl_tkeep,
    input  wire          s_ctl_tvalid,
    input  wire          s_ctl_tlast,
    output wire          s_ctl_tready,
    // MAC TX
    output reg  [63:0]   m_tdata,
    output reg  [7:0]    m_tkeep,
    output reg           m_tvalid,
    output reg           m_tlast,
    input  wire          m_tready,
    output wire          sent_strobe,
    output wire          late_strobe,
    output wire          ctl_sent_strobe
);
  localparam integer PG_W = DATA_AW - PAGE_AW;
  localparam integer NP   = 1 << PG_W;
  localparam integer RA   = SEQ_W - 1;
  localparam integer K    = 1 << RA;
  // largest frame: 66 header bytes + 2047 payload bytes; data words start at word hlen/8, so
  // at most 258 words; +1 page for the words a finishing frame still writes after the
  // engine's next grant (room_* and the writes are registered)
  localparam integer MAXW = 258;
  localparam integer MAXP = (MAXW + (1 << PAGE_AW) - 1) / (1 << PAGE_AW) + 1;
  localparam integer DW   = 9 + PG_W + 4 + 64 + 528;   // descriptor entry

  // ================= page pool =================
  reg  [72:0]     dmem [0:(1<<DATA_AW)-1];
  reg  [PG_W-1:0] link [0:NP-1];
  reg  [PG_W-1:0] flist [0:NP-1];
  reg  [PG_W:0]   fl_wp, fl_rp, fresh;      // fresh: pages 0..fresh-1 were handed out once
  wire [PG_W:0]   avail = (NP[PG_W:0] - fresh) + (fl_wp - fl_rp);
  wire            from_fresh = fresh != NP[PG_W:0];
  wire [PG_W-1:0] alloc = from_fresh ? fresh[PG_W-1:0] : flist[fl_rp[PG_W-1:0]];
  assign data_full = avail < 2;
  assign desc_full = 1'b0;                  // every sequence number has its own entry

  // writer: frames in completion order
  reg  [PG_W-1:0]    w_page, w_first;
  reg  [PAGE_AW-1:0] w_off;
  reg  [8:0]         w_cnt;
  wire               w_new = w_off == {PAGE_AW{1'b0}};
  wire [PG_W-1:0]    w_pg  = w_new ? alloc : w_page;
  wire               do_wr = data_wr_en && !(w_new && avail == 0);
  wire               pop   = do_wr && w_new;

  // reader: the frame being launched or discarded
  reg                r_act;
  reg  [PG_W-1:0]    r_page;
  reg  [PAGE_AW-1:0] r_off;
  reg  [8:0]         r_left;
  reg  [72:0]        r_q;                   // registered RAM read
  reg                r_qv;
  reg  [72:0]        ob [0:3];              // small FWFT buffer in front of the MAC side
  reg  [1:0]         ob_wp, ob_rp;
  reg  [2:0]         ob_n;
  wire               issue = r_act && (ob_n + {2'b0, r_qv}) < 3'd3;
  wire               r_end = r_left == 9'd1;
  wire               r_pgend = r_off == {PAGE_AW{1'b1}};
  wire               push = issue && (r_end || r_pgend);   // leaving r_page: back to the free list
  wire               t_valid = ob_n != 3'd0;
  wire [72:0]        t_word = ob[ob_rp];
  reg                t_ready;
  wire               t_pop = t_valid && t_ready;

  // ================= reorder buffer =================
  reg  [DW-1:0]  dq [0:K-1];
  reg  [K-1:0]   st_frame, st_skip;
  wire [RA-1:0]  hidx = seq_head[RA-1:0];
  reg  [DW-1:0]  hd;                        // dq[hidx], registered
  reg            hd_ok;                     // hd holds the head's frame descriptor
  wire [8:0]     hd_cnt   = hd[DW-1 -: 9];
  wire [PG_W-1:0] hd_first = hd[DW-10 -: PG_W];
  wire [3:0]     hd_hw    = hd[595:592];
  wire [63:0]    hd_ts    = hd[591:528];
  wire [527:0]   hd_hdr   = hd[527:0];

  // ================= untimed FIFO =================
  wire        c_valid, c_full;
  wire [72:0] c_word;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [CTL_AW:0] c_free_n;
  wire [2:0]  desc_hlen_lo = desc_wr_data[66:64];   // implied: the data words carry the alignment
  /* verilator lint_on UNUSEDSIGNAL */
  reg         c_ready;
  eth_fifo #(.W(73), .AW(CTL_AW), .PKT(1)) u_ctl (.clk(clk), .rst(rst),
      .wr_en(s_ctl_tvalid), .wr_data({s_ctl_tlast, s_ctl_tkeep, s_ctl_tdata}),
      .commit(s_ctl_tvalid && s_ctl_tlast), .rollback(1'b0),
      .full(c_full), .free(c_free_n), .rd_valid(c_valid), .rd_data(c_word), .rd_ready(c_ready));
  assign s_ctl_tready = !c_full;

  // ================= launch control =================
  localparam [1:0] S_IDLE = 2'd0, S_TSEND = 2'd1, S_CSEND = 2'd2, S_DISCARD = 2'd3;
  reg [1:0]   state;
  reg [63:0]  tod_prev;
  reg [3:0]   w;                 // frame word index while sending a timed frame (saturates)
  reg [575:0] cur_hdr;           // header of the frame being sent (the head moved on)
  reg [3:0]   cur_hw;            // header words before the first data word (hlen / 8)

  wire [63:0] launch = hd_ts - {32'b0, cfg_tx_latency};
  wire        due    = tod >= launch && tod_prev < launch;
  wire        passed = tod_prev >= launch;
  wire        h_skip = st_skip[hidx];
  wire        h_wait = st_frame[hidx];       // a frame at the head (hd may load a cycle later)
  wire        ctl_ok = c_valid && (!h_wait || (hd_ok && launch > tod + cfg_ctl_guard));
  wire [63:0] hword  = (w <= 4'd8) ? cur_hdr[64*w +: 64] : 64'd0;

  reg go_t, go_c, drop, adv, sent_p, late_p, ctl_p;
  always @* begin
    go_t = 1'b0; go_c = 1'b0; drop = 1'b0; adv = 1'b0;
    t_ready = 1'b0; c_ready = 1'b0;
    m_tvalid = 1'b0; m_tdata = 64'd0; m_tkeep = 8'h00; m_tlast = 1'b0;
    sent_p = 1'b0; late_p = 1'b0; ctl_p = 1'b0;
    case (state)
      S_IDLE: begin
        if (h_skip) adv = 1'b1;
        else if (hd_ok && passed) begin drop = 1'b1; adv = 1'b1; late_p = 1'b1; end
        else if (hd_ok && due) begin
          if (m_tready) begin
            go_t = 1'b1; adv = 1'b1; sent_p = 1'b1;
            m_tvalid = 1'b1; m_tdata = hd_hdr[63:0]; m_tkeep = 8'hff;   // header word 0
          end
        end else if (ctl_ok && m_tready) begin
          go_c = 1'b1; ctl_p = 1'b1;
          m_tvalid = 1'b1; {m_tlast, m_tkeep, m_tdata} = c_word; c_ready = 1'b1;
        end
      end
      S_TSEND: begin
        if (w < cur_hw) begin
          m_tvalid = 1'b1; m_tdata = hword; m_tkeep = 8'hff;
        end else begin
          m_tvalid = t_valid; {m_tlast, m_tkeep, m_tdata} = t_word;
          m_tdata = t_word[63:0] | hword;
          t_ready = m_tready;
        end
      end
      S_CSEND: begin
        m_tvalid = c_valid; {m_tlast, m_tkeep, m_tdata} = c_word; c_ready = m_tready;
      end
      default: t_ready = 1'b1;   // S_DISCARD
    endcase
  end

  // ---- storage: page pool, reorder entries, reader ----
  always @(posedge clk) begin
    if (do_wr) dmem[{w_pg, w_off}] <= data_wr_data[72:0];
    if (pop && w_cnt != 9'd0) link[w_page] <= alloc;
    if (push) flist[fl_wp[PG_W-1:0]] <= r_page;
    if (desc_wr_en) dq[desc_wr_seq[RA-1:0]] <= {w_cnt, w_first, desc_wr_data[70:67],
                                                desc_wr_data[63:0], desc_wr_data[598:71]};
    hd <= dq[hidx];
    if (issue) r_q <= dmem[{r_page, r_off}];
    if (r_qv) ob[ob_wp] <= r_q;
  end

  always @(posedge clk) begin
    if (rst) begin
      fl_wp <= 0; fl_rp <= 0; fresh <= 0;
      w_page <= 0; w_first <= 0; w_off <= 0; w_cnt <= 0;
      r_act <= 1'b0; r_page <= 0; r_off <= 0; r_left <= 0; r_qv <= 1'b0;
      ob_wp <= 0; ob_rp <= 0; ob_n <= 0;
      st_frame <= {K{1'b0}}; st_skip <= {K{1'b0}}; seq_head <= {SEQ_W{1'b0}}; hd_ok <= 1'b0;
      room_head <= 1'b0; room_any <= 1'b0;
      state <= S_IDLE; tod_prev <= 64'd0; w <= 4'd0; cur_hdr <= 576'd0; cur_hw <= 4'd0;
    end else begin
      // writer
      if (pop) begin
        if (from_fresh) fresh <= fresh + 1'b1; else fl_rp <= fl_rp + 1'b1;
        w_page <= alloc;
        if (w_cnt == 9'd0) w_first <= alloc;
      end
      if (do_wr) begin w_off <= w_off + 1'b1; w_cnt <= w_cnt + 1'b1; end
      if (data_commit) begin w_off <= {PAGE_AW{1'b0}}; w_cnt <= 9'd0; end
      room_head <= avail >= MAXP[PG_W:0];
      room_any  <= avail >= 2 * MAXP[PG_W:0];
      // reorder entries: filled by frames and tokens, emptied by the head
      if (desc_wr_en) st_frame[desc_wr_seq[RA-1:0]] <= 1'b1;
      if (skip_valid) st_skip[skip_seq[RA-1:0]] <= 1'b1;
      if (adv) begin
        st_frame[hidx] <= 1'b0; st_skip[hidx] <= 1'b0;
        seq_head <= seq_head + 1'b1;
      end
      hd_ok <= st_frame[hidx] && !adv;
      // reader
      if (go_t || drop) begin
        r_act <= 1'b1; r_page <= hd_first; r_off <= {PAGE_AW{1'b0}}; r_left <= hd_cnt;
      end else if (issue) begin
        r_left <= r_left - 1'b1;
        if (r_end) r_act <= 1'b0;
        else if (r_pgend) begin r_page <= link[r_page]; r_off <= {PAGE_AW{1'b0}}; end
        else r_off <= r_off + 1'b1;
      end
      if (push) fl_wp <= fl_wp + 1'b1;
      r_qv <= issue;
      if (r_qv) ob_wp <= ob_wp + 1'b1;
      if (t_pop) ob_rp <= ob_rp + 1'b1;
      ob_n <= ob_n + {2'b0, r_qv} - {2'b0, t_pop};
      // launch control
      tod_prev <= tod;
      case (state)
        S_IDLE: begin
          w <= 4'd1;
          if (go_t) begin cur_hdr <= {48'b0, hd_hdr}; cur_hw <= hd_hw; end
          if (drop) state <= S_DISCARD;
          else if (go_t) state <= S_TSEND;
          else if (go_c && !c_word[72]) state <= S_CSEND;
        end
        S_TSEND: if (m_tready && (w < cur_hw || t_valid)) begin
          if (w != 4'hf) w <= w + 1'b1;
          if (w >= cur_hw && t_word[72]) state <= S_IDLE;
        end
        S_CSEND: if (m_tready && c_valid && c_word[72]) state <= S_IDLE;
        default: if (t_valid && t_word[72]) state <= S_IDLE;
      endcase
    end
  end
  assign sent_strobe = sent_p;
  assign late_strobe = late_p;
  assign ctl_sent_strobe = ctl_p;
endmodule

`default_nettype wire
