// NTP header fields for responses (register block HDR). Host writes go to staging
// registers; APPLY copies all of them to the outputs in one cycle, so the datapath never
// sees e.g. a new root delay with an old reference time. Reads return the staged values.
// After reset the outputs announce stratum 16 with the LI override forced to 11 (alarm).
// hdr_li is the leap indicator to send: the override if enabled, else the clock's tod_li.
// Reset: synchronous, active-high rst.
`default_nettype none

module csr_ntphdr (
    input  wire        clk,
    input  wire        rst,
    input  wire        bus_en,
    input  wire        bus_we,
    input  wire [11:0] bus_addr,
    input  wire [31:0] bus_wdata,
    input  wire [3:0]  bus_wstrb,
    output reg  [31:0] bus_rdata,
    input  wire [1:0]  tod_li,
    output wire [1:0]  hdr_li,
    output reg  [7:0]  hdr_stratum,
    output reg  [7:0]  hdr_poll,
    output reg  [7:0]  hdr_precision,
    output reg  [31:0] hdr_root_delay,
    output reg  [31:0] hdr_root_disp,
    output reg  [31:0] hdr_ref_id,
    output reg  [63:0] hdr_ref_time
);
`include "generated/ntsbox_regs.vh"
`include "csr_wstrb.vh"

    reg [31:0] st_stratum, st_poll, st_precision, st_root_delay, st_root_disp, st_ref_id;
    reg [31:0] st_ref_frac, st_ref_sec, st_leap_ovr;
    reg        ovr_en;
    reg [1:0]  ovr_li;

    wire wr = bus_en & bus_we;
    wire apply = wr & (bus_addr == HDR_APPLY);
    assign hdr_li = ovr_en ? ovr_li : tod_li;

    always @(posedge clk) begin
        if (rst) begin
            st_stratum <= HDR_STRATUM_RESET;
            st_poll <= HDR_POLL_RESET;
            st_precision <= HDR_PRECISION_RESET;
            st_root_delay <= HDR_ROOT_DELAY_RESET;
            st_root_disp <= HDR_ROOT_DISP_RESET;
            st_ref_id <= HDR_REF_ID_RESET;
            st_ref_frac <= HDR_REF_TIME_FRAC_RESET;
            st_ref_sec <= HDR_REF_TIME_SEC_RESET;
            st_leap_ovr <= HDR_LEAP_OVERRIDE_RESET;
            hdr_stratum <= HDR_STRATUM_RESET[7:0];
            hdr_poll <= HDR_POLL_RESET[7:0];
            hdr_precision <= HDR_PRECISION_RESET[7:0];
            hdr_root_delay <= HDR_ROOT_DELAY_RESET;
            hdr_root_disp <= HDR_ROOT_DISP_RESET;
            hdr_ref_id <= HDR_REF_ID_RESET;
            hdr_ref_time <= {HDR_REF_TIME_SEC_RESET, HDR_REF_TIME_FRAC_RESET};
            ovr_en <= HDR_LEAP_OVERRIDE_RESET[HDR_LEAP_OVERRIDE_ENABLE_LSB];
            ovr_li <= HDR_LEAP_OVERRIDE_RESET[HDR_LEAP_OVERRIDE_LI_LSB +: 2];
        end else begin
            if (wr) begin
                case (bus_addr)
                    HDR_STRATUM:       st_stratum <= csr_merge(st_stratum, bus_wdata, bus_wstrb) & 32'hFF;
                    HDR_POLL:          st_poll <= csr_merge(st_poll, bus_wdata, bus_wstrb) & 32'hFF;
                    HDR_PRECISION:     st_precision <= csr_merge(st_precision, bus_wdata, bus_wstrb) & 32'hFF;
                    HDR_ROOT_DELAY:    st_root_delay <= csr_merge(st_root_delay, bus_wdata, bus_wstrb);
                    HDR_ROOT_DISP:     st_root_disp <= csr_merge(st_root_disp, bus_wdata, bus_wstrb);
                    HDR_REF_ID:        st_ref_id <= csr_merge(st_ref_id, bus_wdata, bus_wstrb);
                    HDR_REF_TIME_FRAC: st_ref_frac <= csr_merge(st_ref_frac, bus_wdata, bus_wstrb);
                    HDR_REF_TIME_SEC:  st_ref_sec <= csr_merge(st_ref_sec, bus_wdata, bus_wstrb);
                    HDR_LEAP_OVERRIDE: st_leap_ovr <= csr_merge(st_leap_ovr, bus_wdata, bus_wstrb) & 32'h7;
                    default: ;
                endcase
            end
            if (apply) begin
                hdr_stratum <= st_stratum[7:0];
                hdr_poll <= st_poll[7:0];
                hdr_precision <= st_precision[7:0];
                hdr_root_delay <= st_root_delay;
                hdr_root_disp <= st_root_disp;
                hdr_ref_id <= st_ref_id;
                hdr_ref_time <= {st_ref_sec, st_ref_frac};
                ovr_en <= st_leap_ovr[HDR_LEAP_OVERRIDE_ENABLE_LSB];
                ovr_li <= st_leap_ovr[HDR_LEAP_OVERRIDE_LI_LSB +: 2];
            end
        end
    end

    always @(posedge clk) begin
        if (rst) begin
            bus_rdata <= 32'd0;
        end else if (bus_en && !bus_we) begin
            case (bus_addr)
                HDR_NAME:          bus_rdata <= HDR_NAME_RESET;
                HDR_VERSION:       bus_rdata <= HDR_VERSION_RESET;
                HDR_STRATUM:       bus_rdata <= st_stratum;
                HDR_POLL:          bus_rdata <= st_poll;
                HDR_PRECISION:     bus_rdata <= st_precision;
                HDR_ROOT_DELAY:    bus_rdata <= st_root_delay;
                HDR_ROOT_DISP:     bus_rdata <= st_root_disp;
                HDR_REF_ID:        bus_rdata <= st_ref_id;
                HDR_REF_TIME_FRAC: bus_rdata <= st_ref_frac;
                HDR_REF_TIME_SEC:  bus_rdata <= st_ref_sec;
                HDR_LEAP_OVERRIDE: bus_rdata <= st_leap_ovr;
                default:           bus_rdata <= 32'd0;
            endcase
        end
    end
endmodule

`default_nettype wire
