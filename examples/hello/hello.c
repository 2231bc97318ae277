/*
 * hello — example one-shot task for the Compute Utility (a WASI preview1
 * command, entry point _start).
 *
 *   stdout: "Hello, <args joined by a space, or world>!"
 *           "stdin: <n> bytes"        (after reading all of stdin)
 *   stderr: "hello: done"
 *   exit code: the number of arguments (0 when there are none)
 */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    fputs("Hello, ", stdout);
    if (argc <= 1) {
        fputs("world", stdout);
    } else {
        for (int i = 1; i < argc; i++) {
            if (i > 1) {
                fputc(' ', stdout);
            }
            fputs(argv[i], stdout);
        }
    }
    fputs("!\n", stdout);

    unsigned long long total = 0;
    char buf[4096];
    for (;;) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n > 0) {
            total += (unsigned long long)n;
        } else {
            /* 0 = end of input; an error (no stdin at all) counts as empty. */
            break;
        }
    }
    printf("stdin: %llu bytes\n", total);
    fflush(stdout);

    fputs("hello: done\n", stderr);
    return argc - 1;
}
