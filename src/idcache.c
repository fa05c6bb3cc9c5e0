/*
** idcache.c: what a write transaction already knows of identity rows.
**
** An import meets the same firms and establishments in document after
** document, and each time model.c would run an upsert that finds the row,
** rewrites it unchanged and returns its id: a b-tree seek and a dirty
** page for nothing.  This cache remembers, for each identity key the
** connection wrote or read, the row's id and which of its fill-once
** columns are known to be set (a bit mask the caller defines).  When a
** later call brings no value for a column the row lacks, the upsert would
** change nothing, and the caller takes the id from here.
**
** It is only ever right about the rows of this connection's own write
** transaction: insDbBegin validates it (PRAGMA data_version tells whether
** another connection committed since this one's last transaction; if so it
** is emptied), a rollback of the transaction or of a savepoint empties it
** (rows it names may be gone), and outside a transaction begun with
** insDbBegin it answers nothing.  Past INS_DB_ID_CACHE_KEYS keys it is
** emptied and starts again: a bound on memory, not on correctness.  A
** savepoint rolled back some other way than insDbRollbackTo (match_link.c
** has its own) must not undo firms or establishments.
*/
#include "ins_internal.h"

#include <stdlib.h>
#include <string.h>

struct ins_idcache {
    struct idc_slot {
        char *key; /* NULL: empty */
        uint64_t hash;
        int64_t id;
        unsigned mask;
    } *slot;
    size_t cap, n; /* cap is a power of two or 0 */
};

/* FNV-1a over the tag byte and the key. */
static uint64_t idc_hash(char tag, const char *key)
{
    uint64_t h = 1469598103934665603ull;
    h = (h ^ (unsigned char)tag) * 1099511628211ull;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) h = (h ^ *p) * 1099511628211ull;
    return h;
}

/* Empties the cache of DB (keeps its table). */
void insDbIdCacheClear(ins_db *db)
{
    struct ins_idcache *c = db->idcache;
    if (!c || !c->n) return;
    for (size_t i = 0; i < c->cap; i++) {
        free(c->slot[i].key);
        c->slot[i].key = NULL;
    }
    c->n = 0;
}

/* Frees the cache of DB. */
void insDbIdCacheFree(ins_db *db)
{
    if (!db->idcache) return;
    insDbIdCacheClear(db);
    free(db->idcache->slot);
    free(db->idcache);
    db->idcache = NULL;
}

/* The slot of (TAG, KEY) in C: the one holding it or the empty one where
** it would go.  C's table is not full (its load stays under a half). */
static struct idc_slot *idc_find(struct ins_idcache *c, char tag, const char *key, uint64_t h)
{
    size_t m = c->cap - 1;
    for (size_t i = (size_t)h & m;; i = (i + 1) & m) {
        struct idc_slot *s = &c->slot[i];
        if (!s->key) return s;
        if (s->hash == h && s->key[0] == tag && !strcmp(s->key + 1, key)) return s;
    }
}

/*
** Looks up (TAG, KEY): 1 with its row's id and known-set mask, 0 when the
** cache does not know it or is not valid now (no transaction of
** insDbBegin's).  TAG names the table ('F' firms, 'E' establishments).
*/
int insDbIdCacheGet(ins_db *db, char tag, const char *key, int64_t *id, unsigned *mask)
{
    struct ins_idcache *c = db->idcache;
    if (!db->idcache_live) return 0;
    if (sqlite3_get_autocommit(db->h)) { /* SQLite rolled the transaction back */
        insDbIdCacheEnd(db, 0, 1);
        return 0;
    }
    if (!c || !c->n) return 0;
    struct idc_slot *s = idc_find(c, tag, key, idc_hash(tag, key));
    if (!s->key) return 0;
    *id = s->id;
    *mask = s->mask;
    return 1;
}

/* Grows C's table to CAP slots (a power of two), rehashing. */
static int idc_resize(struct ins_idcache *c, size_t cap)
{
    struct idc_slot *old = c->slot;
    size_t oldcap = c->cap;
    struct idc_slot *t = calloc(cap, sizeof *t);
    if (!t) return -1;
    c->slot = t;
    c->cap = cap;
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[i].key) continue;
        size_t m = cap - 1, j = (size_t)old[i].hash & m;
        while (t[j].key) j = (j + 1) & m;
        t[j] = old[i];
    }
    free(old);
    return 0;
}

/*
** Records that (TAG, KEY) is row ID with the columns of MASK set.  Does
** nothing when the cache is not valid now; running out of memory only
** loses the entry (the cache is an aid, never the truth).
*/
void insDbIdCachePut(ins_db *db, char tag, const char *key, int64_t id, unsigned mask)
{
    if (!db->idcache_live) return;
    if (sqlite3_get_autocommit(db->h)) {
        insDbIdCacheEnd(db, 0, 1);
        return;
    }
    if (!db->idcache && !(db->idcache = calloc(1, sizeof *db->idcache))) return;
    struct ins_idcache *c = db->idcache;
    if (c->n >= INS_DB_ID_CACHE_KEYS) insDbIdCacheClear(db);
    if (2 * (c->n + 1) > c->cap && idc_resize(c, c->cap ? 2 * c->cap : 1024) != 0) return;
    uint64_t h = idc_hash(tag, key);
    struct idc_slot *s = idc_find(c, tag, key, h);
    if (!s->key) {
        size_t len = strlen(key);
        char *k = malloc(len + 2);
        if (!k) return;
        k[0] = tag;
        memcpy(k + 1, key, len + 1);
        s->key = k;
        s->hash = h;
        c->n++;
    }
    s->id = id;
    s->mask = mask;
}

/*
** Called by insDbBegin once the write lock is held: the cache stays valid
** when no other connection has committed since this one last held it
** (PRAGMA data_version is unchanged), else it is emptied.  Then it
** answers until the transaction ends.
*/
void insDbIdCacheBegin(ins_db *db)
{
    /* read here, not through db.c, which calls this file (a stage below it) */
    int64_t v = -1;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    /* still live: the last transaction ended some other way than
       insDbCommit or insDbRollback, and may have been rolled back */
    if (v < 0 || v != db->idcache_version || db->idcache_live) insDbIdCacheClear(db);
    db->idcache_version = v;
    db->idcache_live = v >= 0;
}

/* Called when a transaction ends (COMMIT keeps the entries for the next
** one, ROLLBACK empties them) or a savepoint is rolled back (ALL 0: the
** cache is emptied but stays live for the rest of the transaction). */
void insDbIdCacheEnd(ins_db *db, int committed, int all)
{
    if (!committed) insDbIdCacheClear(db);
    if (all) db->idcache_live = 0;
}
