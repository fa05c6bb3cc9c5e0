/*
** report.h: what the two halves of the monitoring report share.
**
** report.c computes the tables (the indicators), report_html.c draws them;
** both know the tables by their place in ins_report.tables and the five
** inspection outcomes by their order here.  Private to those two files.
*/
#ifndef INS_REPORT_H
#define INS_REPORT_H

/* The tables of a report, in the order of ins_report.tables and names. */
enum { T_IND, T_OUT, T_HIT, T_DEPT, T_DEPT_HIT, T_SECT, T_SECT_HIT, T_MAP, T_BIN_FILES, T_BIN_LEADS, T_BIN_PROFILES,
       T_CALIB, T_COUNT };

/* An inspection outcome: its code, its Spanish label (N_, translate with
** _()) and its colour in the charts. */
typedef struct report_outcome {
    const char *name, *label, *colour;
} report_outcome;

#define INS_REPORT_OUTCOMES 5

/* The five outcomes, most severe first (report.c). */
extern const report_outcome insReportOutcomes[INS_REPORT_OUTCOMES];

#endif /* INS_REPORT_H */
