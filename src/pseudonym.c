/*
** pseudonym.c: persons' identifiers under a key two states share
** (docs/EXCHANGE.md).
**
** An identifier of a natural person never leaves a state in clear: it is
** normalised ("PE-DNI:07976340"; a person's RUC 10 and an Argentine
** CUIT/CUIL of a person reduce to the DNI inside them) and replaced by a
** deliberately slow keyed hash, Argon2id (libsodium's crypto_pwhash) of a
** keyed BLAKE2b, salted from the key.  The exchange file's writer
** (exchange.c) makes the pseudonyms of listed persons; screening
** (screen.c) makes those of travellers to compare with a partner's.
** Building block: libsodium only.
*/
#include "ins_internal.h"

#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof ((ins_pseudo_key *)0)->salt == crypto_pwhash_SALTBYTES, "the salt Argon2id takes");

/*
** Sets *ERR (when given and not set yet) to the one-line message FMT
** (line breaks become blanks) and returns CODE: how the library's
** building blocks and later stages say why they refused.
*/
int insErrSet(char **err, int code, const char *fmt, ...)
{
    if (err && !*err) {
        ins_buf b;
        insBufInit(&b);
        va_list ap;
        va_start(ap, fmt);
        insBufVprintf(&b, fmt, ap);
        va_end(ap);
        for (size_t i = 0; i < b.len; i++)
            if (b.s[i] == '\n' || b.s[i] == '\r') b.s[i] = ' ';
        *err = insUStrdup(insBufStr(&b));
        insBufFree(&b);
    }
    return code;
}

int insPseudoKeyRead(const char *path, ins_pseudo_key *k, char **err)
{
    if (sodium_init() < 0) return insErrSet(err, INS_ERR_NOMEM, _("libsodium cannot be initialised"));
    FILE *f = fopen(path, "rb");
    if (!f) return insErrSet(err, INS_ERR_IO, _("cannot open %s: %s"), path, strerror(errno));
    unsigned char buf[INS_EXCHANGE_MAX_KEY_BYTES + 1];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (n < INS_EXCHANGE_MIN_KEY_BYTES || n > INS_EXCHANGE_MAX_KEY_BYTES) {
        sodium_memzero(buf, sizeof buf);
        return insErrSet(err, INS_ERR_ARG, _("%s: a shared key file holds %u to %u bytes"), path,
                    INS_EXCHANGE_MIN_KEY_BYTES, INS_EXCHANGE_MAX_KEY_BYTES);
    }
    crypto_generichash(k->k, sizeof k->k, buf, n, (const unsigned char *)"inspector-exchange-key", 22);
    sodium_memzero(buf, sizeof buf);
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)"id", 2, k->k, sizeof k->k);
    sodium_bin2hex(k->id, sizeof k->id, h, 8);
    crypto_generichash(h, sizeof h, (const unsigned char *)"salt", 4, k->k, sizeof k->k);
    memcpy(k->salt, h, sizeof k->salt);
    return INS_OK;
}

/*
** The normalised form of a natural person's identifier, "CC-SCHEME:digits",
** or 0 when SCHEME/VALUE is no person's: a DNI, carné de extranjería,
** passport or PTP as written (digits and letters, upper case); a person's
** RUC (10 + DNI + check digit) and an Argentine CUIT/CUIL with a person's
** prefix (20, 23, 24, 27) reduce to the DNI inside them.
*/
int insPseudoForm(const char *scheme, const char *value, char *out, size_t size)
{
    char v[64];
    size_t k = 0;
    for (const char *p = value; p && *p && k + 1 < sizeof v; p++)
        if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
            v[k++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    v[k] = '\0';
    if (!k || !scheme) return 0;
    if (!strcmp(scheme, INS_SCHEME_PE_RUC))
        return k == 11 && !strncmp(v, "10", 2) && snprintf(out, size, "PE-DNI:%.8s", v + 2) > 0;
    if (!strcmp(scheme, INS_SCHEME_AR_CUIT) || !strcmp(scheme, "AR-CUIL"))
        return k == 11 && (!strncmp(v, "20", 2) || !strncmp(v, "23", 2) || !strncmp(v, "24", 2) ||
                           !strncmp(v, "27", 2)) && snprintf(out, size, "AR-DNI:%.8s", v + 2) > 0;
    if (!strcmp(scheme, "AR-DNI") || !strcmp(scheme, INS_SCHEME_PE_DNI)) {
        /* a DNI is digits; the leading zeros a spreadsheet drops come back */
        if (k > 8 || strspn(v, "0123456789") != k) return 0;
        return snprintf(out, size, "%s:%08lu", scheme, strtoul(v, NULL, 10)) > 0;
    }
    if (insIdSchemePersonal(scheme)) return snprintf(out, size, "%s:%s", scheme, v) > 0;
    return 0;
}

/*
** The pseudonym of the normalised identifier FORM under key K, in hex:
** Argon2id (INS_EXCHANGE_PWHASH_OPS, _MEM) over a keyed BLAKE2b of FORM,
** salted from the key, so that without the key nothing can be computed and
** with it each guess costs about a tenth of a second.
*/
int insPseudonym(const ins_pseudo_key *k, const char *form, char out[65])
{
    unsigned char pre[32], ps[32];
    crypto_generichash(pre, sizeof pre, (const unsigned char *)form, strlen(form), k->k, sizeof k->k);
    char pre_hex[65];
    sodium_bin2hex(pre_hex, sizeof pre_hex, pre, sizeof pre);
    if (crypto_pwhash(ps, sizeof ps, pre_hex, 64, k->salt, INS_EXCHANGE_PWHASH_OPS,
                      (size_t)INS_EXCHANGE_PWHASH_MEM, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return INS_ERR_NOMEM;
    sodium_bin2hex(out, 65, ps, sizeof ps);
    return INS_OK;
}

