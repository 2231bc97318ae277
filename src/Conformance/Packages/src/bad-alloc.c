/*
 * bad-alloc — a cu1 reactor whose cu_alloc always returns 0. The first
 * message with len > 0 must make the worker fail with guest-trap
 * (CU-ABI-5). cu_on_message echoes (same bytes, same kind); it is only
 * reached for a zero-length message, where ptr 0 is acceptable.
 */
#include <stdint.h>

__attribute__((import_module("cu"), import_name("post_message")))
extern void cu_post_message(const void *ptr, int32_t len, int32_t kind);

__attribute__((export_name("cu_alloc")))
void *cu_alloc(int32_t len)
{
    (void)len;
    return 0;
}

__attribute__((export_name("cu_on_message")))
void cu_on_message(void *ptr, int32_t len, int32_t kind)
{
    cu_post_message(ptr, len, kind);
}
