/*
 * spheres_core — deterministic rigid-sphere physics, shared by the WASI
 * command (spheres_cmd.c), the cu1 worker (spheres_reactor.c) and the native
 * build used by the benchmark peers.
 *
 * N equal spheres of radius r in the unit box [0,1]^3, gravity along -z,
 * perfectly elastic sphere-sphere and sphere-wall collisions, a fixed time
 * step, and a uniform grid (counting sort by cell) as the broad phase.
 *
 * Determinism: the initial state comes from a 64-bit LCG, all arithmetic is
 * IEEE double, the only library function used is sqrt (correctly rounded
 * everywhere), and every loop visits spheres in a fixed order. Build without
 * fast-math and without floating-point contraction (FMA) and the wasm and the
 * native builds produce bit-identical results.
 */
#ifndef SPHERES_CORE_H
#define SPHERES_CORE_H

#include <stdint.h>

#define SPHERES_MAX_N 100000
#define SPHERES_DEFAULT_N 1000
#define SPHERES_DEFAULT_STEPS 300
#define SPHERES_DEFAULT_SEED 1u

typedef struct spheres spheres_t;

/* Creates a system of n spheres (1 <= n <= SPHERES_MAX_N) seeded with seed.
   Returns NULL when n is out of range or memory runs out. */
spheres_t *spheres_create(int n, uint64_t seed);
void spheres_destroy(spheres_t *s);

/* Advances the system by `steps` fixed time steps. */
void spheres_step(spheres_t *s, long steps);

int spheres_count(const spheres_t *s);
int64_t spheres_steps_done(const spheres_t *s);

/* Writes the positions as 3n floats, x y z per sphere in index order (for drawing). */
void spheres_positions_f32(const spheres_t *s, float *out);

/* Sum over spheres (in index order) of x + 2y + 3z of the positions. */
double spheres_checksum(const spheres_t *s);

/* FNV-1a over the IEEE bit patterns of all positions: equal only when every
   coordinate is bit-identical. */
uint64_t spheres_hash(const spheres_t *s);

#endif
