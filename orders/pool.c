/* orders/pool.c: free-list pools of records and growable FIFO rings.
 *
 * Memory grows to the peak number of records alive at once (orders in flight, calls
 * in B, queued queries), never with the number served: put-back records are reused. */
#include <stdlib.h>
#include <string.h>

#include "orders/internal.h"
#include "sim/error.h"

void ord__pool_init(struct ord__pool *p, size_t size, size_t per_chunk)
{
    memset(p, 0, sizeof *p);
    p->size = size < sizeof(void *) ? sizeof(void *) : size;
    p->per_chunk = per_chunk ? per_chunk : 1;
}

void ord__pool_close(struct ord__pool *p)
{
    for (size_t i = 0; i < p->nchunks; i++)
        free(p->chunks[i]);
    free(p->chunks);
    memset(p, 0, sizeof *p);
}

/* A new chunk's records go on the free list; zeroed, so generations start at 0. */
static int pool_grow(struct ord__pool *p)
{
    if (p->nchunks == p->chunks_cap) {
        size_t cap = p->chunks_cap ? 2 * p->chunks_cap : 8;
        void **chunks = realloc(p->chunks, cap * sizeof *chunks);
        if (!chunks)
            return SIM_ENOMEM;
        p->chunks = chunks;
        p->chunks_cap = cap;
    }
    char *chunk = calloc(p->per_chunk, p->size);
    if (!chunk)
        return SIM_ENOMEM;
    p->chunks[p->nchunks++] = chunk;
    for (size_t i = p->per_chunk; i-- > 0;) {
        void *rec = chunk + i * p->size;
        memcpy(rec, &p->free, sizeof p->free);
        p->free = rec;
    }
    p->allocated += p->per_chunk;
    return 0;
}

void *ord__pool_get(struct ord__pool *p)
{
    if (!p->free && pool_grow(p) != 0)
        return NULL;
    void *rec = p->free;
    memcpy(&p->free, rec, sizeof p->free);
    p->live++;
    return rec;
}

void ord__pool_put(struct ord__pool *p, void *rec)
{
    memcpy(rec, &p->free, sizeof p->free);
    p->free = rec;
    p->live--;
}

int ord__ring_grow(struct ord__ring *r)
{
    size_t cap = r->cap ? 2 * r->cap : 64;
    struct ord__slot *buf = malloc(cap * sizeof *buf);
    if (!buf)
        return SIM_ENOMEM;
    /* unwrap: the old contents go to the front of the new buffer */
    for (size_t i = 0; i < r->len; i++)
        buf[i] = r->buf[(r->head + i) & (r->cap - 1)];
    free(r->buf);
    r->buf = buf;
    r->head = 0;
    r->cap = cap;
    return 0;
}

void ord__ring_free(struct ord__ring *r)
{
    free(r->buf);
    memset(r, 0, sizeof *r);
}
