/*
** options.c: parsing, --help and manual-page lists from one option table
** per command (options.h says how a table is written).
**
** The parser is small on purpose: GNU-style long options (a unique prefix
** is enough, as getopt_long allowed), short options that may be bundled,
** "--" to end them, options before and after positional words, and a
** sub-action chosen by the first positional word, with its own table or
** the command's.
*/
#include "cli.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Prints "inspector: " TMPL with its one "%s" replaced by ARG (TMPL is a
** translated message from a table, so it is not a printf format). */
static void error_with(const char *tmpl, const char *arg)
{
    const char *p = strstr(tmpl, "%s");
    if (!p) { cli_error("%s", tmpl); return; }
    cli_error("%.*s%s%s", (int)(p - tmpl), tmpl, arg, p + 2);
}

/* 1 when entry O takes a value after it. */
static int takes_value(const cli_option *o)
{
    return o->type == CLI_OPT_STRING || o->type == CLI_OPT_STRINGS || o->type == CLI_OPT_INTEGER ||
           o->type == CLI_OPT_FRACTION || o->type == CLI_OPT_DATE || o->type == CLI_OPT_CHOICE;
}

/* 1 when entry O is an option (has a name and is written with dashes). */
static int is_option(const cli_option *o)
{
    return o->type != CLI_OPT_SUBCOMMAND && o->type != CLI_OPT_ARGS && o->type != CLI_OPT_END;
}

