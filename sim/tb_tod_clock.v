// Self-checking bench for tod_clock: exact increment over many cycles with a fractional
// increment (and its accuracy against the ideal 6.4 ns), frequency change, set time, phase
// adjust (positive and negative), atomic 64-bit reads across a seconds roll-over, PPS
// capture exact to the cycle with sequence counter, SET_AT_PPS, and leap-second insert and
// delete sequences through midnight with the LI bits. Prints PASS or FAIL; $fatal on failure.
`default_nettype none

module tb_tod_clock;
`include "generated/ntsbox_regs.vh"

    reg clk = 1'b0;
    reg rst = 1'b1;
    always #5 clk = ~clk;

    reg         bus_en = 1'b0, bus_we = 1'b0;
    reg  [11:0] bus_addr = 12'd0;
    reg  [31:0] bus_wdata = 32'd0;
    reg  [3:0]  bus_wstrb = 4'hF;
    wire [31:0] bus_rdata;
    reg         pps_in = 1'b0;
    wire [31:0] tod_sec, tod_frac, tod_sub;
    wire [1:0]  tod_li;
    wire        tod_in_leap, pps_pulse;

    tod_clock dut (
        .clk(clk), .rst(rst),
        .bus_en(bus_en), .bus_we(bus_we), .bus_addr(bus_addr), .bus_wdata(bus_wdata),
        .bus_wstrb(bus_wstrb), .bus_rdata(bus_rdata),
        .pps_in(pps_in), .tod_sec(tod_sec), .tod_frac(tod_frac), .tod_sub(tod_sub),
        .tod_li(tod_li), .tod_in_leap(tod_in_leap), .pps_pulse(pps_pulse));

    wire [95:0] now = {tod_sec, tod_frac, tod_sub};
    integer errors = 0;
    integer cyc = 0;
    always @(posedge clk) cyc <= cyc + 1;   // the bench drives and samples at negedges

    task check;
        input cond;
        input [8*72-1:0] what;
        begin
            if (!cond) begin
                errors = errors + 1;
                $display("FAIL: %0s (cycle %0d, time %h)", what, cyc, now);
            end
        end
    endtask

    task bus_write;
        input [11:0] a;
        input [31:0] d;
        begin
            @(negedge clk);
            bus_en = 1'b1; bus_we = 1'b1; bus_addr = a; bus_wdata = d; bus_wstrb = 4'hF;
            @(negedge clk);
            bus_en = 1'b0; bus_we = 1'b0;
        end
    endtask

    task bus_read;
        input  [11:0] a;
        output [31:0] d;
        begin
            @(negedge clk);
            bus_en = 1'b1; bus_we = 1'b0; bus_addr = a;
            @(negedge clk);
            bus_en = 1'b0;
            d = bus_rdata;
        end
    endtask

    task set_incr;
        input [63:0] incr;
        begin
            bus_write(CLK_INCR_LO, incr[31:0]);
            bus_write(CLK_INCR_HI, incr[63:32]);
            bus_write(CLK_CTRL, 32'd1 << CLK_CTRL_INCR_LSB);
        end
    endtask

    task set_time;       // returns at the first negedge where the time reads exactly t
        input [63:0] t;
        begin
            bus_write(CLK_SET_SEC, t[63:32]);
            bus_write(CLK_SET_FRAC, t[31:0]);
            bus_write(CLK_CTRL, 32'd1 << CLK_CTRL_SET_LSB);
            check(now == {t, 32'd0}, "time reads SET exactly one cycle after the write");
        end
    endtask

    task pps_pulse_at_next_edge;   // pps_in high from this negedge for 5 cycles
        begin
            pps_in = 1'b1;
            repeat (5) @(negedge clk);
            pps_in = 1'b0;
        end
    endtask

    localparam [63:0] INCR_NOM = 64'h0000001B_7CDFD9D8;   // 6.4 ns in 2^-64 s
    localparam [63:0] INCR_FAST = 64'h10000000_00000000;  // 1/16 s per cycle (leap tests)
    localparam [31:0] L = 32'd3888000000;                 // 86400 * 45000: a midnight

    reg [95:0] v0, v1, want_t;
    reg [31:0] rdv, rsec, rfrac, rsub;
    integer c0, c1, i, n, run_len, run_sec;
    real err_ns;
    reg [95:0] pps_expect;
    integer seq0;

    // ---- second-by-second log for the leap tests
    reg        log_on = 1'b0;
    integer    log_n = 0;
    reg [31:0] log_sec [0:15];
    integer    log_len [0:15];
    reg [1:0]  log_li [0:15];
    reg        log_leap [0:15];
    reg [31:0] last_sec;
    always @(negedge clk) begin
        if (log_on) begin
            if (log_n == 0 || tod_sec != last_sec || (tod_frac < 32'h10000000 && log_len[log_n - 1] >= 16)) begin
                if (log_n < 16) begin
                    log_sec[log_n] = tod_sec; log_len[log_n] = 1;
                    log_li[log_n] = tod_li; log_leap[log_n] = tod_in_leap;
                    log_n = log_n + 1;
                end
            end else begin
                log_len[log_n - 1] = log_len[log_n - 1] + 1;
                if (tod_li != log_li[log_n - 1]) begin
                    errors = errors + 1;
                    $display("FAIL: LI changed inside second %0d", tod_sec);
                end
            end
            last_sec = tod_sec;
        end
    end

    initial begin
        repeat (3) @(negedge clk);
        rst = 1'b0;
        bus_read(CLK_NAME, rdv); check(rdv == 32'h544F4443, "NAME = TODC");
        bus_read(CLK_INCR_HI, rdv); check(rdv == 32'h1B, "INCR_HI reset = 6.4 ns");

        // ---- 1. increment: exact over 200,000 cycles at the nominal 6.4 ns
        set_time({32'd1000, 32'd0});
        v0 = now; c0 = cyc;
        repeat (200000) @(negedge clk);
        v1 = now; c1 = cyc;
        want_t = v0 + (c1 - c0) * {32'd0, INCR_NOM};
        check(v1 == want_t, "time = start + cycles * increment, exactly (96 bits)");
        err_ns = ((v1[63:32] + v1[31:0] / 4294967296.0) / 4294967296.0 - (c1 - c0) * 6.4e-9) * 1e9;
        $display("  200000 cycles: %0.6f ns error against 6.4 ns ideal", err_ns);
        check(err_ns < 0.001 && err_ns > -0.001, "nominal increment within 1 ps over 1.28 ms");

        // ---- 2. frequency change: +12.5 ppm, exact with a fractional increment
        set_incr(64'h0000001B_7CF65E73);
        v0 = now; c0 = cyc;
        repeat (100000) @(negedge clk);
        v1 = now; c1 = cyc;
        check(v1 == v0 + (c1 - c0) * 96'h1B_7CF65E73, "new increment applied exactly");
        set_incr(INCR_NOM);

        // ---- 3. phase adjust, positive then negative
        v0 = now;
        bus_write(CLK_ADJ_LO, 32'h80000000);           // +0.5 s
        bus_write(CLK_ADJ_HI, 32'h00000000);
        v0 = now;
        bus_write(CLK_CTRL, 32'd1 << CLK_CTRL_ADJ_LSB);
        check(now == v0 + 2 * {32'd0, INCR_NOM} + {64'h0_80000000, 32'd0}, "ADJ +0.5 s added once on top of the increment");
        v0 = now;
        repeat (10) @(negedge clk);
        check(now == v0 + 10 * {32'd0, INCR_NOM}, "ADJ acts once");
        bus_write(CLK_ADJ_LO, 32'hC0000000);           // -1.25 s = 0xFFFFFFFE.C0000000
        bus_write(CLK_ADJ_HI, 32'hFFFFFFFE);
        v0 = now;
        bus_write(CLK_CTRL, 32'd1 << CLK_CTRL_ADJ_LSB);
        check(now == v0 + 2 * {32'd0, INCR_NOM} - {64'h1_40000000, 32'd0}, "ADJ -1.25 s");

        // ---- 4. atomic 64-bit read across a seconds roll-over (latch on read of TIME_FRAC)
        set_time({32'd2000, 32'hFFFFFF00});
        bus_read(CLK_TIME_FRAC, rfrac);
        repeat (100) @(negedge clk);                   // the seconds roll to 2001 meanwhile
        check(tod_sec == 32'd2001, "seconds rolled over during the read");
        bus_read(CLK_TIME_SEC, rsec);
        bus_read(CLK_TIME_SUB, rsub);
        check(rsec == 32'd2000 && rfrac >= 32'hFFFFFF00, "TIME_SEC latched with TIME_FRAC");
        check({rsec, rfrac, rsub} == {32'd2000, 32'hFFFFFF00, 32'd0} + 96'h1B_7CDFD9D8,
              "latched time is the time in the cycle of the TIME_FRAC read");

        // ---- 5. PPS capture exact to the cycle
        bus_read(CLK_PPS_FRAC, rdv);
        bus_read(CLK_PPS_SEQ, rdv); seq0 = rdv;
        for (n = 0; n < 2; n = n + 1) begin
            repeat (37 + n) @(negedge clk);
            pps_in = 1'b1;              // sampled high by the next edge E0
            @(negedge clk);             // cycle starting at E0
            @(negedge clk);             // cycle starting at E0 + 1: the captured one
            pps_expect = now;
            repeat (200) @(negedge clk);   // a long pulse captures once
            pps_in = 1'b0;
            repeat (5) @(negedge clk);
            bus_read(CLK_PPS_FRAC, rfrac);
            bus_read(CLK_PPS_SEC, rsec);
            bus_read(CLK_PPS_SEQ, rdv);
            check({rsec, rfrac} == pps_expect[95:32], "PPS capture = time of the cycle after the sampling edge");
            check(rdv == seq0 + n + 1, "PPS sequence counts edges, not cycles");
        end

        // ---- 6. SET_AT_PPS: time reads SET in the captured cycle; next PPS K cycles later
        bus_write(CLK_SET_SEC, 32'd5000);
        bus_write(CLK_SET_FRAC, 32'd0);
        bus_write(CLK_CTRL, 32'd1 << CLK_CTRL_SET_AT_PPS_LSB);
        bus_read(CLK_STATUS, rdv); check(rdv[CLK_STATUS_SET_PENDING_LSB], "SET_PENDING");
        c0 = cyc;
        pps_pulse_at_next_edge;
        bus_read(CLK_STATUS, rdv); check(!rdv[CLK_STATUS_SET_PENDING_LSB], "SET_PENDING cleared by the PPS");
        repeat (1000) @(negedge clk);
        c1 = cyc;
        pps_pulse_at_next_edge;          // rising c1 - c0 cycles after the first
        repeat (3) @(negedge clk);
        bus_read(CLK_PPS_FRAC, rfrac);
        bus_read(CLK_PPS_SEC, rsec);
        check({rsec, rfrac} == ({32'd5000, 32'd0, 32'd0} + (c1 - c0) * {32'd0, INCR_NOM}) >> 32,
              "PPS after SET_AT_PPS reads SET + K increments");

        // ---- 7. leap second insertion through midnight (16 cycles per second)
        set_incr(INCR_FAST);
        bus_write(CLK_LEAP_AT, L);
        bus_write(CLK_LEAP_CTRL, 32'd1 << CLK_LEAP_CTRL_INSERT_LSB);
        set_time({L - 32'd86401, 32'hF0000000});
        check(tod_li == 2'b00, "LI 00 before the last day");
        @(negedge clk);
        check(tod_sec == L - 32'd86400 && tod_li == 2'b01, "LI 01 from the first second of the last day");
        bus_read(CLK_STATUS, rdv); check(rdv[CLK_STATUS_LEAP_INS_LSB] && rdv[9:8] == 2'b01, "STATUS LEAP_INS, LI");
        set_time({L - 32'd3, 32'h00000000});
        log_n = 0; log_on = 1'b1;
        repeat (16 * 6) @(negedge clk);
        log_on = 1'b0;
        // want_t L-3 (partial), L-2, L-1, L-1 (inserted, IN_LEAP), L, L+1
        check(log_n >= 6, "leap insert: enough seconds logged");
        check(log_sec[0] == L - 3 && log_sec[1] == L - 2 && log_sec[2] == L - 1 && log_sec[3] == L - 1 &&
              log_sec[4] == L && log_sec[5] == L + 1, "insert: NTP second L-1 repeats, then L");
        check(log_len[1] == 16 && log_len[2] == 16 && log_len[3] == 16 && log_len[4] == 16,
              "insert: every second lasts 16 cycles (the repeated one too)");
        check(!log_leap[2] && log_leap[3] && !log_leap[4], "IN_LEAP only during the inserted second");
        check(log_li[1] == 2'b01 && log_li[2] == 2'b01 && log_li[3] == 2'b01 && log_li[4] == 2'b00 &&
              log_li[5] == 2'b00, "insert: LI 01 until midnight, 00 after");
        bus_read(CLK_STATUS, rdv);
        check(rdv[CLK_STATUS_LEAP_DONE_LSB] && !rdv[CLK_STATUS_LEAP_INS_LSB] && rdv[9:8] == 2'b00,
              "insert: LEAP_DONE set, schedule cleared");
        bus_write(CLK_LEAP_CTRL, 32'd1 << CLK_LEAP_CTRL_CLEAR_DONE_LSB);

        // ---- 8. leap second deletion
        bus_write(CLK_LEAP_CTRL, 32'd1 << CLK_LEAP_CTRL_DELETE_LSB);
        set_time({L - 32'd3, 32'h00000000});
        check(tod_li == 2'b10, "LI 10 before a deletion");
        log_n = 0; log_on = 1'b1;
        repeat (16 * 5) @(negedge clk);
        log_on = 1'b0;
        check(log_sec[0] == L - 3 && log_sec[1] == L - 2 && log_sec[2] == L && log_sec[3] == L + 1,
              "delete: NTP second L-1 is skipped");
        check(log_len[1] == 16 && log_len[2] == 16, "delete: seconds keep their length");
        check(log_li[1] == 2'b10 && log_li[2] == 2'b00, "delete: LI 10 until midnight, 00 after");
        bus_read(CLK_STATUS, rdv);
        check(rdv[CLK_STATUS_LEAP_DONE_LSB] && !rdv[CLK_STATUS_LEAP_DEL_LSB], "delete: done");

        // ---- 9. cancelled insertion: nothing happens at midnight
        bus_write(CLK_LEAP_CTRL, 32'd1 << CLK_LEAP_CTRL_INSERT_LSB);
        set_time({L - 32'd2, 32'h00000000});
        check(tod_li == 2'b01, "LI 01 scheduled again");
        bus_write(CLK_LEAP_CTRL, 32'd1 << CLK_LEAP_CTRL_CANCEL_LSB);
        check(tod_li == 2'b00, "cancel clears LI");
        log_n = 0; log_on = 1'b1;
        repeat (16 * 3) @(negedge clk);
        log_on = 1'b0;
        check(log_sec[1] == L - 1 && log_sec[2] == L, "cancelled: no repeated second");

        // ---- 10. leap window across the NTP era boundary (2036): LEAP_AT = 0 mod 2^32
        bus_write(CLK_LEAP_AT, 32'd0);
        bus_write(CLK_LEAP_CTRL, 32'd1 << CLK_LEAP_CTRL_INSERT_LSB);
        set_time({32'hFFFFFFFF - 32'd86400, 32'h00000000});   // 86401 s before the wrap
        check(tod_li == 2'b00, "era wrap: LI 00 before the window");
        set_time({32'hFFFFFFFF - 32'd86399, 32'h00000000});
        check(tod_li == 2'b01, "era wrap: LI 01 in the window");
        set_time({32'hFFFFFFFF, 32'hF0000000});
        repeat (9) @(negedge clk);
        check(tod_sec == 32'hFFFFFFFF && tod_in_leap, "era wrap: second 2^32-1 repeats");
        repeat (16) @(negedge clk);
        check(tod_sec == 32'd0 && tod_li == 2'b00, "era wrap: then second 0 of era 1");

        if (errors == 0) begin
            $display("PASS tb_tod_clock");
            $finish;
        end else begin
            $display("FAIL tb_tod_clock: %0d errors", errors);
            $fatal(1);
        end
    end

    initial begin
        #10000000;
        $display("FAIL tb_tod_clock: timeout");
        $fatal(1);
    end
endmodule

`default_nettype wire
