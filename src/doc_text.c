/*
** doc_text.c: the language of the documents inspector writes.
**
** Two kinds of text leave the library.  Interface text (errors, warnings,
** help) is marked _() and follows the user's locale through gettext.
** Document text is marked D_(): the fixed words of worklists, reports,
** evaluations and the case register, which an office prints, files and
** sends on.  A document must not change language with the terminal of the
** clerk who ran the command, so D_ text is translated into the document
** language set here ("es" unless the caller says otherwise), from a table
** compiled into the library from po/<lang>.po (scripts/po2c.awk).  The
** same PO file serves both kinds: translators see one catalogue.
*/
#include "ins_internal.h"

#include <stdlib.h>
#include <string.h>

/* One translation: English source and its text in the document language. */
extern const ins_doc_entry insDocCatalog_es[];
extern const size_t insDocCatalogLen_es;

/* The document languages the library knows; index 0 is the source language. */
static const struct {
    const char *code;
    const ins_doc_entry *table;
    const size_t *len;
} languages[] = {
    {"en", NULL, NULL},
    {"es", insDocCatalog_es, &insDocCatalogLen_es},
};

/* The document language in force: Spanish, as Peru's offices print. */
static size_t current = 1;

/* The catalogue of each language, sorted by msgid on first use. */
static const ins_doc_entry **sorted[INS_ARRAY_LEN(languages)];
static size_t nsorted[INS_ARRAY_LEN(languages)];

/* qsort and bsearch order of catalogue entries: by English source. */
static int by_msgid(const void *a, const void *b)
{
    const ins_doc_entry *x = *(const ins_doc_entry *const *)a, *y = *(const ins_doc_entry *const *)b;
    return strcmp(x->msgid, y->msgid);
}

/*
** Sets the document language from CODE: "en", "es", or a locale name
** whose language part is one of them ("es_PE.UTF-8").  INS_ERR_ARG for
** any other; the language in force is then unchanged.
*/
int ins_set_doc_language(const char *code)
{
    if (!code) return INS_ERR_ARG;
    size_t n = strcspn(code, "_.@-");
    for (size_t i = 0; i < INS_ARRAY_LEN(languages); i++) {
        if (strlen(languages[i].code) == n && !strncmp(languages[i].code, code, n)) {
            current = i;
            return INS_OK;
        }
    }
    return INS_ERR_ARG;
}

/* The code of the document language in force ("es", "en"). */
const char *ins_doc_language(void)
{
    return languages[current].code;
}

/*
** The text of MSGID in the document language: its translation when the
** catalogue has one, else MSGID itself (as gettext does).  The index is
** built once; should memory fail for it, the text stays in English.
*/
const char *insDocText(const char *msgid)
{
    if (!current || !msgid) return msgid;
    if (!sorted[current]) {
        size_t n = *languages[current].len;
        const ins_doc_entry **ix = malloc((n ? n : 1) * sizeof *ix);
        if (!ix) return msgid;
        for (size_t i = 0; i < n; i++) ix[i] = &languages[current].table[i];
        qsort(ix, n, sizeof *ix, by_msgid);
        nsorted[current] = n;
        sorted[current] = ix;
    }
    ins_doc_entry key = {msgid, NULL};
    const ins_doc_entry *pk = &key;
    const ins_doc_entry **hit = bsearch(&pk, sorted[current], nsorted[current], sizeof *hit, by_msgid);
    return hit ? (*hit)->msgstr : msgid;
}
