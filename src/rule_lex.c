/*
** rule_lex.c: the lexer of the rule language.
**
** Tokens carry their line, column and byte span so every diagnostic can
** quote the source line and put a caret under the offending text.  A '/'
** right after the word `matches` starts a regular expression literal
** (/body/flags); anywhere else it is division.  A string may span lines:
** a line break and the indentation after it read as one space, so long
** descriptions can be wrapped freely.
*/
#include "rule.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/*
** Starts lexer LX at the beginning of SRC (line 1, column 1).  SRC must
** outlive the lexer; tokens copy their text out of it.
*/
void insLexInit(ins_lexer *lx, const ins_src *src)
{
    memset(lx, 0, sizeof *lx);
    lx->src = src;
    lx->line = 1;
    lx->col = 1;
    lx->prev = TK_EOF;
}

/*
** Frees the decoded text and regex flags of token T (not T itself), so a
** token can be read into again.
*/
void insTokenFree(ins_token *t)
{
    free(t->str);
    free(t->flags);
    t->str = t->flags = NULL;
}

/*
** The byte K places ahead of the current position, as an unsigned value,
** or -1 past the end of the source.
*/
static int peekc(ins_lexer *lx, size_t k)
{
    size_t p = lx->pos + k;
    return p < lx->src->len ? (unsigned char)lx->src->text[p] : -1;
}

/* Advances one byte, keeping line and column (columns count characters:
** UTF-8 continuation bytes do not move the column). */
static void adv(ins_lexer *lx)
{
    if (lx->pos >= lx->src->len) return;
    unsigned char c = (unsigned char)lx->src->text[lx->pos++];
    if (c == '\n') {
        lx->line++;
        lx->col = 1;
    } else if ((c & 0xC0) != 0x80) {
        lx->col++;
    }
}

/*
** Turns T into an error token carrying MSG; the parser reports it at the
** token's position.
*/
static void tok_error(ins_token *t, const char *msg)
{
    t->k = TK_ERROR;
    free(t->str);
    t->str = insUStrdup(msg);
}

/*
** Strings are "double" or 'single' quoted (single quotes let an evidence
** template hold an expression with a string: "{count(sales where hs6
** startswith '7108')}").
*/
static void lex_string(ins_lexer *lx, ins_token *t)
{
    ins_buf b;
    insBufInit(&b);
    int quote = peekc(lx, 0);
    adv(lx); /* opening quote */
    for (;;) {
        int c = peekc(lx, 0);
        if (c < 0) {
            insBufFree(&b);
            tok_error(t, _("unterminated string"));
            return;
        }
        if (c == quote) { adv(lx); break; }
        if (c == '\\') {
            int e = peekc(lx, 1);
            char out = 0;
            switch (e) {
            case '"': out = '"'; break;
            case '\'': out = '\''; break;
            case '\\': out = '\\'; break;
            case 'n': out = '\n'; break;
            case 't': out = '\t'; break;
            case '{': out = '{'; insBufAppendChar(&b, '\\'); break; /* kept for templates */
            case '}': out = '}'; insBufAppendChar(&b, '\\'); break;
            default:
                insBufFree(&b);
                tok_error(t, _("unknown escape in string (use \\\" \\\\ \\n \\t)"));
                adv(lx);
                return;
            }
            adv(lx);
            adv(lx);
            insBufAppendChar(&b, out);
            continue;
        }
        if (c == '\n' || c == '\r') {
            /* line break plus following indentation -> one space */
            while (peekc(lx, 0) == '\n' || peekc(lx, 0) == '\r' || peekc(lx, 0) == ' ' ||
                   peekc(lx, 0) == '\t')
                adv(lx);
            while (b.len && (b.s[b.len - 1] == ' ' || b.s[b.len - 1] == '\t')) b.s[--b.len] = '\0';
            insBufAppendChar(&b, ' ');
            continue;
        }
        if (b.len >= INS_MAX_FIELD_BYTES) {
            insBufFree(&b);
            tok_error(t, _("string too long"));
            return;
        }
        insBufAppendChar(&b, (char)c);
        adv(lx);
    }
    t->k = TK_STRING;
    t->str = insBufDetach(&b);
}

/*
** A regular expression literal /body/flags (after `matches`): `\/` stands
** for a slash, other escapes are kept for PCRE2; the body must end on its
** line.  The flags are letters after the closing slash; the checker
** validates them.
*/
static void lex_regex(ins_lexer *lx, ins_token *t)
{
    ins_buf b;
    insBufInit(&b);
    adv(lx); /* '/' */
    for (;;) {
        int c = peekc(lx, 0);
        if (c < 0 || c == '\n') {
            insBufFree(&b);
            tok_error(t, _("unterminated regular expression (end it with /)"));
            return;
        }
        if (c == '\\' && peekc(lx, 1) == '/') {
            insBufAppendChar(&b, '/');
            adv(lx);
            adv(lx);
            continue;
        }
        if (c == '\\' && peekc(lx, 1) >= 0) {
            insBufAppendChar(&b, '\\');
            adv(lx);
            insBufAppendChar(&b, (char)peekc(lx, 0));
            adv(lx);
            continue;
        }
        if (c == '/') { adv(lx); break; }
        insBufAppendChar(&b, (char)c);
        adv(lx);
    }
    ins_buf f;
    insBufInit(&f);
    while (peekc(lx, 0) >= 0 && isalpha(peekc(lx, 0))) {
        insBufAppendChar(&f, (char)peekc(lx, 0));
        adv(lx);
    }
    t->k = TK_REGEX;
    t->str = insBufDetach(&b);
    t->flags = insBufDetach(&f);
}

