/*
 * pool.h - worker threads over a list of jobs with results delivered in input
 * order, so output is the same whatever the number of threads.  Each worker has
 * its own fz_matcher; at most a window of finished-but-undelivered jobs exists,
 * which keeps memory bounded by a few files, not by their number.
 */
#ifndef FZ_POOL_H
#define FZ_POOL_H

#include <stddef.h>

#include "match.h"

/* work(i) runs on a worker thread; deliver(i) runs on the calling thread, in order
 * 0, 1, 2, ..., each after work(i) finished.  threads <= 1 runs everything inline. */
void fz_pool_run(size_t njobs, int threads, void (*work)(size_t i, fz_matcher *m, void *ctx),
                 void (*deliver)(size_t i, void *ctx), void *ctx);
/* The number of online processors (at least 1). */
int fz_pool_cpus(void);

#endif
