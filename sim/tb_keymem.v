// Self-checking bench for keymem: staged writes invisible until COMMIT; a lookup every
// cycle across a commit sees the whole old or the whole new key; exact lookup latency;
// ID/valid/retire/current-slot rules; no key bit readable on the register bus; use and
// unknown-key counters with snapshot and clear. Prints PASS or FAIL; exits with status 1
// on failure ($fatal).
`default_nettype none

module tb_keymem;
`include "generated/ntsbox_regs.vh"
    localparam integer NP = 3;

    reg clk = 1'b0;
    reg rst = 1'b1;
    always #5 clk = ~clk;

    reg         bus_en = 1'b0, bus_we = 1'b0;
    reg  [11:0] bus_addr = 12'd0;
    reg  [31:0] bus_wdata = 32'd0;
    reg  [3:0]  bus_wstrb = 4'hF;
    wire [31:0] bus_rdata;
    reg  [NP-1:0]      lk_req = {NP{1'b0}};
    reg  [NP-1:0]      lk_cur = {NP{1'b0}};
    reg  [NP*32-1:0]   lk_id = {NP*32{1'b0}};
    wire [NP-1:0]      lk_ack, lk_hit;
    wire [NP*32-1:0]   lk_key_id;
    wire [NP*256-1:0]  lk_key;
    reg  [3:0]         ext_use = 4'd0;
    reg                ext_unknown = 1'b0;

    keymem #(.N_PORTS(NP)) dut (
        .clk(clk), .rst(rst),
        .bus_en(bus_en), .bus_we(bus_we), .bus_addr(bus_addr), .bus_wdata(bus_wdata),
        .bus_wstrb(bus_wstrb), .bus_rdata(bus_rdata),
        .lk_req(lk_req), .lk_cur(lk_cur), .lk_id(lk_id),
        .lk_ack(lk_ack), .lk_hit(lk_hit), .lk_key_id(lk_key_id), .lk_key(lk_key),
        .ext_use(ext_use), .ext_unknown(ext_unknown));

    integer errors = 0;
    integer cyc = 0;
    always @(posedge clk) cyc <= cyc + 1;   // the bench drives and samples at negedges

    task check;
        input cond;
        input [8*64-1:0] what;
        begin
            if (!cond) begin
                errors = errors + 1;
                $display("FAIL: %0s (cycle %0d)", what, cyc);
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

    task stage_key;
        input [31:0] id;
        input [255:0] key;
        integer w;
        begin
            bus_write(KMEM_STAGE_ID, id);
            for (w = 0; w < 8; w = w + 1)
                bus_write(KMEM_STAGE_KEY0 + 4 * w, key[255 - 32 * w -: 32]);
        end
    endtask

    // One lookup on port p, result checked LATENCY = 2 cycles later.
    task lookup;
        input integer p;
        input cur;
        input [31:0] id;
        output hit;
        output [31:0] kid;
        output [255:0] key;
        begin
            @(negedge clk);
            lk_req[p] = 1'b1; lk_cur[p] = cur; lk_id[p*32 +: 32] = id;
            @(negedge clk);
            lk_req[p] = 1'b0;
            check(lk_ack[p] == 1'b0, "ack after 1 cycle (latency must be 2)");
            @(negedge clk);
            check(lk_ack[p] == 1'b1, "ack after 2 cycles");
            hit = lk_hit[p];
            kid = lk_key_id[p*32 +: 32];
            key = lk_key[p*256 +: 256];
            @(negedge clk);
            check(lk_ack[p] == 1'b0, "ack is one cycle");
        end
    endtask

    localparam [255:0] KEY_A = 256'hA1A2A3A4_B1B2B3B4_C1C2C3C4_D1D2D3D4_E1E2E3E4_F1F2F3F4_0A0B0C0D_1A1B1C1D;
    localparam [255:0] KEY_B = 256'h5152535F_6162636F_7172737F_8182838F_9192939F_A5A6A7AF_B5B6B7BF_C5C6C7CF;
    localparam [255:0] KEY_C = 256'h13579BDF_2468ACE0_0F1E2D3C_4B5A6978_8796A5B4_C3D2E1F0_DEADBEEF_FEEDFACE;
    localparam [31:0] ID_A = 32'hB01DFAC1;   // slot 1
    localparam [31:0] ID_C = 32'h12345678;   // slot 0

    reg hit;
    reg [31:0] kid, rdv;
    reg [255:0] key;
    integer i, w, k;

    // ---- every-cycle lookup across a commit (port 0 decrypt, port 1 mint, port 2 idle)
    reg sweep = 1'b0;
    reg sweep_mon = 1'b0;   // count results only while the sweep's lookups drain
    integer sweep_old = 0, sweep_new = 0, sweep_bad = 0, sweep_back = 0, sweep_acks = 0;
    reg seen_new = 1'b0;
    always @(negedge clk) begin
        if (sweep) begin
            lk_req[1:0] = 2'b11; lk_cur[1:0] = 2'b10;
            lk_id[31:0] = ID_A; lk_id[63:32] = 32'hFFFFFFFF;
        end
        if (sweep_mon && lk_ack[0]) begin
            sweep_acks = sweep_acks + 1;
            if (lk_hit[0] && lk_key[255:0] == KEY_A) begin
                sweep_old = sweep_old + 1;
                if (seen_new) sweep_back = sweep_back + 1;
            end else if (lk_hit[0] && lk_key[255:0] == KEY_B) begin
                sweep_new = sweep_new + 1;
                seen_new = 1'b1;
            end else sweep_bad = sweep_bad + 1;
            if (lk_hit[1] != lk_hit[0] || lk_key[511:256] != lk_key[255:0] || lk_key_id[63:32] != ID_A)

                sweep_bad = sweep_bad + 1;
        end
    end

    integer hits_slot1, unknown_model;
    initial begin
        repeat (3) @(negedge clk);
        rst = 1'b0;

        // reset state: identification, nothing valid, lookups miss
        bus_read(KMEM_NAME, rdv);     check(rdv == 32'h4B4D454D, "NAME = KMEM");
        bus_read(KMEM_CAPS, rdv);     check(rdv == 32'h00020304, "CAPS: latency 2, 3 ports, 4 slots");
        bus_read(KMEM_STATUS, rdv);   check(rdv == 32'd0, "no slot valid after reset");
        lookup(0, 1'b0, ID_A, hit, kid, key);
        check(!hit && key == 256'd0 && kid == 32'd0, "miss after reset, zero key");
        unknown_model = 1;

        // staged key is invisible before COMMIT
        stage_key(ID_A, KEY_A);
        lookup(0, 1'b0, ID_A, hit, kid, key);
        check(!hit, "staged key invisible before commit");
        unknown_model = unknown_model + 1;
        bus_read(KMEM_STAGE_ID, rdv); check(rdv == ID_A, "STAGE_ID reads back");
        for (w = 0; w < 8; w = w + 1) begin
            bus_read(KMEM_STAGE_KEY0 + 4 * w, rdv);
            check(rdv == 32'd0, "STAGE_KEY reads 0");
        end
        bus_write(KMEM_COMMIT, 32'd1);
        bus_read(KMEM_STATUS, rdv);   check(rdv == 32'h00000002, "slot 1 valid after commit");
        bus_read(KMEM_SLOT_ID1, rdv); check(rdv == ID_A, "SLOT_ID1 = ID_A");
        lookup(2, 1'b0, ID_A, hit, kid, key);
        check(hit && key == KEY_A && kid == ID_A, "hit with key A after commit");
        hits_slot1 = 1;

        // same slot, other ID -> miss; other slot -> miss
        lookup(0, 1'b0, ID_A ^ 32'h00010000, hit, kid, key);
        check(!hit && key == 256'd0, "wrong ID in the right slot misses");
        lookup(0, 1'b0, ID_A ^ 32'h1, hit, kid, key);
        check(!hit, "ID naming an empty slot misses");
        unknown_model = unknown_model + 2;

        // mint lookup: current slot 0 is invalid -> miss, not counted as unknown
        lookup(1, 1'b1, 32'd0, hit, kid, key);
        check(!hit, "mint from invalid current slot misses");
        bus_write(KMEM_CURRENT, 32'd1);
        bus_read(KMEM_STATUS, rdv);   check(rdv == 32'h00000102, "CURRENT_VALID");
        lookup(1, 1'b1, 32'hDEADBEEF, hit, kid, key);
        check(hit && kid == ID_A && key == KEY_A, "mint lookup returns current key and its ID");
        hits_slot1 = hits_slot1 + 1;

        // re-key slot 1 (same ID, key B) while ports 0 and 1 look it up every cycle
        stage_key(ID_A, KEY_B);
        sweep = 1'b1;
        sweep_mon = 1'b1;
        repeat (7) @(negedge clk);
        bus_write(KMEM_COMMIT, 32'd1);
        repeat (7) @(negedge clk);
        sweep = 1'b0;
        @(negedge clk);
        lk_req = {NP{1'b0}};
        repeat (4) @(negedge clk);
        sweep_mon = 1'b0;
        check(sweep_bad == 0, "every lookup across the commit saw a whole key (no mix)");
        check(sweep_old > 0 && sweep_new > 0, "sweep saw old and then new key");
        check(sweep_back == 0, "never the old key again after the new one");
        $display("  sweep: %0d lookups, %0d old, %0d new", sweep_acks, sweep_old, sweep_new);

        // counters: slot 1 was committed inside the sweep, so its counter restarted then
        bus_write(KMEM_SNAPSHOT, 32'd1);
        bus_read(KMEM_USE_CNT1_LO, rdv);
        check(rdv == 2 * sweep_new, "use counter restarts at commit and counts both ports");
        bus_read(KMEM_USE_CNT1_HI, rdv); check(rdv == 0, "use counter high word");
        bus_read(KMEM_UNKNOWN_CNT_LO, rdv);
        check(rdv == unknown_model, "unknown-key counter");

        // three ports hit the same slot in one cycle -> +3
        @(negedge clk);
        lk_req = 3'b111; lk_cur = 3'b000; lk_id = {ID_A, ID_A, ID_A};
        @(negedge clk);
        lk_req = 3'b000;
        repeat (3) @(negedge clk);
        bus_write(KMEM_SNAPSHOT, 32'd3);   // snapshot and clear
        bus_read(KMEM_USE_CNT1_LO, rdv);
        check(rdv == 2 * sweep_new + 3, "simultaneous hits from 3 ports count 3");
        bus_write(KMEM_SNAPSHOT, 32'd1);
        bus_read(KMEM_USE_CNT1_LO, rdv);   check(rdv == 0, "SNAPSHOT.CLEAR cleared the live counter");
        bus_read(KMEM_UNKNOWN_CNT_LO, rdv); check(rdv == 0, "unknown counter cleared");

        // external use strobes (an engine with its own key table) add to the lookup counts
        @(negedge clk);
        ext_use = 4'b0010; ext_unknown = 1'b1; lk_req = 3'b011; lk_cur = 3'b000; lk_id = {ID_A, ID_A, 32'h0BAD0000};
        @(negedge clk);
        ext_use = 4'b0011; ext_unknown = 1'b1; lk_req = 3'b000;
        @(negedge clk);
        ext_use = 4'b0000; ext_unknown = 1'b0;
        repeat (3) @(negedge clk);
        bus_write(KMEM_SNAPSHOT, 32'd3);
        bus_read(KMEM_USE_CNT1_LO, rdv);    check(rdv == 3, "ext_use strobes add to the port hits of slot 1");
        bus_read(KMEM_USE_CNT0_LO, rdv);    check(rdv == 1, "ext_use strobe counts slot 0");
        bus_read(KMEM_UNKNOWN_CNT_LO, rdv); check(rdv == 3, "ext_unknown strobes add to decrypt misses");

        // second key in slot 0, installed disabled then enabled by a second commit
        stage_key(ID_C, KEY_C);
        bus_write(KMEM_COMMIT, 32'd0);
        lookup(0, 1'b0, ID_C, hit, kid, key);
        check(!hit, "key committed with VALID=0 does not hit");
        bus_write(KMEM_STAGE_ID, ID_C);
        bus_write(KMEM_COMMIT, 32'd1);     // staged key was zeroed by the previous commit
        lookup(0, 1'b0, ID_C, hit, kid, key);
        check(hit && key == 256'd0, "COMMIT zeroes the staged key");
        stage_key(ID_C, KEY_C);
        bus_write(KMEM_COMMIT, 32'd1);
        lookup(0, 1'b0, ID_C, hit, kid, key);
        check(hit && key == KEY_C, "slot 0 holds key C");
        lookup(0, 1'b0, ID_A, hit, kid, key);
        check(hit && key == KEY_B, "slot 1 still holds key B");

        // no key bit readable: sweep the whole block offset space
        k = 0;
        for (i = 0; i < 4096; i = i + 4) begin
            bus_read(i[11:0], rdv);
            for (w = 0; w < 8; w = w + 1)
                if (rdv != 32'd0 && (rdv == KEY_A[255 - 32 * w -: 32] || rdv == KEY_B[255 - 32 * w -: 32] ||
                                      rdv == KEY_C[255 - 32 * w -: 32])) k = k + 1;
        end
        check(k == 0, "no key word readable anywhere in the block");

        // retire
        bus_write(KMEM_RETIRE, 32'd1);
        lookup(0, 1'b0, ID_A, hit, kid, key);
        check(!hit && key == 256'd0, "retired slot misses");
        bus_read(KMEM_STATUS, rdv);   check(rdv == 32'h00000001, "only slot 0 valid; current slot 1 not valid");
        lookup(1, 1'b1, 32'd0, hit, kid, key);
        check(!hit, "mint from retired current slot misses");

        // reset clears everything
        @(negedge clk); rst = 1'b1;
        @(negedge clk); rst = 1'b0;
        lookup(0, 1'b0, ID_C, hit, kid, key);
        check(!hit, "reset clears slots");

        if (errors == 0) begin
            $display("PASS tb_keymem");
            $finish;
        end else begin
            $display("FAIL tb_keymem: %0d errors", errors);
            $fatal(1);
        end
    end

    initial begin
        #2000000;
        $display("FAIL tb_keymem: timeout");
        $fatal(1);
    end
endmodule

`default_nettype wire
