/* pool.c - ordered parallel map over jobs with POSIX threads. */
#include "pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct pool {
    size_t njobs, next, delivered, window;
    bool *done;
    void (*work)(size_t, fz_matcher *, void *);
    void *ctx;
    pthread_mutex_t mu;
    pthread_cond_t changed;
} pool;

static void *S_worker(void *arg) {
    pool *p = arg;
    fz_matcher m;
    fz_matcher_init(&m);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->next < p->njobs && p->next >= p->delivered + p->window)
            pthread_cond_wait(&p->changed, &p->mu);
        if (p->next >= p->njobs) break;
        size_t i = p->next++;
        pthread_mutex_unlock(&p->mu);
        p->work(i, &m, p->ctx);
        pthread_mutex_lock(&p->mu);
        p->done[i] = true;
        pthread_cond_broadcast(&p->changed);
    }
    pthread_mutex_unlock(&p->mu);
    fz_matcher_free(&m);
    return NULL;
}

void fz_pool_run(size_t njobs, int threads, void (*work)(size_t, fz_matcher *, void *),
                 void (*deliver)(size_t, void *), void *ctx) {
    if (threads <= 1 || njobs <= 1) {
        fz_matcher m;
        fz_matcher_init(&m);
        for (size_t i = 0; i < njobs; i++) {
            work(i, &m, ctx);
            deliver(i, ctx);
        }
        fz_matcher_free(&m);
        return;
    }
    if ((size_t)threads > njobs) threads = (int)njobs;
    pool p = {.njobs = njobs, .window = 4 * (size_t)threads, .work = work, .ctx = ctx};
    p.done = fz_xcalloc(njobs, sizeof *p.done);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.changed, NULL);
    pthread_t *tids = fz_xcalloc((size_t)threads, sizeof *tids);
    int started = 0;
    for (int t = 0; t < threads; t++)
        if (pthread_create(&tids[started], NULL, S_worker, &p) == 0) started++;
    if (started == 0) { /* no thread could be made: do the work here */
        free(tids);
        free(p.done);
        fz_pool_run(njobs, 1, work, deliver, ctx);
        return;
    }
    for (size_t i = 0; i < njobs; i++) {
        pthread_mutex_lock(&p.mu);
        while (!p.done[i]) pthread_cond_wait(&p.changed, &p.mu);
        pthread_mutex_unlock(&p.mu);
        deliver(i, ctx);
        pthread_mutex_lock(&p.mu);
        p.delivered = i + 1;
        pthread_cond_broadcast(&p.changed);
        pthread_mutex_unlock(&p.mu);
    }
    for (int t = 0; t < started; t++) pthread_join(tids[t], NULL);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.changed);
    free(tids);
    free(p.done);
}

int fz_pool_cpus(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (int)n;
}
