/*
 * AES-SIV (RFC 5297) on AES-NI. The S2V CMAC chains of the components (and of the plaintext up
 * to the 16 bytes that S2V xors with D) are independent of each other, so they run as parallel
 * lanes: their AES rounds interleave and the chains cost about one chain's latency. CTR keeps
 * 8 blocks in flight. Nothing branches on key or data; only lengths (public) steer the code.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <immintrin.h>
#include <string.h>

#include "ntssiv.h"

#define BLOCK 16
#define LANES 4
#define CTR_WIDTH 8

typedef struct {
    __m128i mac[15]; /* K1 half: the CMAC key schedule */
    __m128i enc[15]; /* K2 half: the CTR key schedule */
    __m128i sub1;    /* CMAC subkey K1 = dbl(E(0)) */
    __m128i sub2;    /* CMAC subkey K2 = dbl(K1) */
    __m128i d0;      /* CMAC(0^128), S2V's first D (when has_d0) */
    unsigned rounds; /* 10 (AES-128) or 14 (AES-256) */
    unsigned has_enc, has_d0;
} siv_key;

_Static_assert(sizeof(siv_key) % 16 == 0, "context size");

size_t ntssiv_ctx_bytes(void) { return sizeof(siv_key); }

void ntssiv_wipe(void *ctx) { explicit_bzero(ctx, sizeof(siv_key)); }

/* ---- AES key expansion (FIPS-197) with AESKEYGENASSIST */

static inline __m128i expand128_step(__m128i k, __m128i assist) {
    assist = _mm_shuffle_epi32(assist, 0xff);
    k = _mm_xor_si128(k, _mm_slli_si128(k, 4)); /* w0, w0^w1, w1^w2, w2^w3 */
    k = _mm_xor_si128(k, _mm_slli_si128(k, 8)); /* prefix xors w0, w0^w1, w0^w1^w2, ... */
    return _mm_xor_si128(k, assist);
}

#define EXPAND128(rk, i, rcon) rk[i] = expand128_step(rk[i - 1], _mm_aeskeygenassist_si128(rk[i - 1], rcon))

static void expand128(__m128i *rk, const uint8_t *key) {
    rk[0] = _mm_loadu_si128((const __m128i *)key);
    EXPAND128(rk, 1, 0x01); EXPAND128(rk, 2, 0x02); EXPAND128(rk, 3, 0x04); EXPAND128(rk, 4, 0x08);
    EXPAND128(rk, 5, 0x10); EXPAND128(rk, 6, 0x20); EXPAND128(rk, 7, 0x40); EXPAND128(rk, 8, 0x80);
    EXPAND128(rk, 9, 0x1b); EXPAND128(rk, 10, 0x36);
}

/* Even round keys of AES-256: RotWord/SubWord/Rcon (assist word 3). */
static inline __m128i expand256_even(__m128i k, __m128i assist) {
    return expand128_step(k, assist);
}

/* Odd round keys of AES-256: SubWord only (assist word 2). */
static inline __m128i expand256_odd(__m128i k, __m128i prev_even) {
    __m128i assist = _mm_shuffle_epi32(_mm_aeskeygenassist_si128(prev_even, 0x00), 0xaa);
    k = _mm_xor_si128(k, _mm_slli_si128(k, 4)); /* w0, w0^w1, w1^w2, w2^w3 */
    k = _mm_xor_si128(k, _mm_slli_si128(k, 8)); /* prefix xors w0, w0^w1, w0^w1^w2, ... */
    return _mm_xor_si128(k, assist);
}

#define EXPAND256(rk, i, rcon) do { \
        rk[i] = expand256_even(rk[i - 2], _mm_aeskeygenassist_si128(rk[i - 1], rcon)); \
        if ((i) + 1 <= 14) rk[(i) + 1] = expand256_odd(rk[i - 1], rk[i]); \
    } while (0)

