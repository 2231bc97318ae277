/*
 * gemm — PolyBench-style C = alpha·A·B + beta·C in double, N = 512, i-k-j loop order (the inner loop
 * streams rows, so both compilers vectorise it without reordering any sum).
 */
#include "kernels.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define N 512

int kernel_gemm(char *out, size_t out_len)
{
    double *a = malloc(sizeof(double) * N * N), *b = malloc(sizeof(double) * N * N), *c = malloc(sizeof(double) * N * N);
    if (a == NULL || b == NULL || c == NULL) {
        free(a);
        free(b);
        free(c);
        return -2;
    }
    const double alpha = 1.5, beta = 1.2;
    /* PolyBench's init_array, exact in double */
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            c[i * N + j] = (double)((i * j + 1) % N) / N;
            a[i * N + j] = (double)(i * (j + 1) % N) / N;
            b[i * N + j] = (double)(i * (j + 2) % N) / N;
        }
    for (int i = 0; i < N; i++) {
        double *restrict ci = c + (size_t)i * N;
        for (int j = 0; j < N; j++) ci[j] *= beta;
        for (int k = 0; k < N; k++) {
            double s = alpha * a[i * N + k];
            const double *restrict bk = b + (size_t)k * N;
            for (int j = 0; j < N; j++) ci[j] += s * bk[j];
        }
    }
    double sum = 0;
    for (int i = 0; i < N * N; i++) sum += c[i];
    snprintf(out, out_len, "kernel=gemm n=%d checksum=%.9f hash=%016" PRIx64, N, sum,
             kernel_fnv(c, sizeof(double) * N * N, KERNEL_FNV_SEED));
    free(a);
    free(b);
    free(c);
    return 0;
}
