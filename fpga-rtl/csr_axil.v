// AXI4-Lite slave to the simple CSR bus used by the register blocks.
// One transaction at a time on the local bus: bus_en for one cycle (bus_we for writes);
// the addressed block applies a write at that edge and returns read data on bus_rdata in
// the next cycle. AW and W may arrive in any order; AW, W and AR each have a one-entry
// buffer, so a new address can be accepted while the previous response waits for its
// ready. When a read and a write are both ready they alternate. bus_err (combinational
// from bus_addr while bus_en) turns the response into SLVERR (read data 0).
// Reset: synchronous, active-high rst.
`default_nettype none

module csr_axil #(
    parameter ADDR_W = 16
) (
    input  wire              clk,
    input  wire              rst,
    input  wire [ADDR_W-1:0] s_axil_awaddr,
    input  wire [2:0]        s_axil_awprot,
    input  wire              s_axil_awvalid,
    output wire              s_axil_awready,
    input  wire [31:0]       s_axil_wdata,
    input  wire [3:0]        s_axil_wstrb,
    input  wire              s_axil_wvalid,
    output wire              s_axil_wready,
    output reg  [1:0]        s_axil_bresp,
    output reg               s_axil_bvalid,
    input  wire              s_axil_bready,
    input  wire [ADDR_W-1:0] s_axil_araddr,
    input  wire [2:0]        s_axil_arprot,
    input  wire              s_axil_arvalid,
    output wire              s_axil_arready,
    output reg  [31:0]       s_axil_rdata,
    output reg  [1:0]        s_axil_rresp,
    output reg               s_axil_rvalid,
    input  wire              s_axil_rready,
    output wire              bus_en,
    output wire              bus_we,
    output wire [ADDR_W-1:0] bus_addr,
    output wire [31:0]       bus_wdata,
    output wire [3:0]        bus_wstrb,
    input  wire [31:0]       bus_rdata,
    input  wire              bus_err
);
    localparam [1:0] RESP_OKAY = 2'b00;
    localparam [1:0] RESP_SLVERR = 2'b10;

    reg              aw_full, w_full, ar_full, rd_wait, rd_err, prefer_rd;
    reg [ADDR_W-1:0] aw_addr, ar_addr;
    reg [31:0]       w_data;
    reg [3:0]        w_strb;

    assign s_axil_awready = ~aw_full;
    assign s_axil_wready = ~w_full;
    assign s_axil_arready = ~ar_full;

    wire wr_can = aw_full & w_full & ~s_axil_bvalid;
    wire rd_can = ar_full & ~s_axil_rvalid & ~rd_wait;
    wire wr_go = wr_can & (~rd_can | ~prefer_rd);
    wire rd_go = rd_can & ~wr_go;

    assign bus_en = wr_go | rd_go;
    assign bus_we = wr_go;
    assign bus_addr = wr_go ? aw_addr : ar_addr;
    assign bus_wdata = w_data;
    assign bus_wstrb = w_strb;

    wire unused_prot = &{1'b0, s_axil_awprot, s_axil_arprot};

    always @(posedge clk) begin
        if (rst) begin
            aw_full <= 1'b0; w_full <= 1'b0; ar_full <= 1'b0;
            rd_wait <= 1'b0; rd_err <= 1'b0; prefer_rd <= 1'b0;
            aw_addr <= {ADDR_W{1'b0}}; ar_addr <= {ADDR_W{1'b0}};
            w_data <= 32'd0; w_strb <= 4'd0;
            s_axil_bvalid <= 1'b0; s_axil_bresp <= RESP_OKAY;
            s_axil_rvalid <= 1'b0; s_axil_rresp <= RESP_OKAY; s_axil_rdata <= 32'd0;
        end else begin
            if (s_axil_awvalid && !aw_full) begin aw_full <= 1'b1; aw_addr <= s_axil_awaddr; end
            if (s_axil_wvalid && !w_full) begin w_full <= 1'b1; w_data <= s_axil_wdata; w_strb <= s_axil_wstrb; end
            if (s_axil_arvalid && !ar_full) begin ar_full <= 1'b1; ar_addr <= s_axil_araddr; end

            if (s_axil_bvalid && s_axil_bready) s_axil_bvalid <= 1'b0;
            if (s_axil_rvalid && s_axil_rready) s_axil_rvalid <= 1'b0;

            if (wr_go) begin
                aw_full <= 1'b0;
                w_full <= 1'b0;
                s_axil_bvalid <= 1'b1;
                s_axil_bresp <= bus_err ? RESP_SLVERR : RESP_OKAY;
                prefer_rd <= 1'b1;
            end
            if (rd_go) begin
                ar_full <= 1'b0;
                rd_wait <= 1'b1;
                rd_err <= bus_err;
                prefer_rd <= 1'b0;
            end
            if (rd_wait) begin
                rd_wait <= 1'b0;
                s_axil_rvalid <= 1'b1;
                s_axil_rdata <= rd_err ? 32'd0 : bus_rdata;
                s_axil_rresp <= rd_err ? RESP_SLVERR : RESP_OKAY;
            end
        end
    end
endmodule

`default_nettype wire
