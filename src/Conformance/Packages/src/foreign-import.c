/*
 * foreign-import — an otherwise valid cu1 reactor that also imports
 * env.open_socket : (i32) -> i32 and calls it for every message. The host
 * must refuse it with 422 abi-mismatch (CU-ABI-2).
 */
#include <stdint.h>
#include <stdlib.h>

__attribute__((import_module("cu"), import_name("post_message")))
extern void cu_post_message(const void *ptr, int32_t len, int32_t kind);

__attribute__((import_module("env"), import_name("open_socket")))
extern int32_t open_socket(int32_t port);

__attribute__((export_name("cu_alloc")))
void *cu_alloc(int32_t len)
{
    return malloc(len > 0 ? (size_t)len : 1);
}

__attribute__((export_name("cu_on_message")))
void cu_on_message(void *ptr, int32_t len, int32_t kind)
{
    if (open_socket(80) >= 0) {
        cu_post_message(ptr, len, kind);
    }
    free(ptr);
}
