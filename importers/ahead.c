/*
** ahead.c: reading plain files ahead of the importers, on worker threads.
**
** An import spends a good part of its time before any importer runs:
** reading each file from the file system, hashing it (SHA-256, its
** identity) and, for XML, parsing it.  None of it touches the database,
** so worker threads do it for
** the files after the one being imported, while the driver's own thread
** (the only one that writes) imports them one by one in walk order.  The
** order of writes, hence every id, is the order of a serial import.
**
** The workers share a ring of INS_IMPORT_AHEAD_FILES slots: file I lives
** in slot I modulo the ring's size, and a worker claims file I only when
** the driver has finished with file I minus the ring's size, so at most
** that many files (each at most INS_IMPORT_KEEP_BYTES in memory) are held
** at once (and the tree of each up to INS_IMPORT_TREE_BYTES).  With no worker (one processor, or threads that could not be
** started) the driver's thread prepares each file itself when it takes it.
*/
#include "importer.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include <libxml/tree.h>

/* A slot's state: empty, being read by a worker, ready for the driver. */
enum { SLOT_EMPTY, SLOT_BUSY, SLOT_READY };

struct ins_ahead {
    char *const *paths;
    size_t n;
    ins_prepared *slots;
    int *state;
    unsigned nslots;
    size_t next;     /* next file a worker claims */
    size_t released; /* files the driver has finished with */
    int stop;
    unsigned waiting; /* workers waiting for room */
    mtx_t mu;
    cnd_t ready; /* a slot became ready */
    cnd_t room;  /* a slot became free, or stop */
    thrd_t th[INS_IMPORT_AHEAD_THREADS];
    unsigned nthreads;
};

/*
** Reads the plain file SRC through its reader (reader.c, which bounds it
** at INS_MAX_FILE_BYTES), hashing every byte, keeping its first
** INS_SNIFF_BYTES in HEAD and, while it is no larger than
** INS_IMPORT_KEEP_BYTES, all of it in KEEP.  Sets SRC's size and hash.
** Returns INS_OK, INS_ERR_TOOBIG or INS_ERR_IO (errno tells why).
*/
int insPrepareRead(ins_source *src, unsigned char *head, size_t *head_len, ins_buf *keep)
{
    ins_reader r;
    if (insReaderOpen(&r, src) != INS_OK) return INS_ERR_IO;
    ins_sha256 h;
    insUSha256Init(&h);
    unsigned char buf[65536];
    long n;
    *head_len = 0;
    while ((n = insReaderRead(&r, buf, sizeof buf)) > 0) {
        if (*head_len < INS_SNIFF_BYTES) {
            size_t take = INS_SNIFF_BYTES - *head_len;
            if (take > (size_t)n) take = (size_t)n;
            memcpy(head + *head_len, buf, take);
            *head_len += take;
        }
        insUSha256Update(&h, buf, (size_t)n);
        if (r.total <= INS_IMPORT_KEEP_BYTES) insBufAppend(keep, (const char *)buf, (size_t)n);
        else if (keep->s) insBufFree(keep); /* too big to keep: the importer streams it */
    }
    int err = r.error;
    src->size = r.total;
    insReaderClose(&r);
    if (n < 0) return err ? err : INS_ERR_IO;
    insUSha256Final(&h, src->sha256);
    return INS_OK;
}

/* 1 when the first bytes H are a zip local file header or the end record
** of an empty zip (see import.c: such a file is expanded, not imported). */
int insIsZipHead(const unsigned char *h, size_t n)
{
    return n >= 4 && h[0] == 'P' && h[1] == 'K' &&
           ((h[2] == 3 && h[3] == 4) || (h[2] == 5 && h[3] == 6));
}

/*
** Prepares file PATH into P: tells a zip archive by its first bytes (an
** archive is left for the driver to expand), else reads and hashes it
** (insPrepareRead).  Runs on a worker thread or the driver's.
*/
static void prepare(const char *path, ins_prepared *p)
{
    unsigned char h4[4];
    size_t hn = 0;
    FILE *f = fopen(path, "rb");
    if (f) {
        hn = fread(h4, 1, sizeof h4, f);
        fclose(f);
    }
    p->is_zip = insIsZipHead(h4, hn);
    if (p->is_zip) return;
    ins_source src;
    memset(&src, 0, sizeof src);
    src.path = path;
    src.display = path;
    errno = 0;
    p->rc = insPrepareRead(&src, p->head, &p->head_len, &p->bytes);
    p->err_no = errno;
    p->size = src.size;
    memcpy(p->sha256, src.sha256, sizeof p->sha256);
    /* a small file kept whole that reads as XML is parsed here too, so
       that its importer only walks the tree */
    if (p->rc == INS_OK && p->bytes.s && !p->bytes.oom && p->bytes.len == p->size &&
        p->size <= INS_IMPORT_TREE_BYTES)
        p->tree = insXmlParseAhead(p->bytes.s, p->bytes.len);
}

