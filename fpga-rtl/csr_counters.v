// Datapath event counters (register block CNT): N_COUNTERS 64-bit counters, each advanced
// by an INC_W-bit amount per cycle (several engines can report in the same cycle). The list
// and order of counters is fpga-rtl/regmap.json (CNT_IDX_* in generated/ntsbox_regs.vh):
// counter i takes cnt_inc[i*INC_W +: INC_W]. CTRL.SNAPSHOT copies every counter to the read
// registers in one cycle, so one read set is consistent; CTRL.CLEAR zeroes the live
// counters in the same cycle (keeping this cycle's increments, so no event is lost).
// Reset: synchronous, active-high rst.
`default_nettype none

module csr_counters #(
    parameter N_COUNTERS = 21,
    parameter INC_W = 4
) (
    input  wire                        clk,
    input  wire                        rst,
    input  wire                        bus_en,
    input  wire                        bus_we,
    input  wire [11:0]                 bus_addr,
    input  wire [31:0]                 bus_wdata,
    input  wire [3:0]                  bus_wstrb,
    output reg  [31:0]                 bus_rdata,
    input  wire [N_COUNTERS*INC_W-1:0] cnt_inc
);
`include "generated/ntsbox_regs.vh"

    reg [63:0] live [0:N_COUNTERS-1];
    reg [63:0] snap [0:N_COUNTERS-1];

    wire wr = bus_en & bus_we;
    wire ctrl = wr & (bus_addr == CNT_CTRL) & bus_wstrb[0];
    wire do_snap = ctrl & bus_wdata[CNT_CTRL_SNAPSHOT_LSB];
    wire do_clear = ctrl & bus_wdata[CNT_CTRL_CLEAR_LSB];

    // counter i: LO at COUNTERS_OFFSET + 8i, HI at +4
    wire [11:0] rel = bus_addr - CNT_COUNTERS_OFFSET;
    wire [8:0]  idx = rel[11:3];
    wire        in_range = (bus_addr >= CNT_COUNTERS_OFFSET) && ({3'd0, idx} < N_COUNTERS);
    reg  [63:0] sel;
    integer j;
    always @* begin
        sel = 64'd0;
        for (j = 0; j < N_COUNTERS; j = j + 1)
            if ({23'd0, idx} == j) sel = snap[j];
    end
    wire unused_bits = &{1'b0, bus_wstrb[3:1], rel[1:0]};

    integer i;
    always @(posedge clk) begin
        if (rst) begin
            for (i = 0; i < N_COUNTERS; i = i + 1) begin
                live[i] <= 64'd0;
                snap[i] <= 64'd0;
            end
        end else begin
            for (i = 0; i < N_COUNTERS; i = i + 1) begin
                live[i] <= (do_clear ? 64'd0 : live[i]) + {{(64 - INC_W){1'b0}}, cnt_inc[i*INC_W +: INC_W]};
                if (do_snap) snap[i] <= live[i];
            end
        end
    end

    always @(posedge clk) begin
        if (rst) begin
            bus_rdata <= 32'd0;
        end else if (bus_en && !bus_we) begin
            if (in_range)
                bus_rdata <= rel[2] ? sel[63:32] : sel[31:0];
            else begin
                case (bus_addr)
                    CNT_NAME:    bus_rdata <= CNT_NAME_RESET;
                    CNT_VERSION: bus_rdata <= CNT_VERSION_RESET;
                    CNT_NUM:     bus_rdata <= CNT_NUM_RESET;
                    default:     bus_rdata <= 32'd0;
                endcase
            end
        end
    end

    initial begin
        if (N_COUNTERS != CNT_NUM_COUNTERS || INC_W < 1 || INC_W > 32) begin
            $display("csr_counters: N_COUNTERS must equal CNT_NUM_COUNTERS of the register map");
            $finish;
        end
    end
endmodule

`default_nettype wire
