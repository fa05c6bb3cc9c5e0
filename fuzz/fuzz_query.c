/*
** fuzz_query.c: libFuzzer target for the query language front end: a
** condition as `inspector query SUBJECT CONDITION` reads it, parsed and
** checked against each subject type.  Any input must end in a result or
** located diagnostics, without a crash, a hang, a leak or undefined
** behaviour.  Built by make fuzz (fuzz/build.sh); run with fuzz/run.sh.
*/
#include "rule.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536) return 0;
    static const char *const types[] = {"firm", "establishment", "leg", "carrier", "vehicle", "declaration", "trade_line"};
    for (size_t t = 0; t < sizeof types / sizeof *types; t++) {
        const ins_rtype *rt = insSchemaType(types[t]);
        if (!rt) continue;
        ins_src src;
        /* as the command line hands a query over: text up to a NUL, one line */
        if (insSrcOneLine(&src, "query", (const char *)data, strnlen((const char *)data, size)) != 0) return 0;
        ins_diags d;
        memset(&d, 0, sizeof d);
        ins_node *cond = insParseExpr(&src, &d);
        if (cond) insCheckCondition(cond, rt, NULL, &d, &src);
        insNodeFree(cond);
        insDiagsFree(&d);
        insSrcFree(&src);
    }
    return 0;
}
