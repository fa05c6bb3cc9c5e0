/*
** rule_set.c: rule files, named lists, fingerprints and rule tests.
**
** A rule set is everything loaded from a list of paths: each rule file is
** read, parsed, and its named lists loaded (paths relative to the file);
** then every rule is checked.  Diagnostics of every file (made by
** rule_src.c's insDiag) are collected and handed to the caller in order,
** formatted as a compiler prints them.
*/
#include "rule.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct ins_ruleset {
    ins_src **srcs;   /* rule files and list files, kept for diagnostics */
    size_t nsrcs, capsrcs;
    ins_parse_out po;
    ins_listset lists;
    char fingerprint[65];
    ins_diags diags;
};

/* ---- named lists ------------------------------------------------------------------ */

/*
** qsort order of list values: by type, then text by bytes or numbers by
** value (the order list_has in rule_eval.c searches in).
*/
static int cmp_val(const void *a, const void *b)
{
    const ins_val *x = a, *y = b;
    if (x->t != y->t) return x->t - y->t;
    return x->t == VT_STR ? strcmp(x->u.s, y->u.s) : (x->u.n < y->u.n ? -1 : x->u.n > y->u.n);
}

/* Loads a list file: first word of each line is a value; '#' comments. */
static ins_list *load_list(const char *name, const char *path, ins_src *keep, char **err)
{
    if (insSrcLoad(keep, path, err) != 0) return NULL;
    ins_list *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    l->name = insUStrdup(name);
    l->path = insUStrdup(path);
    size_t cap = 0;
    const char *t = keep->text;
    for (size_t ln = 0; ln < keep->nlines; ln++) {
        size_t s = keep->line_off[ln];
        while (s < keep->len && (t[s] == ' ' || t[s] == '\t')) s++;
        if (s >= keep->len || t[s] == '#' || t[s] == '\n' || t[s] == '\r') continue;
        size_t e = s;
        while (e < keep->len && t[e] != ' ' && t[e] != '\t' && t[e] != '\n' && t[e] != '\r' && t[e] != '#') e++;
        if (l->n >= INS_MAX_LIST_ENTRIES) break;
        ins_val *v = insUGrow(l->v, &cap, l->n + 1, sizeof *v);
        if (!v) break;
        l->v = v;
        /* values live in the kept source text: terminate in place */
        keep->text[e] = '\0';
        l->v[l->n].t = VT_STR;
        l->v[l->n].u.s = keep->text + s;
        l->n++;
    }
    if (l->n) qsort(l->v, l->n, sizeof *l->v, cmp_val);
    l->sorted = 1;
    return l;
}

/*
** Frees named list L (its values point into the kept source text, which
** the rule set frees).  NULL is fine.
*/
static void free_list(ins_list *l)
{
    if (!l) return;
    free(l->v);
    free(l->name);
    free(l->path);
    free(l);
}

/* Directory part of PATH joined with REL (REL absolute: as is). */
static char *join_rel(const char *path, const char *rel)
{
    ins_buf b;
    insBufInit(&b);
    if (rel[0] == '/') {
        insBufAppendStr(&b, rel);
    } else {
        const char *slash = strrchr(path, '/');
        if (slash) insBufAppend(&b, path, (size_t)(slash - path) + 1);
        insBufAppendStr(&b, rel);
    }
    return insBufDetach(&b);
}

/* ---- loading ------------------------------------------------------------------------ */

/*
** Keeps source S (a rule or list file) for the life of RS: rules and
** diagnostics point into it.  0 when out of memory.
*/
static int add_src(ins_ruleset *rs, ins_src *s)
{
    ins_src **v = insUGrow(rs->srcs, &rs->capsrcs, rs->nsrcs + 1, sizeof *v);
    if (!v) return 0;
    rs->srcs = v;
    rs->srcs[rs->nsrcs++] = s;
    return 1;
}

