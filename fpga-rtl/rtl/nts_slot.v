// One packet slot of the NTS engine: the packet's buffer (nts_slot_mem) and the sequencer
// that takes it from the parser's verdict to a response, NAK or drop, using one AES-SIV
// context of siv_array for every cryptographic step, in the order of NtsServerStep:
//   key lookup (cookie key ID: slot = low 2 bits, valid, full ID match; else NAK_UNKNOWN_KEY)
//   -> cookie decrypt (master key, S2V [empty, nonce], 64 bytes; fail: NAK_BAD_COOKIE)
//   -> authenticator checks (DROP_MALFORMED_AUTHENTICATOR; ciphertext < 16: NAK)
//   -> request check (C2S, [AD = packet before the authenticator, nonce], tag; fail: NAK)
//   -> n = placeholders + 1 new cookies (current key, [empty, nonce k], C2S || S2C)
//   -> response (S2C, [AD = header + UID EF, nonce], plaintext = the n cookie EFs),
//      padded to the request's length (for 100-byte cookies it is always exactly that).
// Buffer layout (32-bit words): request 0..511, response 512..1023, session keys
// 1024..1039, cookie EFs 1040.. (26 words each). A siv_engine context sees its strings as
// 16-byte aligned regions: address = {region, block}; the region base (any word) is set per
// command, so the engine reads and writes the packet in place. Region 7 = discard (the
// request check's plaintext).
// Outcome codes: StepOutcome ordinals 0..14, then 15 DROP_LATE, 16 DROP_BUSY.
// Reset: synchronous, active-high rst.
`default_nettype none

module nts_slot #(
    parameter META_W = 474
) (
    input  wire                clk,
    input  wire                rst,
    // dispatcher
    output wire                free,
    input  wire                claim,
    input  wire                rx_we,
    input  wire [7:0]          rx_beat,
    input  wire [63:0]         rx_data,
    input  wire                load,
    input  wire [4:0]          p_code,
    input  wire [1:0]          p_kind,
    input  wire                p_auth_bad,
    input  wire                p_auth_short,
    input  wire [2:0]          p_ph,
    input  wire [10:0]         p_len,
    input  wire [10:0]         p_uid_pos,
    input  wire [10:0]         p_uid_len,
    input  wire [10:0]         p_cookie_pos,
    input  wire [10:0]         p_auth_pos,
    input  wire [10:0]         p_nonce_len,
    input  wire [10:0]         p_ct_len,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire [7:0]          p_byte0,       // only the version is echoed
    /* verilator lint_on UNUSEDSIGNAL */
    input  wire [7:0]          p_poll,
    input  wire [63:0]         p_xmt,
    input  wire [31:0]         p_nonce_base,
    input  wire [META_W-1:0]   p_meta,
    // registers
    input  wire [1:0]          hdr_leap,
    input  wire [7:0]          hdr_stratum,
    input  wire [7:0]          hdr_precision,
    input  wire [31:0]         hdr_root_delay,
    input  wire [31:0]         hdr_root_disp,
    input  wire [31:0]         hdr_refid,
    input  wire [63:0]         hdr_reftime,
    input  wire [63:0]         tx_budget,
    input  wire [3:0]          key_valid,
    input  wire [4*32-1:0]     key_id,
    input  wire [4*256-1:0]    key_val,
    input  wire [1:0]          cur_slot,
    // AES-SIV context
    output wire                cmd_valid,
    input  wire                cmd_ready,
    output reg                 cmd_decrypt,
    output reg  [255:0]        cmd_key,
    output reg  [127:0]        cmd_tag,
    output wire [2:0]          cmd_present,
    output reg  [32:0]         cmd_len,
    output wire [29:0]         cmd_addr,
    output reg  [10:0]         cmd_pc_len,
    output wire [9:0]          cmd_pc_addr,
    output wire [9:0]          cmd_out_addr,
    input  wire                done_valid,
    output wire                done_ready,
    input  wire [127:0]        done_tag,
    input  wire                done_ok,
    input  wire                siv_rd_en,
    input  wire [9:0]          siv_rd_addr,
    output wire [127:0]        siv_rd_data,
    input  wire                siv_wr_en,
    input  wire [9:0]          siv_wr_addr,
    input  wire [127:0]        siv_wr_data,
    // nonce generator
    output wire                nreq_valid,
    output wire [31:0]         nreq_idx,
    input  wire                nresp_valid,
    input  wire [127:0]        nresp_block,
    // output arbiter
    output wire                done,          // waiting for the output arbiter
    output reg                 out_drop,
    output reg  [4:0]          out_code,
    output reg  [63:0]         out_tx_ts,
    output reg  [META_W-1:0]   out_meta,
    output reg  [10:0]         out_len,
    // the cookie's key ID named a live slot (out_key_hit, slot out_key_slot) or no live key
    // (out_key_miss); both 0 when the packet never reached the cookie's key lookup
    output reg                 out_key_hit,
    output reg                 out_key_miss,
    output reg  [1:0]          out_key_slot,
    input  wire                grant,
    input  wire                grant_drop,    // late: retire without sending
    output wire                tx_valid,
    output wire [63:0]         tx_data,
    output wire [7:0]          tx_keep,
    output wire                tx_last,
    input  wire                tx_ready
);
  localparam [4:0] C_NTS = 5'd1, C_NAK_UNKNOWN_KEY = 5'd2, C_NAK_BAD_COOKIE = 5'd3,
                   C_NAK_BAD_AUTH = 5'd4, C_MALFORMED_AUTH = 5'd13;
  localparam [10:0] W_RSP = 11'd512, W_SES = 11'd1024, W_CKB = 11'd1040;
  localparam [4:0] S_FREE = 5'd0, S_RX = 5'd1, S_DECIDE = 5'd2, S_KID_RD = 5'd3, S_KID = 5'd4,
                   S_CTAG = 5'd5, S_CDEC = 5'd6, S_CDEC_W = 5'd7, S_RTAG_RD = 5'd8,
                   S_RTAG = 5'd9, S_RCHK = 5'd10, S_RCHK_W = 5'd11, S_CK_NREQ = 5'd12,
                   S_CK_W1 = 5'd13, S_CK_W2 = 5'd14, S_CK_CMD = 5'd15, S_CK_WAIT = 5'd16,
                   S_CK_TAG = 5'd17, S_RN_REQ = 5'd18, S_HDR0 = 5'd19, S_HDR1 = 5'd20,
                   S_HDR2 = 5'd21, S_UID_RD = 5'd22, S_UID_WR = 5'd23, S_AH1 = 5'd24,
                   S_AH2 = 5'd25, S_RS_CMD = 5'd26, S_RS_WAIT = 5'd27, S_RS_TAG = 5'd28,
                   S_DONE = 5'd29, S_TX = 5'd30;
  localparam [1:0] R_PLAIN = 2'd0, R_NAK = 2'd1, R_NTS = 2'd2;

  reg [4:0]   state;
  reg [1:0]   rtype;
  reg [4:0]   kind_code;
  reg [1:0]   kind;
  reg         auth_bad, auth_short;
  reg [3:0]   ncookies;                 // 1..8
  reg [3:0]   ck;                       // cookie being minted
  reg [10:0]  ckw;                      // its first word
  reg [10:0]  len, uid_pos, uid_len, cookie_pos, auth_pos, nl, cl;
  reg [2:0]   version;
  reg [7:0]   poll;
  reg [63:0]  xmt, rx_ts;
  reg [31:0]  nbase;
  // The SIV context latches cmd_key / cmd_tag when it accepts a command, so they are held
  // only here: cmd_key is loaded with the cookie's master key (S_KID), C2S as the cookie
  // decrypt writes it (S_CDEC_W, the context runs on its latched key meanwhile), the current
  // master key once for all cookies (S_RCHK_W) and S2C (S_AH2); cmd_tag holds the tag to
  // check (decrypt) or the tag just computed (encrypt: the context ignores cmd_tag).
  reg [127:0] nonce;
  reg [31:0]  mint_id;
  reg [255:0] s2c;                      // session key S2C (C2S goes straight to cmd_key)
  reg [10:0]  rb0, rb1, rb3, rb4;       // region bases (words)
  reg [6:0]   uk;                       // UID copy block
  reg [10:0]  content_end;

  /* verilator lint_off UNUSEDSIGNAL */
  wire [10:0] nl4     = nl + 11'd3;      // pad4(nl) = nl4 with the low 2 bits cleared
  /* verilator lint_on UNUSEDSIGNAL */
  wire [10:0] ct_start = auth_pos + 11'd8 + {nl4[10:2], 2'b00};   // bytes
  wire [10:0] uid_blocks = (uid_len + 11'd15) >> 4;
  wire [10:0] aw      = W_RSP + 11'd12 + (uid_len >> 2);            // response authenticator
  wire [10:0] ck_bytes = {ncookies, 6'd0} + {1'b0, ncookies, 5'd0} + {4'd0, ncookies, 3'd0}; // 104 n
  wire [31:0] cookie_id = rd_q[127:96];
  wire [1:0]  cid_slot = cookie_id[1:0];
  wire        key_hit  = key_valid[cid_slot] && key_id[cid_slot*32 +: 32] == cookie_id;
  // one key-table read port: the cookie's key in S_KID, the current key otherwise (S_RCHK_W)
  wire [1:0]   ksel = (state == S_KID) ? cid_slot : cur_slot;
  wire [255:0] kval = key_val[ksel*256 +: 256];

  // ---- buffer ports ----
  wire         siv_active = (state == S_CDEC_W) || (state == S_RCHK_W) || (state == S_CK_WAIT) ||
                            (state == S_RS_WAIT);
  wire [127:0] rd_q;
  reg          seq_re, seq_we;
  reg  [10:0]  seq_ra, seq_wa;
  reg  [3:0]   seq_mask;
  reg  [127:0] seq_wd;
  reg  [10:0]  rb_rd, rb_wr;
  always @* begin
    case (siv_rd_addr[9:7])
      3'd0: rb_rd = rb0;
      3'd1: rb_rd = rb1;
      3'd3: rb_rd = rb3;
      default: rb_rd = rb4;
    endcase
    case (siv_wr_addr[9:7])
      3'd0: rb_wr = rb0;
      3'd1: rb_wr = rb1;
      3'd3: rb_wr = rb3;
      default: rb_wr = rb4;
    endcase
  end
  // streamer
  reg  [7:0]   rk;
  reg          inflight;
  reg  [7:0]   inflight_k;
  reg  [1:0]   cnt;
  reg  [63:0]  f_d0, f_d1, f_d2;
  reg  [7:0]   f_k0, f_k1, f_k2;
  reg          f_l0, f_l1, f_l2;
  wire [7:0]   nbeats = out_len[10:3] + {7'd0, out_len[2:0] != 3'd0};
  wire         tx_issue = (state == S_TX) && rk < nbeats && ({1'b0, cnt} + {1'b0, inflight}) <= 3'd2;

  wire         rx_mode = (state == S_FREE && claim) || state == S_RX;
  wire         m_re    = siv_active ? siv_rd_en : (state == S_TX) ? tx_issue : seq_re;
  wire [10:0]  m_ra    = siv_active ? rb_rd + {2'b00, siv_rd_addr[6:0], 2'b00}
                       : (state == S_TX) ? W_RSP + {2'b00, rk, 1'b0} : seq_ra;
  wire         m_we    = rx_mode ? rx_we
                       : siv_active ? (siv_wr_en && siv_wr_addr[9:7] != 3'd7) : seq_we;
  wire [10:0]  m_wa    = rx_mode ? {2'b00, rx_beat, 1'b0}
                       : siv_active ? rb_wr + {2'b00, siv_wr_addr[6:0], 2'b00} : seq_wa;
  wire [3:0]   m_mask  = rx_mode ? 4'b1100 : siv_active ? 4'b1111 : seq_mask;
  wire [127:0] m_wd    = rx_mode ? {rx_data[7:0], rx_data[15:8], rx_data[23:16], rx_data[31:24],
                                    rx_data[39:32], rx_data[47:40], rx_data[55:48], rx_data[63:56],
                                    64'h0}
                       : siv_active ? siv_wr_data : seq_wd;

  nts_slot_mem #(.AW(11)) mem (
      .clk(clk), .rd_en(m_re), .rd_addr(m_ra), .rd_data(rd_q),
      .wr_en(m_we), .wr_addr(m_wa), .wr_mask(m_mask), .wr_data(m_wd));
  assign siv_rd_data = rd_q;

  // ---- header fields ----
  wire        nak      = (rtype == R_NAK);
  wire [7:0]  rsp_b0   = {nak ? 2'b11 : hdr_leap, version, 3'd4};
  wire [31:0] hdr_w0   = {rsp_b0, nak ? 8'd0 : hdr_stratum, poll, nak ? 8'd0 : hdr_precision};

  // ---- sequencer memory accesses ----
  always @* begin
    seq_re = 1'b0; seq_ra = 11'd0;
    seq_we = 1'b0; seq_wa = 11'd0; seq_mask = 4'b1111; seq_wd = 128'h0;
    case (state)
      S_KID_RD:  begin seq_re = 1'b1; seq_ra = (cookie_pos >> 2) + 11'd1; end
      S_KID:     begin seq_re = 1'b1; seq_ra = (cookie_pos >> 2) + 11'd6; end
      S_RTAG_RD: begin seq_re = 1'b1; seq_ra = ct_start >> 2; end
      S_UID_RD:  begin seq_re = 1'b1; seq_ra = (uid_pos >> 2) + {2'b00, uk, 2'b00}; end
      S_CK_W1:   begin seq_we = 1'b1; seq_wa = ckw; seq_wd = {32'h02040068, mint_id, nonce[127:64]}; end
      S_CK_W2:   begin seq_we = 1'b1; seq_wa = ckw + 11'd4; seq_mask = 4'b1100; seq_wd = {nonce[63:0], 64'h0}; end
      S_CK_TAG:  begin seq_we = 1'b1; seq_wa = ckw + 11'd6; seq_wd = cmd_tag; end
      S_HDR0:    begin seq_we = 1'b1; seq_wa = W_RSP;
                       seq_wd = {hdr_w0, nak ? 32'd0 : hdr_root_delay, nak ? 32'd0 : hdr_root_disp,
                                 nak ? 32'h4e54534e : hdr_refid}; end
      S_HDR1:    begin seq_we = 1'b1; seq_wa = W_RSP + 11'd4; seq_wd = {nak ? 64'd0 : hdr_reftime, xmt}; end
      S_HDR2:    begin seq_we = 1'b1; seq_wa = W_RSP + 11'd8; seq_wd = {rx_ts, out_tx_ts}; end
      S_UID_WR:  begin seq_we = 1'b1; seq_wa = W_RSP + 11'd12 + {2'b00, uk, 2'b00}; seq_wd = rd_q; end
      S_AH1:     begin seq_we = 1'b1; seq_wa = aw;
                       seq_wd = {16'h0404, 5'd0, len - 11'd48 - uid_len, 16'd16,
                                 5'd0, ck_bytes + 11'd16, nonce[127:64]}; end
      S_AH2:     begin seq_we = 1'b1; seq_wa = aw + 11'd4; seq_mask = 4'b1100; seq_wd = {nonce[63:0], 64'h0}; end
      S_RS_TAG:  begin seq_we = 1'b1; seq_wa = aw + 11'd6; seq_wd = cmd_tag; end
      default: ;
    endcase
  end

  // ---- AES-SIV command: always [S1, S2] present, S1 at region 0, S2 at region 1 ----
  assign cmd_valid    = (state == S_CDEC) || (state == S_RCHK) || (state == S_CK_CMD) || (state == S_RS_CMD);
  assign cmd_present  = 3'b011;
  assign cmd_addr     = {10'd0, 3'd1, 7'd0, 3'd0, 7'd0};
  assign cmd_pc_addr  = {3'd3, 7'd0};
  assign cmd_out_addr = {3'd4, 7'd0};
  assign done_ready   = siv_active;
  assign nreq_valid   = (state == S_CK_NREQ) || (state == S_RN_REQ);
  assign nreq_idx     = (state == S_CK_NREQ) ? nbase + 32'd1 + {28'd0, ck} : nbase;

  assign free = (state == S_FREE);
  assign done = (state == S_DONE);

  always @(posedge clk) begin
    if (rst) begin
      state    <= S_FREE;
      inflight <= 1'b0;
      cnt      <= 2'd0;
    end else begin
      case (state)
        S_FREE: if (claim) state <= S_RX;
        S_RX: if (load) begin
          kind_code <= p_code; kind <= p_kind; auth_bad <= p_auth_bad; auth_short <= p_auth_short;
          ncookies <= {1'b0, p_ph} + 4'd1;
          len <= p_len; uid_pos <= p_uid_pos; uid_len <= p_uid_len; cookie_pos <= p_cookie_pos;
          auth_pos <= p_auth_pos; nl <= p_nonce_len; cl <= p_ct_len;
          version <= p_byte0[5:3]; poll <= p_poll; xmt <= p_xmt; nbase <= p_nonce_base;
          rx_ts <= p_meta[63:0];
          out_tx_ts <= p_meta[63:0] + tx_budget;
          // tx_meta: rx_meta with IP addresses, ports and MAC addresses swapped
          out_meta <= {p_meta[425:378], p_meta[473:426], p_meta[377:366], p_meta[349:334],
                       p_meta[365:350], p_meta[205:78], p_meta[333:206], p_meta[77:0]};
          state <= S_DECIDE;
        end
        S_DECIDE: begin
          out_code <= kind_code;
          out_drop <= 1'b0;
          out_key_hit <= 1'b0;
          out_key_miss <= 1'b0;
          case (kind)
            2'd0: begin out_drop <= 1'b1; state <= S_DONE; end
            2'd1: begin rtype <= R_PLAIN; out_len <= 11'd48; content_end <= 11'd48; state <= S_HDR0; end
            2'd2: begin rtype <= R_NAK; state <= S_HDR0; end
            default: state <= S_KID_RD;
          endcase
        end
        S_KID_RD: state <= S_KID;
        S_KID: begin
          cmd_key <= kval;
          out_key_hit <= key_hit;
          out_key_miss <= !key_hit;
          out_key_slot <= cid_slot;
          if (key_hit) state <= S_CTAG;
          else begin out_code <= C_NAK_UNKNOWN_KEY; rtype <= R_NAK; state <= S_HDR0; end
        end
        S_CTAG: begin
          cmd_decrypt <= 1'b1; cmd_tag <= rd_q;
          cmd_len <= {11'd0, 11'd16, 11'd0}; cmd_pc_len <= 11'd64;
          rb1 <= (cookie_pos >> 2) + 11'd2; rb3 <= (cookie_pos >> 2) + 11'd10; rb4 <= W_SES;
          state <= S_CDEC;
        end
        S_CDEC: if (cmd_ready) state <= S_CDEC_W;
        S_CDEC_W: begin
          // plaintext = C2S || S2C, 16 bytes per write (constant part-selects: a variable
          // one costs a 256-bit shift, mask and merge per register)
          if (siv_wr_en)
            case (siv_wr_addr[1:0])
              2'd0: cmd_key[255:128] <= siv_wr_data;
              2'd1: cmd_key[127:0]   <= siv_wr_data;
              2'd2: s2c[255:128]     <= siv_wr_data;
              default: s2c[127:0]    <= siv_wr_data;
            endcase
          if (done_valid) begin
            if (!done_ok) begin out_code <= C_NAK_BAD_COOKIE; rtype <= R_NAK; state <= S_HDR0; end
            else if (auth_bad) begin out_code <= C_MALFORMED_AUTH; out_drop <= 1'b1; state <= S_DONE; end
            else if (auth_short) begin out_code <= C_NAK_BAD_AUTH; rtype <= R_NAK; state <= S_HDR0; end
            else state <= S_RTAG_RD;
          end
        end
        S_RTAG_RD: state <= S_RTAG;
        S_RTAG: begin
          cmd_decrypt <= 1'b1; cmd_tag <= rd_q;
          cmd_len <= {11'd0, nl, auth_pos}; cmd_pc_len <= cl - 11'd16;
          rb0 <= 11'd0; rb1 <= (auth_pos >> 2) + 11'd2; rb3 <= (ct_start >> 2) + 11'd4;
          rb4 <= 11'd0;
          state <= S_RCHK;
        end
        S_RCHK: if (cmd_ready) state <= S_RCHK_W;
        S_RCHK_W: if (done_valid) begin
          if (!done_ok) begin out_code <= C_NAK_BAD_AUTH; rtype <= R_NAK; state <= S_HDR0; end
          else begin
            cmd_key  <= kval;
            mint_id  <= key_id[cur_slot*32 +: 32];
            ck <= 4'd0; ckw <= W_CKB;
            state <= S_CK_NREQ;
          end
        end
        S_CK_NREQ: if (nresp_valid) begin nonce <= nresp_block; state <= S_CK_W1; end
        S_CK_W1: state <= S_CK_W2;
        S_CK_W2: begin
          cmd_decrypt <= 1'b0;
          cmd_len <= {11'd0, 11'd16, 11'd0}; cmd_pc_len <= 11'd64;
          rb1 <= ckw + 11'd2; rb3 <= W_SES; rb4 <= ckw + 11'd10;
          state <= S_CK_CMD;
        end
        S_CK_CMD: if (cmd_ready) state <= S_CK_WAIT;
        S_CK_WAIT: if (done_valid) begin cmd_tag <= done_tag; state <= S_CK_TAG; end
        S_CK_TAG: begin
          ck  <= ck + 4'd1;
          ckw <= ckw + 11'd26;
          state <= (ck + 4'd1 == ncookies) ? S_RN_REQ : S_CK_NREQ;
        end
        S_RN_REQ: if (nresp_valid) begin
          nonce <= nresp_block; rtype <= R_NTS; out_code <= C_NTS; state <= S_HDR0;
        end
        S_HDR0: state <= S_HDR1;
        S_HDR1: state <= S_HDR2;
        S_HDR2: begin
          uk <= 7'd0;
          if (rtype == R_PLAIN) begin out_drop <= 1'b0; state <= S_DONE; end
          else state <= S_UID_RD;
        end
        S_UID_RD: state <= S_UID_WR;
        S_UID_WR: begin
          uk <= uk + 7'd1;
          if ({4'd0, uk} + 11'd1 != uid_blocks) state <= S_UID_RD;
          else if (rtype == R_NAK) begin
            out_len <= 11'd48 + uid_len; content_end <= 11'd48 + uid_len;
            out_drop <= 1'b0; state <= S_DONE;
          end else state <= S_AH1;
        end
        S_AH1: state <= S_AH2;
        S_AH2: begin
          cmd_decrypt <= 1'b0; cmd_key <= s2c;
          cmd_len <= {11'd0, 11'd16, 11'd48 + uid_len}; cmd_pc_len <= ck_bytes;
          rb0 <= W_RSP; rb1 <= aw + 11'd2; rb3 <= W_CKB; rb4 <= aw + 11'd10;
          state <= S_RS_CMD;
        end
        S_RS_CMD: if (cmd_ready) state <= S_RS_WAIT;
        S_RS_WAIT: if (done_valid) begin cmd_tag <= done_tag; state <= S_RS_TAG; end
        S_RS_TAG: begin
          out_len <= len; content_end <= 11'd88 + uid_len + ck_bytes;
          out_drop <= 1'b0; state <= S_DONE;
        end
        S_DONE: if (grant) begin
          if (out_drop || grant_drop) state <= S_FREE;
          else begin
            state <= S_TX; rk <= 8'd0; inflight <= 1'b0; cnt <= 2'd0;
          end
        end
        S_TX: begin
          inflight   <= tx_issue;
          inflight_k <= rk;
          if (tx_issue) rk <= rk + 8'd1;
          if (tx_valid && tx_ready) begin f_d0 <= f_d1; f_k0 <= f_k1; f_l0 <= f_l1;
                                          f_d1 <= f_d2; f_k1 <= f_k2; f_l1 <= f_l2; end
          if (inflight) begin
            case (cnt - {1'b0, tx_valid && tx_ready})
              2'd0: begin f_d0 <= beat_data; f_k0 <= beat_keep; f_l0 <= beat_last; end
              2'd1: begin f_d1 <= beat_data; f_k1 <= beat_keep; f_l1 <= beat_last; end
              default: begin f_d2 <= beat_data; f_k2 <= beat_keep; f_l2 <= beat_last; end
            endcase
          end
          cnt <= cnt + {1'b0, inflight} - {1'b0, tx_valid && tx_ready};
          if (tx_valid && tx_ready && f_l0) state <= S_FREE;
        end
        default: state <= S_FREE;
      endcase
    end
  end

  // beat of the response being read: bytes past the content are padding (zeros), bytes past
  // the length are not kept
  reg [63:0] beat_data;
  reg [7:0]  beat_keep;
  reg [10:0] bi;
  integer j;
  always @* begin
    for (j = 0; j < 8; j = j + 1) begin
      bi = {inflight_k, 3'd0} + j[10:0];
      beat_data[8*j +: 8] = (bi < content_end) ? rd_q[127 - 8*j -: 8] : 8'h00;
      beat_keep[j]        = (bi < out_len);
    end
  end
  wire beat_last = (inflight_k + 8'd1 == nbeats);

  assign tx_valid = (state == S_TX) && cnt != 2'd0;
  assign tx_data  = f_d0;
  assign tx_keep  = f_k0;
  assign tx_last  = f_l0;
endmodule

`default_nettype wire
