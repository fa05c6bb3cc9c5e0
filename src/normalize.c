/*
** normalize.c: name normalisation shared by firm resolution and (later)
** screening.
**
** Names arrive as "MANGUIFAJAS INDUSTRIALES S.A.C.", "Manguifajas
** Industriales SAC" or with accents in either composed or decomposed form.
** insNormName maps all of them to one comparable key: compatibility
** decomposition (NFKD), marks stripped, case folded, anything that is not a
** letter or digit turned into a space, runs of spaces collapsed.
*/
#include "ins_internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/*
** Returns the normalised form of S (malloc'd).  Invalid UTF-8 is first read
** as ISO-8859-1 so a mis-declared file still yields a usable key.
*/
char *insNormName(const char *s)
{
    if (!s) return insUStrdup("");
    char *u = insUToUtf8(s, strlen(s));
    if (!u) return NULL;
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)u, 0, &mapped,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
                                          UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
                                          UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
    free(u);
    if (n < 0) return insUStrdup("");
    ins_buf b;
    insBufInit(&b);
    int pending_space = 0;
    utf8proc_ssize_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(mapped + i, n - i, &cp);
        if (k <= 0) { i++; continue; }
        utf8proc_category_t cat = utf8proc_category(cp);
        int keep = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                   (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
        if (keep) {
            if (pending_space && b.len) insBufAppendChar(&b, ' ');
            pending_space = 0;
            insBufAppend(&b, (const char *)mapped + i, (size_t)k);
        } else if (cp == '&') {
            /* "&" and "and"/"y" differ by language; keep it as a token */
            if (b.len) insBufAppendChar(&b, ' ');
            insBufAppendChar(&b, '&');
            pending_space = 1;
        } else if (cp == '.' || cp == '\'' || cp == 0x2019) {
            /* "S.A.C." -> "sac", "O'Brien" -> "obrien": no space */
        } else {
            pending_space = 1;
        }
        i += k;
    }
    free(mapped);
    if (b.oom) { insBufFree(&b); return NULL; }
    return insBufDetach(&b);
}
