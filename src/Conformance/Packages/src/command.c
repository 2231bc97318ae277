/*
 * command — the conformance suite's instrumented WASI preview1 command
 * (entry point _start). The mode is argv[1]:
 *
 *   (none) | echo   stdout: "argc=A", "argv[i]=..." for every i (0 first),
 *                   "envc=E", then after reading all of stdin "stdin=K" and
 *                   "stdin-sum=S" (sum of the bytes mod 65536); stderr:
 *                   "done"; exit 0
 *   exit C          proc_exit(C)
 *   emit-out N      N bytes 'x' to stdout, exit 0
 *   emit-err N      N bytes 'x' to stderr, exit 0
 *   spin            loops forever
 *   trap            executes unreachable
 *   grow P          memory.grow(P); stdout "grow=R" (R = -1 on failure), exit 0
 *   fs              stdout "open=O preopen=P", exit 0
 *   anything else   stderr "unknown mode: <mode>", exit 2
 *
 * Every stdout line ends with "\n". argc and envc come from the WASI
 * args_sizes_get / environ_sizes_get calls directly.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

static void write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n <= 0) {
            return;
        }
        data += n;
        len -= (size_t)n;
    }
}

static void write_str(int fd, const char *s)
{
    write_all(fd, s, strlen(s));
}

static long long number_arg(int argc, char **argv)
{
    return argc > 2 ? strtoll(argv[2], NULL, 10) : 0;
}

static void emit(int fd, long long n)
{
    static char chunk[65536];
    memset(chunk, 'x', sizeof chunk);
    while (n > 0) {
        size_t part = n > (long long)sizeof chunk ? sizeof chunk : (size_t)n;
        write_all(fd, chunk, part);
        n -= (long long)part;
    }
}

static int mode_echo(int argc, char **argv)
{
    char line[64];
    __wasi_size_t wargc = 0, wargv_size = 0, envc = 0, env_size = 0;
    if (__wasi_args_sizes_get(&wargc, &wargv_size) != 0) wargc = (__wasi_size_t)argc;
    if (__wasi_environ_sizes_get(&envc, &env_size) != 0) envc = 0;

    snprintf(line, sizeof line, "argc=%u\n", (unsigned)wargc);
    write_str(1, line);
    for (int i = 0; i < argc; i++) {
        snprintf(line, sizeof line, "argv[%d]=", i);
        write_str(1, line);
        write_str(1, argv[i]);
        write_str(1, "\n");
    }
    snprintf(line, sizeof line, "envc=%u\n", (unsigned)envc);
    write_str(1, line);

    unsigned long long total = 0;
    unsigned sum = 0;
    static unsigned char buf[65536];
    for (;;) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n <= 0) break;
        total += (unsigned long long)n;
        for (ssize_t i = 0; i < n; i++) sum = (sum + buf[i]) & 0xFFFFu;
    }
    snprintf(line, sizeof line, "stdin=%llu\nstdin-sum=%u\n", total, sum);
    write_str(1, line);
    write_str(2, "done\n");
    return 0;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "echo";
    char line[96];

    if (strcmp(mode, "echo") == 0) {
        return mode_echo(argc, argv);
    }
    if (strcmp(mode, "exit") == 0) {
        __wasi_proc_exit((__wasi_exitcode_t)number_arg(argc, argv));
    }
    if (strcmp(mode, "emit-out") == 0 || strcmp(mode, "emit-err") == 0) {
        emit(mode[5] == 'o' ? 1 : 2, number_arg(argc, argv));
        return 0;
    }
    if (strcmp(mode, "spin") == 0) {
        volatile uint32_t spins = 0;
        for (;;) {
            spins++;
        }
    }
    if (strcmp(mode, "trap") == 0) {
        __builtin_trap();
    }
    if (strcmp(mode, "grow") == 0) {
        size_t before = __builtin_wasm_memory_grow(0, (size_t)number_arg(argc, argv));
        long long result = before == (size_t)-1 ? -1 : (long long)before;
        snprintf(line, sizeof line, "grow=%lld\n", result);
        write_str(1, line);
        return 0;
    }
    if (strcmp(mode, "fs") == 0) {
        int fd = open("/etc/passwd", O_RDONLY);
        int opened = fd >= 0;
        if (fd >= 0) close(fd);
        __wasi_prestat_t prestat;
        int preopen = __wasi_fd_prestat_get(3, &prestat) == 0;
        snprintf(line, sizeof line, "open=%d preopen=%d\n", opened, preopen);
        write_str(1, line);
        return 0;
    }
    write_str(2, "unknown mode: ");
    write_str(2, mode);
    write_str(2, "\n");
    return 2;
}