/* Prints the message of a bad value V for option O, given or by type. */
static void bad_value(const cli_option *o, const char *v)
{
    if (o->bad) { error_with(_(o->bad), v); return; }
    char name[64];
    snprintf(name, sizeof name, "--%s", o->long_name);
    switch (o->type) {
    case CLI_OPT_INTEGER:
        if (o->max == LLONG_MAX) cli_error(_("%s wants a number from %lld"), name, o->min);
        else cli_error(_("%s wants a number from %lld to %lld"), name, o->min, o->max);
        break;
    case CLI_OPT_FRACTION:
        cli_error(_("%s wants a number from %g to %g"), name, o->fmin, o->fmax);
        break;
    case CLI_OPT_DATE:
        cli_error(_("%s wants a date YYYY-MM-DD, not '%s'"), name, v);
        break;
    case CLI_OPT_CHOICE: {
        char list[256] = "";
        size_t len = 0;
        for (size_t i = 0; o->choices[i] && len < sizeof list; i++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", o->choices[i]);
        cli_error(_("unknown %s '%s' (%s)"), o->long_name, v, list);
        break;
    }
    default:
        cli_error(_("bad value '%s' for %s"), v, name);
        break;
    }
}

/* Checks V by the type of O and stores it; 0 after printing an error. */
static int set_value(const cli_option *o, const char *v)
{
    char *end;
    switch (o->type) {
    case CLI_OPT_BOOL:
        *(int *)o->value = 1;
        return 1;
    case CLI_OPT_STRING:
        *(const char **)o->value = v;
        return 1;
    case CLI_OPT_STRINGS: {
        cli_strings *s = o->value;
        if (s->n == CLI_MAX_REPEAT) {
            cli_error(_("too many --%s"), o->long_name);
            return 0;
        }
        s->v[s->n++] = v;
        return 1;
    }
    case CLI_OPT_INTEGER: {
        errno = 0;
        long long n = strtoll(v, &end, 10);
        if (!*v || *end || errno == ERANGE || n < o->min || n > o->max) { bad_value(o, v); return 0; }
        *(long long *)o->value = n;
        return 1;
    }
    case CLI_OPT_FRACTION: {
        double d = strtod(v, &end);
        if (!*v || *end || !(d >= o->fmin && d <= o->fmax) ||
            ((o->flags & CLI_F_OPEN_MIN) && d == o->fmin)) {
            bad_value(o, v);
            return 0;
        }
        *(double *)o->value = d;
        return 1;
    }
    case CLI_OPT_DATE:
        if (!ins_date_valid(v)) { bad_value(o, v); return 0; }
        *(const char **)o->value = v;
        return 1;
    case CLI_OPT_CHOICE:
        for (size_t i = 0; o->choices[i]; i++) {
            if (!strcmp(o->choices[i], v)) {
                *(const char **)o->value = o->choices[i];
                return 1;
            }
        }
        bad_value(o, v);
        return 0;
    default:
        assert(!"not an option");
        return 0;
    }
}

/*
** The option of TABLE called NAME (LEN bytes, no dashes): an exact name,
** else the one long name NAME starts.  *AMBIGUOUS is set when more than one
** does.
*/
static const cli_option *find_long(const cli_option *table, const char *name, size_t len, int *ambiguous)
{
    const cli_option *found = NULL;
    int n = 0;
    *ambiguous = 0;
    for (const cli_option *o = table; o->type != CLI_OPT_END; o++) {
        if (!is_option(o) || strncmp(o->long_name, name, len)) continue;
        if (strlen(o->long_name) == len) return o;
        found = o;
        n++;
    }
    if (n > 1) { *ambiguous = 1; return NULL; }
    return found;
}

/* The option of TABLE whose short name is C, or NULL. */
static const cli_option *find_short(const cli_option *table, char c)
{
    for (const cli_option *o = table; o->type != CLI_OPT_END; o++)
        if (is_option(o) && o->short_name == c) return o;
    return NULL;
}

/* The first entry of TABLE of type T, or NULL. */
static const cli_option *find_type(const cli_option *table, cli_opt_type t)
{
    for (const cli_option *o = table; o->type != CLI_OPT_END; o++)
        if (o->type == t) return o;
    return NULL;
}

/* The sub-action of TABLE named WORD (or its alias), or NULL. */
static const cli_option *find_sub(const cli_option *table, const char *word)
{
    for (const cli_option *o = table; o->type != CLI_OPT_END; o++)
        if (o->type == CLI_OPT_SUBCOMMAND &&
            (!strcmp(o->long_name, word) || (o->alias && !strcmp(o->alias, word))))
            return o;
    return NULL;
}

/* Prints an error about ARG, then the help of SPEC to stderr; CLI_USAGE. */
static int usage_error(const cli_spec *spec, const char *msg, const char *arg)
{
    error_with(msg, arg);
    cli_help(spec, stderr);
    return CLI_USAGE;
}

/*
** Parses one word starting with "-" at ARGV[*I] against TABLE, taking its
** value from the next word when needed (advancing *I).  Returns
** CLI_CONTINUE, CLI_OK after --help, or CLI_USAGE after an error.
*/
static int parse_option(const cli_spec *spec, const cli_option *table, int argc, char **argv, int *i)
{
    char *a = argv[*i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
        cli_help(spec, stdout);
        return CLI_OK;
    }
    if (a[1] == '-') {
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        int ambiguous;
        const cli_option *o = find_long(table, name, len, &ambiguous);
        if (!o && len && !strncmp("help", name, len) && !eq) {
            cli_help(spec, stdout);
            return CLI_OK;
        }
        if (!o) return usage_error(spec, ambiguous ? _("ambiguous option '%s'") : _("unknown option '%s'"), a);
        if (!takes_value(o)) {
            if (eq) return usage_error(spec, _("option '%s' takes no value"), a);
            return set_value(o, NULL) ? CLI_CONTINUE : CLI_USAGE;
        }
        const char *v = eq ? eq + 1 : NULL;
        if (!v) {
            if (*i + 1 >= argc) return usage_error(spec, _("option '%s' needs a value"), a);
            v = argv[++*i];
        }
        return set_value(o, v) ? CLI_CONTINUE : CLI_USAGE;
    }
    for (const char *p = a + 1; *p; p++) {
        if (*p == 'h') { cli_help(spec, stdout); return CLI_OK; }
        const cli_option *o = find_short(table, *p);
        char opt[3] = {'-', *p, '\0'};
        if (!o) return usage_error(spec, _("unknown option '%s'"), opt);
        if (!takes_value(o)) {
            set_value(o, NULL);
            continue;
        }
        const char *v = p[1] ? p + 1 : NULL;
        if (!v) {
            if (*i + 1 >= argc) return usage_error(spec, _("option '%s' needs a value"), opt);
            v = argv[++*i];
        }
        return set_value(o, v) ? CLI_CONTINUE : CLI_USAGE;
    }
    return CLI_CONTINUE;
}

/*
** The parser: options go to the table in force (the command's, or after a
** sub-action word with a table of its own, that table); the first other
** word chooses the sub-action when the table has some; the rest are the
** positional arguments, checked against the table's ARGS entry.
*/
int cli_parse(const cli_spec *spec, int argc, char **argv, cli_parsed *out)
{
    assert(spec && spec->options && out);
    memset(out, 0, sizeof *out);
    const cli_option *table = spec->options;
    int has_subs = find_type(table, CLI_OPT_SUBCOMMAND) != NULL;
    int npos = 0, options_done = 0;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (!options_done && !strcmp(a, "--")) { options_done = 1; continue; }
        if (!options_done && a[0] == '-' && a[1]) {
            int rc = parse_option(spec, table, argc, argv, &i);
            if (rc != CLI_CONTINUE) return rc;
            continue;
        }
        if (has_subs && !out->sub) {
            const cli_option *s = find_sub(table, a);
            if (!s) {
                if (spec->sub_unknown) {
                    error_with(_(spec->sub_unknown), a);
                    if (spec->sub_unknown_help) cli_help(spec, stderr);
                } else {
                    cli_help(spec, stderr);
                }
                return CLI_USAGE;
            }
            out->sub = s;
            if (s->value) *(const char **)s->value = s->long_name;
            if (s->sub) table = s->sub;
            continue;
        }
        argv[1 + npos++] = a;
    }
    if (has_subs && !out->sub) {
        if (spec->sub_missing) cli_error("%s", _(spec->sub_missing));
        cli_help(spec, stderr);
        return CLI_USAGE;
    }
    out->argc = npos;
    out->argv = argv + 1;
    const cli_option *args = find_type(table, CLI_OPT_ARGS);
    long long min = args ? args->min : 0, max = args ? args->max : 0;
    if (npos < min || (max >= 0 && npos > max)) {
        if (args && args->bad) error_with(_(args->bad), npos > max && max >= 0 ? argv[1 + max] : "");
        else cli_error(_("unexpected argument '%s'"), argv[1 + max]);
        if (args && (args->flags & CLI_F_HELP_ON_ERROR)) cli_help(spec, stderr);
        return CLI_USAGE;
    }
    return CLI_CONTINUE;
}

