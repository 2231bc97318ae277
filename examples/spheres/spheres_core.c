/* spheres_core.c — see spheres_core.h. */
#include "spheres_core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DT 1.0e-3
#define GRAVITY (-9.81)
#define MAX_GRID 100

struct spheres {
    int n;
    int64_t steps;       /* steps since creation */
    double r;
    int grid;            /* cells per axis */
    double *px, *py, *pz;
    double *vx, *vy, *vz;
    int *cell;           /* cell of each sphere, this step */
    int *order;          /* sphere indices sorted by cell */
    int *cell_start;     /* grid^3 + 1 offsets into order */
};

/* Knuth's MMIX LCG; the top 53 bits make a double in [0,1). */
static double lcg_next(uint64_t *state)
{
    *state = *state * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(*state >> 11) * (1.0 / 9007199254740992.0);
}

static int lattice_side(int n)
{
    int k = 1;
    while ((long)k * k * k < n) {
        k++;
    }
    return k;
}

spheres_t *spheres_create(int n, uint64_t seed)
{
    if (n < 1 || n > SPHERES_MAX_N) {
        return NULL;
    }
    spheres_t *s = calloc(1, sizeof *s);
    if (s == NULL) {
        return NULL;
    }
    int k = lattice_side(n);
    double spacing = 1.0 / k;
    s->n = n;
    s->r = 0.35 * spacing < 0.02 ? 0.35 * spacing : 0.02;
    s->grid = (int)(1.0 / (2.0 * s->r));
    if (s->grid > MAX_GRID) {
        s->grid = MAX_GRID;
    }
    if (s->grid < 1) {
        s->grid = 1;
    }
    size_t cells = (size_t)s->grid * s->grid * s->grid;
    s->px = malloc(sizeof(double) * n);
    s->py = malloc(sizeof(double) * n);
    s->pz = malloc(sizeof(double) * n);
    s->vx = malloc(sizeof(double) * n);
    s->vy = malloc(sizeof(double) * n);
    s->vz = malloc(sizeof(double) * n);
    s->cell = malloc(sizeof(int) * n);
    s->order = malloc(sizeof(int) * n);
    s->cell_start = malloc(sizeof(int) * (cells + 1));
    if (!s->px || !s->py || !s->pz || !s->vx || !s->vy || !s->vz ||
        !s->cell || !s->order || !s->cell_start) {
        spheres_destroy(s);
        return NULL;
    }

    /* One sphere per lattice cell, jittered so that no two overlap. */
    uint64_t state = seed ^ 0x9e3779b97f4a7c15ull;
    double jitter = 0.5 * spacing - s->r;
    for (int i = 0; i < n; i++) {
        int ix = i % k, iy = (i / k) % k, iz = i / (k * k);
        s->px[i] = (ix + 0.5) * spacing + jitter * (2.0 * lcg_next(&state) - 1.0);
        s->py[i] = (iy + 0.5) * spacing + jitter * (2.0 * lcg_next(&state) - 1.0);
        s->pz[i] = (iz + 0.5) * spacing + jitter * (2.0 * lcg_next(&state) - 1.0);
        s->vx[i] = 2.0 * lcg_next(&state) - 1.0;
        s->vy[i] = 2.0 * lcg_next(&state) - 1.0;
        s->vz[i] = 2.0 * lcg_next(&state) - 1.0;
    }
    return s;
}

void spheres_destroy(spheres_t *s)
{
    if (s == NULL) {
        return;
    }
    free(s->px);
    free(s->py);
    free(s->pz);
    free(s->vx);
    free(s->vy);
    free(s->vz);
    free(s->cell);
    free(s->order);
    free(s->cell_start);
    free(s);
}

int spheres_count(const spheres_t *s) { return s->n; }
int64_t spheres_steps_done(const spheres_t *s) { return s->steps; }

static int axis_cell(double p, int grid)
{
    int c = (int)floor(p * grid);
    return c < 0 ? 0 : (c >= grid ? grid - 1 : c);
}

/* Reflects one coordinate off the walls at r and 1 - r. */
static void wall(double *p, double *v, double r)
{
    if (*p < r) {
        *p = r + (r - *p);
        if (*v < 0.0) {
            *v = -*v;
        }
    } else if (*p > 1.0 - r) {
        *p = (1.0 - r) - (*p - (1.0 - r));
        if (*v > 0.0) {
            *v = -*v;
        }
    }
}

/* Counting sort of the spheres by grid cell (stable, so deterministic). */
static void build_grid(spheres_t *s)
{
    int g = s->grid;
    size_t cells = (size_t)g * g * g;
    memset(s->cell_start, 0, sizeof(int) * (cells + 1));
    for (int i = 0; i < s->n; i++) {
        int c = (axis_cell(s->pz[i], g) * g + axis_cell(s->py[i], g)) * g +
                axis_cell(s->px[i], g);
        s->cell[i] = c;
        s->cell_start[c + 1]++;
    }
    for (size_t c = 0; c < cells; c++) {
        s->cell_start[c + 1] += s->cell_start[c];
    }
    /* cell_start[c] is used as the fill cursor, then restored. */
    for (int i = 0; i < s->n; i++) {
        s->order[s->cell_start[s->cell[i]]++] = i;
    }
    for (size_t c = cells; c > 0; c--) {
        s->cell_start[c] = s->cell_start[c - 1];
    }
    s->cell_start[0] = 0;
}

