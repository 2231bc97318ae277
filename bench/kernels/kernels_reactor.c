/*
 * kernels-worker — the kernel suite as a cu1 worker (a WASI preview1 reactor).
 *
 *   message (kind 0): the kernel's name as a JSON string, e.g. "gemm"
 *   reply   (kind 0): {"line":"kernel=gemm … checksum=…","ms":61.234}
 *
 * ms is the kernel's own time inside the guest (monotonic clock around the kernel alone), as the
 * command prints it; an unknown name replies {"error":"unknown kernel"}.
 */
#include "kernels.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

__attribute__((export_name("cu_on_message")))
void cu_on_message(void *ptr, int32_t len, int32_t kind)
{
    char name[32] = {0};
    const char *text = ptr;
    /* a JSON string: the characters between the quotes */
    if (kind == 0 && len >= 2 && len - 2 < (int32_t)sizeof name && text[0] == '"' && text[len - 1] == '"') {
        memcpy(name, text + 1, (size_t)len - 2);
    }
    free(ptr);
    char line[256], reply[320];
    double start = kernel_now_ms();
    int status = kernel_run(name, line, sizeof line);
    double ms = kernel_now_ms() - start;
    int n = status == 0 ? snprintf(reply, sizeof reply, "{\"line\":\"%s\",\"ms\":%.3f}", line, ms)
                        : snprintf(reply, sizeof reply, "{\"error\":\"%s\"}", status == -1 ? "unknown kernel" : "out of memory");
    cu_post_message(reply, n, 0);
}
