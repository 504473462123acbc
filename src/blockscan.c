/* blockscan.c - the byte-pair tables of the block scan (blockscan.h). */
#include "blockscan.h"

#include <string.h>

/* The tables of a set given by key: its ASCII characters (words 0, 1 of its bitmap),
 * then its 3-byte characters by second byte (key[2 + (second & 0x3F)]: the third
 * bytes & 0x3F).  Characters with the same second byte go to one bucket, each group
 * (most third bytes first) where it adds the fewest byte pairs to the superset. */
void fz_block_pairs_build(const uint64_t key[66], fz_block_pairs *out) {
    const uint64_t *third = key + 2;
    int order[64], ng = 0;
    for (int g = 0; g < 64; g++)
        if (third[g]) order[ng++] = g;
    for (int a = 1; a < ng; a++) /* most third bytes first (stable) */
        for (int b = a; b > 0 && __builtin_popcountll(third[order[b]]) >
                                     __builtin_popcountll(third[order[b - 1]]);
             b--) {
            int x = order[b];
            order[b] = order[b - 1], order[b - 1] = x;
        }
    unsigned lo2[8] = {0}, hi2[8] = {0}, lo3[8] = {0}, hi3[8] = {0}; /* nibble sets */
    memset(out, 0, sizeof *out);
    for (int c = 0; c < 128; c++)
        if ((key[c >> 6] >> (c & 63)) & 1) out->lo1[c & 15] |= (uint8_t)(1u << (c >> 4));
    for (int h = 0; h < 8; h++) out->hi1[h] = (uint8_t)(1u << h);
    for (int a = 0; a < ng; a++) {
        int g = order[a];
        unsigned glo3 = 0, ghi3 = 0;
        for (int t = 0; t < 64; t++)
            if ((third[g] >> t) & 1) glo3 |= 1u << (t & 15), ghi3 |= 1u << (8 + (t >> 4));
        unsigned glo2 = 1u << (g & 15), ghi2 = 1u << (8 + (g >> 4));
        int best = 0;
        long best_cost = -1;
        for (int k = 0; k < 8; k++) {
            long before = (long)__builtin_popcount(lo2[k]) * __builtin_popcount(hi2[k]) *
                          __builtin_popcount(lo3[k]) * __builtin_popcount(hi3[k]);
            long after = (long)__builtin_popcount(lo2[k] | glo2) *
                         __builtin_popcount(hi2[k] | ghi2) * __builtin_popcount(lo3[k] | glo3) *
                         __builtin_popcount(hi3[k] | ghi3);
            if (best_cost < 0 || after - before < best_cost) best_cost = after - before, best = k;
        }
        lo2[best] |= glo2, hi2[best] |= ghi2, lo3[best] |= glo3, hi3[best] |= ghi3;
    }
    for (int k = 0; k < 8; k++)
        for (int nib = 0; nib < 16; nib++) {
            if ((lo2[k] >> nib) & 1) out->lo2[nib] |= (uint8_t)(1u << k);
            if ((hi2[k] >> nib) & 1) out->hi2[nib] |= (uint8_t)(1u << k);
            if ((lo3[k] >> nib) & 1) out->lo3[nib] |= (uint8_t)(1u << k);
            if ((hi3[k] >> nib) & 1) out->hi3[nib] |= (uint8_t)(1u << k);
        }
}

bool fz_block_scan_ok(void) {
#ifdef FZ_HAVE_BLOCKS
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi");
#else
    return false;
#endif
}
