/*
 * blur — a separable integer Gaussian (binomial weights, radius 8) over a 1024×1024 RGBA image, 4 passes.
 * Exact integer arithmetic in plain loops over 16-bit lanes: clang (-msimd128) and gcc (SSE2) both
 * vectorise the row and column passes, and any order gives the same bytes.
 */
#include "kernels.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define W 1024
#define H 1024
#define R 8
#define PASSES 4

/* Binomial row 16 (C(16,k)), sum 65536: a Gaussian of sigma 2. */
static const uint32_t weights[2 * R + 1] = {
    1, 16, 120, 560, 1820, 4368, 8008, 11440, 12870, 11440, 8008, 4368, 1820, 560, 120, 16, 1,
};

static inline int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Horizontal pass: src → dst, edges clamped. Channels interleaved: 4 bytes per pixel. */
static void blur_rows(const uint8_t *restrict src, uint8_t *restrict dst)
{
    uint32_t acc[W * 4];
    for (int y = 0; y < H; y++) {
        const uint8_t *row = src + (size_t)y * W * 4;
        for (int i = 0; i < W * 4; i++) acc[i] = 32768;
        for (int k = -R; k <= R; k++) {
            uint32_t w = weights[k + R];
            /* interior without clamping (vectorisable), then the two edges */
            int lo = clampi(-k, 0, W), hi = clampi(W - k, 0, W);
            for (int x = 0; x < lo; x++)
                for (int c = 0; c < 4; c++) acc[x * 4 + c] += w * row[c];
            for (int i = lo * 4; i < hi * 4; i++) acc[i] += w * row[i + k * 4];
            for (int x = hi; x < W; x++)
                for (int c = 0; c < 4; c++) acc[x * 4 + c] += w * row[(W - 1) * 4 + c];
        }
        uint8_t *out = dst + (size_t)y * W * 4;
        for (int i = 0; i < W * 4; i++) out[i] = (uint8_t)(acc[i] >> 16);
    }
}

/* Vertical pass: src → dst, edges clamped; whole rows at a time (vectorisable). */
static void blur_columns(const uint8_t *restrict src, uint8_t *restrict dst)
{
    uint32_t acc[W * 4];
    for (int y = 0; y < H; y++) {
        for (int i = 0; i < W * 4; i++) acc[i] = 32768;
        for (int k = -R; k <= R; k++) {
            uint32_t w = weights[k + R];
            const uint8_t *row = src + (size_t)clampi(y + k, 0, H - 1) * W * 4;
            for (int i = 0; i < W * 4; i++) acc[i] += w * row[i];
        }
        uint8_t *out = dst + (size_t)y * W * 4;
        for (int i = 0; i < W * 4; i++) out[i] = (uint8_t)(acc[i] >> 16);
    }
}

int kernel_blur(char *out, size_t out_len)
{
    size_t bytes = (size_t)W * H * 4;
    uint8_t *image = malloc(bytes), *scratch = malloc(bytes);
    if (image == NULL || scratch == NULL) {
        free(image);
        free(scratch);
        return -2;
    }
    uint64_t state = 0x9e3779b97f4a7c15ull;
    for (size_t i = 0; i < bytes; i++) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        image[i] = (uint8_t)(state >> 56);
    }
    for (int pass = 0; pass < PASSES; pass++) {
        blur_rows(image, scratch);
        blur_columns(scratch, image);
    }
    uint64_t sum = 0;
    for (size_t i = 0; i < bytes; i++) sum += image[i];
    snprintf(out, out_len, "kernel=blur size=%dx%d radius=%d passes=%d checksum=%" PRIu64 " hash=%016" PRIx64,
             W, H, R, PASSES, sum, kernel_fnv(image, bytes, KERNEL_FNV_SEED));
    free(image);
    free(scratch);
    return 0;
}