static void expand256(__m128i *rk, const uint8_t *key) {
    rk[0] = _mm_loadu_si128((const __m128i *)key);
    rk[1] = _mm_loadu_si128((const __m128i *)(key + 16));
    EXPAND256(rk, 2, 0x01); EXPAND256(rk, 4, 0x02); EXPAND256(rk, 6, 0x04); EXPAND256(rk, 8, 0x08);
    EXPAND256(rk, 10, 0x10); EXPAND256(rk, 12, 0x20);
    rk[14] = expand256_even(rk[12], _mm_aeskeygenassist_si128(rk[13], 0x40));
}

/* ---- AES encryption of n independent blocks (rounds interleaved) */

static inline __attribute__((always_inline)) void aes_n(const __m128i *rk, unsigned rounds, __m128i *x, int n) {
    _Pragma("GCC unroll 8")
    for (int j = 0; j < n; j++) x[j] = _mm_xor_si128(x[j], rk[0]);
    for (unsigned r = 1; r < rounds; r++) {
        __m128i k = rk[r];
        _Pragma("GCC unroll 8")
        for (int j = 0; j < n; j++) x[j] = _mm_aesenc_si128(x[j], k);
    }
    _Pragma("GCC unroll 8")
    for (int j = 0; j < n; j++) x[j] = _mm_aesenclast_si128(x[j], rk[rounds]);
}

static inline __m128i aes1(const __m128i *rk, unsigned rounds, __m128i x) {
    aes_n(rk, rounds, &x, 1);
    return x;
}

/* ---- GF(2^128) doubling of a big-endian block (RFC 5297 dbl), branch free */

static inline __m128i dbl(__m128i x) {
    uint64_t hi = __builtin_bswap64((uint64_t)_mm_cvtsi128_si64(x));
    uint64_t lo = __builtin_bswap64((uint64_t)_mm_extract_epi64(x, 1));
    uint64_t carry = (uint64_t)0 - (hi >> 63);
    hi = (hi << 1) | (lo >> 63);
    lo = (lo << 1) ^ (carry & 0x87);
    return _mm_set_epi64x((long long)__builtin_bswap64(lo), (long long)__builtin_bswap64(hi));
}

/* ---- keys */

/* CMAC subkeys: L = E(0), K1 = dbl(L), K2 = dbl(K1); sk[0] stays zero (no subkey). */
static inline void subkeys_from(__m128i l, __m128i *sk) {
    sk[0] = _mm_setzero_si128();
    sk[1] = dbl(l);
    sk[2] = dbl(sk[1]);
}

/*
 * Expands the halves a call needs. A context (want_all) also gets the CMAC subkeys and
 * CMAC(0^128); a one-shot key leaves them to s2v, which computes L beside its first chain step.
 */
static int key_setup(siv_key *k, const uint8_t *key, size_t keylen, int want_enc, int want_all) {
    if (keylen == 32) {
        k->rounds = 10;
        expand128(k->mac, key);
        if (want_enc) expand128(k->enc, key + 16);
    } else if (keylen == 64) {
        k->rounds = 14;
        expand256(k->mac, key);
        if (want_enc) expand256(k->enc, key + 32);
    } else {
        return -1;
    }
    k->has_enc = want_enc != 0;
    k->has_d0 = want_all != 0;
    if (want_all) {
        __m128i sk[3];
        subkeys_from(aes1(k->mac, k->rounds, _mm_setzero_si128()), sk);
        k->sub1 = sk[1];
        k->sub2 = sk[2];
        k->d0 = aes1(k->mac, k->rounds, k->sub1); /* CMAC of one complete zero block */
    } else {
        k->sub1 = k->sub2 = k->d0 = _mm_setzero_si128();
    }
    return 0;
}

int ntssiv_init(void *ctx, const uint8_t *key, size_t keylen) {
    siv_key *k = ctx;
    if (key_setup(k, key, keylen, 1, 1) != 0) {
        ntssiv_wipe(k);
        return -1;
    }
    return 0;
}

