/*
** registry.c: the list of importers, in the order they are tried.
**
** Adding a format is adding its file and one line here.
*/
#include "importer.h"

#include <string.h>

const ins_importer *const insImporters[] = {
    &insImporterUblInvoice,
    &insImporterUblDespatch,
    &insImporterFacilityCsv,
    &insImporterUbigeo,
    &insImporterHs,
    &insImporterHsSections,
    &insImporterIlabGoods,
    &insImporterGoodHsMap,
    &insImporterWcoDms,
    &insImporterAsycuda,
    &insImporterOpenSanctions,
    &insImporterBrCadastro,
    &insImporterRepsal,
    &insImporterPlame,
    &insImporterMinWage,
    &insImporterExchangeRates,
    &insImporterBorderPosts,
    &insImporterInspections,
    &insImporterSunatDam,
};
const size_t insImporterCount = INS_ARRAY_LEN(insImporters);

const ins_importer *insImporterFind(const char *kind)
{
    for (size_t i = 0; i < insImporterCount; i++)
        if (!strcmp(insImporters[i]->kind, kind)) return insImporters[i];
    return NULL;
}

const char *const *ins_importer_kinds(void)
{
    static const char *kinds[INS_ARRAY_LEN(insImporters) + 1];
    for (size_t i = 0; i < insImporterCount; i++) kinds[i] = insImporters[i]->kind;
    kinds[insImporterCount] = NULL;
    return kinds;
}

const char *ins_importer_describe(const char *kind)
{
    const ins_importer *im = insImporterFind(kind);
    return im ? _(im->description) : NULL;
}
