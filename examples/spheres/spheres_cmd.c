/*
 * spheres — WASI command (and native program) front end of spheres_core.
 *
 *   spheres [N] [STEPS] [SEED]     defaults 1000 300 1
 *
 * Prints one line: n, steps, the position checksum and an exact hash of the
 * final positions. Nothing in the output depends on time, so the wasm and
 * the native build can be compared byte for byte.
 */
#include "spheres_core.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static int parse_long(const char *text, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < min || v > max) {
        return 0;
    }
    *out = v;
    return 1;
}

int main(int argc, char **argv)
{
    long n = SPHERES_DEFAULT_N, steps = SPHERES_DEFAULT_STEPS, seed = SPHERES_DEFAULT_SEED;
    if (argc > 4 ||
        (argc > 1 && !parse_long(argv[1], 1, SPHERES_MAX_N, &n)) ||
        (argc > 2 && !parse_long(argv[2], 0, 100000000L, &steps)) ||
        (argc > 3 && !parse_long(argv[3], 0, 2147483647L, &seed))) {
        fprintf(stderr, "usage: spheres [N 1..%d] [STEPS >= 0] [SEED]\n", SPHERES_MAX_N);
        return 2;
    }

    spheres_t *s = spheres_create((int)n, (uint64_t)seed);
    if (s == NULL) {
        fputs("spheres: out of memory\n", stderr);
        return 1;
    }
    spheres_step(s, steps);
    printf("n=%d steps=%" PRId64 " checksum=%.9f hash=%016" PRIx64 "\n", spheres_count(s),
           spheres_steps_done(s), spheres_checksum(s), spheres_hash(s));
    spheres_destroy(s);
    return 0;
}
