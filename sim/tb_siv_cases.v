// Self-checking bench for siv_array: runs every operation of a memory image made from a
// case file (sim/case2memh.py, format in sim/siv_cases.py) on all PIPES*CTX contexts in
// parallel, checks every output block, tag and verdict, and prints throughput.
// Runs under Verilator (--binary --timing) and Icarus (-g2005).
//   +image=FILE   the $readmemh image (required)
//   +serial       one operation at a time; prints the cycles of each (command to done)
//   +verbose      print every operation
// Last line: "N passed, M failed" (operations).
`timescale 1ns/1ps
`default_nettype none

/* verilator lint_off WIDTH */
module tb_siv_cases;
  parameter PIPES  = 3;
  parameter CTX    = 14;
  parameter MEM_AW = 20;
  localparam N = PIPES * CTX, LW = 11, AW = MEM_AW;

  reg clk = 1'b0;
  always #5 clk = ~clk;
  reg rst = 1'b1;

  reg  [N-1:0]      cmd_valid = {N{1'b0}}, cmd_decrypt = {N{1'b0}}, cmd_cmac_only = {N{1'b0}};
  reg  [N*256-1:0]  cmd_key = {N*256{1'b0}};
  reg  [N*128-1:0]  cmd_tag = {N*128{1'b0}};
  reg  [N*3-1:0]    cmd_present = {N*3{1'b0}};
  reg  [N*3*LW-1:0] cmd_len = {N*3*LW{1'b0}};
  reg  [N*3*AW-1:0] cmd_addr = {N*3*AW{1'b0}};
  reg  [N*LW-1:0]   cmd_pc_len = {N*LW{1'b0}};
  reg  [N*AW-1:0]   cmd_pc_addr = {N*AW{1'b0}}, cmd_out_addr = {N*AW{1'b0}};
  wire [N-1:0]      cmd_ready, done_valid, done_ok, rd_en, wr_en;
  wire [N*128-1:0]  done_tag, wr_data;
  wire [N*AW-1:0]   rd_addr, wr_addr;
  reg  [N*128-1:0]  rd_data = {N*128{1'b0}};
  wire [PIPES-1:0]  aes_issue;

  siv_array #(.PIPES(PIPES), .CTX(CTX), .LEN_W(LW), .ADDR_W(AW)) dut (
      .clk(clk), .rst(rst), .cmd_valid(cmd_valid), .cmd_ready(cmd_ready),
      .cmd_decrypt(cmd_decrypt), .cmd_cmac_only(cmd_cmac_only), .cmd_key(cmd_key),
      .cmd_tag(cmd_tag), .cmd_present(cmd_present), .cmd_len(cmd_len), .cmd_addr(cmd_addr),
      .cmd_pc_len(cmd_pc_len), .cmd_pc_addr(cmd_pc_addr), .cmd_out_addr(cmd_out_addr),
      .done_valid(done_valid), .done_ready({N{1'b1}}), .done_tag(done_tag), .done_ok(done_ok),
      .rd_en(rd_en), .rd_addr(rd_addr), .rd_data(rd_data),
      .wr_en(wr_en), .wr_addr(wr_addr), .wr_data(wr_data), .aes_issue(aes_issue));

  reg [127:0] mem [0:(1<<AW)-1];
  reg [1023:0] image;

  // per-context bookkeeping
  reg [N-1:0]  busy = {N{1'b0}};
  reg [AW-1:0] hdr_of [0:N-1];
  integer      writes_of [0:N-1], bad_of [0:N-1], start_of [0:N-1];

  integer total = 0, issued = 0, passed = 0, failed = 0, cycle = 0, blocks = 0;
  integer first_cmd = -1, last_done = 0, e, k, sel, nbusy;
  reg serial, verbose;
  reg [AW-1:0] ptr;

  function integer nblk;        // 16-byte blocks of a string
    input [15:0] len;
    begin
      nblk = (len + 15) / 16;
    end
  endfunction

  // header fields of the operation at ptr
  wire [127:0] h0 = mem[ptr];
  wire [15:0]  f_flags = h0[79:64];
  wire [15:0]  f_pclen = h0[63:48];
  wire [15:0]  f_len2 = h0[47:32], f_len1 = h0[31:16], f_len0 = h0[15:0];
  wire [AW-1:0] a_c0 = ptr + 4;
  wire [AW-1:0] a_c1 = a_c0 + nblk(f_len0);
  wire [AW-1:0] a_c2 = a_c1 + nblk(f_len1);
  wire [AW-1:0] a_pc = a_c2 + nblk(f_len2);
  wire [AW-1:0] a_out = a_pc + nblk(f_pclen);
  wire [AW-1:0] a_next = a_out + ((f_flags[1] || f_flags[2]) ? 0 : nblk(f_pclen));

  initial begin
    if (!$value$plusargs("image=%s", image)) begin
      $display("FAIL: no +image=FILE");
      $finish;
    end
    serial  = $test$plusargs("serial");
    verbose = $test$plusargs("verbose");
    $readmemh(image, mem);
    total = mem[0][31:0];
    ptr = 1;
    repeat (4) @(negedge clk);
    rst = 1'b0;        // on the falling edge: no race with the sampling edge
  end

  always @(posedge clk) begin
    cycle <= cycle + 1;
    for (k = 0; k < PIPES; k = k + 1) if (aes_issue[k]) blocks = blocks + 1;
    // buffer: data valid the cycle after rd_en
    for (e = 0; e < N; e = e + 1)
      if (rd_en[e]) rd_data[e*128 +: 128] <= mem[rd_addr[e*AW +: AW]];
    // outputs are written straight onto the expected blocks: compare there
    for (e = 0; e < N; e = e + 1)
      if (wr_en[e]) begin
        writes_of[e] = writes_of[e] + 1;
        if (!mem[hdr_of[e]][66] && wr_data[e*128 +: 128] !== mem[wr_addr[e*AW +: AW]]) begin
          bad_of[e] = bad_of[e] + 1;
          $display("  op at %0d (line %0d): block %0d is %h, want %h", hdr_of[e],
                   mem[hdr_of[e]][111:80], writes_of[e] - 1, wr_data[e*128 +: 128],
                   mem[wr_addr[e*AW +: AW]]);
        end
      end
    // completions
    for (e = 0; e < N; e = e + 1)
      if (done_valid[e] && busy[e]) begin : check
        reg [127:0] hd;
        reg ok;
        hd = mem[hdr_of[e]];
        if (hd[65])      ok = done_tag[e*128 +: 128] === mem[hdr_of[e] + 3];        // cmac
        else if (hd[66]) ok = (done_ok[e] === 1'b0);                                // must fail
        else             ok = (done_ok[e] === 1'b1) && (done_tag[e*128 +: 128] === mem[hdr_of[e] + 3])
                              && bad_of[e] == 0 && writes_of[e] == nblk(hd[63:48]);
        if (ok) passed = passed + 1;
        else begin
          failed = failed + 1;
          $display("FAIL op at %0d (line %0d, flags %h): tag %h ok %b writes %0d bad %0d",
                   hdr_of[e], hd[111:80], hd[79:64], done_tag[e*128 +: 128], done_ok[e],
                   writes_of[e], bad_of[e]);
        end
        if (serial || verbose)
          $display("op line %0d flags %h lens %0d/%0d/%0d pc %0d: %0d cycles %s", hd[111:80],
                   hd[79:64], hd[15:0], hd[31:16], hd[47:32], hd[63:48], cycle - start_of[e],
                   ok ? "ok" : "FAIL");
        busy[e] = 1'b0;
        last_done = cycle;
      end
    // dispatch one operation per cycle to the first idle context
    cmd_valid <= {N{1'b0}};
    nbusy = 0;
    for (e = 0; e < N; e = e + 1) if (busy[e]) nbusy = nbusy + 1;
    sel = -1;
    for (e = N - 1; e >= 0; e = e - 1) if (!busy[e] && cmd_ready[e]) sel = e;
    if (!rst && issued < total && sel >= 0 && (!serial || nbusy == 0)) begin
      if (h0[127:112] !== 16'hca5e) begin
        $display("FAIL: bad image header at word %0d", ptr);
        $finish;
      end
      cmd_valid[sel]                <= 1'b1;
      cmd_decrypt[sel]              <= f_flags[0];
      cmd_cmac_only[sel]            <= f_flags[1];
      cmd_present[sel*3 +: 3]       <= f_flags[5:3];
      cmd_key[sel*256 +: 256]       <= {mem[ptr + 1], mem[ptr + 2]};
      cmd_tag[sel*128 +: 128]       <= mem[ptr + 3];
      cmd_len[sel*3*LW +: 3*LW]     <= {f_len2[LW-1:0], f_len1[LW-1:0], f_len0[LW-1:0]};
      cmd_addr[sel*3*AW +: 3*AW]    <= {a_c2, a_c1, a_c0};
      cmd_pc_len[sel*LW +: LW]      <= f_pclen[LW-1:0];
      cmd_pc_addr[sel*AW +: AW]     <= a_pc;
      cmd_out_addr[sel*AW +: AW]    <= f_flags[2] ? a_pc : a_out;
      hdr_of[sel]    = ptr;
      writes_of[sel] = 0;
      bad_of[sel]    = 0;
      start_of[sel]  = cycle + 1;      // the context accepts on the next edge
      busy[sel]      = 1'b1;
      if (first_cmd < 0) first_cmd = cycle + 1;
      issued = issued + 1;
      ptr <= a_next;
    end
    if (!rst && issued == total && nbusy == 0 && busy == {N{1'b0}}) begin
      $display("contexts %0d (%0d pipelines x %0d), operations %0d, AES blocks %0d, cycles %0d",
               N, PIPES, CTX, total, blocks, last_done - first_cmd);
      if (last_done > first_cmd)
        $display("sustained AES blocks/cycle: %0d.%03d", blocks / (last_done - first_cmd),
                 (blocks * 1000 / (last_done - first_cmd)) % 1000);
      $display("%0d passed, %0d failed", passed, failed);
      $finish;
    end
    if (cycle > 200000000) begin
      $display("FAIL: timeout");
      $display("%0d passed, %0d failed", passed, total - passed);
      $finish;
    end
  end
endmodule

`default_nettype wire