/* ---- --help ------------------------------------------------------------------ */

/* The left column of entry O in --help ("-o, --output FILE"), into BUF. */
static void left_column(const cli_option *o, char *buf, size_t size)
{
    if (o->type == CLI_OPT_SUBCOMMAND) {
        snprintf(buf, size, "%s%s%s", o->long_name, o->alias ? ", " : "", o->alias ? o->alias : "");
        return;
    }
    if (o->type == CLI_OPT_ARGS) {
        snprintf(buf, size, "%s", o->argname ? o->argname : "");
        return;
    }
    char sh[8] = "    ";
    if (o->short_name) snprintf(sh, sizeof sh, "-%c, ", o->short_name);
    snprintf(buf, size, "%s--%s%s%s", sh, o->long_name, takes_value(o) && o->argname ? " " : "",
             takes_value(o) && o->argname ? o->argname : "");
}

/* 1 when entry O has a line in --help. */
static int in_help(const cli_option *o)
{
    return o->type != CLI_OPT_END && (o->type != CLI_OPT_ARGS || (o->argname && o->help));
}

/* The width of TABLE's left column, with room for "-h, --help". */
static size_t left_width(const cli_option *table)
{
    size_t w = strlen("-h, --help");
    char buf[128];
    for (const cli_option *o = table; o->type != CLI_OPT_END; o++) {
        if (!in_help(o)) continue;
        left_column(o, buf, sizeof buf);
        size_t n = strlen(buf);
        if (n <= 30 && n > w) w = n;
    }
    return w;
}

