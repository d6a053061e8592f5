// Synchronous FIFO, first-word-fall-through, with a registered RAM read (inferable as block
// or distributed RAM). PKT=1 makes it a packet FIFO: written words become visible to the
// reader only on `commit` (a commit in the cycle of a write includes that word); `rollback`
// discards every word written since the last commit (a write in the rollback cycle is lost).
// Writes while `full` are ignored: the writer checks `full` (or `free`).
// Reset: synchronous, active-high rst.
`default_nettype none

module eth_fifo #(
    parameter W   = 64,
    parameter AW  = 9,     // depth 2^AW words
    parameter PKT = 0
) (
    input  wire          clk,
    input  wire          rst,
    input  wire          wr_en,
    input  wire [W-1:0]  wr_data,
    input  wire          commit,
    input  wire          rollback,
    output wire          full,
    output wire [AW:0]   free,      // words that can still be written
    output reg           rd_valid,
    output reg  [W-1:0]  rd_data,
    input  wire          rd_ready
);
  reg [W-1:0] mem [0:(1<<AW)-1];
  reg [AW:0] wptr, cptr, rptr;            // rptr: next RAM word to load into rd_data

  wire [AW:0] used = wptr - rptr;
  assign free = (1 << AW) - used;
  assign full = used[AW];                 // used == 2^AW
  wire [AW:0] visible = (PKT != 0) ? cptr : wptr;
  wire load = (rptr != visible) && (!rd_valid || rd_ready);
  wire do_wr = wr_en && !full && !(PKT != 0 && rollback);

  always @(posedge clk) begin
    if (do_wr) mem[wptr[AW-1:0]] <= wr_data;
    if (load) rd_data <= mem[rptr[AW-1:0]];
  end

  always @(posedge clk) begin
    if (rst) begin
      wptr <= 0; cptr <= 0; rptr <= 0; rd_valid <= 1'b0;
    end else begin
      if (PKT != 0 && rollback) wptr <= cptr;
      else if (do_wr) wptr <= wptr + 1'b1;
      if (PKT != 0 && commit && !rollback) cptr <= wptr + {{AW{1'b0}}, do_wr};
      if (load) begin rptr <= rptr + 1'b1; rd_valid <= 1'b1; end
      else if (rd_ready) rd_valid <= 1'b0;
    end
  end
endmodule

`default_nettype wire
