/* Known answers of RFC 5297 A.1 (deterministic, one AD) and A.2 (three components), and a
 * must-fail open; the Java tests check every shared vector and random equivalence. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ntssiv.h"

static size_t unhex(const char *h, uint8_t *out) {
    size_t n = strlen(h) / 2;
    for (size_t i = 0; i < n; i++) sscanf(h + 2 * i, "%2hhx", &out[i]);
    return n;
}

static int failures;

static void expect(const char *name, int ok) {
    printf("%s %s\n", ok ? "ok  " : "FAIL", name);
    if (!ok) failures++;
}

int main(void) {
    if (!ntssiv_cpu_supported()) {
        printf("skip: no AES-NI/SSE4.1 on this CPU\n");
        return 0;
    }
    _Alignas(16) uint8_t ctx[1024];
    if (ntssiv_ctx_bytes() > sizeof ctx) return 2;
    uint8_t key[64], ad[64], pt[64], out[96], exp[96], back[64];
    uint64_t lens[3];
    uint8_t data[128];

    /* A.1 */
    unhex("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", key);
    size_t adl = unhex("101112131415161718191a1b1c1d1e1f2021222324252627", ad);
    size_t ptl = unhex("112233445566778899aabbccddee", pt);
    size_t el = unhex("85632d07c6e8f37f950acd320a2ecc9340c02b9690c4dc04daef7f6afe5c", exp);
    expect("init", ntssiv_init(ctx, key, 32) == 0);
    long n = ntssiv_seal(ctx, NULL, 0, 0, NTSSIV_AD, ad, 0, adl, NULL, 0, 0, pt, 0, ptl, out, 0);
    expect("A.1 seal (context)", n == (long)el && memcmp(out, exp, el) == 0);
    memset(out, 0, sizeof out);
    n = ntssiv_seal(NULL, key, 0, 32, NTSSIV_AD, ad, 0, adl, NULL, 0, 0, pt, 0, ptl, out, 0);
    expect("A.1 seal (raw key)", n == (long)el && memcmp(out, exp, el) == 0);
    n = ntssiv_open(NULL, key, 0, 32, NTSSIV_AD, ad, 0, adl, NULL, 0, 0, exp, 0, el, back, 0);
    expect("A.1 open", n == (long)ptl && memcmp(back, pt, ptl) == 0);
    exp[el - 1] ^= 1;
    n = ntssiv_open(ctx, NULL, 0, 0, NTSSIV_AD, ad, 0, adl, NULL, 0, 0, exp, 0, el, back, 0);
    expect("A.1 open of a flipped byte fails", n == -1);

    /* A.2: components AD1, AD2, nonce */
    unhex("7f7e7d7c7b7a79787776757473727170404142434445464748494a4b4c4d4e4f", key);
    size_t at = 0;
    lens[0] = unhex("00112233445566778899aabbccddeeffdeaddadadeaddadaffeeddccbbaa99887766554433221100", data);
    at += lens[0];
    lens[1] = unhex("102030405060708090a0", data + at);
    at += lens[1];
    lens[2] = unhex("09f911029d74e35bd84156c5635688c0", data + at);
    ptl = unhex("7468697320697320736f6d6520706c61696e7465787420746f20656e6372797074207573696e67205349562d414553", pt);
    el = unhex("7bdb6e3b432667eb06f4d14bff2fbd0fcb900f2fddbe404326601965c889bf17dba77ceb094fa663b7a3f748ba8af829ea64ad544a272e9c485b62a3fd5c0d", exp);
    ntssiv_init(ctx, key, 32);
    n = ntssiv_seal_components(ctx, 3, lens, data, pt, ptl, out);
    expect("A.2 seal", n == (long)el && memcmp(out, exp, el) == 0);
    n = ntssiv_open_components(ctx, 3, lens, data, exp, el, back);
    expect("A.2 open", n == (long)ptl && memcmp(back, pt, ptl) == 0);
    n = ntssiv_open_components(ctx, 2, lens, data, exp, el, back);
    expect("A.2 open without the nonce fails, output zeroed", n == -1 && back[0] == 0 && back[ptl - 1] == 0);
    /* seal_many gives each single seal's bytes: counts 1..10 (two groups past 8), every flag, lengths 0..100 */
    {
        static uint8_t nonces[10 * 40], many[10 * 140], one[140], mpt[100], mad[40];
        for (size_t i = 0; i < sizeof nonces; i++) nonces[i] = (uint8_t)(i * 7 + 3);
        for (size_t i = 0; i < sizeof mpt; i++) mpt[i] = (uint8_t)(i * 13 + 1);
        for (size_t i = 0; i < sizeof mad; i++) mad[i] = (uint8_t)(i * 5 + 9);
        const size_t lens[] = {0, 5, 16, 17, 24, 32, 64, 100};
        int bad = 0, runs = 0;
        for (size_t c = 1; c <= 10; c++)
            for (int flags = 0; flags < 4; flags++)
                for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++)
                    for (size_t adl = 0; adl <= 40; adl += 20) {
                        size_t pl = lens[li];
                        memset(many, 0xaa, sizeof many);
                        if (ntssiv_seal_many(ctx, c, flags, mad, 0, adl, nonces, 3, 16 + c % 3, 40, mpt, 0, pl, many, 1, 140) != (long)c) bad++;
                        for (size_t i = 0; i < c; i++) {
                            ntssiv_seal(ctx, NULL, 0, 0, flags, mad, 0, adl, nonces, 3 + 40 * i, 16 + c % 3, mpt, 0, pl, one, 0);
                            if (memcmp(one, many + 1 + 140 * i, 16 + pl) != 0) bad++;
                            runs++;
                        }
                    }
        printf("(%d seal_many outputs compared)\n", runs);
        expect("seal_many = single seals", bad == 0);
    }
    ntssiv_wipe(ctx);

    printf("%d failed\n", failures);
    return failures ? 1 : 0;
}
