/* memfill: a cu1 worker that holds a block of memory, for measuring snapshots of a given size.
 *   {"fill": MB}  -> (re)allocates MB MiB, fills it with a pseudo-random pattern, replies {"mb":MB,"sum":"<hex>"}
 *   {"sum": 1}    -> recomputes the sum over the block it holds, replies the same shape
 *   {"touch": N}  -> rewrites one word in each of N 64 KiB pages of the block, chosen by a round counter kept in memory
 *                    (the live-migration row: a worker that dirties ~1 % of its pages a message), replies {"round":R}
 * A restored worker that answers {"sum":1} with the sum from before the snapshot carried its memory whole. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((import_module("cu"), import_name("post_message")))
void post_message(const void *ptr, uint32_t len, uint32_t kind);

static uint64_t *block;
static size_t words;
static int megabytes;
static uint64_t round_number;

__attribute__((export_name("cu_alloc"))) void *cu_alloc(uint32_t len) { return malloc(len ? len : 1); }

static uint64_t checksum(void) {
  uint64_t sum = 0x9e3779b97f4a7c15ull;
  for (size_t i = 0; i < words; i++) sum = (sum ^ block[i]) * 0x100000001b3ull;
  return sum;
}

static void reply(void) {
  char text[96];
  int n = snprintf(text, sizeof text, "{\"mb\":%d,\"sum\":\"%016llx\"}", megabytes, (unsigned long long)checksum());
  post_message(text, (uint32_t)n, 0);
}

__attribute__((export_name("cu_on_message"))) void cu_on_message(char *ptr, uint32_t len, uint32_t kind) {
  (void)kind;
  char text[64] = {0};
  memcpy(text, ptr, len < sizeof text - 1 ? len : sizeof text - 1);
  free(ptr);
  const char *touch = strstr(text, "\"touch\"");
  if (touch) {
    size_t pages = words / 8192, count = (size_t)atoi(strchr(touch, ':') + 1);
    round_number++;
    for (size_t i = 0; pages > 0 && i < count; i++) {
      size_t page = (size_t)((round_number * 2654435761ull + i * 40503ull) % pages);
      block[page * 8192] ^= round_number * 0x9e3779b97f4a7c15ull + i;
    }
    char out[48];
    int n = snprintf(out, sizeof out, "{\"round\":%llu}", (unsigned long long)round_number);
    post_message(out, (uint32_t)n, 0);
    return;
  }
  const char *fill = strstr(text, "\"fill\"");
  if (fill) {
    megabytes = atoi(strchr(fill, ':') + 1);
    free(block);
    words = (size_t)megabytes * 1024 * 1024 / sizeof(uint64_t);
    block = malloc(words * sizeof(uint64_t));
    if (!block) { words = 0; megabytes = -1; reply(); return; }
    uint64_t state = 0x2545f4914f6cdd1dull;
    for (size_t i = 0; i < words; i++) {
      state ^= state << 13; state ^= state >> 7; state ^= state << 17;
      block[i] = state;
    }
  }
  reply();
}
