/*
 * kernels — WASI command (and native program) front end of the kernel suite.
 *
 *   kernels NAME [RUNS]      NAME: spheres, blur, gemm or sha256; RUNS 1..100 (default 1)
 *
 * Runs the kernel RUNS times in this one process and prints, per run, its result line and the time the
 * kernel took inside the process (monotonic clock around the kernel alone, not process start):
 *   kernel=gemm n=512 checksum=… hash=… ms=61.234
 */
#include "kernels.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    char *end = NULL;
    long runs = argc > 2 ? strtol(argv[2], &end, 10) : 1;
    if (argc < 2 || argc > 3 || (argc > 2 && (*end != '\0' || runs < 1 || runs > 100))) {
        fputs("usage: kernels spheres|blur|gemm|sha256 [RUNS 1..100]\n", stderr);
        return 2;
    }
    for (long i = 0; i < runs; i++) {
        char line[256];
        double start = kernel_now_ms();
        int status = kernel_run(argv[1], line, sizeof line);
        double ms = kernel_now_ms() - start;
        if (status == -1) {
            fprintf(stderr, "kernels: unknown kernel '%s'\n", argv[1]);
            return 2;
        }
        if (status != 0) {
            fputs("kernels: out of memory\n", stderr);
            return 1;
        }
        printf("%s ms=%.3f\n", line, ms);
        fflush(stdout);
    }
    return 0;
}
