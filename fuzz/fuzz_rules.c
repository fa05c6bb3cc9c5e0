/*
** fuzz_rules.c: libFuzzer target for the rule language front end (lexer,
** parser, checker).  Any input must be read without a crash, a hang, a
** leak or undefined behaviour; diagnostics are the expected outcome.
**
** Built by make fuzz (fuzz/build.sh); run with
**   make fuzz; fuzz/run.sh SECONDS (see docs/SECURITY.md)
*/
#include "rule.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536) return 0;
    ins_src src;
    /* as a rule file is read: text up to a NUL */
    if (insSrcFromBytes(&src, "fuzz.rules", (const char *)data, strnlen((const char *)data, size)) != 0) return 0;
    ins_diags d;
    memset(&d, 0, sizeof d);
    ins_parse_out po;
    memset(&po, 0, sizeof po);
    insParseFile(&src, &d, &po);
    for (size_t i = 0; i < po.nrules; i++) insCheckRule(po.rules[i], NULL, &d);
    for (size_t i = 0; i < po.nrules; i++) insRuleFree(po.rules[i]);
    free(po.rules);
    for (size_t i = 0; i < po.nlists; i++) { free(po.lists[i].name); free(po.lists[i].path); }
    free(po.lists);
    insDiagsFree(&d);
    insSrcFree(&src);
    return 0;
}
