/*
 * probe — the conformance suite's instrumented worker (guest ABI "cu1").
 *
 * A WASI preview1 reactor. Every message (text or binary) increments a
 * counter kept in linear memory. A binary message is posted back unchanged
 * (kind 1). A text message is an operation when the JSON text is an object
 * whose first member is "op" with a string value, e.g. {"op":"count"};
 * any other text is posted back exactly as received (kind 0, byte for byte).
 * The operations and their replies are listed in ../README.md.
 *
 * All state lives in linear memory (C statics), none in non-exported
 * globals, so a snapshot/restore keeps the counter.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

#define CU_KIND_TEXT 0
#define CU_KIND_BINARY 1

__attribute__((import_module("cu"), import_name("post_message")))
extern void cu_post_message(const void *ptr, int32_t len, int32_t kind);

static uint32_t message_count;
static uint32_t initialize_count;
static uint32_t alloc_busy_ms; /* set by "alloc-busy": the next cu_alloc runs that long */

/* Runs for ms milliseconds of wall-clock time, reading the monotonic clock. */
static void busy_ms(uint32_t ms)
{
    __wasi_timestamp_t start = 0, now = 0;
    if (__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1000, &start) != 0) return;
    do {
        if (__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1000, &now) != 0) return;
    } while (now - start < (__wasi_timestamp_t)ms * 1000000u);
}

/* Runs from _initialize (wasi-libc's reactor entry calls the constructors). */
__attribute__((constructor)) static void probe_init(void)
{
    initialize_count++;
}

__attribute__((export_name("cu_alloc")))
void *cu_alloc(int32_t len)
{
    if (len < 0) {
        __builtin_trap();
    }
    if (alloc_busy_ms > 0) {
        uint32_t ms = alloc_busy_ms;
        alloc_busy_ms = 0;
        busy_ms(ms);
    }
    return malloc(len > 0 ? (size_t)len : 1);
}

/* ---- output helpers ---- */

static void post_text(const char *text, size_t len)
{
    cu_post_message(text, (int32_t)len, CU_KIND_TEXT);
}

static void post_cstr(const char *text)
{
    post_text(text, strlen(text));
}

static void write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n <= 0) {
            return;
        }
        data += n;
        len -= (size_t)n;
    }
}

/* Appends s as a JSON string (with quotes) to out (capacity >= 6*len+3). */
static size_t json_quote(char *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    out[o++] = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            out[o++] = '\\';
            out[o++] = (char)c;
        } else if (c < 0x20) {
            out[o++] = '\\';
            out[o++] = 'u';
            out[o++] = '0';
            out[o++] = '0';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        } else {
            out[o++] = (char)c;
        }
    }
    out[o++] = '"';
    return o;
}

/* ---- minimal JSON reading (the host has already checked the text is JSON) ---- */

typedef struct {
    const char *p;
    const char *end;
} cursor;

static void skip_ws(cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) {
        c->p++;
    }
}

static int hex_value(char ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

static int read_hex4(cursor *c, uint32_t *value)
{
    if (c->end - c->p < 4) return 0;
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hex_value(c->p[i]);
        if (h < 0) return 0;
        v = (v << 4) | (uint32_t)h;
    }
    c->p += 4;
    *value = v;
    return 1;
}

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/*
 * Reads a JSON string at c->p (which must be '"'). When out is not NULL the
 * decoded UTF-8 goes to out (capacity: the remaining input length is always
 * enough) and its length to *out_len. Returns 0 on a syntax error.
 */