/* Empties slot P for its next file. */
static void slot_clear(ins_prepared *p)
{
    insBufFree(&p->bytes);
    if (p->tree) xmlFreeDoc(p->tree);
    memset(p, 0, sizeof *p);
    insBufInit(&p->bytes);
}

/* A worker: claims the next file while the ring has room, prepares it
** outside the lock and marks its slot ready. */
static int worker(void *arg)
{
    ins_ahead *a = arg;
    mtx_lock(&a->mu);
    for (;;) {
        while (!a->stop && a->next < a->n && a->next >= a->released + a->nslots) {
            a->waiting++;
            cnd_wait(&a->room, &a->mu);
            a->waiting--;
        }
        if (a->stop || a->next >= a->n) break;
        size_t i = a->next++;
        unsigned k = (unsigned)(i % a->nslots);
        assert(a->state[k] == SLOT_EMPTY);
        a->state[k] = SLOT_BUSY;
        ins_prepared *p = &a->slots[k];
        mtx_unlock(&a->mu);
        /* what the slot held before is freed here, by the thread that
           allocated it: glibc's frees from another thread's arena contend
           for that arena's lock (measured: the import took 1.7x longer) */
        slot_clear(p);
        p->index = i;
        prepare(a->paths[i], p);
        mtx_lock(&a->mu);
        a->state[k] = SLOT_READY;
        cnd_broadcast(&a->ready);
    }
    mtx_unlock(&a->mu);
    return 0;
}

/*
** Starts reading the N files PATHS ahead on THREADS worker threads (at
** most INS_IMPORT_AHEAD_THREADS; 0: none, the driver prepares each file
** when it takes it).  PATHS must outlive the reader.  NULL when out of
** memory.
*/
ins_ahead *insAheadStart(char *const *paths, size_t n, unsigned threads)
{
    insXmlSetup(); /* before any thread parses */
    ins_ahead *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->paths = paths;
    a->n = n;
    if (threads > INS_IMPORT_AHEAD_THREADS) threads = INS_IMPORT_AHEAD_THREADS;
    a->nslots = threads ? INS_IMPORT_AHEAD_FILES : 1;
    a->slots = calloc(a->nslots, sizeof *a->slots);
    a->state = calloc(a->nslots, sizeof *a->state);
    if (!a->slots || !a->state || mtx_init(&a->mu, mtx_plain) != thrd_success) {
        free(a->slots);
        free(a->state);
        free(a);
        return NULL;
    }
    if (cnd_init(&a->ready) != thrd_success || cnd_init(&a->room) != thrd_success) threads = 0;
    for (unsigned k = 0; k < a->nslots; k++) insBufInit(&a->slots[k].bytes);
    for (unsigned t = 0; t < threads; t++) {
        if (thrd_create(&a->th[a->nthreads], worker, a) != thrd_success) break;
        a->nthreads++;
    }
    return a;
}

/*
** The prepared file I, waiting for a worker to finish it; files are taken
** in order (I is the previous one plus one) and each is given back with
** insAheadRelease before the next is taken.
*/
ins_prepared *insAheadTake(ins_ahead *a, size_t i)
{
    assert(i < a->n && i == a->released);
    unsigned k = (unsigned)(i % a->nslots);
    ins_prepared *p = &a->slots[k];
    if (!a->nthreads) {
        slot_clear(p);
        p->index = i;
        prepare(a->paths[i], p);
        return p;
    }
    mtx_lock(&a->mu);
    while (a->state[k] != SLOT_READY) cnd_wait(&a->ready, &a->mu);
    mtx_unlock(&a->mu);
    assert(p->index == i);
    return p;
}

/* Gives back file I (taken with insAheadTake): its slot is emptied and a
** worker may read the file INS_IMPORT_AHEAD_FILES further on into it. */
void insAheadRelease(ins_ahead *a, size_t i)
{
    unsigned k = (unsigned)(i % a->nslots);
    if (!a->nthreads) {
        slot_clear(&a->slots[k]);
        a->released = i + 1;
        return;
    }
    mtx_lock(&a->mu);
    a->state[k] = SLOT_EMPTY; /* its worker frees what it holds when it reuses it */
    a->released = i + 1;
    /* a waiting worker is woken when half the ring is free, not for every
       slot: each wake is a system call */
    if (a->waiting && a->released + a->nslots - a->next >= a->nslots / 2) cnd_broadcast(&a->room);
    mtx_unlock(&a->mu);
}

/* Stops the workers (a file being read is finished first), waits for
** them and frees everything; A may be NULL. */
void insAheadStop(ins_ahead *a)
{
    if (!a) return;
    if (a->nthreads) {
        mtx_lock(&a->mu);
        a->stop = 1;
        cnd_broadcast(&a->room);
        mtx_unlock(&a->mu);
        for (unsigned t = 0; t < a->nthreads; t++) thrd_join(a->th[t], NULL);
        cnd_destroy(&a->ready);
        cnd_destroy(&a->room);
    }
    for (unsigned k = 0; k < a->nslots; k++) slot_clear(&a->slots[k]);
    mtx_destroy(&a->mu);
    free(a->slots);
    free(a->state);
    free(a);
}