/*
** 1 when the source at the current position is a date literal YYYY-MM-DD
** not followed by a letter, digit or '_' (so 2026-11-28 is a date and
** 2026-11-28x is not).  Whether it is a valid calendar date is the
** parser's question.
*/
static int is_date_at(ins_lexer *lx)
{
    for (int i = 0; i < 10; i++) {
        int c = peekc(lx, (size_t)i);
        if (i == 4 || i == 7) { if (c != '-') return 0; }
        else if (c < 0 || !isdigit(c)) return 0;
    }
    int c = peekc(lx, 10);
    return !(c >= 0 && (isalnum(c) || c == '_'));
}

/*
** Reads the next token into T (overwriting it; free the previous one
** first), skipping blanks and `#` comments.  T gets its kind, line,
** column and byte span; identifiers, strings, list names, dates and
** regexes their text in t->str.  A malformed token is TK_ERROR with the
** message in t->str; numbers longer than INS_MAX_RULE_NUMBER_BYTES and
** strings longer than INS_MAX_FIELD_BYTES are errors.
*/
void insLexNext(ins_lexer *lx, ins_token *t)
{
    memset(t, 0, sizeof *t);
    /* skip blanks and comments */
    for (;;) {
        int c = peekc(lx, 0);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { adv(lx); continue; }
        if (c == '#') { while (peekc(lx, 0) >= 0 && peekc(lx, 0) != '\n') adv(lx); continue; }
        break;
    }
    t->line = lx->line;
    t->col = lx->col;
    t->off = lx->pos;
    int c = peekc(lx, 0);
    if (c < 0) {
        t->k = TK_EOF;
    } else if (c == '"' || c == '\'') {
        lex_string(lx, t);
    } else if (c == '/' && lx->prev_was_matches) {
        lex_regex(lx, t);
    } else if (c == '$') {
        adv(lx);
        size_t s = lx->pos;
        while (peekc(lx, 0) >= 0 && (isalnum(peekc(lx, 0)) || peekc(lx, 0) == '_')) adv(lx);
        if (lx->pos == s) tok_error(t, _("'$' must be followed by a list name"));
        else { t->k = TK_VAR; t->str = insUStrndup(lx->src->text + s, lx->pos - s); }
    } else if (isdigit(c)) {
        if (is_date_at(lx)) {
            t->k = TK_DATE;
            t->str = insUStrndup(lx->src->text + lx->pos, 10);
            for (int i = 0; i < 10; i++) adv(lx);
        } else {
            size_t s = lx->pos;
            while (peekc(lx, 0) >= 0 && isdigit(peekc(lx, 0))) adv(lx);
            if (peekc(lx, 0) == '.' && peekc(lx, 1) >= 0 && isdigit(peekc(lx, 1))) {
                adv(lx);
                while (peekc(lx, 0) >= 0 && isdigit(peekc(lx, 0))) adv(lx);
            }
            char tmp[INS_MAX_RULE_NUMBER_BYTES + 1];
            size_t n = lx->pos - s;
            if (n > INS_MAX_RULE_NUMBER_BYTES) { tok_error(t, _("number too long")); }
            else {
                memcpy(tmp, lx->src->text + s, n);
                tmp[n] = '\0';
                t->k = TK_NUMBER;
                t->num = strtod(tmp, NULL);
            }
        }
    } else if (isalpha(c) || c == '_' || c >= 0x80) {
        size_t s = lx->pos;
        while (peekc(lx, 0) >= 0 && (isalnum(peekc(lx, 0)) || peekc(lx, 0) == '_' || peekc(lx, 0) >= 0x80))
            adv(lx);
        t->k = TK_IDENT;
        t->str = insUStrndup(lx->src->text + s, lx->pos - s);
    } else {
        adv(lx);
        int n = peekc(lx, 0);
        switch (c) {
        case '{': t->k = TK_LBRACE; break;
        case '}': t->k = TK_RBRACE; break;
        case '[': t->k = TK_LBRACK; break;
        case ']': t->k = TK_RBRACK; break;
        case '(': t->k = TK_LPAREN; break;
        case ')': t->k = TK_RPAREN; break;
        case ',': t->k = TK_COMMA; break;
        case ':': t->k = TK_COLON; break;
        case '.': t->k = TK_DOT; break;
        case '+': t->k = TK_PLUS; break;
        case '-': t->k = TK_MINUS; break;
        case '*': t->k = TK_STAR; break;
        case '/': t->k = TK_SLASH; break;
        case '=':
            if (n == '=') { adv(lx); }
            t->k = n == '=' ? TK_EQ : TK_ASSIGN;
            break;
        case '!':
            if (n == '=') { adv(lx); t->k = TK_NE; }
            else tok_error(t, _("unexpected '!' (use 'not' or '!=')"));
            break;
        case '<':
            if (n == '=') { adv(lx); t->k = TK_LE; } else t->k = TK_LT;
            break;
        case '>':
            if (n == '=') { adv(lx); t->k = TK_GE; } else t->k = TK_GT;
            break;
        default: {
            ins_buf m;
            insBufInit(&m);
            insBufPrintf(&m, _("unexpected character '%c'"), isprint(c) ? c : '?');
            t->k = TK_ERROR;
            t->str = insBufDetach(&m);
        }
        }
    }
    t->len = lx->pos - t->off;
    if (t->len == 0) t->len = 1;
    lx->prev = t->k;
    lx->prev_was_matches = t->k == TK_IDENT && t->str && !strcmp(t->str, "matches");
}
