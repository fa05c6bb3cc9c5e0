/*
** tdread.h: one file of a SUNAT Teledespacho transmission as a table of
** named text cells (tdread.c), and the published structures of those files
** (dam_layout.c).  Used by the DAM importer (dam.c) only.
*/
#ifndef INS_TDREAD_H
#define INS_TDREAD_H

#include "ins_internal.h"

/* One field of a published structure. */
typedef struct ins_td_field {
    const char *name;      /* "CODI_ADUAN": at most ten characters */
    char type;             /* 'C' CARACTER, 'N' NUMERICO, 'F' FECHA */
    unsigned char size;    /* TAMAÑO: characters, or digits of a number */
    unsigned char decimals;
    char source;           /* 'P' on a stored SUNAT page, 'E' extrapolated (docs/FORMATS.md) */
} ins_td_field;

/* What a file of a transmission holds. */
typedef enum ins_td_role {
    TD_CONTROL,   /* IMPCTR01: the transmission's control records */
    TD_ORDERS,    /* DETCTR01: one record per order and transaction */
    TD_HEADER,    /* ADUAHDR1, IMPHDR01: a declaration's general data */
    TD_SERIES,    /* ADUADET1, IMPDET01: its series (goods items) */
    TD_INVOICES,  /* DUAFAC01: commercial invoices and suppliers */
    TD_DOCUMENTS, /* DUADOCAS: associated documents */
    TD_CONTAINERS,/* DUACONTE */
    TD_VEHICLES,  /* DUAEMPRE: vehicles and ships of exit transport */
    TD_PRIOR,     /* DUAREGAP: regimes of application and precedence */
    TD_REMARKS,   /* DUAOBSER: observations */
    TD_ACCEPTED,  /* a response AAAXNNNN.HDR: declarations accepted, their numbers */
    TD_ERRORS,    /* a response AAAXNNNN.ERR: errors and warnings */
    TD_RESPONSE_CONTROL /* a response AAAXNNNN.CTR */
} ins_td_role;

/* A published structure. */
typedef struct ins_td_layout {
    const char *name;      /* "ADUAHDR1" */
    ins_td_role role;
    const char *page;      /* the SUNAT page it follows, or what it was extrapolated from */
    const ins_td_field *f;
    size_t n;
} ins_td_layout;

/*
** The structure a transmission file's NAME (its base name) stands for:
** the structure's name with any extension ("ADUAHDR1.TXT", "aduahdr1.dbf"),
** or a response file "AAAXNNNN.HDR|ERR|CTR".  NULL: not a Teledespacho file.
*/
const ins_td_layout *insTdLayoutByFile(const char *name);
/* Every structure, for docs and tests. */
extern const ins_td_layout *const insTdLayouts[];
extern const size_t insTdLayoutCount;

/* One file read into cells. */
typedef struct ins_td_table {
    const ins_td_layout *layout;
    const char *form;      /* "dbf", "header", "delimited", "fixed" */
    size_t ncols;
    char **col;            /* upper-case field names (letters, digits, '_'; COL_I when none) */
    int *byname;           /* column indexes sorted by name (insTdColumn) */
    size_t nrows;
    char **cell;           /* nrows x ncols; NULL when blank */
    unsigned long *line;   /* line (record) of each row in the file */
    unsigned long deleted; /* dBASE records marked deleted, skipped */
    unsigned long unread_cells; /* dBASE cells of binary or memo types */
    size_t cell_cap, line_cap;
    int toobig;
} ins_td_table;

int insTdIsDbf(const unsigned char *p, size_t n);
int insTdRead(const unsigned char *s, size_t n, const ins_td_layout *lay, ins_td_table *t, ins_buf *why);
int insTdColumn(const ins_td_table *t, const char *name);
const char *insTdCell(const ins_td_table *t, size_t row, int col);
void insTdFree(ins_td_table *t);

#endif /* INS_TDREAD_H */