/* ---- S2V */

/*
 * One CMAC chain: nmem full blocks read from p, then (if has_last) the final block `last`
 * (complete or already padded) xored with subkey number `sub` (1: K1, 2: K2) when consumed.
 */
typedef struct {
    const uint8_t *p;
    size_t nmem;
    size_t has_last;
    unsigned sub;
    __m128i last;
    __m128i x;
} lane;

/*
 * Runs the chains of lanes[0..n), LANES at a time with their rounds interleaved and their
 * ends aligned on the group's last step (so every final block, which needs a subkey, comes
 * last). With need_sub, L = E(0) runs beside step 0 and sk[] is filled from it; sk[] must
 * already hold the subkeys otherwise.
 */
static void run_lanes(const siv_key *k, lane *l, size_t n, __m128i *sk, int need_sub) {
    if (need_sub) {
        size_t steps0 = 0;
        for (size_t j = 0; j < n && j < LANES; j++) {
            size_t t = l[j].nmem + l[j].has_last;
            if (t > steps0) steps0 = t;
        }
        if (n > LANES || steps0 < 2) {
            subkeys_from(aes1(k->mac, k->rounds, _mm_setzero_si128()), sk);
            need_sub = 0;
        }
    }
    for (size_t g = 0; g < n; g += LANES) {
        size_t cnt = n - g < LANES ? n - g : LANES;
        lane *gl = l + g;
        size_t total[LANES] = {0}, start[LANES] = {0}, steps = 0;
        for (size_t j = 0; j < cnt; j++) {
            total[j] = gl[j].nmem + gl[j].has_last;
            if (total[j] > steps) steps = total[j];
        }
        for (size_t j = 0; j < cnt; j++) start[j] = steps - total[j];
        __m128i st[LANES];
        _Pragma("GCC unroll 4")
        for (size_t j = 0; j < LANES; j++) st[j] = _mm_setzero_si128();
        for (size_t s = 0; s < steps; s++) {
            __m128i x[LANES + 1];
            _Pragma("GCC unroll 4")
            for (size_t j = 0; j < LANES; j++) {
                if (j < cnt && s >= start[j]) {
                    size_t b = s - start[j];
                    __m128i m = b < gl[j].nmem ? _mm_loadu_si128((const __m128i *)(gl[j].p + BLOCK * b))
                                               : _mm_xor_si128(gl[j].last, sk[gl[j].sub]);
                    x[j] = _mm_xor_si128(st[j], m);
                } else {
                    x[j] = _mm_setzero_si128(); /* idle lane: its result is discarded */
                }
            }
            if (need_sub) { /* step 0 of the first group: no final block yet (steps >= 2) */
                x[LANES] = _mm_setzero_si128();
                aes_n(k->mac, k->rounds, x, LANES + 1);
                subkeys_from(x[LANES], sk);
                need_sub = 0;
            } else {
                aes_n(k->mac, k->rounds, x, LANES);
            }
            _Pragma("GCC unroll 4")
            for (size_t j = 0; j < LANES; j++) {
                if (j < cnt && s >= start[j]) st[j] = x[j];
            }
        }
        for (size_t j = 0; j < cnt; j++) gl[j].x = st[j];
    }
}

/* The 16-byte block b[0..len) || 0x80 || 0... (len < 16) */
static inline __m128i pad_block(const uint8_t *b, size_t len) {
    uint8_t t[BLOCK];
    memset(t, 0, BLOCK);
    if (len > 0) memcpy(t, b, len);
    t[len] = 0x80;
    __m128i r = _mm_loadu_si128((const __m128i *)t);
    explicit_bzero(t, BLOCK);
    return r;
}

