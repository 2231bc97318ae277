/*
 * huge-memory — an otherwise valid cu1 reactor (echo: same bytes, same
 * kind) linked with a 2 GiB initial memory (-Wl,--initial-memory, see
 * build.sh). The host must refuse it with 422 package-too-large
 * (CU-ABI-14) when its memory limit is smaller.
 */
#include <stdint.h>
#include <stdlib.h>

__attribute__((import_module("cu"), import_name("post_message")))
extern void cu_post_message(const void *ptr, int32_t len, int32_t kind);

__attribute__((export_name("cu_alloc")))
void *cu_alloc(int32_t len)
{
    return malloc(len > 0 ? (size_t)len : 1);
}

__attribute__((export_name("cu_on_message")))
void cu_on_message(void *ptr, int32_t len, int32_t kind)
{
    cu_post_message(ptr, len, kind);
    free(ptr);
}
