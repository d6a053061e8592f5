package net.ntsbox.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import net.ntsbox.cookie.CookieCodec;
import net.ntsbox.cookie.CookieOpenResult;
import net.ntsbox.ke.KeClient;
import net.ntsbox.ke.KeClientResult;
import net.ntsbox.ke.KeOutcome;
import net.ntsbox.ke.KeReply;
import net.ntsbox.ke.KeServerPolicy;
import net.ntsbox.ke.KeyExporter;
import net.ntsbox.keys.KeyRing;
import net.ntsbox.keys.RotationPolicy;
import org.junit.jupiter.api.Test;

class NtsKeServiceTest {
    final KeyRing ring = KeyRing.fromSeed(new byte[32], 0, RotationPolicy.DEFAULT, 1_780_000_000L);
    final List<String> contexts = new ArrayList<>();
    /** A deterministic exporter: distinct, context-dependent key bytes. */
    final KeyExporter exporter = (ctx, len) -> {
        contexts.add(HexFormat.of().formatHex(ctx));
        byte[] k = new byte[len];
        for (int i = 0; i < len; i++) k[i] = (byte) (ctx[4] * 0x40 + i);
        return k;
    };

    @Test
    void chronysRequestGetsEightCookiesCarryingTheExportedKeys() {
        var svc = new NtsKeService(KeServerPolicy.of(List.of(15, 17, 30)).withNtpPort(11123), ring, TestRequests.seeded(3));
        byte[] req = HexFormat.of().parseHex("80010002000080040002000f80000000");
        assertTrue(svc.tryRespond(java.util.Arrays.copyOf(req, 10), exporter).isEmpty(), "incomplete: need more");
        Optional<KeReply> r = svc.tryRespond(req, exporter);
        assertEquals(KeOutcome.OK, r.orElseThrow().outcome());
        assertEquals(List.of("0000000f00", "0000000f01"), contexts);
        var res = (KeClientResult.Success) KeClient.parseResponse(r.get().message(), r.get().message().length, List.of(15));
        assertEquals(8, res.cookies().size());
        assertEquals(11123, res.port().getAsInt());
        for (byte[] c : res.cookies()) {
            var o = (CookieOpenResult.Opened) CookieCodec.open(c, ring);
            assertArrayEquals(exporter.export(new byte[] {0, 0, 0, 15, 0}, 32), o.c2s());
            assertArrayEquals(exporter.export(new byte[] {0, 0, 0, 15, 1}, 32), o.s2c());
        }
        assertTrue(r.get().message().length <= 2048, "fits NTPsec's single 2048-byte read");
    }

    @Test
    void badRequestGetsAnErrorAndNoExport() {
        var svc = new NtsKeService(KeServerPolicy.of(List.of(15)), ring, TestRequests.seeded(3));
        // Unknown critical record 0x4321 before End of Message.
        byte[] req = HexFormat.of().parseHex("80010002000080040002000fC321000080000000");
        KeReply r = svc.tryRespond(req, exporter).orElseThrow();
        assertEquals(KeOutcome.UNRECOGNIZED_CRITICAL, r.outcome());
        assertEquals(0, r.cookies());
        assertTrue(contexts.isEmpty(), "no keys exported for a refused request");
        var res = (KeClientResult.Failure) KeClient.parseResponse(r.message(), r.message().length, List.of(15));
        assertEquals(0, res.errorCode().getAsInt());
    }
}