/* Sets up the lane of a whole CMAC over s[0..len). */
static void cmac_lane(lane *l, const uint8_t *s, size_t len) {
    l->x = _mm_setzero_si128();
    l->p = s;
    l->has_last = 1;
    if (len == 0) {
        l->nmem = 0;
        l->last = pad_block(s, 0);
        l->sub = 2;
        return;
    }
    size_t blocks = (len + BLOCK - 1) / BLOCK;
    size_t tail = len - BLOCK * (blocks - 1);
    l->nmem = blocks - 1;
    if (tail == BLOCK) {
        l->last = _mm_loadu_si128((const __m128i *)(s + BLOCK * (blocks - 1)));
        l->sub = 1;
    } else {
        l->last = pad_block(s + BLOCK * (blocks - 1), tail);
        l->sub = 2;
    }
}

/* S2V(K, c[0], ..., c[n-1], p): n <= NTSSIV_MAX_COMPONENTS. */
static __m128i s2v(const siv_key *k, size_t n, const uint8_t *const *c, const size_t *cl, const uint8_t *p, size_t plen) {
    lane l[NTSSIV_MAX_COMPONENTS + 2];
    __m128i sk[3] = {_mm_setzero_si128(), k->sub1, k->sub2};
    size_t nl = 0;
    for (size_t i = 0; i < n; i++) cmac_lane(&l[nl++], c[i], cl[i]);
    size_t d0_lane = nl, p_lane = nl;
    if (!k->has_d0) {
        /* CMAC(0^128): one complete zero block, xored with K1 */
        l[nl] = (lane){.p = NULL, .nmem = 0, .has_last = 1, .sub = 1, .last = _mm_setzero_si128(), .x = _mm_setzero_si128()};
        p_lane = ++nl;
    }
    size_t prefix = plen >= BLOCK ? (plen - BLOCK) / BLOCK : 0; /* plaintext blocks untouched by xorend */
    if (prefix > 0) l[nl++] = (lane){.p = p, .nmem = prefix, .has_last = 0, .sub = 0, .last = _mm_setzero_si128(),
                                    .x = _mm_setzero_si128()};
    if (nl > 0) run_lanes(k, l, nl, sk, !k->has_d0);
    else if (!k->has_d0) subkeys_from(aes1(k->mac, k->rounds, _mm_setzero_si128()), sk);

    __m128i d = k->has_d0 ? k->d0 : l[d0_lane].x;
    for (size_t i = 0; i < n; i++) d = _mm_xor_si128(dbl(d), l[i].x);

    __m128i v;
    if (plen >= BLOCK) {
        /* CMAC(p xorend D): the prefix chain continues over the last 16..31 bytes */
        __m128i x = prefix > 0 ? l[p_lane].x : _mm_setzero_si128();
        size_t tl = plen - BLOCK * prefix;
        uint8_t t[2 * BLOCK];
        memset(t, 0, sizeof t);
        memcpy(t, p + BLOCK * prefix, tl);
        __m128i e = _mm_loadu_si128((const __m128i *)(t + tl - BLOCK));
        _mm_storeu_si128((__m128i *)(t + tl - BLOCK), _mm_xor_si128(e, d));
        __m128i b0 = _mm_loadu_si128((const __m128i *)t);
        if (tl == BLOCK) {
            v = aes1(k->mac, k->rounds, _mm_xor_si128(_mm_xor_si128(x, b0), sk[1]));
        } else {
            t[tl] = 0x80;
            __m128i b1 = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(t + BLOCK)), sk[2]);
            x = aes1(k->mac, k->rounds, _mm_xor_si128(x, b0));
            v = aes1(k->mac, k->rounds, _mm_xor_si128(x, b1));
        }
        explicit_bzero(t, sizeof t);
    } else {
        __m128i t = _mm_xor_si128(dbl(d), pad_block(p, plen));
        v = aes1(k->mac, k->rounds, _mm_xor_si128(t, sk[1]));
    }
    explicit_bzero(l, nl * sizeof l[0]);
    explicit_bzero(sk, sizeof sk);
    return v;
}