static int read_string(cursor *c, char *out, size_t *out_len)
{
    if (c->p >= c->end || *c->p != '"') return 0;
    c->p++;
    size_t o = 0;
    while (c->p < c->end) {
        char ch = *c->p++;
        if (ch == '"') {
            if (out_len) *out_len = o;
            return 1;
        }
        if (ch != '\\') {
            if (out) out[o] = ch;
            o++;
            continue;
        }
        if (c->p >= c->end) return 0;
        char e = *c->p++;
        char plain;
        switch (e) {
        case '"': plain = '"'; break;
        case '\\': plain = '\\'; break;
        case '/': plain = '/'; break;
        case 'b': plain = '\b'; break;
        case 'f': plain = '\f'; break;
        case 'n': plain = '\n'; break;
        case 'r': plain = '\r'; break;
        case 't': plain = '\t'; break;
        case 'u': {
            uint32_t cp;
            if (!read_hex4(c, &cp)) return 0;
            if (cp >= 0xD800 && cp <= 0xDBFF && c->end - c->p >= 6 && c->p[0] == '\\' && c->p[1] == 'u') {
                cursor look = { c->p + 2, c->end };
                uint32_t low;
                if (read_hex4(&look, &low) && low >= 0xDC00 && low <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    c->p = look.p;
                }
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD; /* lone surrogate */
            char tmp[4];
            size_t n = put_utf8(tmp, cp);
            if (out) memcpy(out + o, tmp, n);
            o += n;
            continue;
        }
        default: return 0;
        }
        if (out) out[o] = plain;
        o++;
    }
    return 0;
}

/* Skips any JSON value. Returns 0 on a syntax error. */
static int skip_value(cursor *c)
{
    skip_ws(c);
    if (c->p >= c->end) return 0;
    char ch = *c->p;
    if (ch == '"') return read_string(c, NULL, NULL);
    if (ch == '{' || ch == '[') {
        int depth = 0;
        while (c->p < c->end) {
            ch = *c->p;
            if (ch == '"') {
                if (!read_string(c, NULL, NULL)) return 0;
                continue;
            }
            c->p++;
            if (ch == '{' || ch == '[') depth++;
            else if (ch == '}' || ch == ']') {
                if (--depth == 0) return 1;
            }
        }
        return 0;
    }
    /* number, true, false, null */
    const char *start = c->p;
    while (c->p < c->end && *c->p != ',' && *c->p != '}' && *c->p != ']' &&
           *c->p != ' ' && *c->p != '\t' && *c->p != '\n' && *c->p != '\r') {
        c->p++;
    }
    return c->p > start;
}

/* The members of an operation object that the probe understands. */
typedef struct {
    char *op;        /* decoded, NUL-terminated */
    size_t op_len;
    char *stream;    /* decoded, NUL-terminated, or NULL */
    char *text;      /* decoded, or NULL */
    size_t text_len;
    long long pages, code, n, size; /* 0 when absent or not a number */
} request;

static long long read_number(cursor *c)
{
    skip_ws(c);
    const char *start = c->p;
    if (!skip_value(c)) return 0;
    size_t len = (size_t)(c->p - start);
    char tmp[64];
    if (len == 0 || len >= sizeof tmp) return 0;
    memcpy(tmp, start, len);
    tmp[len] = '\0';
    char *stop;
    double d = strtod(tmp, &stop);
    if (stop == tmp) return 0;
    if (d > 9.0e18) return 9000000000000000000LL;
    if (d < -9.0e18) return -9000000000000000000LL;
    return (long long)d;
}

static char *read_string_value(cursor *c, size_t *len)
{
    skip_ws(c);
    if (c->p >= c->end || *c->p != '"') {
        skip_value(c);
        return NULL;
    }
    char *out = malloc((size_t)(c->end - c->p) + 1);
    if (out == NULL) abort();
    size_t n = 0;
    if (!read_string(c, out, &n)) {
        free(out);
        return NULL;
    }
    out[n] = '\0';
    if (len) *len = n;
    return out;
}

/*
 * Fills req when the text is an object whose first member is "op" with a
 * string value; returns 0 otherwise (the text is then echoed).
 */
static int parse_request(const char *text, size_t len, request *req)
{
    memset(req, 0, sizeof *req);
    cursor c = { text, text + len };
    skip_ws(&c);
    if (c.p >= c.end || *c.p != '{') return 0;
    c.p++;
    skip_ws(&c);
    char key[8];
    size_t key_len;
    cursor k = c;
    /* the first key must be exactly "op" (max 7 decoded bytes fit; longer keys fail) */
    if (k.p >= k.end || *k.p != '"') return 0;
    {
        /* bound the decode: find the length first */
        cursor probe = k;
        size_t n;
        if (!read_string(&probe, NULL, &n) || n >= sizeof key) return 0;
        if (!read_string(&k, key, &key_len)) return 0;
        key[key_len] = '\0';
    }
    if (strcmp(key, "op") != 0 || key_len != 2) return 0;
    c = k;
    skip_ws(&c);
    if (c.p >= c.end || *c.p != ':') return 0;
    c.p++;
    skip_ws(&c);
    if (c.p >= c.end || *c.p != '"') return 0;
    req->op = read_string_value(&c, &req->op_len);
    if (req->op == NULL) return 0;

    /* the other members, in any order; unknown ones are skipped */
    for (;;) {
        skip_ws(&c);
        if (c.p >= c.end || *c.p != ',') break;
        c.p++;
        skip_ws(&c);
        size_t name_len = 0;
        char *name = read_string_value(&c, &name_len);
        if (name == NULL) break;
        skip_ws(&c);
        if (c.p >= c.end || *c.p != ':') {
            free(name);
            break;
        }
        c.p++;
        if (strcmp(name, "pages") == 0) req->pages = read_number(&c);
        else if (strcmp(name, "code") == 0) req->code = read_number(&c);
        else if (strcmp(name, "n") == 0) req->n = read_number(&c);
        else if (strcmp(name, "size") == 0) req->size = read_number(&c);
        else if (strcmp(name, "stream") == 0 && req->stream == NULL) req->stream = read_string_value(&c, NULL);
        else if (strcmp(name, "text") == 0 && req->text == NULL) req->text = read_string_value(&c, &req->text_len);
        else if (!skip_value(&c)) {
            free(name);
            break;
        }
        free(name);
    }
    return 1;
}

static void free_request(request *req)
{
    free(req->op);
    free(req->stream);
    free(req->text);
}

/* ---- operations ---- */

static void op_env(void)
{
    __wasi_size_t argc = 0, argv_size = 0, envc = 0, env_size = 0;
    char **argv = NULL;
    char *argv_buf = NULL;
    const char *argv0 = NULL;
    size_t argv0_len = 0;

    if (__wasi_args_sizes_get(&argc, &argv_size) != 0) {
        argc = 0;
    }
    if (argc > 0) {
        argv = calloc(argc + 1, sizeof *argv);
        argv_buf = malloc(argv_size + 1);
        if (argv == NULL || argv_buf == NULL) abort();
        if (__wasi_args_get((uint8_t **)argv, (uint8_t *)argv_buf) == 0 && argv[0] != NULL) {
            argv0 = argv[0];
            argv0_len = strlen(argv0);
        }
    }
    if (__wasi_environ_sizes_get(&envc, &env_size) != 0) {
        envc = 0;
    }

    long long stdin_bytes = 0;
    char buf[4096];
    for (;;) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n > 0) {
            stdin_bytes += n;
        } else {
            if (n < 0) stdin_bytes = -1;
            break;
        }
    }

    __wasi_prestat_t prestat;
    int preopen = __wasi_fd_prestat_get(3, &prestat) == 0;

    int fd = open("/etc/passwd", O_RDONLY);
    int opened = fd >= 0;
    if (fd >= 0) close(fd);

    char *out = malloc(argv0_len * 6 + 256);
    if (out == NULL) abort();
    size_t o = (size_t)sprintf(out, "{\"argc\":%u,\"argv0\":", (unsigned)argc);
    if (argv0 != NULL) {
        o += json_quote(out + o, argv0, argv0_len);
    } else {
        memcpy(out + o, "null", 4);
        o += 4;
    }
    o += (size_t)sprintf(out + o, ",\"envc\":%u,\"stdin\":%lld,\"preopen\":%d,\"open\":%d}",
                         (unsigned)envc, stdin_bytes, preopen, opened);
    post_text(out, o);
    free(out);
    free(argv);
    free(argv_buf);
}

