/*
 * echo — example worker for the Compute Utility guest ABI "cu1".
 *
 * A WASI preview1 reactor (built with -mexec-model=reactor, so it exports
 * _initialize). The host delivers each message by calling cu_alloc(len),
 * copying the bytes in, and calling cu_on_message(ptr, len, kind); from then
 * on the buffer belongs to us and we free it. We answer through the import
 * cu.post_message, which copies the bytes at once.
 *
 *   kind 0 (UTF-8 JSON text) -> kind 0 {"count":N,"echo":<the text received>}
 *   kind 1 (bytes)           -> kind 1, the same bytes
 *
 * N counts every message received so far (text and binary). The first
 * message also writes one line to stdout, which the utility turns into a
 * `log` event.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CU_KIND_TEXT 0
#define CU_KIND_BINARY 1

__attribute__((import_module("cu"), import_name("post_message")))
extern void cu_post_message(const void *ptr, int32_t len, int32_t kind);

static uint32_t message_count;

__attribute__((export_name("cu_alloc")))
void *cu_alloc(int32_t len)
{
    if (len < 0) {
        abort();
    }
    /* Never hand back 0: a zero pointer with len > 0 is a host error. */
    return malloc(len > 0 ? (size_t)len : 1);
}

static void reply_text(const char *json, size_t len)
{
    static const char tail[] = "}";
    char head[48];
    int head_len = snprintf(head, sizeof head, "{\"count\":%u,\"echo\":",
                            (unsigned)message_count);
    size_t total = (size_t)head_len + len + (sizeof tail - 1);
    char *out = malloc(total);
    if (out == NULL) {
        abort();
    }
    memcpy(out, head, (size_t)head_len);
    memcpy(out + head_len, json, len);
    memcpy(out + head_len + len, tail, sizeof tail - 1);
    cu_post_message(out, (int32_t)total, CU_KIND_TEXT);
    free(out);
}

__attribute__((export_name("cu_on_message")))
void cu_on_message(void *ptr, int32_t len, int32_t kind)
{
    message_count++;
    if (message_count == 1) {
        fputs("echo: first message\n", stdout);
        fflush(stdout);
    }

    if (kind == CU_KIND_BINARY) {
        cu_post_message(ptr, len, CU_KIND_BINARY);
    } else {
        /* The host has already checked that the text is valid JSON, so the
           text, placed as a member value, keeps the reply valid JSON. */
        reply_text((const char *)ptr, (size_t)len);
    }
    free(ptr);
}
