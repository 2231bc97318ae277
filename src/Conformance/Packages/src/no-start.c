/*
 * no-start — a WASI reactor (exports memory and _initialize, no _start)
 * meant to be offered as a command package: the utility must refuse it as
 * a task with 422 abi-mismatch (CU-TASK-2). It imports only
 * wasi_snapshot_preview1 functions, so the missing _start is its only
 * defect as a command. (It also exports cu_alloc and cu_on_message, the
 * latter writing one line "no-start: message" to stdout, without posting.)
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

__attribute__((export_name("cu_alloc")))
void *cu_alloc(int32_t len)
{
    return malloc(len > 0 ? (size_t)len : 1);
}

__attribute__((export_name("cu_on_message")))
void cu_on_message(void *ptr, int32_t len, int32_t kind)
{
    static const char line[] = "no-start: message\n";
    (void)len;
    (void)kind;
    if (write(1, line, sizeof line - 1) < 0) {
        /* nothing to do */
    }
    free(ptr);
}
