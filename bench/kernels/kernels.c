/* kernels.c — the dispatch by name, the exact hash and the clock shared by every kernel. */
#include "kernels.h"

#include <string.h>
#include <time.h>

int kernel_run(const char *name, char *out, size_t out_len)
{
    if (strcmp(name, "spheres") == 0) return kernel_spheres(out, out_len);
    if (strcmp(name, "blur") == 0) return kernel_blur(out, out_len);
    if (strcmp(name, "gemm") == 0) return kernel_gemm(out, out_len);
    if (strcmp(name, "sha256") == 0) return kernel_sha256(out, out_len);
    return -1;
}

uint64_t kernel_fnv(const void *data, size_t len, uint64_t hash)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        hash = (hash ^ p[i]) * 0x100000001b3ull;
    }
    return hash;
}

double kernel_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}
