// Cookie master keys as the engine sees them: four slots (slot = low 2 bits of the key ID),
// each valid bit + 32-bit ID + 256-bit AES-SIV-CMAC-256 key, and the current slot (the only
// one minted with). Stand-in for the key memory of the register map until the engine is
// wired to keymem: same contents, written one slot at a time. All slots are visible at once
// so every engine slot looks its cookie's key up combinationally (no shared lookup port).
// Reset: synchronous, active-high rst (clears the valid bits and the current slot).
`default_nettype none

module nts_key_table (
    input  wire           clk,
    input  wire           rst,
    input  wire           wr_en,
    input  wire [1:0]     wr_slot,
    input  wire           wr_valid,
    input  wire [31:0]    wr_id,
    input  wire [255:0]   wr_key,
    input  wire           cur_wr_en,
    input  wire [1:0]     cur_wr_slot,
    output reg  [3:0]     key_valid,
    output wire [4*32-1:0]  key_id,     // slot s at [s*32 +: 32]
    output wire [4*256-1:0] key_val,    // slot s at [s*256 +: 256]
    output reg  [1:0]     cur_slot
);
  reg [31:0]  ids  [0:3];
  reg [255:0] keys [0:3];
  always @(posedge clk) begin
    if (rst) begin
      key_valid <= 4'h0;
      cur_slot  <= 2'd0;
    end else begin
      if (wr_en) begin
        key_valid[wr_slot] <= wr_valid;
        ids[wr_slot]       <= wr_id;
        keys[wr_slot]      <= wr_key;
      end
      if (cur_wr_en) cur_slot <= cur_wr_slot;
    end
  end
  assign key_id  = {ids[3], ids[2], ids[1], ids[0]};
  assign key_val = {keys[3], keys[2], keys[1], keys[0]};
endmodule

`default_nettype wire
