// Launch queue: holds complete response frames from tx_backend (timed) and reply frames from
// the ARP/ND/ICMP responders (untimed) and hands them to the MAC.
// A timed frame with transmit time T = tx_ts goes out so that its first beat is on the MAC
// interface in the first cycle whose ToD reaches T - cfg_tx_latency (the MAC-input-to-PHY
// latency): launch when tod >= L and tod_prev < L. The error is below one ToD increment
// (6.4 ns at 156.25 MHz). A frame whose launch instant already passed when it reaches the
// head (tod_prev >= L), or whose instant falls while the MAC is busy or not ready, is
// dropped whole and counted (late_strobe); it is never sent late.
// Untimed frames go out when no timed frame is queued, or when the head's launch instant is
// more than cfg_ctl_guard (ToD units) away; set the guard above the longest control frame.
// MAC TX interface: AXI-Stream without FCS; the MAC must accept continuously within a frame
// (tready low mid-frame stalls the frame, which would shift nothing but its tail).
// Reset: synchronous, active-high rst.
`default_nettype none

module launch_queue #(
    parameter DATA_AW = 10,     // timed data FIFO depth (64-bit words)
    parameter DESC_AW = 4,
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
    output wire          desc_full,
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
  wire [DATA_AW:0] d_free;
  wire [DESC_AW:0] q_free;
  wire        t_valid, q_valid, c_valid, c_full;
  /* verilator lint_off UNUSEDSIGNAL */
  wire        d_full_n, q_full_n;           // unused: the writers look at the free counts
  wire [CTL_AW:0] c_free_n;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [72:0] t_word, c_word;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [598:0] q_desc;          // hlen[2:0] is implied: the data words carry the alignment
  /* verilator lint_on UNUSEDSIGNAL */
  reg         t_ready, q_ready, c_ready;

  eth_fifo #(.W(73), .AW(DATA_AW), .PKT(1)) u_data (.clk(clk), .rst(rst),
      .wr_en(data_wr_en), .wr_data(data_wr_data), .commit(data_commit), .rollback(1'b0),
      .full(d_full_n), .free(d_free), .rd_valid(t_valid), .rd_data(t_word), .rd_ready(t_ready));
  eth_fifo #(.W(599), .AW(DESC_AW), .PKT(0)) u_desc (.clk(clk), .rst(rst),
      .wr_en(desc_wr_en), .wr_data(desc_wr_data), .commit(1'b0), .rollback(1'b0),
      .full(q_full_n), .free(q_free), .rd_valid(q_valid), .rd_data(q_desc), .rd_ready(q_ready));
  eth_fifo #(.W(73), .AW(CTL_AW), .PKT(1)) u_ctl (.clk(clk), .rst(rst),
      .wr_en(s_ctl_tvalid), .wr_data({s_ctl_tlast, s_ctl_tkeep, s_ctl_tdata}),
      .commit(s_ctl_tvalid && s_ctl_tlast), .rollback(1'b0),
      .full(c_full), .free(c_free_n), .rd_valid(c_valid), .rd_data(c_word), .rd_ready(c_ready));
  assign data_full    = d_free < 4;
  assign desc_full    = q_free < 2;
  assign s_ctl_tready = !c_full;

  localparam [1:0] S_IDLE = 2'd0, S_TSEND = 2'd1, S_CSEND = 2'd2, S_DISCARD = 2'd3;
  reg [1:0]  state;
  reg [63:0] tod_prev;
  reg [3:0]  w;                 // frame word index while sending a timed frame (saturates)

  wire [63:0]  tx_ts  = q_desc[63:0];
  wire [3:0]   hw     = q_desc[70:67];     // header words before the first data word (hlen / 8)
  wire [575:0] hdr72  = {48'b0, q_desc[598:71]};
  wire [63:0]  launch = tx_ts - {32'b0, cfg_tx_latency};
  wire         head   = q_valid && t_valid;
  wire         due    = tod >= launch && tod_prev < launch;
  wire         passed = tod_prev >= launch;
  wire         ctl_ok = c_valid && (!q_valid || launch > tod + cfg_ctl_guard);
  wire [63:0]  hword  = (w <= 4'd8) ? hdr72[64*w +: 64] : 64'd0;

  reg go_t, go_c, drop, sent_p, late_p, ctl_p;
  always @* begin
    go_t = 1'b0; go_c = 1'b0; drop = 1'b0;
    t_ready = 1'b0; q_ready = 1'b0; c_ready = 1'b0;
    m_tvalid = 1'b0; m_tdata = 64'd0; m_tkeep = 8'h00; m_tlast = 1'b0;
    sent_p = 1'b0; late_p = 1'b0; ctl_p = 1'b0;
    case (state)
      S_IDLE: begin
        if (head && passed) begin drop = 1'b1; late_p = 1'b1; end
        else if (head && due) begin
          if (m_tready) begin
            go_t = 1'b1; sent_p = 1'b1;
            m_tvalid = 1'b1; m_tdata = hdr72[63:0]; m_tkeep = 8'hff;   // header word 0
          end
        end else if (ctl_ok && m_tready) begin
          go_c = 1'b1; ctl_p = 1'b1;
          m_tvalid = 1'b1; {m_tlast, m_tkeep, m_tdata} = c_word; c_ready = 1'b1;
        end
      end
      S_TSEND: begin
        if (w < hw) begin
          m_tvalid = 1'b1; m_tdata = hword; m_tkeep = 8'hff;
        end else begin
          m_tvalid = t_valid; {m_tlast, m_tkeep, m_tdata} = t_word;
          m_tdata = t_word[63:0] | hword;
          t_ready = m_tready;
          q_ready = m_tready && t_valid && t_word[72];
        end
      end
      S_CSEND: begin
        m_tvalid = c_valid; {m_tlast, m_tkeep, m_tdata} = c_word; c_ready = m_tready;
      end
      default: begin   // S_DISCARD
        t_ready = 1'b1;
        q_ready = t_valid && t_word[72];
      end
    endcase
  end

  always @(posedge clk) begin
    if (rst) begin
      state <= S_IDLE; tod_prev <= 64'd0; w <= 4'd0;
    end else begin
      tod_prev <= tod;
      case (state)
        S_IDLE: begin
          w <= 4'd1;
          if (drop) state <= S_DISCARD;
          else if (go_t) state <= S_TSEND;
          else if (go_c && !c_word[72]) state <= S_CSEND;
        end
        S_TSEND: if (m_tready && (w < hw || t_valid)) begin
          if (w != 4'hf) w <= w + 1'b1;
          if (w >= hw && t_word[72]) state <= S_IDLE;
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
