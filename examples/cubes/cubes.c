/*
 * cubes — the rigid-sphere physics of spheres_core as a cu1 worker for the
 * browser demo (examples/cubes/index.html): it steps the system in batches
 * and answers with the positions to draw.
 *
 * Message (kind 0): a JSON object with optional non-negative integer members
 *   "n"      reset to a new system of n spheres (1..SPHERES_MAX_N), seeded
 *   "seed"   with "seed" (default 1)
 *   "steps"  steps to advance (default 0)
 *   "hash"   when non-zero, answer with the exact state instead of positions
 * A system of 1000 spheres is created on first use when "n" is missing.
 *
 * Reply: kind 1, the positions as 3n little-endian float32 (x y z per sphere,
 * unit box, gravity along -z); with "hash": kind 0
 *   {"n":1000,"steps":300,"checksum":2128.088170588,"hash":"7dfec275be675cac"}
 * Bad input gets {"error":"..."}.
 */
#include "../spheres/spheres_core.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((import_module("cu"), import_name("post_message")))
extern void cu_post_message(const void *ptr, int32_t len, int32_t kind);

static spheres_t *sim;
static float *positions;
static int positions_n;

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

/* Reads the integer member `key` of a flat JSON object; 1 found, 0 absent,
   -1 present but not a non-negative integer. Keys inside nested values or
   strings are skipped: the scan tracks string and nesting state. */
static int member(const char *text, size_t len, const char *key, long long *out)
{
    size_t key_len = strlen(key);
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = text[i];
        if (ch == '{' || ch == '[') {
            depth++;
        } else if (ch == '}' || ch == ']') {
            depth--;
        } else if (ch == '"') {
            size_t start = ++i;
            while (i < len && text[i] != '"') {
                i += text[i] == '\\' ? 2 : 1;
            }
            if (i >= len) {
                return 0;
            }
            size_t j = i + 1;
            while (j < len && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r')) {
                j++;
            }
            int is_key = j < len && text[j] == ':';
            if (!is_key || depth != 1 || i - start != key_len || memcmp(text + start, key, key_len) != 0) {
                continue;
            }
            j++;
            while (j < len && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r')) {
                j++;
            }
            long long v = 0;
            size_t digits = 0;
            while (j < len && text[j] >= '0' && text[j] <= '9' && digits < 13) {
                v = v * 10 + (text[j++] - '0');
                digits++;
            }
            if (digits == 0 || (j < len && text[j] >= '0' && text[j] <= '9') ||
                (j < len && (text[j] == '.' || text[j] == 'e' || text[j] == 'E'))) {
                return -1;
            }
            *out = v;
            return 1;
        }
    }
    return 0;
}

static void post_state(void)
{
    char out[200];
    int len = snprintf(out, sizeof out,
                       "{\"n\":%d,\"steps\":%" PRId64 ",\"checksum\":%.9f,\"hash\":\"%016" PRIx64 "\"}",
                       spheres_count(sim), spheres_steps_done(sim), spheres_checksum(sim),
                       spheres_hash(sim));
    cu_post_message(out, len, 0);
}

static void post_positions(void)
{
    int n = spheres_count(sim);
    if (positions_n != n) {
        free(positions);
        positions = malloc(sizeof(float) * 3 * (size_t)n);
        positions_n = positions ? n : 0;
        if (positions == NULL) {
            post_error("out of memory");
            return;
        }
    }
    spheres_positions_f32(sim, positions);
    cu_post_message(positions, (int32_t)(sizeof(float) * 3 * (size_t)n), 1);
}

static void handle(const char *text, size_t len, int kind)
{
    long long n = SPHERES_DEFAULT_N, seed = SPHERES_DEFAULT_SEED, steps = 0, hash = 0;
    int has_n;
    if (kind != 0 || len == 0 || text[0] != '{') {
        post_error("send a JSON object such as {\\\"n\\\":1000,\\\"steps\\\":10}");
        return;
    }
    if ((has_n = member(text, len, "n", &n)) < 0 || member(text, len, "seed", &seed) < 0 ||
        member(text, len, "steps", &steps) < 0 || member(text, len, "hash", &hash) < 0) {
        post_error("n, seed, steps and hash must be non-negative integers");
        return;
    }
    if (n < 1 || n > SPHERES_MAX_N || steps > 100000 || seed > 2147483647LL) {
        post_error("n must be 1..100000, steps at most 100000, seed at most 2147483647");
        return;
    }
    if (has_n || sim == NULL) {
        spheres_t *fresh = spheres_create((int)n, (uint64_t)seed);
        if (fresh == NULL) {
            post_error("out of memory");
            return;
        }
        spheres_destroy(sim);
        sim = fresh;
    }
    spheres_step(sim, (long)steps);
    if (hash) {
        post_state();
    } else {
        post_positions();
    }
}

__attribute__((export_name("cu_on_message")))
void cu_on_message(void *ptr, int32_t len, int32_t kind)
{
    handle((const char *)ptr, (size_t)len, kind);
    free(ptr);
}
