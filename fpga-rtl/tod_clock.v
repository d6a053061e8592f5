// Time-of-day clock in NTP format (register block CLK).
//
// Time = sec (32 bits) . frac (64 bits: the 32-bit NTP fraction and 32 sub-fraction bits),
// advanced every cycle by the 64-bit increment (units of 2^-64 s; reset value 6.4 ns for
// 156.25 MHz). The host changes the time only through staged registers and CTRL strobes,
// so each change lands in one clock cycle:
//   SET        time := SET_SEC.SET_FRAC in the cycle after the write (sub-fraction 0).
//   SET_AT_PPS at the next synchronised PPS edge; the load is SET + one increment so that
//              the cycle whose time PPS capture records (see below) reads exactly SET.
//   ADJ        time += ADJ (signed 32.32 s) once, in addition to the normal increment.
//   INCR       increment := INCR_HI.INCR_LO.
// PPS: pps_in is asynchronous; two flip-flops synchronise it. If the first clock edge that
// samples pps_in high is E0, PPS_SEC/PPS_FRAC hold the time output during the cycle that
// starts at E0 + 1 (PPS_LATENCY = 1 cycle after the sampling edge), and PPS_SEQ counts.
//
// Leap seconds (LEAP_AT = NTP second of the midnight that ends the leap day):
//   LI output 01 (insert) / 10 (delete) while 0 <= sec - (LEAP_AT - 86400) < 86400, i.e.
//   during the last day; 00 otherwise and after the leap.
//   Insert: when the seconds would step from LEAP_AT-1 to LEAP_AT they stay at LEAP_AT-1
//   for one more second (IN_LEAP, LI still 01): NTP second LEAP_AT-1 is held for two
//   seconds, which is how ntpd/chrony servers show 23:59:60 (the kernel steps the clock
//   back by one second at the start of the leap second, so 23:59:59 repeats).
//   Delete: the seconds step from LEAP_AT-2 directly to LEAP_AT (23:59:59 is skipped).
//   Leap handling happens only in cycles without SET/ADJ; a SET or ADJ during the inserted
//   second ends it (the host owns the time then).
// Outputs tod_sec/tod_frac/tod_li are consistent with each other in every cycle.
// Reset: synchronous, active-high rst.
`default_nettype none

module tod_clock (
    input  wire        clk,
    input  wire        rst,
    // register bus (offsets within the block; read data valid the cycle after bus_en)
    input  wire        bus_en,
    input  wire        bus_we,
    input  wire [11:0] bus_addr,
    input  wire [31:0] bus_wdata,
    input  wire [3:0]  bus_wstrb,
    output reg  [31:0] bus_rdata,
    // PPS input (asynchronous)
    input  wire        pps_in,
    // time for the datapath
    output wire [31:0] tod_sec,
    output wire [31:0] tod_frac,
    output wire [31:0] tod_sub,
    output wire [1:0]  tod_li,
    output wire        tod_in_leap,
    output wire        pps_pulse     // one cycle: the PPS edge is being captured
);
`include "generated/ntsbox_regs.vh"
`include "csr_wstrb.vh"

    localparam [31:0] DAY = 32'd86400;

    reg [31:0] sec_r;
    reg [63:0] frac_r;
    reg [63:0] incr_r;
    reg [31:0] incr_lo, incr_hi, adj_lo, adj_hi, set_frac, set_sec, leap_at;
    reg        set_pending;
    reg        leap_ins, leap_del, in_leap, leap_done;
    reg [31:0] leap_m1, leap_m2, leap_win;
    reg        pps_s1, pps_s2, pps_s3;
    reg [31:0] pps_sec, pps_frac, pps_seq;
    reg [31:0] time_sec_l, time_sub_l, pps_sec_l, pps_seq_l;

    // ---- bus decode
    wire wr = bus_en & bus_we;
    wire rd = bus_en & ~bus_we;
    wire ctrl_wr = wr & (bus_addr == CLK_CTRL);
    wire leap_wr = wr & (bus_addr == CLK_LEAP_CTRL);
    wire pps_edge = pps_s2 & ~pps_s3;

    wire set_now = ctrl_wr & bus_wdata[CLK_CTRL_SET_LSB];
    wire set_pps = set_pending & pps_edge & ~set_now;
    wire adj_go  = ctrl_wr & bus_wdata[CLK_CTRL_ADJ_LSB] & ~set_now & ~set_pps;

    // ---- next time
    wire [64:0] fsum = {1'b0, frac_r} + {1'b0, incr_r};
    wire        carry = fsum[64];
    wire [31:0] sec_inc = sec_r + {31'd0, carry};
    wire        ins_hold = leap_ins & ~in_leap & carry & (sec_r == leap_m1);
    wire        ins_end  = in_leap & carry;
    wire        del_skip = leap_del & carry & (sec_r == leap_m2);
    wire [31:0] sec_norm = ins_hold ? sec_r : del_skip ? sec_r + 32'd2 : sec_inc;
    wire [63:0] adj_sum  = {sec_inc, fsum[63:32]} + {adj_hi, adj_lo};
    wire [95:0] pps_load = {set_sec, set_frac, 32'd0} + {32'd0, incr_r};

    // ---- leap indicator (from registered state, consistent with tod_sec)
    wire [31:0] into_day = sec_r - leap_win;
    wire        in_window = into_day < DAY;
    assign tod_li = (in_leap | (leap_ins & in_window)) ? 2'b01 :
                    (leap_del & in_window) ? 2'b10 : 2'b00;
    assign tod_sec = sec_r;
    assign tod_frac = frac_r[63:32];
    assign tod_sub = frac_r[31:0];
    assign tod_in_leap = in_leap;
    assign pps_pulse = pps_edge;

    always @(posedge clk) begin
        if (rst) begin
            sec_r <= 32'd0;
            frac_r <= 64'd0;
            incr_r <= {CLK_INCR_HI_RESET, CLK_INCR_LO_RESET};
            incr_lo <= CLK_INCR_LO_RESET;
            incr_hi <= CLK_INCR_HI_RESET;
            adj_lo <= 32'd0; adj_hi <= 32'd0;
            set_frac <= 32'd0; set_sec <= 32'd0;
            leap_at <= 32'd0;
            set_pending <= 1'b0;
            leap_ins <= 1'b0; leap_del <= 1'b0; in_leap <= 1'b0; leap_done <= 1'b0;
            leap_m1 <= 32'd0; leap_m2 <= 32'd0; leap_win <= 32'd0;
            pps_s1 <= 1'b0; pps_s2 <= 1'b0; pps_s3 <= 1'b0;
            pps_sec <= 32'd0; pps_frac <= 32'd0; pps_seq <= 32'd0;
        end else begin
            // time
            if (set_now) begin
                sec_r <= set_sec;
                frac_r <= {set_frac, 32'd0};
            end else if (set_pps) begin
                sec_r <= pps_load[95:64];
                frac_r <= pps_load[63:0];
            end else if (adj_go) begin
                sec_r <= adj_sum[63:32];
                frac_r <= {adj_sum[31:0], fsum[31:0]};
            end else begin
                sec_r <= sec_norm;
                frac_r <= fsum[63:0];
            end

            // leap state
            if (set_now | set_pps | adj_go) begin
                if (in_leap) begin
                    in_leap <= 1'b0;
                    leap_ins <= 1'b0;
                    leap_done <= 1'b1;
                end
            end else begin
                if (ins_hold) in_leap <= 1'b1;
                if (ins_end) begin
                    in_leap <= 1'b0;
                    leap_ins <= 1'b0;
                    leap_done <= 1'b1;
                end
                if (del_skip) begin
                    leap_del <= 1'b0;
                    leap_done <= 1'b1;
                end
            end
            if (leap_wr && !in_leap) begin
                if (bus_wdata[CLK_LEAP_CTRL_INSERT_LSB] || bus_wdata[CLK_LEAP_CTRL_DELETE_LSB]) begin
                    leap_ins <= bus_wdata[CLK_LEAP_CTRL_INSERT_LSB];
                    leap_del <= bus_wdata[CLK_LEAP_CTRL_DELETE_LSB] & ~bus_wdata[CLK_LEAP_CTRL_INSERT_LSB];
                    leap_m1 <= leap_at - 32'd1;
                    leap_m2 <= leap_at - 32'd2;
                    leap_win <= leap_at - DAY;
                end
                if (bus_wdata[CLK_LEAP_CTRL_CANCEL_LSB]) begin
                    leap_ins <= 1'b0;
                    leap_del <= 1'b0;
                end
            end
            if (leap_wr && bus_wdata[CLK_LEAP_CTRL_CLEAR_DONE_LSB])
                leap_done <= 1'b0;

            // commands and staging registers
            if (ctrl_wr && bus_wdata[CLK_CTRL_INCR_LSB]) incr_r <= {incr_hi, incr_lo};
            if (ctrl_wr && bus_wdata[CLK_CTRL_SET_AT_PPS_LSB]) set_pending <= 1'b1;
            if ((ctrl_wr && bus_wdata[CLK_CTRL_CANCEL_SET_LSB]) || set_pps) set_pending <= 1'b0;
            if (wr) begin
                case (bus_addr)
                    CLK_INCR_LO:  incr_lo <= csr_merge(incr_lo, bus_wdata, bus_wstrb);
                    CLK_INCR_HI:  incr_hi <= csr_merge(incr_hi, bus_wdata, bus_wstrb);
                    CLK_ADJ_LO:   adj_lo <= csr_merge(adj_lo, bus_wdata, bus_wstrb);
                    CLK_ADJ_HI:   adj_hi <= csr_merge(adj_hi, bus_wdata, bus_wstrb);
                    CLK_SET_FRAC: set_frac <= csr_merge(set_frac, bus_wdata, bus_wstrb);
                    CLK_SET_SEC:  set_sec <= csr_merge(set_sec, bus_wdata, bus_wstrb);
                    CLK_LEAP_AT:  leap_at <= csr_merge(leap_at, bus_wdata, bus_wstrb);
                    default: ;
                endcase
            end

            // PPS synchroniser and capture
            pps_s1 <= pps_in;
            pps_s2 <= pps_s1;
            pps_s3 <= pps_s2;
            if (pps_edge) begin
                pps_sec <= sec_r;
                pps_frac <= frac_r[63:32];
                pps_seq <= pps_seq + 32'd1;
            end
        end
    end

    // ---- register read; reading a low word latches the rest of its set
    always @(posedge clk) begin
        if (rst) begin
            bus_rdata <= 32'd0;
            time_sec_l <= 32'd0; time_sub_l <= 32'd0;
            pps_sec_l <= 32'd0; pps_seq_l <= 32'd0;
        end else if (rd) begin
            case (bus_addr)
                CLK_NAME:      bus_rdata <= CLK_NAME_RESET;
                CLK_VERSION:   bus_rdata <= CLK_VERSION_RESET;
                CLK_STATUS:    bus_rdata <= {22'd0, tod_li, 3'd0, leap_done, in_leap, leap_del, leap_ins, set_pending};
                CLK_TIME_FRAC: begin
                    bus_rdata <= frac_r[63:32];
                    time_sec_l <= sec_r;
                    time_sub_l <= frac_r[31:0];
                end
                CLK_TIME_SEC:  bus_rdata <= time_sec_l;
                CLK_TIME_SUB:  bus_rdata <= time_sub_l;
                CLK_INCR_LO:   bus_rdata <= incr_lo;
                CLK_INCR_HI:   bus_rdata <= incr_hi;
                CLK_ADJ_LO:    bus_rdata <= adj_lo;
                CLK_ADJ_HI:    bus_rdata <= adj_hi;
                CLK_SET_FRAC:  bus_rdata <= set_frac;
                CLK_SET_SEC:   bus_rdata <= set_sec;
                CLK_PPS_FRAC:  begin
                    bus_rdata <= pps_frac;
                    pps_sec_l <= pps_sec;
                    pps_seq_l <= pps_seq;
                end
                CLK_PPS_SEC:   bus_rdata <= pps_sec_l;
                CLK_PPS_SEQ:   bus_rdata <= pps_seq_l;
                CLK_LEAP_AT:   bus_rdata <= leap_at;
                default:       bus_rdata <= 32'd0;
            endcase
        end
    end
endmodule

`default_nettype wire
