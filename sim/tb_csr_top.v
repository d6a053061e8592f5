// Self-checking bench for csr_top over AXI4-Lite: identification of every block, read-write
// with byte strobes, AW-prev_lo-W / W-prev_lo-AW / together, back-to-back streams of writes
// and reads with back-pressure on B and R, SLVERR past the last block, command strobes
// (key COMMIT seen on a lookup port, HDR/DP APPLY atomic to the outputs, LI override),
// atomic 64-bit time read and consistent counter snapshots, and no key bit readable over
// AXI. Prints PASS or FAIL; $fatal on failure.
`default_nettype none

module tb_csr_top;
`include "generated/ntsbox_regs.vh"
    localparam integer NP = 2;
    localparam integer IW = 4;

    reg clk = 1'b0;
    reg rst = 1'b1;
    always #5 clk = ~clk;

    reg  [15:0] awaddr = 16'd0, araddr = 16'd0;
    reg         awvalid = 1'b0, wvalid = 1'b0, bready = 1'b0, arvalid = 1'b0, rready = 1'b0;
    reg  [31:0] wdata = 32'd0;
    reg  [3:0]  wstrb = 4'hF;
    wire        awready, wready, bvalid, arready, rvalid;
    wire [1:0]  bresp, rresp;
    wire [31:0] rdata;

    reg  [NP-1:0]     lk_req = {NP{1'b0}}, lk_cur = {NP{1'b0}};
    reg  [NP*32-1:0]  lk_id = {NP*32{1'b0}};
    wire [NP-1:0]     lk_ack, lk_hit;
    wire [NP*32-1:0]  lk_key_id;
    wire [NP*256-1:0] lk_key;
    reg               pps_in = 1'b0;
    wire [31:0]       tod_sec, tod_frac, tod_sub;
    wire              tod_in_leap, pps_pulse;
    wire [1:0]        hdr_li;
    wire [7:0]        hdr_stratum, hdr_poll, hdr_precision;
    wire [31:0]       hdr_root_delay, hdr_root_disp, hdr_ref_id;
    wire [63:0]       hdr_ref_time;
    wire [6:0]        cfg_enable;
    wire [31:0]       cfg_ipv4;
    wire [15:0]       cfg_alt_port;
    wire [47:0]       cfg_mac;
    wire [127:0]      cfg_ipv6, cfg_ipv6_ll, cfg_nonce_seed;
    wire              cfg_fixed_nonce;
    reg  [CNT_NUM_COUNTERS*IW-1:0]  cnt_inc = {CNT_NUM_COUNTERS*IW{1'b0}};

    csr_top #(.N_PORTS(NP), .CNT_INC_W(IW)) dut (
        .clk(clk), .rst(rst),
        .s_axil_awaddr(awaddr), .s_axil_awprot(3'd0), .s_axil_awvalid(awvalid), .s_axil_awready(awready),
        .s_axil_wdata(wdata), .s_axil_wstrb(wstrb), .s_axil_wvalid(wvalid), .s_axil_wready(wready),
        .s_axil_bresp(bresp), .s_axil_bvalid(bvalid), .s_axil_bready(bready),
        .s_axil_araddr(araddr), .s_axil_arprot(3'd0), .s_axil_arvalid(arvalid), .s_axil_arready(arready),
        .s_axil_rdata(rdata), .s_axil_rresp(rresp), .s_axil_rvalid(rvalid), .s_axil_rready(rready),
        .lk_req(lk_req), .lk_cur(lk_cur), .lk_id(lk_id), .lk_ack(lk_ack), .lk_hit(lk_hit),
        .lk_key_id(lk_key_id), .lk_key(lk_key), .km_ext_use(4'd0), .km_ext_unknown(1'b0),
        .pps_in(pps_in), .tod_sec(tod_sec), .tod_frac(tod_frac), .tod_sub(tod_sub),
        .tod_in_leap(tod_in_leap), .pps_pulse(pps_pulse),
        .hdr_li(hdr_li), .hdr_stratum(hdr_stratum), .hdr_poll(hdr_poll), .hdr_precision(hdr_precision),
        .hdr_root_delay(hdr_root_delay), .hdr_root_disp(hdr_root_disp), .hdr_ref_id(hdr_ref_id),
        .hdr_ref_time(hdr_ref_time),
        .cfg_enable(cfg_enable), .cfg_ipv4(cfg_ipv4), .cfg_alt_port(cfg_alt_port), .cfg_mac(cfg_mac),
        .cfg_ipv6(cfg_ipv6), .cfg_ipv6_ll(cfg_ipv6_ll), .cfg_fixed_nonce(cfg_fixed_nonce),
        .cfg_nonce_seed(cfg_nonce_seed), .cnt_inc(cnt_inc));

    integer errors = 0;
    reg aw_fire, w_fire;   // handshakes due at the next posedge
    integer cyc = 0;
    always @(posedge clk) cyc <= cyc + 1;   // the bench drives and samples at negedges

    task check;
        input cond;
        input [8*72-1:0] what;
        begin
            if (!cond) begin
                errors = errors + 1;
                $display("FAIL: %0s (cycle %0d)", what, cyc);
            end
        end
    endtask

    // ---- AXI master: channel tasks (a handshake happens at the posedge after a negedge
    // where valid and ready are both high)
    task aw_send;
        input [15:0] a;
        begin
            awaddr = a; awvalid = 1'b1;
            while (!awready) @(negedge clk);
            @(negedge clk);
            awvalid = 1'b0;
        end
    endtask

    task w_send;
        input [31:0] d;
        input [3:0] s;
        begin
            wdata = d; wstrb = s; wvalid = 1'b1;
            while (!wready) @(negedge clk);
            @(negedge clk);
            wvalid = 1'b0;
        end
    endtask

    task b_take;
        output [1:0] resp;
        begin
            bready = 1'b1;
            while (!bvalid) @(negedge clk);
            resp = bresp;
            @(negedge clk);
            bready = 1'b0;
        end
    endtask

    task axi_write_strb;   // order: 0 AW and W together, 1 AW first, 2 W first
        input [15:0] a;
        input [31:0] d;
        input [3:0]  s;
        input integer order;
        output [1:0] resp;
        begin
            @(negedge clk);
            if (order == 0) begin   // both valid in the same cycle
                awaddr = a; awvalid = 1'b1; wdata = d; wstrb = s; wvalid = 1'b1;
                while (awvalid || wvalid) begin
                    aw_fire = awvalid && awready;
                    w_fire = wvalid && wready;
                    @(negedge clk);
                    if (aw_fire) awvalid = 1'b0;
                    if (w_fire) wvalid = 1'b0;
                end
            end else if (order == 1) begin
                aw_send(a); repeat (3) @(negedge clk); w_send(d, s);
            end else begin
                w_send(d, s); repeat (3) @(negedge clk); aw_send(a);
            end
            b_take(resp);
        end
    endtask

    reg [1:0] resp;
    task axi_write;
        input [15:0] a;
        input [31:0] d;
        begin
            axi_write_strb(a, d, 4'hF, 0, resp);
            check(resp == 2'b00, "write OKAY");
        end
    endtask

    task axi_read_resp;
        input  [15:0] a;
        output [31:0] d;
        output [1:0]  r;
        begin
            @(negedge clk);
            araddr = a; arvalid = 1'b1;
            while (!arready) @(negedge clk);
            @(negedge clk);
            arvalid = 1'b0;
            rready = 1'b1;
            while (!rvalid) @(negedge clk);
            d = rdata; r = rresp;
            @(negedge clk);
            rready = 1'b0;
        end
    endtask

    task axi_read;
        input  [15:0] a;
        output [31:0] d;
        reg [1:0] r;
        begin
            axi_read_resp(a, d, r);
            check(r == 2'b00, "read OKAY");
        end
    endtask

    // ---- streams: N back-to-back writes then reads, with back-pressure on B and R
    localparam integer NS = 16;
    reg [31:0] stream_data [0:NS-1];
    integer s_i, s_b, s_r, s_bad, aw_i, w_i;
    reg [31:0] lfsr = 32'h1;
    task stream_test;
        begin
            for (s_i = 0; s_i < NS; s_i = s_i + 1) stream_data[s_i] = 32'hC0DE0000 + s_i * 32'h01010101;
            s_b = 0; s_r = 0; s_bad = 0;
            @(negedge clk);
            // one process drives AW, W and B: at each negedge, note which handshakes
            // happen at the next posedge, then advance those channels
            aw_i = 0; w_i = 0;
            awaddr = NTSBOX_DP_BASE + DP_IPV6_ADDR0; awvalid = 1'b1;
            wdata = stream_data[0]; wstrb = 4'hF; wvalid = 1'b1;
            while (s_b < NS) begin
                lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
                bready = lfsr[0] | lfsr[3];
                aw_fire = awvalid && awready;
                w_fire = wvalid && wready;
                if (bready && bvalid) begin
                    if (bresp != 2'b00) s_bad = s_bad + 1;
                    s_b = s_b + 1;
                end
                @(negedge clk);
                if (aw_fire) begin
                    aw_i = aw_i + 1;
                    if (aw_i < NS) awaddr = NTSBOX_DP_BASE + DP_IPV6_ADDR0 + 4 * (aw_i % 8);
                    else awvalid = 1'b0;
                end
                if (w_fire) begin
                    w_i = w_i + 1;
                    if (w_i < NS) wdata = stream_data[w_i];
                    else wvalid = 1'b0;
                end
            end
            bready = 1'b0;
            check(s_bad == 0 && s_b == NS, "back-to-back writes: every B OKAY");
            // the second round of 8 writes overwrote the first: words 8..15 are current
            @(negedge clk);
            aw_i = 0;
            araddr = NTSBOX_DP_BASE + DP_IPV6_ADDR0; arvalid = 1'b1;
            while (s_r < NS) begin
                lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
                rready = lfsr[1] | lfsr[4];
                aw_fire = arvalid && arready;
                if (rready && rvalid) begin
                    if (rresp != 2'b00 || rdata != stream_data[8 + (s_r % 8)]) begin
                        s_bad = s_bad + 1;
                        $display("  read %0d: %h", s_r, rdata);
                    end
                    s_r = s_r + 1;
                end
                @(negedge clk);
                if (aw_fire) begin
                    aw_i = aw_i + 1;
                    if (aw_i < NS) araddr = NTSBOX_DP_BASE + DP_IPV6_ADDR0 + 4 * (aw_i % 8);
                    else arvalid = 1'b0;
                end
            end
            rready = 1'b0;
            check(s_bad == 0 && s_r == NS, "back-to-back reads return the data in order");
        end
    endtask

    localparam [255:0] KEY = 256'h0123456789ABCDEF_FEDCBA9876543210_A5A5A5A55A5A5A5A_C3C3C3C33C3C3C3C;
    localparam [31:0] KID = 32'h0000BEE2;   // slot 2
    reg [31:0] rdv, rsec, rfrac, c0lo, c1lo, c0hi;
    integer i, w, k, prev_lo;

    initial begin
        repeat (3) @(negedge clk);
        rst = 1'b0;

        // ---- identification of every block
        axi_read(NTSBOX_TOP_BASE + TOP_NAME, rdv);   check(rdv == "NTSB", "TOP NAME");
        axi_read(NTSBOX_TOP_BASE + TOP_BLOCKS, rdv); check(rdv == 6, "TOP BLOCKS");
        axi_read(NTSBOX_KMEM_BASE + KMEM_NAME, rdv); check(rdv == "KMEM", "KMEM NAME");
        axi_read(NTSBOX_CLK_BASE + CLK_NAME, rdv);   check(rdv == "TODC", "CLK NAME");
        axi_read(NTSBOX_HDR_BASE + HDR_NAME, rdv);   check(rdv == "NHDR", "HDR NAME");
        axi_read(NTSBOX_DP_BASE + DP_NAME, rdv);     check(rdv == "DPCF", "DP NAME");
        axi_read(NTSBOX_CNT_BASE + CNT_NAME, rdv);   check(rdv == "CNTR", "CNT NAME");
        axi_read(NTSBOX_CNT_BASE + CNT_NUM, rdv);    check(rdv == CNT_NUM_COUNTERS, "CNT NUM");
        axi_read(NTSBOX_CLK_BASE + CLK_VERSION, rdv); check(rdv == 32'h00010000, "CLK VERSION");

        // ---- read-write, byte strobes, channel orders
        axi_write(NTSBOX_TOP_BASE + TOP_SCRATCH, 32'hFFFFFFFF);
        axi_write_strb(NTSBOX_TOP_BASE + TOP_SCRATCH, 32'h12345678, 4'b0101, 1, resp);
        axi_read(NTSBOX_TOP_BASE + TOP_SCRATCH, rdv); check(rdv == 32'hFF34FF78, "WSTRB 0101, AW prev_lo W");
        axi_write_strb(NTSBOX_TOP_BASE + TOP_SCRATCH, 32'hAB000000, 4'b1000, 2, resp);
        axi_read(NTSBOX_TOP_BASE + TOP_SCRATCH, rdv); check(rdv == 32'hAB34FF78, "WSTRB 1000, W prev_lo AW");
        check(resp == 2'b00, "OKAY");

        // ---- SLVERR past the last block
        axi_write_strb(16'h6000, 32'h1, 4'hF, 0, resp); check(resp == 2'b10, "write past the map: SLVERR");
        axi_read_resp(16'hF004, rdv, resp);           check(resp == 2'b10 && rdv == 0, "read past the map: SLVERR");
        axi_read(NTSBOX_TOP_BASE + TOP_SCRATCH, rdv); check(rdv == 32'hAB34FF78, "SLVERR write had no effect");

        // ---- back-to-back streams
        stream_test;

        // ---- DP: staged until APPLY, all words at once
        axi_write(NTSBOX_DP_BASE + DP_MAC_HI, 32'h0002);
        axi_write(NTSBOX_DP_BASE + DP_MAC_LO, 32'hC0FFEE01);
        axi_write(NTSBOX_DP_BASE + DP_IPV4_ADDR, 32'hC0000201);
        axi_write(NTSBOX_DP_BASE + DP_ENABLE, 32'h7F);
        axi_write(NTSBOX_DP_BASE + DP_NONCE_SEED0, 32'h5EED5EED);
        check(cfg_mac == 48'd0 && cfg_ipv4 == 32'd0 && cfg_ipv6 == 128'd0 && cfg_enable == 0, "DP: nothing prev_lo APPLY");
        axi_write(NTSBOX_DP_BASE + DP_APPLY, 32'd1);
        check(cfg_mac == 48'h0002_C0FFEE01 && cfg_ipv4 == 32'hC0000201 && cfg_enable == 7'h7F &&
              cfg_ipv6 == {stream_data[8], stream_data[9], stream_data[10], stream_data[11]} &&
              cfg_ipv6_ll == {stream_data[12], stream_data[13], stream_data[14], stream_data[15]} &&
              cfg_nonce_seed[127:96] == 32'h5EED5EED, "DP: APPLY copies every word");
        axi_read(NTSBOX_DP_BASE + DP_NONCE_SEED0, rdv); check(rdv == 0, "NONCE_SEED is write-only");

        // ---- HDR: reset defaults, staging, APPLY, LI override
        check(hdr_stratum == 16 && hdr_li == 2'b11, "HDR after reset: stratum 16, LI alarm");
        axi_write(NTSBOX_HDR_BASE + HDR_STRATUM, 1);
        axi_write(NTSBOX_HDR_BASE + HDR_REF_ID, "GPS\0" );
        axi_write(NTSBOX_HDR_BASE + HDR_REF_TIME_SEC, 32'hE9000000);
        axi_write(NTSBOX_HDR_BASE + HDR_REF_TIME_FRAC, 32'h80000000);
        axi_write(NTSBOX_HDR_BASE + HDR_ROOT_DISP, 32'h00000010);
        axi_write(NTSBOX_HDR_BASE + HDR_LEAP_OVERRIDE, 32'd0);
        check(hdr_stratum == 16 && hdr_li == 2'b11 && hdr_ref_time == 64'd0, "HDR: nothing prev_lo APPLY");
        axi_read(NTSBOX_HDR_BASE + HDR_STRATUM, rdv); check(rdv == 1, "HDR reads the staged value");
        axi_write(NTSBOX_HDR_BASE + HDR_APPLY, 32'd1);
        check(hdr_stratum == 1 && hdr_ref_id == "GPS\0" && hdr_ref_time == 64'hE9000000_80000000 &&
              hdr_root_disp == 32'h10 && hdr_li == 2'b00, "HDR: APPLY copies all fields; LI from the clock");

        // ---- CLK through AXI: set, atomic read across a roll-over, leap LI reaching hdr_li
        axi_write(NTSBOX_CLK_BASE + CLK_SET_SEC, 32'hE9000010);
        axi_write(NTSBOX_CLK_BASE + CLK_SET_FRAC, 32'hFFFFF000);
        axi_write(NTSBOX_CLK_BASE + CLK_CTRL, 32'd1 << CLK_CTRL_SET_LSB);
        axi_read(NTSBOX_CLK_BASE + CLK_TIME_FRAC, rfrac);
        repeat (200) @(negedge clk);
        axi_read(NTSBOX_CLK_BASE + CLK_TIME_SEC, rsec);
        check(tod_sec == 32'hE9000011, "the seconds rolled over meanwhile");
        check(rsec == 32'hE9000010 && rfrac > 32'hFFFFF000, "TIME_SEC latched by the TIME_FRAC read");
        axi_write(NTSBOX_CLK_BASE + CLK_LEAP_AT, 32'hE9000000 + 32'd86400);
        axi_write(NTSBOX_CLK_BASE + CLK_LEAP_CTRL, 32'd1 << CLK_LEAP_CTRL_INSERT_LSB);
        check(hdr_li == 2'b01, "scheduled insert: responses carry LI 01");
        axi_write(NTSBOX_HDR_BASE + HDR_LEAP_OVERRIDE, 32'h7);
        axi_write(NTSBOX_HDR_BASE + HDR_APPLY, 32'd1);
        check(hdr_li == 2'b11, "override forces LI 11");

        // ---- KMEM through AXI: COMMIT strobe reaches the lookup port
        axi_write(NTSBOX_KMEM_BASE + KMEM_STAGE_ID, KID);
        for (w = 0; w < 8; w = w + 1) axi_write(NTSBOX_KMEM_BASE + KMEM_STAGE_KEY0 + 4 * w, KEY[255 - 32 * w -: 32]);
        @(negedge clk); lk_req[1] = 1'b1; lk_id[63:32] = KID;
        @(negedge clk); lk_req[1] = 1'b0;
        @(negedge clk); check(lk_ack[1] && !lk_hit[1], "staged key not visible");
        axi_write(NTSBOX_KMEM_BASE + KMEM_COMMIT, 32'd1);
        @(negedge clk); lk_req[1] = 1'b1;
        @(negedge clk); lk_req[1] = 1'b0;
        @(negedge clk); check(lk_ack[1] && lk_hit[1] && lk_key[511:256] == KEY, "committed key on port 1");
        k = 0;
        for (i = 0; i < 4096; i = i + 4) begin
            axi_read(NTSBOX_KMEM_BASE + i[15:0], rdv);
            for (w = 0; w < 8; w = w + 1)
                if (rdv != 0 && rdv == KEY[255 - 32 * w -: 32]) k = k + 1;
        end
        check(k == 0, "no key word readable over AXI");
        axi_read(NTSBOX_KMEM_BASE + KMEM_SLOT_ID2, rdv); check(rdv == KID, "SLOT_ID2 readable");

        // ---- counters: consistent snapshot while counting
        axi_write(NTSBOX_CNT_BASE + CNT_CTRL, 32'd3);   // snapshot + clear: start together
        @(negedge clk);
        cnt_inc[CNT_IDX_RX_FRAMES * IW +: IW] = 4'd1;
        cnt_inc[CNT_IDX_RX_OK * IW +: IW] = 4'd3;
        cnt_inc[CNT_IDX_ICMP_ECHO_REPLIES * IW +: IW] = 4'd15;
        repeat (50) @(negedge clk);
        axi_write(NTSBOX_CNT_BASE + CNT_CTRL, 32'd1);
        repeat (30) @(negedge clk);       // counting goes on; the snapshot must not move
        axi_read(NTSBOX_CNT_BASE + CNT_RX_FRAMES_LO, c0lo);
        axi_read(NTSBOX_CNT_BASE + CNT_RX_FRAMES_HI, c0hi);
        axi_read(NTSBOX_CNT_BASE + CNT_RX_OK_LO, c1lo);
        axi_read(NTSBOX_CNT_BASE + CNT_ICMP_ECHO_REPLIES_LO, rdv);
        check(c0lo > 50 && c0hi == 0 && c1lo == 3 * c0lo && rdv == 15 * c0lo, "snapshot set is consistent");
        axi_read(NTSBOX_CNT_BASE + CNT_DROP_BAD_FCS_LO, rdv); check(rdv == 0, "idle counter is 0");
        prev_lo = c0lo;
        axi_write(NTSBOX_CNT_BASE + CNT_CTRL, 32'd1);
        axi_read(NTSBOX_CNT_BASE + CNT_RX_FRAMES_LO, c0lo);
        check(c0lo > prev_lo, "a new snapshot moves on");
        cnt_inc = {CNT_NUM_COUNTERS*IW{1'b0}};

        if (errors == 0) begin
            $display("PASS tb_csr_top");
            $finish;
        end else begin
            $display("FAIL tb_csr_top: %0d errors", errors);
            $fatal(1);
        end
    end

    initial begin
        #5000000;
        $display("FAIL tb_csr_top: timeout");
        $fatal(1);
    end
endmodule

`default_nettype wire
