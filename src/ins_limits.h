/*
** ins_limits.h: every hard limit of inspector in one place.
**
** Input is untrusted.  Each bound below caps something an input file controls,
** so that a hostile or broken file is rejected instead of exhausting memory
** or time.  Change a limit here, never in the code that enforces it.
*/
#ifndef INS_LIMITS_H
#define INS_LIMITS_H

/* Largest single input file or archive member, in bytes. */
#define INS_MAX_FILE_BYTES (512u * 1024u * 1024u)
/* Largest archive member expanded into memory (e-documents are small). */
#define INS_MAX_MEMBER_BYTES (64u * 1024u * 1024u)
/* Most members read from one archive. */
#define INS_MAX_ARCHIVE_MEMBERS 200000u
/* Nested archive depth (a zip inside a zip). */
#define INS_MAX_ARCHIVE_DEPTH 2
/* Directory recursion depth when walking import paths. */
#define INS_MAX_DIR_DEPTH 32
/* Bytes read from the start of a file to tell its format. */
#define INS_SNIFF_BYTES 8192u
/* Longest text value kept from one XML element or CSV field. */
#define INS_MAX_FIELD_BYTES (64u * 1024u)
/* XML element nesting depth accepted. */
#define INS_MAX_XML_DEPTH 256
/* Most lines in one trade document. */
#define INS_MAX_DOC_LINES 100000
/* Most columns in a CSV header. */
#define INS_MAX_CSV_COLUMNS 256
/* Most rows accepted from one CSV file. */
#define INS_MAX_CSV_ROWS 5000000u
/* Longest CSV row, in bytes. */
#define INS_MAX_CSV_ROW_BYTES (1024u * 1024u)
/* Longest name kept for a firm or person, in bytes. */
#define INS_MAX_NAME_BYTES 1024
/* Longest path shown in messages. */
#define INS_MAX_PATH_BYTES 4096

/* PCRE2 match limit (backtracking steps) per match of a rule's regex. */
#define INS_REGEX_MATCH_LIMIT 1000000u
/* PCRE2 depth limit (backtracking frames) per match. */
#define INS_REGEX_DEPTH_LIMIT 10000u
/* Most documents recorded as evidence of one hit. */
#define INS_MAX_HIT_DOCS 200u
/* Largest rule file read, in bytes. */
#define INS_MAX_RULE_FILE_BYTES (4u * 1024u * 1024u)
/* Most rules in one rule set. */
#define INS_MAX_RULES 10000
/* Most entries in one named list file. */
#define INS_MAX_LIST_ENTRIES 1000000u

/* Name matching (src/match_*.c, src/screen.c). */
/* Tokens kept per name; the rest of a very long name is ignored. */
#define INS_MATCH_MAX_TOKENS 24
/* Words read per name before legal forms and the conjunctions before them
** are taken off: the tokens kept and room for those. */
#define INS_MATCH_MAX_WORDS (INS_MATCH_MAX_TOKENS + 8)
/* Legal forms kept per name ("GMBH & CO KG" is two). */
#define INS_MATCH_MAX_LEGAL_FORMS 4
/* Code points kept per token. */
#define INS_MATCH_MAX_TOKEN_CPS 48
/* Candidates fully scored per screened name (the best by blocking votes). */
#define INS_MATCH_MAX_SCORED 64
/* Postings read from the blocking index per screened name. */
#define INS_MATCH_MAX_POSTINGS 400000u
/* Identifiers read per screened record. */
#define INS_MATCH_MAX_IDS 4
/* Longest identifier kept, in bytes. */
#define INS_MATCH_MAX_ID_BYTES 64
/* Listings a screened record finds by identifier: this many for each
** identifier it may have (INS_MATCH_MAX_IDS), shared among them. */
#define INS_MATCH_MAX_ID_HITS 8
/* Birth dates and countries kept per listing. */
#define INS_MATCH_MAX_BIRTHS 3
#define INS_MATCH_MAX_COUNTRIES 4
/* Candidates asked for per name when linking listings to firms and
** persons, and listings linked to one firm or person. */
#define INS_MATCH_LINK_CANDIDATES 16
#define INS_MATCH_MAX_LINKS 32

#endif /* INS_LIMITS_H */
