// Shared helper for CSR register blocks: merge a 32-bit write into a register honouring
// the AXI byte strobes (lanes whose strobe is 0 keep their old value).
// Include inside a module body.
function [31:0] csr_merge;
    input [31:0] old_value;
    input [31:0] wdata;
    input [3:0]  wstrb;
    integer b;
    begin
        for (b = 0; b < 4; b = b + 1)
            csr_merge[8*b +: 8] = wstrb[b] ? wdata[8*b +: 8] : old_value[8*b +: 8];
    end
endfunction