static void do_op(const request *req)
{
    char reply[256];
    const char *op = req->op;

    if (strcmp(op, "count") == 0) {
        snprintf(reply, sizeof reply, "{\"count\":%u}", (unsigned)message_count);
        post_cstr(reply);
    } else if (strcmp(op, "spin") == 0) {
        volatile uint32_t spins = 0;
        for (;;) {
            spins++;
        }
    } else if (strcmp(op, "busy") == 0) {
        busy_ms((uint32_t)req->n);
        post_cstr("{\"busy\":true}");
    } else if (strcmp(op, "alloc-busy") == 0) {
        alloc_busy_ms = (uint32_t)req->n;
        post_cstr("{\"alloc-busy\":true}");
    } else if (strcmp(op, "stdio") == 0) {
        /* fd_fdstat_get on 0-2 as wasi-libc's isatty sees it (spec 10.5) */
        char out[400];
        size_t o = (size_t)snprintf(out, sizeof out, "{\"stdio\":[");
        for (int fd = 0; fd < 3; fd++) {
            __wasi_fdstat_t st;
            memset(&st, 0, sizeof st);
            __wasi_errno_t e = __wasi_fd_fdstat_get(fd, &st);
            o += (size_t)snprintf(out + o, sizeof out - o,
                "%s{\"errno\":%u,\"filetype\":%u,\"seekTell\":%s,\"isatty\":%d}", fd ? "," : "", (unsigned)e,
                (unsigned)st.fs_filetype,
                (st.fs_rights_base & (__WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL)) ? "true" : "false", isatty(fd));
        }
        o += (size_t)snprintf(out + o, sizeof out - o, "]}");
        post_text(out, o);
    } else if (strcmp(op, "grow") == 0) {
        size_t before = __builtin_wasm_memory_grow(0, (size_t)req->pages);
        long long result = before == (size_t)-1 ? -1 : (long long)before;
        snprintf(reply, sizeof reply, "{\"grow\":%lld,\"pages\":%lu}", result,
                 (unsigned long)__builtin_wasm_memory_size(0));
        post_cstr(reply);
    } else if (strcmp(op, "log") == 0) {
        int fd = (req->stream != NULL && strcmp(req->stream, "stderr") == 0) ? 2 : 1;
        if (req->text != NULL) {
            write_all(fd, req->text, req->text_len);
        }
        write_all(fd, "\n", 1);
        post_cstr("{\"logged\":true}");
    } else if (strcmp(op, "trap") == 0) {
        __builtin_trap();
    } else if (strcmp(op, "exit") == 0) {
        __wasi_proc_exit((__wasi_exitcode_t)req->code);
    } else if (strcmp(op, "bad-json") == 0) {
        cu_post_message("not json", 8, CU_KIND_TEXT);
        post_cstr("{\"survived\":\"bad-json\"}");
    } else if (strcmp(op, "bad-kind") == 0) {
        cu_post_message("1", 1, 7);
        post_cstr("{\"survived\":\"bad-kind\"}");
    } else if (strcmp(op, "out-of-bounds") == 0) {
        cu_post_message((const void *)(uintptr_t)0x7FFFFFF0u, 100, CU_KIND_BINARY);
        post_cstr("{\"survived\":\"out-of-bounds\"}");
    } else if (strcmp(op, "flood") == 0 || strcmp(op, "big") == 0) {
        int big = op[0] == 'b';
        long long n = big ? 1 : req->n;
        long long size = req->size;
        if (n < 0 || size < 0 || size > 0x7FFFFFFF) {
            post_cstr("{\"error\":\"bad-argument\"}");
            return;
        }
        unsigned char *data = malloc(size > 0 ? (size_t)size : 1);
        if (data == NULL) {
            post_cstr("{\"error\":\"out-of-memory\"}");
            return;
        }
        if (big) {
            for (long long j = 0; j < size; j++) data[j] = (unsigned char)(j & 0xff);
            cu_post_message(data, (int32_t)size, CU_KIND_BINARY);
        } else {
            for (long long i = 0; i < n; i++) {
                memset(data, (int)(i & 0xff), (size_t)size);
                cu_post_message(data, (int32_t)size, CU_KIND_BINARY);
            }
            snprintf(reply, sizeof reply, "{\"flooded\":%lld}", n);
            post_cstr(reply);
        }
        free(data);
    } else if (strcmp(op, "env") == 0) {
        op_env();
    } else if (strcmp(op, "state") == 0) {
        snprintf(reply, sizeof reply, "{\"count\":%u,\"initialized\":%u}",
                 (unsigned)message_count, (unsigned)initialize_count);
        post_cstr(reply);
    } else {
        char *out = malloc(req->op_len * 6 + 64);
        if (out == NULL) abort();
        size_t o = (size_t)sprintf(out, "{\"error\":\"unknown-op\",\"op\":");
        o += json_quote(out + o, req->op, req->op_len);
        out[o++] = '}';
        post_text(out, o);
        free(out);
    }
}

__attribute__((export_name("cu_on_message")))
void cu_on_message(void *ptr, int32_t len, int32_t kind)
{
    message_count++;
    if (kind == CU_KIND_BINARY) {
        cu_post_message(ptr, len, CU_KIND_BINARY);
    } else {
        request req;
        if (parse_request((const char *)ptr, (size_t)len, &req)) {
            do_op(&req);
            free_request(&req);
        } else {
            cu_post_message(ptr, len, CU_KIND_TEXT);
        }
    }
    free(ptr);
}
