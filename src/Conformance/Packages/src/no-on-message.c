/*
 * no-on-message — a reactor that exports memory and cu_alloc (and
 * _initialize) but not cu_on_message. The host must refuse it with 422
 * abi-mismatch (CU-ABI-1).
 */
#include <stdint.h>
#include <stdlib.h>

__attribute__((export_name("cu_alloc")))
void *cu_alloc(int32_t len)
{
    return malloc(len > 0 ? (size_t)len : 1);
}
