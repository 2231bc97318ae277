/* spheres — the rigid-sphere physics of examples/spheres (1,000 spheres, 300 steps, seed 1), as row 6 runs it. */
#include "kernels.h"
#include "../../examples/spheres/spheres_core.h"

#include <inttypes.h>
#include <stdio.h>

int kernel_spheres(char *out, size_t out_len)
{
    spheres_t *s = spheres_create(1000, 1);
    if (s == NULL) {
        return -2;
    }
    spheres_step(s, 300);
    snprintf(out, out_len, "kernel=spheres n=%d steps=%" PRId64 " checksum=%.9f hash=%016" PRIx64,
             spheres_count(s), spheres_steps_done(s), spheres_checksum(s), spheres_hash(s));
    spheres_destroy(s);
    return 0;
}
