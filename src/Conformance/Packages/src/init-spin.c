/*
 * init-spin — a cu1 reactor whose _initialize never returns: a constructor
 * (run by wasi-libc's _initialize) spins forever. The host must interrupt it
 * at the message deadline and refuse to create the worker.
 * cu_alloc / cu_on_message are ordinary (echo: same bytes, same kind).
 */
#include <stdint.h>
#include <stdlib.h>

__attribute__((import_module("cu"), import_name("post_message")))
extern void cu_post_message(const void *ptr, int32_t len, int32_t kind);

__attribute__((constructor)) static void spin_forever(void)
{
    volatile uint32_t spins = 0;
    for (;;) {
        spins++;
    }
}

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
