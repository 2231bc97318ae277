/*
 * spheres-worker — cu1 reactor front end of spheres_core.
 *
 * Message (kind 0): a JSON object with optional integer members
 *   "n"      reset to a new system of n spheres (1..SPHERES_MAX_N)
 *   "seed"   seed for that reset (default 1)
 *   "steps"  steps to advance (default 0)
 * e.g. {"n":1000,"steps":300}. Without "n" the current system continues
 * (a default system of 1000 spheres is created on first use).
 *
 * Reply (kind 0):
 *   {"n":1000,"steps":300,"checksum":1234.567890123,"hash":"0123456789abcdef"}
 * where "steps" counts the steps since the last reset, so the checksum equals
 * the one `spheres N STEPS SEED` prints. Bad input gets {"error":"..."}.
 */
#include "spheres_core.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((import_module("cu"), import_name("post_message")))
extern void cu_post_message(const void *ptr, int32_t len, int32_t kind);

static spheres_t *sim;

__attribute__((export_name("cu_alloc")))
void *cu_alloc(int32_t len)
{
    if (len < 0) {
        abort();
    }
    return malloc(len > 0 ? (size_t)len : 1);
}

static void post_text(const char *text)
{
    cu_post_message(text, (int32_t)strlen(text), 0);
}

/* Posts {"error":"<message>"}, escaping quotes and backslashes. */
static void post_error(const char *message)
{
    char out[256];
    size_t o = 0;
    const char *prefix = "{\"error\":\"";
    size_t prefix_len = strlen(prefix);
    memcpy(out, prefix, prefix_len);
    o = prefix_len;
    for (const char *e = message; *e != '\0' && o < sizeof out - 4; e++) {
        if (*e == '"' || *e == '\\') {
            out[o++] = '\\';
        }
        out[o++] = *e;
    }
    out[o++] = '"';
    out[o++] = '}';
    out[o] = '\0';
    post_text(out);
}

/* ---- a very small JSON reader: top-level object, integer members ---- */

typedef struct {
    const char *p, *end;
} cursor_t;

static void skip_ws(cursor_t *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) {
        c->p++;
    }
}

/* Skips a string starting at '"'; sets *key and *key_len to its raw contents. */
static int skip_string(cursor_t *c, const char **key, size_t *key_len)
{
    c->p++;
    const char *start = c->p;
    while (c->p < c->end && *c->p != '"') {
        if (*c->p == '\\') {
            c->p++;
        }
        c->p++;
    }
    if (c->p >= c->end) {
        return 0;
    }
    if (key) {
        *key = start;
        *key_len = (size_t)(c->p - start);
    }
    c->p++;
    return 1;
}

/* Skips any JSON value (the host has already checked the text is JSON). */
static int skip_value(cursor_t *c)
{
    skip_ws(c);
    if (c->p >= c->end) {
        return 0;
    }
    if (*c->p == '"') {
        return skip_string(c, NULL, NULL);
    }
    if (*c->p == '{' || *c->p == '[') {
        int depth = 0;
        while (c->p < c->end) {
            char ch = *c->p;
            if (ch == '"') {
                if (!skip_string(c, NULL, NULL)) {
                    return 0;
                }
                continue;
            }
            if (ch == '{' || ch == '[') {
                depth++;
            } else if (ch == '}' || ch == ']') {
                depth--;
            }
            c->p++;
            if (depth == 0) {
                return 1;
            }
        }
        return 0;
    }
    while (c->p < c->end && *c->p != ',' && *c->p != '}' && *c->p != ']' &&
           *c->p != ' ' && *c->p != '\t' && *c->p != '\n' && *c->p != '\r') {
        c->p++;
    }
    return 1;
}

/* Reads a non-negative integer value; 0 if the value is anything else. */
static int read_count(cursor_t *c, long long *out)
{
    skip_ws(c);
    long long v = 0;
    int digits = 0;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
        if (v > 1000000000000LL) {
            return 0;
        }
        v = v * 10 + (*c->p - '0');
        c->p++;
        digits++;
    }
    if (digits == 0 || (c->p < c->end && (*c->p == '.' || *c->p == 'e' || *c->p == 'E'))) {
        return 0;
    }
    *out = v;
    return 1;
}

typedef struct {
    long long n, steps, seed;
    int has_n;
} request_t;

static const char *parse_request(const char *text, size_t len, request_t *req)
{
    cursor_t c = {text, text + len};
    req->n = SPHERES_DEFAULT_N;
    req->steps = 0;
    req->seed = SPHERES_DEFAULT_SEED;
    req->has_n = 0;

    skip_ws(&c);
    if (c.p >= c.end || *c.p != '{') {
        return "message must be a JSON object";
    }
    c.p++;
    for (;;) {
        skip_ws(&c);
        if (c.p < c.end && *c.p == '}') {
            return NULL;
        }
        const char *key;
        size_t key_len;
        if (c.p >= c.end || *c.p != '"' || !skip_string(&c, &key, &key_len)) {
            return "malformed JSON object";
        }
        skip_ws(&c);
        if (c.p >= c.end || *c.p != ':') {
            return "malformed JSON object";
        }
        c.p++;
        long long *slot = NULL;
        if (key_len == 1 && key[0] == 'n') {
            slot = &req->n;
            req->has_n = 1;
        } else if (key_len == 5 && memcmp(key, "steps", 5) == 0) {
            slot = &req->steps;
        } else if (key_len == 4 && memcmp(key, "seed", 4) == 0) {
            slot = &req->seed;
        }
        if (slot) {
            if (!read_count(&c, slot)) {
                return "\"n\", \"steps\" and \"seed\" must be non-negative integers";
            }
        } else if (!skip_value(&c)) {
            return "malformed JSON object";
        }
        skip_ws(&c);
        if (c.p < c.end && *c.p == ',') {
            c.p++;
        } else if (c.p >= c.end || *c.p != '}') {
            return "malformed JSON object";
        }
    }
}

static void handle(const char *text, size_t len, int kind)
{
    request_t req;
    const char *error = kind != 0 ? "binary messages are not understood; send JSON"
                                  : parse_request(text, len, &req);
    if (error == NULL && req.has_n && (req.n < 1 || req.n > SPHERES_MAX_N)) {
        error = "\"n\" must be between 1 and 100000";
    }
    if (error == NULL && req.steps > 10000000) {
        error = "\"steps\" must be at most 10000000";
    }
    if (error == NULL && req.seed > 2147483647LL) {
        error = "\"seed\" must be at most 2147483647";
    }
    if (error != NULL) {
        post_error(error);
        return;
    }

    if (req.has_n || sim == NULL) {
        spheres_t *fresh = spheres_create((int)req.n, (uint64_t)req.seed);
        if (fresh == NULL) {
            post_error("out of memory");
            return;
        }
        spheres_destroy(sim);
        sim = fresh;
    }
    spheres_step(sim, (long)req.steps);

    char out[200];
    snprintf(out, sizeof out,
             "{\"n\":%d,\"steps\":%" PRId64 ",\"checksum\":%.9f,\"hash\":\"%016" PRIx64 "\"}",
             spheres_count(sim), spheres_steps_done(sim), spheres_checksum(sim),
             spheres_hash(sim));
    post_text(out);
}

__attribute__((export_name("cu_on_message")))
void cu_on_message(void *ptr, int32_t len, int32_t kind)
{
    handle((const char *)ptr, (size_t)len, kind);
    free(ptr);
}