/* Prints one --help line: LEFT padded to W, then HELP (and its default). */
static void help_line(FILE *out, const char *left, size_t w, const cli_option *o)
{
    size_t n = strlen(left);
    fprintf(out, "  %s", left);
    if (n > w) fprintf(out, "\n  %*s", (int)w, "");
    else fprintf(out, "%*s", (int)(w - n), "");
    fputs("  ", out);
    for (const char *h = o && o->help ? _(o->help) : ""; *h; h++) {
        fputc(*h, out);
        if (*h == '\n') fprintf(out, "  %*s  ", (int)w, "");
    }
    if (o && o->dflt) fprintf(out, _(" (default: %s)"), o->dflt());
    fputc('\n', out);
}

/* Prints the entries of TABLE of kind SUBS (sub-actions, or the others). */
static void help_entries(FILE *out, const cli_option *table, int subs, int with_help)
{
    size_t w = left_width(table);
    char buf[128];
    for (const cli_option *o = table; o->type != CLI_OPT_END; o++) {
        if (!in_help(o) || (o->type == CLI_OPT_SUBCOMMAND) != subs) continue;
        left_column(o, buf, sizeof buf);
        help_line(out, buf, w, o);
    }
    if (with_help) {
        static const cli_option h = {CLI_OPT_BOOL, 'h', "help", NULL, NULL, N_("print this help")};
        help_line(out, "-h, --help", w, &h);
    }
}

/* Prints TEXT with its one "%s" replaced by ARG (see error_with). */
static void put_with(FILE *out, const char *text, const char *arg)
{
    const char *p = arg ? strstr(text, "%s") : NULL;
    if (!p) { fputs(text, out); return; }
    fprintf(out, "%.*s%s%s", (int)(p - text), text, arg, p + 2);
}

/*
** The help of a command: usage, description, sub-actions, options (a
** sub-action with its own table lists its options under its name), the
** epilog and what the command adds.
*/
void cli_help(const cli_spec *spec, FILE *out)
{
    fprintf(out, _("Usage: %s\n"), _(spec->usage));
    if (spec->about) {
        fputc('\n', out);
        put_with(out, _(spec->about), spec->about_arg ? spec->about_arg() : NULL);
    }
    const cli_option *t = spec->options;
    if (find_type(t, CLI_OPT_SUBCOMMAND)) {
        fputc('\n', out);
        help_entries(out, t, 1, 0);
    }
    fputc('\n', out);
    help_entries(out, t, 0, 1);
    for (const cli_option *o = t; o->type != CLI_OPT_END; o++) {
        if (o->type != CLI_OPT_SUBCOMMAND || !o->sub) continue;
        int any = 0;
        for (const cli_option *s = o->sub; s->type != CLI_OPT_END; s++) any |= in_help(s);
        if (!any) continue;
        fprintf(out, _("\nOptions of %s:\n"), o->long_name);
        help_entries(out, o->sub, 0, 0);
    }
    if (spec->epilog) {
        fputc('\n', out);
        fputs(_(spec->epilog), out);
    }
    if (spec->more_help) spec->more_help(out);
}

/* ---- the manual page ------------------------------------------------------- */

/* Writes S with every "-" escaped for troff. */
static void troff_dashes(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '-') fputc('\\', out);
        fputc(*s, out);
    }
}

/* Writes the words of a choice "a|b|c" as troff alternating arguments. */
static void troff_choice(FILE *out, const char *s)
{
    fputc(' ', out);
    for (; *s; s++) {
        if (*s == '|') fputs(" | ", out);
        else if (*s == '-') fputs("\\-", out);
        else fputc(*s, out);
    }
}

/* 1 when TABLE has an option for the manual. */
static int has_options(const cli_option *table)
{
    for (const cli_option *o = table; o->type != CLI_OPT_END; o++)
        if (is_option(o) && !(o->flags & CLI_F_NO_MAN)) return 1;
    return 0;
}