/* qsort comparison of two C strings by bytes (file names). */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects rule files: a directory yields its *.rules files, recursively, sorted. */
static void collect(const char *path, char ***files, size_t *n, size_t *cap, ins_diags *d, int depth)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        ins_src none;
        memset(&none, 0, sizeof none);
        none.path = (char *)path;
        insDiag(d, 1, &none, 0, 0, 0, _("cannot open: %s"), strerror(errno));
        return;
    }
    if (!S_ISDIR(sb.st_mode)) {
        char **v = insUGrow(*files, cap, *n + 1, sizeof *v);
        if (!v) return;
        *files = v;
        (*files)[(*n)++] = insUStrdup(path);
        return;
    }
    if (depth > INS_MAX_DIR_DEPTH) return;
    DIR *dir = opendir(path);
    if (!dir) return;
    char **names = NULL;
    size_t nn = 0, capn = 0;
    struct dirent *de;
    while ((de = readdir(dir))) {
        if (de->d_name[0] == '.') continue;
        char **v = insUGrow(names, &capn, nn + 1, sizeof *v);
        if (!v) break;
        names = v;
        names[nn++] = insUStrdup(de->d_name);
    }
    closedir(dir);
    if (nn) qsort(names, nn, sizeof *names, cmp_str);
    for (size_t i = 0; i < nn; i++) {
        ins_buf p;
        insBufInit(&p);
        insBufPrintf(&p, "%s/%s", path, names[i]);
        struct stat cs;
        if (stat(insBufStr(&p), &cs) == 0) {
            size_t l = strlen(names[i]);
            if (S_ISDIR(cs.st_mode)) collect(insBufStr(&p), files, n, cap, d, depth + 1);
            else if (l > 6 && !strcmp(names[i] + l - 6, ".rules")) collect(insBufStr(&p), files, n, cap, d, depth + 1);
        }
        insBufFree(&p);
        free(names[i]);
    }
    free(names);
}

