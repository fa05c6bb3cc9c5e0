/* PLACEHOLDER: being written. */
#include "importer.h"
static int sniff(const ins_sniff *s) { (void)s; return 0; }
static int run(ins_import_ctx *ctx) { return insImportReject(ctx, INS_ERR_UNSUPPORTED, "not implemented"); }
const ins_importer insImporterInspections = {"inspections", "placeholder", sniff, run};
