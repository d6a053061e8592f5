/*
 * libntssiv: AES-SIV (RFC 5297: AES-CMAC S2V + AES-CTR) on AES-NI for the ntsbox software
 * NTS datapath, AEAD_AES_SIV_CMAC_256 (32-byte key, AES-128 halves) and _512 (64-byte key,
 * AES-256 halves). Output is V (16) || ciphertext. Constant time: AES-NI only (no tables), no
 * branch or memory index depending on key or data, tag compared without early exit. Lengths
 * and component counts are public.
 *
 * Call ntssiv_cpu_supported() first: every other function executes AES-NI / SSE4.1
 * instructions and faults on a CPU without them.
 *
 * A key is either expanded once into a caller-owned context (ntssiv_init, for keys used many
 * times, e.g. a cookie master key) or passed raw to each call (ctx NULL: expanded on the
 * stack, only the halves the call needs, and zeroed before return; for per-request keys).
 */
#ifndef NTSSIV_H
#define NTSSIV_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* S2V component flags of ntssiv_seal / ntssiv_open: which of [AD, nonce] are fed. */
#define NTSSIV_AD    1 /* the AD is a component (an empty AD still counts, RFC 5297 2.4) */
#define NTSSIV_NONCE 2 /* the nonce is a component */

/* Most S2V components before the plaintext (RFC 5297 2.4: 127 strings in all). */
#define NTSSIV_MAX_COMPONENTS 126

/* 1 when this CPU has AES-NI, SSSE3 and SSE4.1, else 0. */
int ntssiv_cpu_supported(void);

/* Size and alignment (16) of an expanded-key context. */
size_t ntssiv_ctx_bytes(void);

/* Expands key (32 or 64 bytes) into ctx; 0, or -1 for another length (ctx then zeroed). */
int ntssiv_init(void *ctx, const uint8_t *key, size_t keylen);

/* Zeroes a context. */
void ntssiv_wipe(void *ctx);

/*
 * Seals pt[ptoff, ptoff+ptlen) with S2V components [AD if flags & NTSSIV_AD, nonce if flags &
 * NTSSIV_NONCE], writing 16 + ptlen bytes at out + outoff (must not overlap the inputs).
 * Key: ctx, or when ctx is NULL the raw key[keyoff, keyoff+keylen). Returns 16 + ptlen, or -1
 * for a bad key length. Offsets let the caller pass array bases (e.g. Java heap arrays).
 */
long ntssiv_seal(const void *ctx, const uint8_t *key, size_t keyoff, size_t keylen, int flags,
                 const uint8_t *ad, size_t adoff, size_t adlen,
                 const uint8_t *nonce, size_t nonceoff, size_t noncelen,
                 const uint8_t *pt, size_t ptoff, size_t ptlen, uint8_t *out, size_t outoff);

/*
 * Opens ct[ctoff, ctoff+ctlen) = V || C as above, writing ctlen - 16 bytes at out + outoff.
 * Returns ctlen - 16, or -1 when ctlen < 16, the key length is bad or the tag does not verify
 * (the output is then zeroed).
 */
long ntssiv_open(const void *ctx, const uint8_t *key, size_t keyoff, size_t keylen, int flags,
                 const uint8_t *ad, size_t adoff, size_t adlen,
                 const uint8_t *nonce, size_t nonceoff, size_t noncelen,
                 const uint8_t *ct, size_t ctoff, size_t ctlen, uint8_t *out, size_t outoff);

/*
 * count seals under the context key (ctx required) of the same plaintext pt[ptoff, +ptlen),
 * seal i with components [AD (the same for all) if flags & NTSSIV_AD, nonce i at nonces +
 * nonceoff + i * nonce_stride if flags & NTSSIV_NONCE], written at out + outoff + i *
 * out_stride (16 + ptlen bytes; no overlap with any input). The cookies of one NTS response.
 * Returns count, or -1 without a context.
 */
long ntssiv_seal_many(const void *ctx, size_t count, int flags, const uint8_t *ad, size_t adoff, size_t adlen,
                      const uint8_t *nonces, size_t nonceoff, size_t noncelen, size_t nonce_stride,
                      const uint8_t *pt, size_t ptoff, size_t ptlen, uint8_t *out, size_t outoff, size_t out_stride);

/*
 * General S2V: n components (n <= NTSSIV_MAX_COMPONENTS) of lengths lens[0..n) stored one
 * after the other in data. Seal: returns 16 + ptlen; open: ptlen, or -1 as ntssiv_open.
 */
long ntssiv_seal_components(const void *ctx, size_t n, const uint64_t *lens, const uint8_t *data,
                            const uint8_t *pt, size_t ptlen, uint8_t *out);
long ntssiv_open_components(const void *ctx, size_t n, const uint64_t *lens, const uint8_t *data,
                            const uint8_t *ct, size_t ctlen, uint8_t *out);

#ifdef __cplusplus
}
#endif
#endif