/* The heading of an option in the manual: names in bold, value in italics. */
static void man_heading(FILE *out, const cli_option *o)
{
    int value = takes_value(o) && o->argname;
    int choice = value && strchr(o->argname, '|'); /* "a|b": the words themselves */
    if (o->short_name) {
        fprintf(out, ".BR \\-%c \", \" \\-\\-", o->short_name);
        troff_dashes(out, o->long_name);
        if (choice) { fputs(" \" \"", out); troff_choice(out, o->argname); }
        else if (value) { fputs(" \" \\fI", out); troff_dashes(out, o->argname); fputs("\\fP\"", out); }
    } else if (choice) {
        fputs(".BR \\-\\-", out);
        troff_dashes(out, o->long_name);
        fputs(" \" \"", out);
        troff_choice(out, o->argname);
    } else if (value) {
        fputs(".BI \\-\\-", out);
        troff_dashes(out, o->long_name);
        fputs(" \" ", out);
        troff_dashes(out, o->argname);
        fputc('"', out);
    } else {
        fputs(".B \\-\\-", out);
        troff_dashes(out, o->long_name);
    }
    fputc('\n', out);
}

/* The body of entry O in the manual: its troff text, or its help line. */
static void man_body(FILE *out, const cli_option *o)
{
    const char *t = o->man ? o->man : o->help;
    if (!t) return;
    fputs(t, out);
    if (*t && t[strlen(t) - 1] != '\n') fputc('\n', out);
}

/* The options of TABLE as .TP entries (entries marked MAN_WITH_NEXT share
** the body of the next one through .TQ). */
static void man_options(FILE *out, const cli_option *table)
{
    int joined = 0;
    for (const cli_option *o = table; o->type != CLI_OPT_END; o++) {
        if (!is_option(o) || (o->flags & CLI_F_NO_MAN)) continue;
        fputs(joined ? ".TQ\n" : ".TP\n", out);
        man_heading(out, o);
        joined = (o->flags & CLI_F_MAN_WITH_NEXT) != 0;
        if (!joined) man_body(out, o);
    }
}

/*
** The option lists of a command in troff: its sub-actions (each with its
** own options indented under it), then its options, after "Options:" when
** sub-actions came first.
*/
void cli_man(const cli_spec *spec, FILE *out)
{
    const cli_option *t = spec->options;
    int subs = 0, opts = 0;
    for (const cli_option *o = t; o->type != CLI_OPT_END; o++) {
        if (o->type == CLI_OPT_SUBCOMMAND && !(o->flags & CLI_F_NO_MAN)) {
            subs = 1;
            fputs(".TP\n.B ", out);
            troff_dashes(out, o->long_name);
            fputc('\n', out);
            man_body(out, o);
            if (o->sub && has_options(o->sub)) {
                fputs(".RS\n", out);
                man_options(out, o->sub);
                fputs(".RE\n", out);
            }
        }
        opts |= is_option(o) && !(o->flags & CLI_F_NO_MAN);
    }
    if (subs && opts) fputs(".PP\nOptions:\n", out);
    man_options(out, t);
}

/* The spec called NAME (LEN bytes) among SPECS, or NULL. */
static const cli_spec *spec_named(const cli_spec *const *specs, size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(specs[i]->name) == len && !strncmp(specs[i]->name, name, len)) return specs[i];
    return NULL;
}

/*
** Copies the manual page, replacing each region of generated options by
** what the tables give now: the lines between the markers go, the
** markers stay.
*/
int cli_man_splice(FILE *in, FILE *out, const cli_spec *const *specs, size_t nspecs)
{
    static const char begin[] = ".\\\" BEGIN OPTIONS ", end[] = ".\\\" END OPTIONS ";
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    const cli_spec *in_region = NULL;
    int rc = 0;
    while ((n = getline(&line, &cap, in)) > 0) {
        if (!strncmp(line, begin, sizeof begin - 1)) {
            const char *name = line + sizeof begin - 1;
            size_t len = strcspn(name, " \n");
            in_region = spec_named(specs, nspecs, name, len);
            if (!in_region) {
                cli_error(_("manual page: no command '%.*s'"), (int)len, name);
                rc = -1;
                break;
            }
            fputs(line, out);
            cli_man(in_region, out);
            continue;
        }
        if (!strncmp(line, end, sizeof end - 1)) {
            in_region = NULL;
            fputs(line, out);
            continue;
        }
        if (!in_region) fputs(line, out);
    }
    if (!rc && in_region) {
        cli_error(_("manual page: the options of %s are not closed"), in_region->name);
        rc = -1;
    }
    if (ferror(in)) {
        cli_error(_("manual page: read error"));
        rc = -1;
    }
    free(line);
    return rc;
}