/* ---- CTR (RFC 5297 2.5: Q = V with bits 63 and 31 cleared, 128-bit big-endian counter) */

static void ctr(const siv_key *k, __m128i v, const uint8_t *in, uint8_t *out, size_t len) {
    const __m128i clear = _mm_set_epi8(-1, -1, -1, 0x7f, -1, -1, -1, 0x7f, -1, -1, -1, -1, -1, -1, -1, -1);
    __m128i q = _mm_and_si128(v, clear);
    /* The low 64 bits start below 2^63 (bit 63 cleared), so the counter never carries into the high ones. */
    uint64_t hi = (uint64_t)_mm_cvtsi128_si64(q); /* bytes 0..7 as they are (not byte swapped) */
    uint64_t lo = __builtin_bswap64((uint64_t)_mm_extract_epi64(q, 1));
    size_t off = 0;
    while (len - off >= CTR_WIDTH * BLOCK) {
        __m128i x[CTR_WIDTH];
        _Pragma("GCC unroll 8")
        for (int j = 0; j < CTR_WIDTH; j++) x[j] = _mm_set_epi64x((long long)__builtin_bswap64(lo + (uint64_t)j), (long long)hi);
        lo += CTR_WIDTH;
        aes_n(k->enc, k->rounds, x, CTR_WIDTH);
        _Pragma("GCC unroll 8")
        for (int j = 0; j < CTR_WIDTH; j++) {
            __m128i m = _mm_loadu_si128((const __m128i *)(in + off + BLOCK * j));
            _mm_storeu_si128((__m128i *)(out + off + BLOCK * j), _mm_xor_si128(m, x[j]));
        }
        off += CTR_WIDTH * BLOCK;
    }
    size_t rest = len - off;
    if (rest == 0) return;
    size_t blocks = (rest + BLOCK - 1) / BLOCK;
    __m128i x[CTR_WIDTH];
    for (size_t j = 0; j < CTR_WIDTH; j++) x[j] = _mm_set_epi64x((long long)__builtin_bswap64(lo + (uint64_t)j), (long long)hi);
    if (blocks <= 4) aes_n(k->enc, k->rounds, x, 4);
    else aes_n(k->enc, k->rounds, x, CTR_WIDTH);
    size_t full = rest / BLOCK;
    for (size_t j = 0; j < full; j++) {
        __m128i m = _mm_loadu_si128((const __m128i *)(in + off + BLOCK * j));
        _mm_storeu_si128((__m128i *)(out + off + BLOCK * j), _mm_xor_si128(m, x[j]));
    }
    size_t part = rest - BLOCK * full;
    if (part > 0) {
        uint8_t t[BLOCK];
        memset(t, 0, BLOCK);
        memcpy(t, in + off + BLOCK * full, part);
        _mm_storeu_si128((__m128i *)t, _mm_xor_si128(_mm_loadu_si128((const __m128i *)t), x[full]));
        memcpy(out + off + BLOCK * full, t, part);
        explicit_bzero(t, BLOCK);
    }
    explicit_bzero(x, sizeof x);
}

/* ---- seal / open */

static long seal_with(const siv_key *k, size_t n, const uint8_t *const *c, const size_t *cl,
                      const uint8_t *pt, size_t ptlen, uint8_t *out) {
    __m128i v = s2v(k, n, c, cl, pt, ptlen);
    ctr(k, v, pt, out + BLOCK, ptlen);
    _mm_storeu_si128((__m128i *)out, v);
    return (long)(BLOCK + ptlen);
}

