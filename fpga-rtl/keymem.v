// Master cookie key memory shared by all NTS engines (register block KMEM).
//
// Four slots of (32-bit key ID, 256-bit AES-SIV-CMAC-256 key K1||K2, valid). The slot of a
// key is the low 2 bits of its ID. The host stages an ID and eight key words and COMMITs
// them: every field of the slot changes at one clock edge, so a lookup sees the whole old
// or the whole new key, never a mix. Key bits have no read path to the register bus.
//
// Lookup ports (N_PORTS engines, all served every cycle, never stall):
//   lk_req[p] with lk_cur[p]=0 and lk_id[p]: decrypt lookup; hits if slot lk_id[1:0] is
//     valid and holds exactly lk_id.
//   lk_req[p] with lk_cur[p]=1: mint lookup of the current slot (lk_id ignored); hits if
//     the current slot is valid.
//   Results appear LATENCY = 2 cycles after the request cycle on lk_ack/lk_hit/lk_key_id/
//   lk_key (key and ID are zero on a miss). Port p uses bits [p*32 +: 32] / [p*256 +: 256].
// view_*: the slot contents as wires, for an engine with its own key table (ntsbox_top
//   copies them into it); the key still has no path to bus_rdata.
// Use counters count hits per slot (cleared when the slot is committed) and ext_use strobes;
// the unknown-key counter counts decrypt misses and ext_unknown strobes. SNAPSHOT copies them to the read registers at once.
// Reset: synchronous, active-high rst; clears keys, IDs, valid bits and counters.
`default_nettype none

module keymem #(
    parameter N_PORTS = 2
) (
    input  wire                  clk,
    input  wire                  rst,
    // register bus (offsets within the block; read data valid the cycle after bus_en)
    input  wire                  bus_en,
    input  wire                  bus_we,
    input  wire [11:0]           bus_addr,
    input  wire [31:0]           bus_wdata,
    input  wire [3:0]            bus_wstrb,
    output reg  [31:0]           bus_rdata,
    // engine lookup ports
    input  wire [N_PORTS-1:0]    lk_req,
    input  wire [N_PORTS-1:0]    lk_cur,
    input  wire [N_PORTS*32-1:0] lk_id,
    output reg  [N_PORTS-1:0]    lk_ack,
    output reg  [N_PORTS-1:0]    lk_hit,
    output reg  [N_PORTS*32-1:0] lk_key_id,
    output reg  [N_PORTS*256-1:0] lk_key,
    // use strobes of an engine with its own key table: ext_use[s] counts one use of slot s,
    // ext_unknown one unknown key ID (each a single-cycle pulse, added to the lookup counts)
    input  wire [3:0]            ext_use,
    input  wire                  ext_unknown,
    // read-only view of the slots for an engine that keeps its own key table (slot s at
    // [s*32 +: 32] / [s*256 +: 256]); never routed to the register bus
    output wire [3:0]            view_valid,
    output wire [127:0]          view_id,
    output wire [1023:0]         view_key,
    output wire [1:0]            view_cur
);
`include "generated/ntsbox_regs.vh"
`include "csr_wstrb.vh"

    localparam integer SLOTS   = 4;
    localparam integer LATENCY = 2;
    localparam [31:0] CAPS_VALUE = LATENCY * 65536 + N_PORTS * 256 + SLOTS;

    // ---- slot storage (the key is never routed to bus_rdata)
    reg [255:0] slot_key [0:SLOTS-1];
    reg [31:0]  slot_id  [0:SLOTS-1];
    reg [SLOTS-1:0] slot_valid;
    reg [1:0]   cur_slot;

    // ---- staging
    reg [31:0]  stage_id;
    reg [255:0] stage_key;

    // ---- counters
    reg [63:0] use_cnt  [0:SLOTS-1];
    reg [63:0] use_snap [0:SLOTS-1];
    reg [63:0] unk_cnt, unk_snap;

    // ---- bus decode
    wire wr = bus_en & bus_we;
    wire rd = bus_en & ~bus_we;
    wire commit_go   = wr & (bus_addr == KMEM_COMMIT);
    wire retire_go   = wr & (bus_addr == KMEM_RETIRE);
    wire snapshot_go = wr & (bus_addr == KMEM_SNAPSHOT);
    wire snap_clear  = snapshot_go & bus_wdata[KMEM_SNAPSHOT_CLEAR_LSB];
    wire [1:0] commit_slot = stage_id[1:0];
    wire [1:0] retire_slot = bus_wdata[1:0];

    // ---- lookup stage 1: register the requests
    reg [N_PORTS-1:0]    s1_req, s1_cur;
    reg [N_PORTS*32-1:0] s1_id;

    // ---- lookup stage 2: compare and select (combinational), then register
    reg [N_PORTS-1:0]     hit_c;
    reg [N_PORTS*32-1:0]  kid_c;
    reg [N_PORTS*256-1:0] key_c;
    reg [5:0]             slot_hits [0:SLOTS-1];
    reg [7:0]             unknown_c;
    integer p, s;
    reg [1:0]  sel;
    reg [31:0] want;
    always @* begin
        hit_c = {N_PORTS{1'b0}};
        kid_c = {N_PORTS*32{1'b0}};
        key_c = {N_PORTS*256{1'b0}};
        unknown_c = 8'd0;
        for (s = 0; s < SLOTS; s = s + 1) slot_hits[s] = 6'd0;
        for (p = 0; p < N_PORTS; p = p + 1) begin
            want = s1_id[p*32 +: 32];
            sel = s1_cur[p] ? cur_slot : want[1:0];
            if (s1_req[p] && slot_valid[sel] && (s1_cur[p] || slot_id[sel] == want)) begin
                hit_c[p] = 1'b1;
                kid_c[p*32 +: 32] = slot_id[sel];
                key_c[p*256 +: 256] = slot_key[sel];
                slot_hits[sel] = slot_hits[sel] + 6'd1;
            end else if (s1_req[p] && !s1_cur[p]) begin
                unknown_c = unknown_c + 8'd1;
            end
        end
    end

    always @(posedge clk) begin
        if (rst) begin
            s1_req <= {N_PORTS{1'b0}};
            s1_cur <= {N_PORTS{1'b0}};
            s1_id <= {N_PORTS*32{1'b0}};
            lk_ack <= {N_PORTS{1'b0}};
            lk_hit <= {N_PORTS{1'b0}};
            lk_key_id <= {N_PORTS*32{1'b0}};
            lk_key <= {N_PORTS*256{1'b0}};
        end else begin
            s1_req <= lk_req;
            s1_cur <= lk_cur;
            s1_id <= lk_id;
            lk_ack <= s1_req;
            lk_hit <= hit_c;
            lk_key_id <= kid_c;
            lk_key <= key_c;
        end
    end

    // ---- slots, staging, counters
    function [63:0] use_inc(input [5:0] hits, input ext);
        use_inc = {58'd0, hits} + {63'd0, ext};
    endfunction
    function [63:0] unk_inc(input [7:0] misses, input ext);
        unk_inc = {56'd0, misses} + {63'd0, ext};
    endfunction
    integer i;
    always @(posedge clk) begin
        if (rst) begin
            for (i = 0; i < SLOTS; i = i + 1) begin
                slot_key[i] <= 256'd0;
                slot_id[i] <= 32'd0;
                use_cnt[i] <= 64'd0;
                use_snap[i] <= 64'd0;
            end
            slot_valid <= {SLOTS{1'b0}};
            cur_slot <= 2'd0;
            stage_id <= 32'd0;
            stage_key <= 256'd0;
            unk_cnt <= 64'd0;
            unk_snap <= 64'd0;
        end else begin
            // counters first; a commit or clear below overrides the increment
            for (i = 0; i < SLOTS; i = i + 1)
                use_cnt[i] <= use_cnt[i] + use_inc(slot_hits[i], ext_use[i]);
            unk_cnt <= unk_cnt + unk_inc(unknown_c, ext_unknown);
            if (snapshot_go) begin
                for (i = 0; i < SLOTS; i = i + 1) use_snap[i] <= use_cnt[i];
                unk_snap <= unk_cnt;
                if (snap_clear) begin
                    for (i = 0; i < SLOTS; i = i + 1) use_cnt[i] <= use_inc(slot_hits[i], ext_use[i]);
                    unk_cnt <= unk_inc(unknown_c, ext_unknown);
                end
            end

            if (wr) begin
                if (bus_addr == KMEM_STAGE_ID)
                    stage_id <= csr_merge(stage_id, bus_wdata, bus_wstrb);
                // STAGE_KEY0..7 occupy one aligned 32-byte window; word w = key bits 255-32w -: 32
                if (bus_addr[11:5] == KMEM_STAGE_KEY0[11:5])
                    stage_key[{~bus_addr[4:2], 5'b0} +: 32] <=
                        csr_merge(stage_key[{~bus_addr[4:2], 5'b0} +: 32], bus_wdata, bus_wstrb);
                if (bus_addr == KMEM_CURRENT && bus_wstrb[0])
                    cur_slot <= bus_wdata[1:0];
            end
            if (commit_go) begin
                slot_key[commit_slot] <= stage_key;
                slot_id[commit_slot] <= stage_id;
                slot_valid[commit_slot] <= bus_wdata[KMEM_COMMIT_VALID_LSB];
                use_cnt[commit_slot] <= 64'd0;
                stage_key <= 256'd0;   // do not keep key material around
            end
            if (retire_go)
                slot_valid[retire_slot] <= 1'b0;
        end
    end

    // ---- register read (no key bits anywhere in this mux)
    always @(posedge clk) begin
        if (rst) begin
            bus_rdata <= 32'd0;
        end else if (rd) begin
            case (bus_addr)
                KMEM_NAME:          bus_rdata <= KMEM_NAME_RESET;
                KMEM_VERSION:       bus_rdata <= KMEM_VERSION_RESET;
                KMEM_CAPS:          bus_rdata <= CAPS_VALUE;
                KMEM_STAGE_ID:      bus_rdata <= stage_id;
                KMEM_CURRENT:       bus_rdata <= {30'd0, cur_slot};
                KMEM_STATUS:        bus_rdata <= {23'd0, slot_valid[cur_slot], 4'd0, slot_valid};
                KMEM_SLOT_ID0:      bus_rdata <= slot_id[0];
                KMEM_SLOT_ID1:      bus_rdata <= slot_id[1];
                KMEM_SLOT_ID2:      bus_rdata <= slot_id[2];
                KMEM_SLOT_ID3:      bus_rdata <= slot_id[3];
                KMEM_USE_CNT0_LO:   bus_rdata <= use_snap[0][31:0];
                KMEM_USE_CNT0_HI:   bus_rdata <= use_snap[0][63:32];
                KMEM_USE_CNT1_LO:   bus_rdata <= use_snap[1][31:0];
                KMEM_USE_CNT1_HI:   bus_rdata <= use_snap[1][63:32];
                KMEM_USE_CNT2_LO:   bus_rdata <= use_snap[2][31:0];
                KMEM_USE_CNT2_HI:   bus_rdata <= use_snap[2][63:32];
                KMEM_USE_CNT3_LO:   bus_rdata <= use_snap[3][31:0];
                KMEM_USE_CNT3_HI:   bus_rdata <= use_snap[3][63:32];
                KMEM_UNKNOWN_CNT_LO: bus_rdata <= unk_snap[31:0];
                KMEM_UNKNOWN_CNT_HI: bus_rdata <= unk_snap[63:32];
                default:            bus_rdata <= 32'd0;
            endcase
        end
    end

    assign view_valid = slot_valid;
    assign view_id = {slot_id[3], slot_id[2], slot_id[1], slot_id[0]};
    assign view_key = {slot_key[3], slot_key[2], slot_key[1], slot_key[0]};
    assign view_cur = cur_slot;

    initial begin
        if (N_PORTS < 1 || N_PORTS > 63) begin
            $display("keymem: N_PORTS must be 1..63 (per-cycle hit and miss counts are 6 bits)");
            $finish;
        end
    end
endmodule

`default_nettype wire
