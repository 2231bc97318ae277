/*
 * kernels — the bench's kernel suite (issue 18), one C source per kernel, shared by the WASI command
 * (kernels_cmd.c), the cu1 worker (kernels_reactor.c) and the native peer (bench/kernels/build.sh).
 *
 * Every kernel is deterministic: its input comes from a fixed-seed generator, integer kernels are
 * exact, and the floating-point ones use IEEE double without fast-math or contraction (FMA), so the
 * wasm and the native builds print the same result line bit for bit.
 */
#ifndef KERNELS_H
#define KERNELS_H

#include <stddef.h>
#include <stdint.h>

/* Runs kernel `name` once and writes its result line ("kernel=NAME ... checksum=...") to out.
   Returns 0, or -1 for an unknown name, -2 when memory runs out. */
int kernel_run(const char *name, char *out, size_t out_len);

/* The kernels: each returns 0 or -2 (out of memory) and writes its result line. */
int kernel_spheres(char *out, size_t out_len);
int kernel_blur(char *out, size_t out_len);
int kernel_gemm(char *out, size_t out_len);
int kernel_sha256(char *out, size_t out_len);

/* A 64-bit FNV-1a over bytes: the exact part of each result line. */
uint64_t kernel_fnv(const void *data, size_t len, uint64_t hash);
#define KERNEL_FNV_SEED 0xcbf29ce484222325ull

/* Monotonic time in milliseconds (clock_gettime; WASI clock_time_get in wasm). */
double kernel_now_ms(void);

#endif