static long open_with(const siv_key *k, size_t n, const uint8_t *const *c, const size_t *cl,
                      const uint8_t *ct, size_t ctlen, uint8_t *out) {
    size_t ptlen = ctlen - BLOCK;
    __m128i v = _mm_loadu_si128((const __m128i *)ct);
    ctr(k, v, ct + BLOCK, out, ptlen);
    __m128i t = s2v(k, n, c, cl, out, ptlen);
    __m128i diff = _mm_xor_si128(t, v);
    int ok = _mm_testz_si128(diff, diff); /* all 16 bytes at once: no early exit */
    if (!ok) {
        memset(out, 0, ptlen);
        return -1;
    }
    return (long)ptlen;
}

/* The key of a call: the context, or the raw key expanded into *tmp (halves as needed). */
static const siv_key *call_key(const void *ctx, const uint8_t *key, size_t keyoff, size_t keylen, int need_enc,
                               siv_key *tmp) {
    if (ctx != NULL) return ctx;
    if (key == NULL || key_setup(tmp, key + keyoff, keylen, need_enc, 0) != 0) return NULL;
    return tmp;
}

static size_t ad_nonce(int flags, const uint8_t *ad, size_t adlen, const uint8_t *nonce, size_t noncelen,
                       const uint8_t **c, size_t *cl) {
    size_t n = 0;
    if (flags & NTSSIV_AD) { c[n] = ad; cl[n] = adlen; n++; }
    if (flags & NTSSIV_NONCE) { c[n] = nonce; cl[n] = noncelen; n++; }
    return n;
}

long ntssiv_seal(const void *ctx, const uint8_t *key, size_t keyoff, size_t keylen, int flags,
                 const uint8_t *ad, size_t adoff, size_t adlen,
                 const uint8_t *nonce, size_t nonceoff, size_t noncelen,
                 const uint8_t *pt, size_t ptoff, size_t ptlen, uint8_t *out, size_t outoff) {
    siv_key tmp;
    const siv_key *k = call_key(ctx, key, keyoff, keylen, ptlen > 0, &tmp);
    long r = -1;
    if (k != NULL) {
        const uint8_t *c[2];
        size_t cl[2];
        size_t n = ad_nonce(flags, ad + (ad ? adoff : 0), adlen, nonce + (nonce ? nonceoff : 0), noncelen, c, cl);
        r = seal_with(k, n, c, cl, pt + (pt ? ptoff : 0), ptlen, out + outoff);
    }
    if (ctx == NULL) explicit_bzero(&tmp, sizeof tmp);
    return r;
}

long ntssiv_open(const void *ctx, const uint8_t *key, size_t keyoff, size_t keylen, int flags,
                 const uint8_t *ad, size_t adoff, size_t adlen,
                 const uint8_t *nonce, size_t nonceoff, size_t noncelen,
                 const uint8_t *ct, size_t ctoff, size_t ctlen, uint8_t *out, size_t outoff) {
    if (ctlen < BLOCK) return -1;
    siv_key tmp;
    const siv_key *k = call_key(ctx, key, keyoff, keylen, ctlen > BLOCK, &tmp);
    long r = -1;
    if (k != NULL) {
        const uint8_t *c[2];
        size_t cl[2];
        size_t n = ad_nonce(flags, ad + (ad ? adoff : 0), adlen, nonce + (nonce ? nonceoff : 0), noncelen, c, cl);
        r = open_with(k, n, c, cl, ct + ctoff, ctlen, out + (out ? outoff : 0));
    }
    if (ctx == NULL) explicit_bzero(&tmp, sizeof tmp);
    return r;
}

/*
 * count seals under one context key of the same plaintext, each with components [AD if
 * NTSSIV_AD (the same AD for all), nonce i if NTSSIV_NONCE]: the cookies of one response. The
 * shared chains (AD, plaintext prefix) run once, the nonce chains, the S2V tails and the CTR
 * blocks of all seals interleave.
 */
