/*
** ins_csv.h: the one CSV reader (src/csv.c), over libcsv.
**
** The reader knows nothing of where the bytes come from nor of what the
** records mean: the caller feeds it blocks, and it hands each record to a
** callback as trimmed UTF-8 fields.  What every CSV needs is done here: a
** UTF-8 byte order mark removed, each field kept as UTF-8 when valid and
** read as ISO-8859-1 otherwise, blank lines skipped, quoted fields that
** span lines, the delimiter guessed when not given, and the limits of
** ins_limits.h (INS_MAX_CSV_COLUMNS, INS_MAX_CSV_ROWS,
** INS_MAX_CSV_ROW_BYTES).  When the reader stops on its own it says why
** (insCsvStopReason) and the caller words the message: the importers
** through insImportReject (importers/csvread.c), screening through
** insCsvReadFile.
*/
#ifndef INS_CSV_H
#define INS_CSV_H

#include "ins_internal.h"

/*
** Called once per record with its fields (UTF-8, trimmed, never NULL).
** ROW is the 1-based record number (the header is row 1; blank lines are
** not counted).  Return INS_OK to go on; anything else stops the reader,
** which then returns that code.
*/
typedef int (*ins_csv_row_fn)(void *ud, unsigned long row, char **fields, size_t nfields);

typedef struct ins_csv ins_csv;

/* Why a reader stopped. */
typedef enum ins_csv_stop {
    INS_CSV_GOING = 0,   /* it did not stop */
    INS_CSV_CALLBACK,    /* the callback returned something other than INS_OK */
    INS_CSV_NOMEM,       /* out of memory (INS_ERR_NOMEM) */
    INS_CSV_COLUMNS,     /* a record of more than INS_MAX_CSV_COLUMNS fields (INS_ERR_TOOBIG) */
    INS_CSV_RECORD,      /* a record longer than INS_MAX_CSV_ROW_BYTES (INS_ERR_TOOBIG) */
    INS_CSV_ROWS,        /* more than INS_MAX_CSV_ROWS records (INS_ERR_TOOBIG) */
    INS_CSV_FIELD,       /* a field longer than INS_MAX_CSV_ROW_BYTES: an unclosed
                            quote, most likely (INS_ERR_TOOBIG) */
    INS_CSV_SYNTAX,      /* libcsv refused the bytes (INS_ERR_FORMAT) */
    INS_CSV_UNCLOSED,    /* the input ends inside a quoted field (INS_ERR_FORMAT) */
    INS_CSV_NUL,         /* a NUL byte in a field (INS_ERR_FORMAT) */
    INS_CSV_VALUE        /* a field longer than INS_MAX_FIELD_BYTES (INS_ERR_TOOBIG);
                            the column is given by insCsvStopColumn */
} ins_csv_stop;

/*
** A new reader that calls FN(UD, ...) for each record.  DELIM is the field
** delimiter, or 0 to guess it from the first block (the most frequent of
** comma, semicolon and tab outside quotes on the first line).  NULL when
** out of memory.  Free with insCsvFree.
*/
ins_csv *insCsvNew(unsigned char delim, ins_csv_row_fn fn, void *ud);
void insCsvFree(ins_csv *c);

/*
** Parses the next LEN bytes of input (a byte order mark at the very start
** is dropped), calling the callback for each record completed.  Returns
** INS_OK to be fed on, or the code the reader stopped with (then feeding
** it more does nothing).
*/
int insCsvFeed(ins_csv *c, const void *buf, size_t len);

/* End of input: hands out the last record when it has no line end.
** Returns INS_OK or the code the reader stopped with. */
int insCsvFinish(ins_csv *c);

/*
** Why C stopped (INS_CSV_GOING while it has not).  *ROW (if not NULL)
** receives the number of the record being read when it stopped, or now:
** the records handed out before it, plus one.  *DETAIL (if not NULL)
** receives libcsv's text for INS_CSV_SYNTAX, else NULL.
*/
ins_csv_stop insCsvStopReason(const ins_csv *c, unsigned long *row, const char **detail);

/*
** Reads the CSV file at PATH (at most INS_MAX_FILE_BYTES) through a new
** reader with DELIM (0: guess).  Returns INS_OK, the callback's code,
** INS_ERR_IO (cannot open, read error), INS_ERR_TOOBIG, INS_ERR_FORMAT or
** INS_ERR_NOMEM.  Unless the callback stopped it, *ERRMSG (if not NULL)
** receives a malloc'd message naming the row ("row 3: too many columns").
*/
int insCsvReadFile(const char *path, unsigned char delim, ins_csv_row_fn fn, void *ud, char **errmsg);

/* Index of the column named NAME in a header row (case-insensitive), or -1. */
int insCsvColumn(char **header, size_t n, const char *name);

/* The 1-based column of the field that stopped C (INS_CSV_NUL,
** INS_CSV_VALUE), else 0. */
size_t insCsvStopColumn(const ins_csv *c);

#endif /* INS_CSV_H */
