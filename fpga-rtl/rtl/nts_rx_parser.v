// Streaming NTP/extension-field parser on the ntp_rx stream (one instance, in front of the
// slots, so its verdicts come out in arrival order). It mirrors net.ntsbox.ntp.NtpParse
// (strict EF framing) and the field rules of net.ntsbox.server.NtsServerStep:
//   * length 48..2047 (the slot buffer; the frontend never passes more), version 1..4,
//     extension fields only in v4;
//   * each EF: at a header position, remaining < 4 -> trailing fragment; remaining 20 or 24
//     -> legacy MAC (not served); length % 4 != 0, < 16, > remaining, or == remaining and
//     < 28 -> malformed (any of these: DROP_MALFORMED_PACKET);
//   * mode 3, else DROP_NOT_CLIENT_MODE; no UID/cookie/placeholder/authenticator anywhere ->
//     plain NTP; otherwise only fields before the first authenticator count: exactly one UID
//     (body >= 32), exactly one cookie, an authenticator; a cookie body != 100 bytes
//     (AEAD 15 only) -> NAK_BAD_COOKIE; placeholders count when their body is 100 bytes.
// An EF is >= 16 bytes, so at most one header starts in a 64-bit beat. The authenticator's
// nonce and ciphertext lengths (first 4 body bytes) are taken as they pass; their checks
// (auth_bad: DROP_MALFORMED_AUTHENTICATOR, auth_short: ciphertext < 16 -> NAK) are applied
// by the slot only after the cookie opened, as the Java model orders them.
// DP ENABLE: a request that would be served plain while !serve_plain, or that carries any
// NTS field while !serve_nts, is dropped with C_DISABLED (14) instead (after the NTP-level
// checks: malformed / not client mode keep their codes).
// Results are valid in the cycle after the last beat (res_valid) and stay until the next
// packet's first beat has been taken.
// Reset: synchronous, active-high rst.
`default_nettype none

module nts_rx_parser (
    input  wire        clk,
    input  wire        rst,
    input  wire        in_valid,      // a beat is taken
    input  wire        in_first,
    input  wire        in_last,
    input  wire [63:0] in_data,       // byte 0 in [7:0]
    input  wire [7:0]  in_keep,
    input  wire [11:0] in_len,        // rx_meta payload_len, sampled on the first beat
    input  wire        serve_plain,   // DP ENABLE.NTP
    input  wire        serve_nts,     // DP ENABLE.NTS
    output reg         res_valid,
    output reg  [4:0]  res_code,      // outcome when decided by the parse (see nts_slot)
    output reg  [1:0]  res_kind,      // 0 drop, 1 plain, 2 NAK now, 3 NTS candidate
    output wire        res_auth_bad,
    output wire        res_auth_short,
    output wire [2:0]  res_placeholders,   // min(valid placeholders, 7)
    output wire [10:0] res_len,
    output wire [10:0] res_uid_pos,
    output wire [10:0] res_uid_len,        // whole EF
    output wire [10:0] res_cookie_pos,
    output wire [10:0] res_auth_pos,
    output wire [10:0] res_nonce_len,
    output wire [10:0] res_ct_len,
    output wire [7:0]  res_byte0,
    output wire [7:0]  res_poll,
    output wire [63:0] res_xmt
);
  localparam [4:0] C_PLAIN = 5'd0, C_NAK_BAD_COOKIE = 5'd3, C_MALFORMED = 5'd5,
                   C_NOT_CLIENT = 5'd6, C_MISSING_UID = 5'd7, C_DUP_UID = 5'd8,
                   C_SHORT_UID = 5'd9, C_MISSING_COOKIE = 5'd10, C_DUP_COOKIE = 5'd11,
                   C_MISSING_AUTH = 5'd12, C_DISABLED = 5'd14;
  localparam [15:0] T_UID = 16'h0104, T_COOKIE = 16'h0204, T_PLACEHOLDER = 16'h0304,
                    T_AUTH = 16'h0404;

  // state (as left by the last beat)
  reg [8:0]  beat;
  reg [11:0] len, pos;
  reg        err, nts, auth_seen, grab;
  reg [1:0]  uids, cookies;
  reg [3:0]  ph;
  reg [11:0] uid_pos, uid_len, cookie_pos, cookie_len, auth_pos, auth_len;
  reg [15:0] nl, cl;
  reg [7:0]  b0, poll;
  reg [63:0] xmt;
  reg        len_bad;

  function [7:0] byte_of;
    input [63:0] d;
    input [2:0]  i;
    begin
      byte_of = d[8 * i +: 8];
    end
  endfunction
  function [3:0] ones;
    input [7:0] k;
    integer q;
    begin
      ones = 4'd0;
      for (q = 0; q < 8; q = q + 1) ones = ones + {3'd0, k[q]};
    end
  endfunction

  // next state for this beat
  reg [8:0]  c_beat;
  reg [11:0] c_len, c_pos;
  reg        c_err, c_nts, c_auth_seen, c_grab;
  reg [1:0]  c_uids, c_cookies;
  reg [3:0]  c_ph;
  reg [11:0] c_uid_pos, c_uid_len, c_cookie_pos, c_cookie_len, c_auth_pos, c_auth_len;
  reg [15:0] c_nl, c_cl;
  reg [11:0] remaining;
  reg [15:0] ef_type, ef_len;
  reg [2:0]  o;
  reg        here;
  always @* begin
    if (in_first) begin
      c_beat = 9'd0; c_len = in_len; c_pos = 12'd48; c_err = 1'b0; c_nts = 1'b0;
      c_auth_seen = 1'b0; c_grab = 1'b0; c_uids = 2'd0; c_cookies = 2'd0; c_ph = 4'd0;
      c_uid_pos = 12'd0; c_uid_len = 12'd0; c_cookie_pos = 12'd0; c_cookie_len = 12'd0;
      c_auth_pos = 12'd0; c_auth_len = 12'd0; c_nl = 16'd0; c_cl = 16'd0;
    end else begin
      c_beat = beat + 9'd1; c_len = len; c_pos = pos; c_err = err; c_nts = nts;
      c_auth_seen = auth_seen; c_grab = grab; c_uids = uids; c_cookies = cookies; c_ph = ph;
      c_uid_pos = uid_pos; c_uid_len = uid_len; c_cookie_pos = cookie_pos;
      c_cookie_len = cookie_len; c_auth_pos = auth_pos; c_auth_len = auth_len;
      c_nl = nl; c_cl = cl;
    end
    if (c_grab) begin                 // authenticator lengths at the start of this beat
      c_nl   = {byte_of(in_data, 3'd0), byte_of(in_data, 3'd1)};
      c_cl   = {byte_of(in_data, 3'd2), byte_of(in_data, 3'd3)};
      c_grab = 1'b0;
    end
    remaining = c_len - c_pos;
    here      = !c_err && c_pos < c_len && c_pos[11:3] == c_beat;
    o         = c_pos[2] ? 3'd4 : 3'd0;
    ef_type   = {byte_of(in_data, o), byte_of(in_data, o + 3'd1)};
    ef_len    = {byte_of(in_data, o + 3'd2), byte_of(in_data, o + 3'd3)};
    if (here) begin
      if (remaining < 12'd4 || remaining == 12'd20 || remaining == 12'd24 ||
          ef_len[1:0] != 2'b00 || ef_len < 16'd16 || ef_len > {4'd0, remaining} ||
          (ef_len == {4'd0, remaining} && ef_len < 16'd28)) begin
        c_err = 1'b1;
      end else begin
        if (ef_type == T_UID || ef_type == T_COOKIE || ef_type == T_PLACEHOLDER ||
            ef_type == T_AUTH) c_nts = 1'b1;
        if (!c_auth_seen) begin
          case (ef_type)
            T_UID: begin
              if (c_uids == 2'd0) begin c_uid_pos = c_pos; c_uid_len = ef_len[11:0]; end
              if (c_uids != 2'd2) c_uids = c_uids + 2'd1;
            end
            T_COOKIE: begin
              if (c_cookies == 2'd0) begin c_cookie_pos = c_pos; c_cookie_len = ef_len[11:0]; end
              if (c_cookies != 2'd2) c_cookies = c_cookies + 2'd1;
            end
            T_PLACEHOLDER:
              if (ef_len == 16'd104 && c_ph != 4'd7) c_ph = c_ph + 4'd1;
            T_AUTH: begin
              c_auth_seen = 1'b1;
              c_auth_pos  = c_pos;
              c_auth_len  = ef_len[11:0];
              if (o == 3'd0) begin
                c_nl = {byte_of(in_data, 3'd4), byte_of(in_data, 3'd5)};
                c_cl = {byte_of(in_data, 3'd6), byte_of(in_data, 3'd7)};
              end else begin
                c_grab = 1'b1;
              end
            end
            default: ;
          endcase
        end
        c_pos = c_pos + ef_len[11:0];
      end
    end
  end

  always @(posedge clk) begin
    res_valid <= 1'b0;
    if (rst) begin
      beat <= 9'd0;
    end else if (in_valid) begin
      beat <= c_beat; len <= c_len; pos <= c_pos; err <= c_err; nts <= c_nts;
      auth_seen <= c_auth_seen; grab <= c_grab; uids <= c_uids; cookies <= c_cookies;
      ph <= c_ph; uid_pos <= c_uid_pos; uid_len <= c_uid_len; cookie_pos <= c_cookie_pos;
      cookie_len <= c_cookie_len; auth_pos <= c_auth_pos; auth_len <= c_auth_len;
      nl <= c_nl; cl <= c_cl;
      if (in_first) begin
        b0   <= byte_of(in_data, 3'd0);
        poll <= byte_of(in_data, 3'd2);
      end
      if (c_beat == 9'd5) xmt <= {in_data[7:0], in_data[15:8], in_data[23:16], in_data[31:24],
                                  in_data[39:32], in_data[47:40], in_data[55:48], in_data[63:56]};
      // the stream must carry exactly payload_len bytes
      if (in_last) len_bad <= ({1'b0, c_beat, 3'b000} + {9'd0, ones(in_keep)}) != {1'b0, c_len};
      res_valid <= in_last;
    end
  end

  // verdict (combinational on the state left by the last beat)
  wire [2:0] version   = b0[5:3];
  wire [2:0] mode      = b0[2:0];
  wire       malformed = err || len_bad || len < 12'd48 || len > 12'd2047 || version == 3'd0 ||
                         version > 3'd4 || (version != 3'd4 && len != 12'd48);
  always @* begin
    res_kind = 2'd0;
    res_code = C_MALFORMED;
    if (malformed)                  res_code = C_MALFORMED;
    else if (mode != 3'd3)          res_code = C_NOT_CLIENT;
    else if (!nts && !serve_plain)  res_code = C_DISABLED;
    else if (!nts)                  begin res_code = C_PLAIN; res_kind = 2'd1; end
    else if (!serve_nts)            res_code = C_DISABLED;
    else if (uids == 2'd0)          res_code = C_MISSING_UID;
    else if (uids == 2'd2)          res_code = C_DUP_UID;
    else if (uid_len < 12'd36)      res_code = C_SHORT_UID;
    else if (cookies == 2'd0)       res_code = C_MISSING_COOKIE;
    else if (cookies == 2'd2)       res_code = C_DUP_COOKIE;
    else if (!auth_seen)            res_code = C_MISSING_AUTH;
    else if (cookie_len != 12'd104) begin res_code = C_NAK_BAD_COOKIE; res_kind = 2'd2; end
    else                            begin res_code = C_PLAIN; res_kind = 2'd3; end
  end
  // RFC 8915 5.6 / NtsAuthenticator.parse: nonce > 0 bytes; 4 + max(16, pad4(nonce)) +
  // pad4(ciphertext) <= body (this also covers 4 + pad4(nonce) + pad4(ciphertext) <= body)
  /* verilator lint_off UNUSEDSIGNAL */
  wire [17:0] nl4 = {2'b00, nl} + 18'd3;   // pad4 = nl4 with the low 2 bits cleared
  wire [17:0] cl4 = {2'b00, cl} + 18'd3;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [17:0] nspace = ({nl4[17:2], 2'b00} > 18'd16) ? {nl4[17:2], 2'b00} : 18'd16;
  wire [18:0] need = 19'd4 + {1'b0, nspace} + {1'b0, cl4[17:2], 2'b00};
  assign res_auth_bad   = (nl == 16'd0) || need > {7'd0, auth_len - 12'd4};
  assign res_auth_short = cl < 16'd16;
  assign res_placeholders = ph[2:0];
  assign res_len        = len[10:0];
  assign res_uid_pos    = uid_pos[10:0];
  assign res_uid_len    = uid_len[10:0];
  assign res_cookie_pos = cookie_pos[10:0];
  assign res_auth_pos   = auth_pos[10:0];
  assign res_nonce_len  = nl[10:0];
  assign res_ct_len     = cl[10:0];
  assign res_byte0      = b0;
  assign res_poll       = poll;
  assign res_xmt        = xmt;
endmodule

`default_nettype wire