#define MANY 8
static void seal_group(const siv_key *k, size_t count, int flags, const uint8_t *ad, size_t adlen,
                       const uint8_t *nonces, size_t noncelen, size_t nonce_stride,
                       const uint8_t *pt, size_t ptlen, uint8_t *out, size_t out_stride) {
    lane l[2 + MANY];
    __m128i sk[3] = {_mm_setzero_si128(), k->sub1, k->sub2};
    size_t nl = 0, ad_lane = 0, p_lane = 0, n_lane = 0;
    if (flags & NTSSIV_AD) { ad_lane = nl; cmac_lane(&l[nl++], ad, adlen); }
    size_t prefix = ptlen >= BLOCK ? (ptlen - BLOCK) / BLOCK : 0;
    if (prefix > 0) {
        p_lane = nl;
        l[nl++] = (lane){.p = pt, .nmem = prefix, .has_last = 0, .sub = 0, .last = _mm_setzero_si128(), .x = _mm_setzero_si128()};
    }
    n_lane = nl;
    if (flags & NTSSIV_NONCE) {
        for (size_t i = 0; i < count; i++) cmac_lane(&l[nl++], nonces + i * nonce_stride, noncelen);
    }
    if (nl > 0) run_lanes(k, l, nl, sk, 0);
    __m128i d = k->d0;
    if (flags & NTSSIV_AD) d = _mm_xor_si128(dbl(d), l[ad_lane].x);
    __m128i x[MANY], dd[MANY];
    for (size_t i = 0; i < count; i++) dd[i] = (flags & NTSSIV_NONCE) ? _mm_xor_si128(dbl(d), l[n_lane + i].x) : d;

    /* the S2V tails, all seals side by side */
    uint8_t t[MANY][2 * BLOCK];
    size_t tl = ptlen >= BLOCK ? ptlen - BLOCK * prefix : ptlen;
    for (size_t i = 0; i < count; i++) {
        memset(t[i], 0, sizeof t[i]);
        if (ptlen >= BLOCK) {
            memcpy(t[i], pt + BLOCK * prefix, tl);
            __m128i e = _mm_loadu_si128((const __m128i *)(t[i] + tl - BLOCK));
            _mm_storeu_si128((__m128i *)(t[i] + tl - BLOCK), _mm_xor_si128(e, dd[i]));
            x[i] = _mm_loadu_si128((const __m128i *)t[i]);
            if (prefix > 0) x[i] = _mm_xor_si128(x[i], l[p_lane].x);
            if (tl == BLOCK) x[i] = _mm_xor_si128(x[i], sk[1]);
            else t[i][tl] = 0x80;
        } else {
            x[i] = _mm_xor_si128(_mm_xor_si128(dbl(dd[i]), pad_block(pt, ptlen)), sk[1]);
        }
    }
    for (size_t i = count; i < MANY; i++) x[i] = _mm_setzero_si128();
    aes_n(k->mac, k->rounds, x, MANY);
    if (ptlen >= BLOCK && tl > BLOCK) {
        for (size_t i = 0; i < count; i++) {
            x[i] = _mm_xor_si128(x[i], _mm_xor_si128(_mm_loadu_si128((const __m128i *)(t[i] + BLOCK)), sk[2]));
        }
        aes_n(k->mac, k->rounds, x, MANY);
    }
    explicit_bzero(t, sizeof t);

    /* CTR: the blocks of all seals, MANY at a time */
    const __m128i clear = _mm_set_epi8(-1, -1, -1, 0x7f, -1, -1, -1, 0x7f, -1, -1, -1, -1, -1, -1, -1, -1);
    size_t blocks = (ptlen + BLOCK - 1) / BLOCK, total = blocks * count, done = 0;
    uint64_t hi[MANY], lo[MANY];
    for (size_t i = 0; i < count; i++) {
        _mm_storeu_si128((__m128i *)(out + i * out_stride), x[i]);
        __m128i q = _mm_and_si128(x[i], clear);
        hi[i] = (uint64_t)_mm_cvtsi128_si64(q);
        lo[i] = __builtin_bswap64((uint64_t)_mm_extract_epi64(q, 1));
    }
    while (done < total) {
        size_t m = total - done < MANY ? total - done : MANY;
        __m128i ks[MANY];
        _Pragma("GCC unroll 8")
        for (size_t j = 0; j < MANY; j++) {
            size_t f = done + (j < m ? j : 0), i = f / blocks, b = f % blocks;
            ks[j] = _mm_set_epi64x((long long)__builtin_bswap64(lo[i] + b), (long long)hi[i]);
        }
        aes_n(k->enc, k->rounds, ks, MANY);
        for (size_t j = 0; j < m; j++) {
            size_t f = done + j, i = f / blocks, b = f % blocks;
            uint8_t *o = out + i * out_stride + BLOCK + BLOCK * b;
            size_t len = ptlen - BLOCK * b < BLOCK ? ptlen - BLOCK * b : BLOCK;
            if (len == BLOCK) {
                _mm_storeu_si128((__m128i *)o, _mm_xor_si128(_mm_loadu_si128((const __m128i *)(pt + BLOCK * b)), ks[j]));
            } else {
                uint8_t u[BLOCK];
                memset(u, 0, BLOCK);
                memcpy(u, pt + BLOCK * b, len);
                _mm_storeu_si128((__m128i *)u, _mm_xor_si128(_mm_loadu_si128((const __m128i *)u), ks[j]));
                memcpy(o, u, len);
                explicit_bzero(u, BLOCK);
            }
        }
        done += m;
        explicit_bzero(ks, sizeof ks);
    }
    explicit_bzero(l, nl * sizeof l[0]);
    explicit_bzero(dd, sizeof dd);
    explicit_bzero(x, sizeof x);
}

