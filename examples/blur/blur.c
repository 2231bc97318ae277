/*
 * blur — a Gaussian image filter as a cu1 worker, for the browser demo
 * (examples/blur/index.html).
 *
 * Message (kind 1): a 12-byte header of three little-endian uint32 — width,
 * height, radius (1..64) — followed by width * height RGBA pixels (4 bytes
 * each, as in ImageData). Reply (kind 1): the same header and the blurred
 * pixels. Anything else gets {"error":"..."}.
 *
 * The filter is separable: a horizontal then a vertical pass with a kernel of
 * 2 * radius + 1 taps (sigma = radius / 2), in 16.16 fixed point with edge
 * pixels repeated, so its cost grows with the radius and its result is the
 * same bytes on every host.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER_BYTES 12
#define MAX_RADIUS 64

__attribute__((import_module("cu"), import_name("post_message")))
extern void cu_post_message(const void *ptr, int32_t len, int32_t kind);

__attribute__((export_name("cu_alloc")))
void *cu_alloc(int32_t len)
{
    if (len < 0) {
        abort();
    }
    return malloc(len > 0 ? (size_t)len : 1);
}

static void post_error(const char *message)
{
    char out[160];
    int len = snprintf(out, sizeof out, "{\"error\":\"%s\"}", message);
    cu_post_message(out, len, 0);
}

static uint32_t read_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Integer weights summing to exactly 65536, so a flat image stays flat. */
static void make_kernel(int radius, int32_t *weights)
{
    double sigma = radius / 2.0, sum = 0.0, w[2 * MAX_RADIUS + 1];
    for (int i = -radius; i <= radius; i++) {
        w[i + radius] = exp(-(double)(i * i) / (2.0 * sigma * sigma));
        sum += w[i + radius];
    }
    int32_t total = 0;
    for (int i = 0; i < 2 * radius + 1; i++) {
        weights[i] = (int32_t)(w[i] / sum * 65536.0);
        total += weights[i];
    }
    weights[radius] += 65536 - total;
}

/* One pass along rows (step 4 bytes, stride = a row) or columns (the reverse). */
static void pass(const uint8_t *in, uint8_t *out, int lines, int length, size_t line_stride,
                 size_t pixel_stride, int radius, const int32_t *weights)
{
    for (int l = 0; l < lines; l++) {
        const uint8_t *src = in + (size_t)l * line_stride;
        uint8_t *dst = out + (size_t)l * line_stride;
        for (int p = 0; p < length; p++) {
            uint32_t acc[4] = {32768, 32768, 32768, 32768};
            for (int k = -radius; k <= radius; k++) {
                int q = p + k < 0 ? 0 : (p + k >= length ? length - 1 : p + k);
                const uint8_t *px = src + (size_t)q * pixel_stride;
                uint32_t w = (uint32_t)weights[k + radius];
                acc[0] += px[0] * w;
                acc[1] += px[1] * w;
                acc[2] += px[2] * w;
                acc[3] += px[3] * w;
            }
            uint8_t *o = dst + (size_t)p * pixel_stride;
            for (int c = 0; c < 4; c++) {
                o[c] = (uint8_t)(acc[c] >> 16);
            }
        }
    }
}

static void handle(const uint8_t *data, size_t len, int kind)
{
    if (kind != 1 || len < HEADER_BYTES) {
        post_error("send a binary message: width, height, radius (uint32 LE), then RGBA pixels");
        return;
    }
    uint32_t width = read_u32(data), height = read_u32(data + 4), radius = read_u32(data + 8);
    if (width == 0 || height == 0 || width > 8192 || height > 8192 ||
        (size_t)width * height * 4 != len - HEADER_BYTES) {
        post_error("the pixel data must be width * height * 4 bytes (width, height 1..8192)");
        return;
    }
    if (radius < 1 || radius > MAX_RADIUS) {
        post_error("radius must be 1..64");
        return;
    }
    size_t pixels = (size_t)width * height * 4;
    uint8_t *out = malloc(HEADER_BYTES + pixels);
    uint8_t *tmp = malloc(pixels);
    if (out == NULL || tmp == NULL) {
        free(out);
        free(tmp);
        post_error("out of memory");
        return;
    }
    int32_t weights[2 * MAX_RADIUS + 1];
    make_kernel((int)radius, weights);
    memcpy(out, data, HEADER_BYTES);
    pass(data + HEADER_BYTES, tmp, (int)height, (int)width, (size_t)width * 4, 4, (int)radius, weights);
    pass(tmp, out + HEADER_BYTES, (int)width, (int)height, 4, (size_t)width * 4, (int)radius, weights);
    cu_post_message(out, (int32_t)(HEADER_BYTES + pixels), 1);
    free(tmp);
    free(out);
}

__attribute__((export_name("cu_on_message")))
void cu_on_message(void *ptr, int32_t len, int32_t kind)
{
    handle((const uint8_t *)ptr, (size_t)len, kind);
    free(ptr);
}