/*
** The base name of path P: the fingerprint hashes base names, so the
** same files in another directory give the same fingerprint.
*/
static const char *base(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/*
** Loads a rule set from PATHS (see inspector.h): collects the rule files,
** reads and parses each, loads the lists each declares (a name declared
** twice must name the same file), fingerprints the files' base names and
** contents and the lists' entries, checks every rule and refuses duplicate
** ids.  Then hands every diagnostic to FN in order; with INS_RULES_STRICT
** a warning is passed on, and counted, as an error.
*/
int ins_ruleset_load(const char *const *paths, size_t npaths, int flags, ins_diag_fn fn, void *ctx,
                     ins_ruleset **out, int *nerrors, int *nwarnings)
{
    *out = NULL;
    ins_ruleset *rs = calloc(1, sizeof *rs);
    if (!rs) return INS_ERR_NOMEM;
    char **files = NULL;
    size_t nfiles = 0, capfiles = 0;
    for (size_t i = 0; i < npaths; i++) collect(paths[i], &files, &nfiles, &capfiles, &rs->diags, 0);
    ins_sha256 h;
    insUSha256Init(&h);
    for (size_t i = 0; i < nfiles; i++) {
        ins_src *s = calloc(1, sizeof *s);
        char *err = NULL;
        if (!s || insSrcLoad(s, files[i], &err) != 0) {
            ins_src none;
            memset(&none, 0, sizeof none);
            none.path = files[i];
            insDiag(&rs->diags, 1, &none, 0, 0, 0, "%s", err ? err : _("cannot read"));
            free(err);
            free(s);
            continue;
        }
        add_src(rs, s);
        insUSha256Update(&h, "rules ", 6);
        insUSha256Update(&h, base(s->path), strlen(base(s->path)));
        insUSha256Update(&h, "\n", 1);
        insUSha256Update(&h, s->text, s->len);
        size_t first_list = rs->po.nlists;
        insParseFile(s, &rs->diags, &rs->po);
        /* load the lists this file declares */
        for (size_t k = first_list; k < rs->po.nlists; k++) {
            ins_listdecl *ld = &rs->po.lists[k];
            int dup = 0;
            for (size_t j = 0; j < rs->lists.n; j++) {
                if (!strcmp(rs->lists.v[j]->name, ld->name)) {
                    char *p2 = join_rel(s->path, ld->path);
                    if (strcmp(rs->lists.v[j]->path, p2))
                        insDiag(&rs->diags, 1, s, ld->line, ld->col, strlen(ld->name),
                                _("list '%s' is already declared with another file (%s)"), ld->name,
                                rs->lists.v[j]->path);
                    free(p2);
                    dup = 1;
                }
            }
            if (dup) continue;
            char *lp = join_rel(s->path, ld->path);
            ins_src *ls = calloc(1, sizeof *ls);
            char *lerr = NULL;
            ins_list *l = ls ? load_list(ld->name, lp, ls, &lerr) : NULL;
            if (!l) {
                insDiag(&rs->diags, 1, s, ld->line, ld->col, strlen(ld->name),
                        _("cannot load list '%s': %s"), ld->name, lerr ? lerr : "?");
                free(lerr);
                if (ls) { insSrcFree(ls); free(ls); }
            } else {
                add_src(rs, ls);
                insUSha256Update(&h, "list ", 5);
                insUSha256Update(&h, ld->name, strlen(ld->name));
                insUSha256Update(&h, "\n", 1);
                for (size_t j = 0; j < l->n; j++) {
                    insUSha256Update(&h, l->v[j].u.s, strlen(l->v[j].u.s));
                    insUSha256Update(&h, "\n", 1);
                }
                ins_list **v = insUGrow(rs->lists.v, &rs->lists.cap, rs->lists.n + 1, sizeof *v);
                if (v) { rs->lists.v = v; rs->lists.v[rs->lists.n++] = l; }
                else free_list(l);
            }
            free(lp);
        }
    }
    for (size_t i = 0; i < nfiles; i++) free(files[i]);
    free(files);
    insUSha256Final(&h, rs->fingerprint);
    if (rs->po.nrules > INS_MAX_RULES) {
        ins_src none;
        memset(&none, 0, sizeof none);
        insDiag(&rs->diags, 1, &none, 0, 0, 0, _("more than %d rules"), INS_MAX_RULES);
    }
    for (size_t i = 0; i < rs->po.nrules; i++) {
        ins_rule *r = rs->po.rules[i];
        insCheckRule(r, &rs->lists, &rs->diags);
        for (size_t j = 0; j < i && r->id; j++) {
            if (rs->po.rules[j]->id && !strcmp(rs->po.rules[j]->id, r->id)) {
                insDiag(&rs->diags, 1, r->src, r->line, r->col, 4,
                        _("rule id '%s' is already used by rule '%s' (%s:%d)"), r->id,
                        rs->po.rules[j]->name, rs->po.rules[j]->src->path, rs->po.rules[j]->line);
                r->errors = 1;
            }
        }
    }
    int errors = rs->diags.errors, warnings = rs->diags.warnings;
    for (size_t i = 0; i < rs->diags.n && fn; i++) {
        const char *text = rs->diags.v[i].text;
        if (!rs->diags.v[i].is_error && (flags & INS_RULES_STRICT)) {
            /* --strict: the warning is an error, and says so */
            const char *w = strstr(text, _(": warning: "));
            ins_buf b;
            insBufInit(&b);
            if (w) {
                insBufAppend(&b, text, (size_t)(w - text));
                insBufAppendStr(&b, _(": error: "));
                insBufAppendStr(&b, w + strlen(_(": warning: ")));
            } else {
                insBufAppendStr(&b, text);
            }
            fn(ctx, 1, insBufStr(&b));
            insBufFree(&b);
        } else {
            fn(ctx, rs->diags.v[i].is_error, text);
        }
    }
    if (flags & INS_RULES_STRICT) { errors += warnings; warnings = 0; }
    if (nerrors) *nerrors = errors;
    if (nwarnings) *nwarnings = warnings;
    *out = rs;
    return errors ? INS_ERR_FORMAT : INS_OK;
}

/* Frees rule set RS: rules, lists, sources and diagnostics.  NULL is fine. */
void ins_ruleset_free(ins_ruleset *rs)
{
    if (!rs) return;
    for (size_t i = 0; i < rs->po.nrules; i++) insRuleFree(rs->po.rules[i]);
    free(rs->po.rules);
    for (size_t i = 0; i < rs->po.nlists; i++) { free(rs->po.lists[i].name); free(rs->po.lists[i].path); }
    free(rs->po.lists);
    for (size_t i = 0; i < rs->lists.n; i++) free_list(rs->lists.v[i]);
    free(rs->lists.v);
    for (size_t i = 0; i < rs->nsrcs; i++) { insSrcFree(rs->srcs[i]); free(rs->srcs[i]); }
    free(rs->srcs);
    insDiagsFree(&rs->diags);
    free(rs);
}

/* Number of rules in RS (0 for NULL), failed ones included. */
size_t ins_ruleset_count(const ins_ruleset *rs) { return rs ? rs->po.nrules : 0; }
/*
** The SHA-256 (hex) of RS's files and lists, stored with every run so a
** run names the rules it used.
*/
const char *ins_ruleset_fingerprint(const ins_ruleset *rs) { return rs->fingerprint; }

/* Rule I of RS, or NULL past the end: score.c evaluates the compiled rules. */
ins_rule *insRulesetRule(ins_ruleset *rs, size_t i) { return i < rs->po.nrules ? rs->po.rules[i] : NULL; }

/*
** Fills O with what the command shows of rule I of RS (strings owned by
** RS; "?" or "" for what is missing).  INS_ERR_ARG when I is out of
** range.
*/
int ins_ruleset_info(const ins_ruleset *rs, size_t i, ins_rule_info *o)
{
    if (!rs || i >= rs->po.nrules) return INS_ERR_ARG;
    const ins_rule *r = rs->po.rules[i];
    memset(o, 0, sizeof *o);
    o->id = r->id ? r->id : "?";
    o->name = r->name;
    o->title = r->title ? r->title : "";
    o->subject = r->subject_name ? r->subject_name : "?";
    o->audience = r->audience ? r->audience : "";
    o->indicators = r->indicators ? r->indicators : "";
    o->status = r->status ? r->status : "?";
    o->severity = r->severity ? r->severity : "?";
    o->file = r->src ? r->src->path : "?";
    o->rev = r->rev;
    o->line = r->line;
    o->weight = r->weight;
    o->ntests = r->ntests;
    return INS_OK;
}

/* ---- tests --------------------------------------------------------------------------- */

/*
** Runs every test of every rule of RS: builds the test's one-subject
** frame, evaluates the rule as of the test's date (or the rule's date) and
** compares with match/nomatch, reporting each outcome through FN.  A test
** of a rule that did not compile fails.
*/
int ins_ruleset_run_tests(ins_ruleset *rs, ins_test_fn fn, void *ctx, int *passed, int *failed)
{
    int np = 0, nf = 0;
    ins_evalctx ec;
    insEvalInit(&ec);
    ins_buf ev;
    insBufInit(&ev);
    for (size_t i = 0; i < rs->po.nrules; i++) {
        ins_rule *r = rs->po.rules[i];
        ins_rule_info info;
        ins_ruleset_info(rs, i, &info);
        for (size_t k = 0; k < r->ntests; k++) {
            ins_rule_test *t = &r->tests[k];
            if (r->errors || !r->subject || !r->condition) {
                nf++;
                if (fn) fn(ctx, &info, t->name, t->must_match, 0, _("the rule does not compile"));
                continue;
            }
            ins_frame *f = NULL;
            if (insFrameFromObject(r->subject, t->subject, &f, NULL) != INS_OK) {
                nf++;
                if (fn) fn(ctx, &info, t->name, t->must_match, 0, ins_strerror(INS_ERR_NOMEM));
                continue;
            }
            ec.f = f;
            ec.row = 0;
            ec.as_of = t->has_as_of ? t->as_of : r->date_days;
            double strength = 0;
            int got = insEvalRule(&ec, r, &strength, &ev);
            int ok = got >= 0 && (got == 1) == (t->must_match != 0);
            ins_buf detail;
            insBufInit(&detail);
            if (got < 0) insBufPrintf(&detail, "%s", ec.errmsg);
            else if (!ok && t->must_match) insBufAppendStr(&detail, _("expected a match, the condition was false"));
            else if (!ok) insBufPrintf(&detail, _("expected no match, but it fired: %s"), insBufStr(&ev));
            else if (got == 1) insBufPrintf(&detail, "%s", insBufStr(&ev));
            if (ok) np++; else nf++;
            if (fn) fn(ctx, &info, t->name, t->must_match, ok, insBufStr(&detail));
            insBufFree(&detail);
            insFrameFree(f);
            ec.f = NULL;
        }
    }
    insBufFree(&ev);
    insEvalFree(&ec);
    if (passed) *passed = np;
    if (failed) *failed = nf;
    return INS_OK;
}