long ntssiv_seal_many(const void *ctx, size_t count, int flags, const uint8_t *ad, size_t adoff, size_t adlen,
                      const uint8_t *nonces, size_t nonceoff, size_t noncelen, size_t nonce_stride,
                      const uint8_t *pt, size_t ptoff, size_t ptlen, uint8_t *out, size_t outoff, size_t out_stride) {
    const siv_key *k = ctx;
    if (k == NULL || !k->has_d0) return -1;
    const uint8_t *a = ad ? ad + adoff : NULL, *n = nonces ? nonces + nonceoff : NULL, *p = pt ? pt + ptoff : NULL;
    for (size_t i = 0; i < count; i += MANY) {
        size_t c = count - i < MANY ? count - i : MANY;
        seal_group(k, c, flags, a, adlen, n ? n + i * nonce_stride : NULL, noncelen, nonce_stride, p, ptlen,
                   out + outoff + i * out_stride, out_stride);
    }
    return (long)count;
}

static size_t split(size_t n, const uint64_t *lens, const uint8_t *data, const uint8_t **c, size_t *cl) {
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        c[i] = data + at;
        cl[i] = (size_t)lens[i];
        at += (size_t)lens[i];
    }
    return n;
}

long ntssiv_seal_components(const void *ctx, size_t n, const uint64_t *lens, const uint8_t *data,
                            const uint8_t *pt, size_t ptlen, uint8_t *out) {
    if (n > NTSSIV_MAX_COMPONENTS) return -1;
    const uint8_t *c[NTSSIV_MAX_COMPONENTS];
    size_t cl[NTSSIV_MAX_COMPONENTS];
    return seal_with(ctx, split(n, lens, data, c, cl), c, cl, pt, ptlen, out);
}

long ntssiv_open_components(const void *ctx, size_t n, const uint64_t *lens, const uint8_t *data,
                            const uint8_t *ct, size_t ctlen, uint8_t *out) {
    if (n > NTSSIV_MAX_COMPONENTS || ctlen < BLOCK) return -1;
    const uint8_t *c[NTSSIV_MAX_COMPONENTS];
    size_t cl[NTSSIV_MAX_COMPONENTS];
    return open_with(ctx, split(n, lens, data, c, cl), c, cl, ct, ctlen, out);
}