/* Elastic collision of equal masses i and j if they overlap and approach;
   the overlap is then split evenly so they just touch. */
static void collide(spheres_t *s, int i, int j)
{
    double dx = s->px[j] - s->px[i];
    double dy = s->py[j] - s->py[i];
    double dz = s->pz[j] - s->pz[i];
    double d2 = dx * dx + dy * dy + dz * dz;
    double min_d = 2.0 * s->r;
    if (d2 >= min_d * min_d || d2 == 0.0) {
        return;
    }
    double d = sqrt(d2);
    double nx = dx / d, ny = dy / d, nz = dz / d;
    double approach = (s->vx[i] - s->vx[j]) * nx + (s->vy[i] - s->vy[j]) * ny +
                      (s->vz[i] - s->vz[j]) * nz;
    if (approach > 0.0) {
        s->vx[i] -= approach * nx;
        s->vy[i] -= approach * ny;
        s->vz[i] -= approach * nz;
        s->vx[j] += approach * nx;
        s->vy[j] += approach * ny;
        s->vz[j] += approach * nz;
    }
    double push = 0.5 * (min_d - d);
    s->px[i] -= push * nx;
    s->py[i] -= push * ny;
    s->pz[i] -= push * nz;
    s->px[j] += push * nx;
    s->py[j] += push * ny;
    s->pz[j] += push * nz;
}

static void advance(int n, double *restrict p, const double *restrict v)
{
    for (int i = 0; i < n; i++) {
        p[i] += v[i] * DT;
    }
}

static void one_step(spheres_t *s)
{
    int n = s->n, g = s->grid;
    double r = s->r;

    /* Semi-implicit Euler; separate loops over non-aliasing arrays so the
       compiler may use SIMD (same IEEE operations per element either way). */
    for (int i = 0; i < n; i++) {
        s->vz[i] += GRAVITY * DT;
    }
    advance(n, s->px, s->vx);
    advance(n, s->py, s->vy);
    advance(n, s->pz, s->vz);
    for (int i = 0; i < n; i++) {
        wall(&s->px[i], &s->vx[i], r);
        wall(&s->py[i], &s->vy[i], r);
        wall(&s->pz[i], &s->vz[i], r);
    }

    build_grid(s);

    /* Each pair is handled once, from its lower index, in index order. */
    for (int i = 0; i < n; i++) {
        int c = s->cell[i];
        int cx = c % g, cy = (c / g) % g, cz = c / (g * g);
        for (int z = cz - 1; z <= cz + 1; z++) {
            if (z < 0 || z >= g) continue;
            for (int y = cy - 1; y <= cy + 1; y++) {
                if (y < 0 || y >= g) continue;
                for (int x = cx - 1; x <= cx + 1; x++) {
                    if (x < 0 || x >= g) continue;
                    int nc = (z * g + y) * g + x;
                    for (int k = s->cell_start[nc]; k < s->cell_start[nc + 1]; k++) {
                        int j = s->order[k];
                        if (j > i) {
                            collide(s, i, j);
                        }
                    }
                }
            }
        }
    }

    /* Pushes apart may have crossed a wall; put those spheres back. */
    for (int i = 0; i < n; i++) {
        wall(&s->px[i], &s->vx[i], r);
        wall(&s->py[i], &s->vy[i], r);
        wall(&s->pz[i], &s->vz[i], r);
    }
    s->steps++;
}

void spheres_step(spheres_t *s, long steps)
{
    for (long t = 0; t < steps; t++) {
        one_step(s);
    }
}

void spheres_positions_f32(const spheres_t *s, float *out)
{
    for (int i = 0; i < s->n; i++) {
        out[3 * i] = (float)s->px[i];
        out[3 * i + 1] = (float)s->py[i];
        out[3 * i + 2] = (float)s->pz[i];
    }
}

double spheres_checksum(const spheres_t *s)
{
    double sum = 0.0;
    for (int i = 0; i < s->n; i++) {
        sum += s->px[i] + 2.0 * s->py[i] + 3.0 * s->pz[i];
    }
    return sum;
}

uint64_t spheres_hash(const spheres_t *s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    const double *arrays[3] = {s->px, s->py, s->pz};
    for (int a = 0; a < 3; a++) {
        for (int i = 0; i < s->n; i++) {
            uint64_t bits;
            memcpy(&bits, &arrays[a][i], sizeof bits);
            for (int b = 0; b < 8; b++) {
                h ^= (bits >> (8 * b)) & 0xffu;
                h *= 0x100000001b3ull;
            }
        }
    }
    return h;
}
