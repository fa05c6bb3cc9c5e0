/*
** xmlread.c: the one XML reading helper every XML importer uses.
**
** Streaming: an xmlTextReader walks the document; each child of the root
** (a party, a line, a shipment) is expanded into a small subtree, read with
** the path helpers below, and freed when the reader moves on.  A corpus is
** never held as one DOM.
**
** Hostile input: the reader is created without XML_PARSE_NOENT (entities
** are not substituted), without DTD loading and with XML_PARSE_NONET; the
** process-wide external entity loader refuses everything; and a document
** with a DOCTYPE is rejected outright, since SUNAT, UBL and WCO documents
** never carry one.  That rejects XXE and entity-expansion bombs before any
** entity is used.
**
** Parsed ahead: a small file the driver read into memory is parsed whole
** on a worker thread (insXmlParseAhead, called from ahead.c) with the same
** options; when that parse met no error at all, the importer walks the
** root's children of that tree instead of streaming, and sees the same
** nodes.  Anything else is left to the streaming reader, whose messages
** and rejections stay the reference.
**
** Every libxml2 parser setting of the importers lives in this file: the
** streaming reader above, the parse ahead, and insXmlRecover, the
** whole-document parse in recovery mode that the WCO importer uses on
** files with a broken comment.
** An importer never calls a libxml2 parsing function itself; it only walks
** the trees handed to it.
*/
#include "importer.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct ins_xml {
    xmlTextReaderPtr r;  /* streaming; NULL when reading a tree parsed ahead */
    xmlNodePtr root, cur; /* the tree parsed ahead: its root, the top handed out */
    ins_import_ctx *ctx;
    ins_reader in;
    int depth_root;
    int first_error_set;
    int hostile;
    ins_buf err;
    char *root_local, *root_ns;
    int started; /* positioned inside the root's children */
};

static const struct { const char *prefix; const char *uri; } ns_table[] = {
    {"cac", INS_NS_CAC},
    {"cbc", INS_NS_CBC},
    {"ext", INS_NS_EXT},
    {"sac", INS_NS_SAC},
    {"ds", "http://www.w3.org/2000/09/xmldsig#"},
    {"md", "urn:wco:datamodel:WCO:DocumentMetaData-DMS:2"},
    {"wco", "urn:wco:datamodel:WCO:DEC-DMS:2"},
    {"inv", INS_NS_INVOICE},
    {"cn", INS_NS_CREDITNOTE},
    {"dn", INS_NS_DEBITNOTE},
    {"da", INS_NS_DESPATCH},
};

static void ensure_global_setup(void);

/* Refuses every external entity or DTD the parser might try to load. */
static xmlParserInputPtr deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url; (void)id; (void)ctxt;
    return NULL;
}

/* The parser options of every strict parse (streaming or whole): no
** network, CDATA as text, no blank nodes, no messages on stderr; no
** XML_PARSE_NOENT nor DTD loading. */
#define XML_STRICT_OPTIONS                                                               \
    (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS | XML_PARSE_COMPACT |        \
     XML_PARSE_NOWARNING | XML_PARSE_NOERROR)

/*
** Sets up libxml2 once per process: initialises the parser and installs
** the loader that refuses every external entity, so that no parse of any
** importer can reach the file system or the network through a DTD.  The
** driver calls it (insXmlSetup) before it starts the threads that parse
** ahead: libxml2 must be initialised from one thread first.
*/
void insXmlSetup(void) { ensure_global_setup(); }

static void ensure_global_setup(void)
{
    static int done;
    if (done) return;
    done = 1;
    xmlInitParser();
    xmlSetExternalEntityLoader(deny_loader);
    /* the parser stops at this nesting depth (it is libxml2's own default,
       set here so that the bound is the one of ins_limits.h); the
       importers' walks over a subtree therefore never go deeper */
    xmlParserMaxDepth = INS_MAX_XML_DEPTH;
}

/* libxml2's input callback: reads through the source's reader
** (reader.c), which enforces INS_MAX_FILE_BYTES. */
static int io_read(void *ud, char *buf, int len)
{
    ins_xml *x = ud;
    if (len <= 0) return 0;
    long n = insReaderRead(&x->in, buf, (size_t)len);
    return n < 0 ? -1 : (int)n;
}

/* libxml2's close callback: the reader is closed by insXmlClose. */
static int io_close(void *ud) { (void)ud; return 0; }

/* Keeps the first error libxml2 reports, with its line. */
static void on_error(void *ud, xmlErrorPtr e)
{
    ins_xml *x = ud;
    if (!e || x->first_error_set || e->level < XML_ERR_ERROR) return;
    /* Namespace errors (an xmlns value that is not a valid URI, as some real
     * SUNAT samples carry in xmlns:schemaLocation) leave the document
     * well-formed and readable: elements still match on their URIs. */
    if (e->domain == XML_FROM_NAMESPACE) return;
    x->first_error_set = 1;
    char *msg = insUStrdup(e->message ? e->message : "parse error");
    if (msg) insUTrim(msg);
    if (e->code == XML_ERR_ENTITY_LOOP)
        x->hostile = 1;
    if (msg && strstr(msg, "Excessive depth")) {
        x->hostile = 1;
        insBufPrintf(&x->err, _("line %d: elements nested deeper than %d"), e->line, INS_MAX_XML_DEPTH);
    } else {
        insBufPrintf(&x->err, "line %d: %s", e->line, msg ? msg : "parse error");
    }
    free(msg);
}

/* Maps the reader's failure to a rejection of the file. */
static int fail(ins_xml *x)
{
    if (x->in.error == INS_ERR_TOOBIG)
        return insImportReject(x->ctx, INS_ERR_TOOBIG, _("file exceeds %u bytes"), INS_MAX_FILE_BYTES);
    if (x->in.error)
        return insImportReject(x->ctx, INS_ERR_IO, _("read error"));
    const char *m = x->err.len ? insBufStr(&x->err) : _("malformed XML");
    int code = x->hostile ? INS_ERR_HOSTILE : INS_ERR_FORMAT;
    if (strstr(m, "encoding") || strstr(m, "UTF-8") || strstr(m, "Char 0x"))
        code = INS_ERR_ENCODING;
    if (strstr(m, "Document is empty") || strstr(m, "Extra content") ||
        strstr(m, "Premature end") || strstr(m, "EndTag") || strstr(m, "not properly terminated"))
        code = INS_ERR_FORMAT;
    return insImportReject(x->ctx, code, _("not well-formed XML (%s)"), m);
}

/*
** Opens the context's source as a stream of XML (see importer.h): creates
** the reader with the settings of the head of this file, then reads up to
** the root element, refusing a DOCTYPE on the way.  On error the file is
** rejected through insImportReject and nothing is returned.
*/
int insXmlOpen(ins_import_ctx *ctx, ins_xml **out)
{
    *out = NULL;
    ensure_global_setup();
    ins_xml *x = calloc(1, sizeof *x);
    if (!x) return insImportReject(ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    x->ctx = ctx;
    insBufInit(&x->err);
    if (ctx->src->tree) {
        /* parsed ahead, whole and without a fault (insXmlParseAhead) */
        x->root = xmlDocGetRootElement(ctx->src->tree);
        assert(x->root);
        ctx->src->tree->_private = ctx; /* for valid_utf8 */
        x->root_local = insUStrdup((const char *)x->root->name);
        x->root_ns = insUStrdup(x->root->ns && x->root->ns->href ? (const char *)x->root->ns->href : "");
        if (!x->root_local || !x->root_ns) {
            insXmlClose(x);
            return insImportReject(ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
        }
        *out = x;
        return INS_OK;
    }
    if (insReaderOpen(&x->in, ctx->src) != INS_OK) {
        free(x);
        return insImportReject(ctx, INS_ERR_IO, _("cannot open file"));
    }
    x->r = xmlReaderForIO(io_read, io_close, x, NULL, NULL, XML_STRICT_OPTIONS);
    if (!x->r) {
        insXmlClose(x);
        return insImportReject(ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    }
    xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
    /* Find the root element; anything before it but comments and PIs is refused. */
    for (;;) {
        int rc = xmlTextReaderRead(x->r);
        if (rc != 1) {
            int code = rc == 0 && !x->first_error_set
                           ? insImportReject(ctx, INS_ERR_FORMAT, _("no root element"))
                           : fail(x);
            insXmlClose(x);
            return code;
        }
        int t = xmlTextReaderNodeType(x->r);
        if (t == XML_READER_TYPE_DOCUMENT_TYPE) {
            insXmlClose(x);
            return insImportReject(ctx, INS_ERR_HOSTILE,
                                   _("DOCTYPE declaration refused (possible entity expansion or "
                                     "external entity attack; e-documents never carry one)"));
        }
        if (t == XML_READER_TYPE_ELEMENT) break;
    }
    const xmlChar *ln = xmlTextReaderConstLocalName(x->r);
    const xmlChar *nsu = xmlTextReaderConstNamespaceUri(x->r);
    x->root_local = insUStrdup(ln ? (const char *)ln : "");
    x->root_ns = insUStrdup(nsu ? (const char *)nsu : "");
    x->depth_root = xmlTextReaderDepth(x->r);
    if (!x->root_local || !x->root_ns) {
        insXmlClose(x);
        return insImportReject(ctx, INS_ERR_NOMEM, "%s", ins_strerror(INS_ERR_NOMEM));
    }
    if (xmlTextReaderIsEmptyElement(x->r)) x->started = -1; /* no children */
    *out = x;
    return INS_OK;
}

/* Frees the reader and closes the source; X may be NULL. */
void insXmlClose(ins_xml *x)
{
    if (!x) return;
    if (x->r) xmlFreeTextReader(x->r);
    if (!x->root) insReaderClose(&x->in); /* a tree belongs to the driver */
    insBufFree(&x->err);
    free(x->root_local);
    free(x->root_ns);
    free(x);
}

/* The root element's local name and namespace URI ("" when none), and the
** parser's current line, for the importers' sniff checks and messages. */
const char *insXmlRootLocal(ins_xml *x) { return x->root_local; }
const char *insXmlRootNs(ins_xml *x) { return x->root_ns; }
int insXmlLine(ins_xml *x)
{
    if (x->root) return x->cur ? (int)xmlGetLineNo(x->cur) : 0;
    return xmlTextReaderGetParserLineNumber(x->r);
}

/* The next element child of the root of a tree parsed ahead: the same
** nodes, in the same order, as the streaming reader hands out. */
static xmlNodePtr next_top_tree(ins_xml *x)
{
    xmlNodePtr n = x->started ? x->cur->next : x->root->children;
    x->started = 1;
    while (n && n->type != XML_ELEMENT_NODE) n = n->next;
    x->cur = n;
    if (!n) x->started = -1;
    return n;
}

/*
** Hands out the next element child of the root, expanded into a subtree
** that lives until the next call (see importer.h).  After the root closes
** the rest of the input is drained, so junk after the document is still
** reported; an entity reference anywhere is refused as hostile.
*/
xmlNodePtr insXmlNextTop(ins_xml *x, int *rc)
{
    *rc = INS_OK;
    if (x->started < 0) return NULL;
    if (x->root) return next_top_tree(x);
    int r;
    if (!x->started) {
        x->started = 1;
        r = xmlTextReaderRead(x->r);
    } else {
        /* skip the subtree just handed out */
        r = xmlTextReaderNext(x->r);
    }
    for (;;) {
        if (r != 1) {
            if (r < 0 || x->first_error_set) *rc = fail(x);
            else *rc = insImportReject(x->ctx, INS_ERR_FORMAT, _("document ends inside the root element"));
            x->started = -1;
            return NULL;
        }
        int t = xmlTextReaderNodeType(x->r);
        int d = xmlTextReaderDepth(x->r);
        if (t == XML_READER_TYPE_END_ELEMENT && d == x->depth_root) {
            /* Root closed: drain what follows so trailing junk is reported. */
            while ((r = xmlTextReaderRead(x->r)) == 1) {
            }
            if (r < 0 || x->first_error_set) *rc = fail(x);
            x->started = -1;
            return NULL;
        }
        if (t == XML_READER_TYPE_ENTITY_REFERENCE) {
            *rc = insImportReject(x->ctx, INS_ERR_HOSTILE, _("line %d: entity reference refused"),
                                  insXmlLine(x));
            x->started = -1;
            return NULL;
        }
        if (t == XML_READER_TYPE_ELEMENT && d == x->depth_root + 1) {
            xmlNodePtr n = xmlTextReaderExpand(x->r);
            if (!n) {
                *rc = fail(x);
                x->started = -1;
                return NULL;
            }
            if (n->doc) n->doc->_private = x->ctx; /* for valid_utf8 */
            return n;
        }
        r = xmlTextReaderRead(x->r);
    }
}

/* A parse ahead's input: the bytes in memory, handed to libxml2 in the
** chunks it asks for, so that it does not copy the whole file first. */
typedef struct mem_input {
    const char *s;
    size_t len, off;
} mem_input;

static int mem_read(void *ud, char *buf, int len)
{
    mem_input *m = ud;
    size_t n = m->len - m->off;
    if (len <= 0) return 0;
    if (n > (size_t)len) n = (size_t)len;
    memcpy(buf, m->s + m->off, n);
    m->off += n;
    return (int)n;
}

/* Error handler of a parse ahead: notes that an error (not a namespace
** one, which the streaming reader lets pass too) was reported. */
static void ahead_error(void *ud, xmlErrorPtr e)
{
    xmlParserCtxtPtr c = ud;
    if (e && e->level >= XML_ERR_ERROR && e->domain != XML_FROM_NAMESPACE) *(int *)c->_private = 1;
}

/*
** Parses the document [S, S+LEN) whole, ahead of its importer and on a
** worker thread (importers/ahead.c), with the options and the depth bound
** of the streaming reader.  Returns the tree only when the parse met no
** error at all, so that an importer walking it (insXmlOpen) sees what the
** reader would hand out; anything else (NULL) leaves the file to the
** streaming reader, whose messages and rejections are the reference: a
** document that does not start with '<' after an optional UTF-8 byte-order
** mark (so one in UTF-16 or EBCDIC, where the next tests cannot look), one
** holding the text "<!DOCTYPE" anywhere or a NUL byte, one with any parse
** error, or when memory runs out.  The caller frees the tree with xmlFreeDoc.
*/
xmlDocPtr insXmlParseAhead(const char *s, size_t len)
{
    size_t i = 0;
    if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) i = 3;
    if (len > (size_t)INT_MAX || i >= len || s[i] != '<') return NULL;
    static const char doctype[] = "<!DOCTYPE";
    if (memmem(s, len, doctype, sizeof doctype - 1)) return NULL;
    /* a whole-document parse takes a NUL byte for the end of the input, so
       what follows the root would not be seen (the fuzzer found it) */
    if (memchr(s, '\0', len)) return NULL;
    xmlParserCtxtPtr c = xmlNewParserCtxt();
    if (!c) return NULL;
    int bad = 0;
    c->_private = &bad;
    c->sax->serror = ahead_error;
    mem_input m = {s, len, 0};
    xmlDocPtr doc = xmlCtxtReadIO(c, mem_read, io_close, &m, NULL, NULL, XML_STRICT_OPTIONS);
    if (doc && (bad || !c->wellFormed || !xmlDocGetRootElement(doc) || doc->intSubset)) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(c);
    return doc;
}

/*
** Parses the whole document [S, S+LEN) into a tree in libxml2's recovery
** mode, for an importer whose file the streaming reader refused but whose
** damage it knows how to read past (wco_dms.c: a comment left open).  The
** settings are those of insXmlOpen plus recovery: no network, no entity
** substitution, no DTD loading (the process-wide loader refuses every
** external entity), no error output.  Returns the tree (free it with
** xmlFreeDoc), or NULL when nothing with a root element was recovered,
** when the document carries a DOCTYPE, or when LEN is past what libxml2
** takes in one call.  The caller bounds LEN (INS_MAX_RECOVER_BYTES): the
** whole tree is held in memory.
*/
xmlDocPtr insXmlRecover(ins_import_ctx *ctx, const char *s, size_t len)
{
    ensure_global_setup();
    if (len > (size_t)INT_MAX) return NULL;
    xmlDocPtr doc = xmlReadMemory(s, (int)len, NULL, NULL,
                                  XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOBLANKS |
                                      XML_PARSE_COMPACT | XML_PARSE_NOCDATA | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING);
    if (doc && (!xmlDocGetRootElement(doc) || doc->intSubset)) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (doc) doc->_private = ctx; /* for valid_utf8 */
    return doc;
}

/* Resolves "prefix:local" to (uri, local); unknown prefixes match any URI. */
static void split_qname(const char *q, const char **uri, const char **local, size_t *plen)
{
    const char *c = strchr(q, ':');
    *uri = NULL;
    if (!c) { *local = q; *plen = 0; return; }
    *plen = (size_t)(c - q);
    *local = c + 1;
    for (size_t i = 0; i < INS_ARRAY_LEN(ns_table); i++) {
        if (strlen(ns_table[i].prefix) == *plen && !strncmp(ns_table[i].prefix, q, *plen)) {
            *uri = ns_table[i].uri;
            return;
        }
    }
}

/* Matches element N against a qname given as (uri, local, local length). */
static int match(xmlNodePtr n, const char *uri, const char *local, size_t llen)
{
    if (!n || n->type != XML_ELEMENT_NODE) return 0;
    if (strlen((const char *)n->name) != llen || strncmp((const char *)n->name, local, llen)) return 0;
    if (!uri) return 1;
    return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, uri);
}

/* 1 when N is the element QNAME ("prefix:local", prefix from ns_table). */
int insXmlIs(xmlNodePtr n, const char *qname)
{
    const char *uri, *local;
    size_t pl;
    split_qname(qname, &uri, &local, &pl);
    return match(n, uri, local, strlen(local));
}

/* The first child element of N named QNAME, or NULL. */
xmlNodePtr insXmlChild(xmlNodePtr n, const char *qname)
{
    if (!n) return NULL;
    const char *uri, *local;
    size_t pl;
    split_qname(qname, &uri, &local, &pl);
    size_t ll = strlen(local);
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (match(c, uri, local, ll)) return c;
    return NULL;
}

/* The next sibling element of N named QNAME, or with N's own name and
** namespace when QNAME is NULL; NULL when there is none. */
xmlNodePtr insXmlNext(xmlNodePtr n, const char *qname)
{
    if (!n) return NULL;
    if (!qname) {
        for (xmlNodePtr c = n->next; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, n->name) &&
                ((c->ns == NULL && n->ns == NULL) ||
                 (c->ns && n->ns && xmlStrEqual(c->ns->href, n->ns->href))))
                return c;
        return NULL;
    }
    const char *uri, *local;
    size_t pl;
    split_qname(qname, &uri, &local, &pl);
    size_t ll = strlen(local);
    for (xmlNodePtr c = n->next; c; c = c->next)
        if (match(c, uri, local, ll)) return c;
    return NULL;
}

/* Follows PATH, "/"-separated qnames, from N taking the first match at
** each step; NULL when a step is missing or longer than 127 bytes. */
xmlNodePtr insXmlPath(xmlNodePtr n, const char *path)
{
    const char *p = path;
    while (n && *p) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        char step[128];
        if (len == 0 || len >= sizeof step) return NULL;
        memcpy(step, p, len);
        step[len] = '\0';
        n = insXmlChild(n, step);
        p += len;
        if (*p == '/') p++;
    }
    return n;
}

/*
** S (malloc'd, taken) as valid UTF-8.  libxml2 lets some invalid UTF-8
** through (overlong forms inside CDATA), which stored would later break
** JSON output; each byte that begins no valid sequence becomes U+FFFD, and
** the value is counted in the import context the document of N carries
** (the driver warns on the document).  NULL when out of memory.
*/
static char *valid_utf8(xmlNodePtr n, char *s)
{
    size_t len = strlen(s);
    if (insUUtf8Valid(s, len)) return s;
    size_t bad = 0;
    char *r = insUUtf8Repair(s, len, &bad);
    free(s);
    if (r && bad && n->doc && n->doc->_private) ((ins_import_ctx *)n->doc->_private)->bad_utf8++;
    return r;
}

/*
** The trimmed text content of N (malloc'd), NULL when N is NULL or the
** text is empty.  Invalid UTF-8 is replaced (valid_utf8).  Text past INS_MAX_FIELD_BYTES is cut at a character
** boundary, so one huge element cannot blow up a row.
*/
char *insXmlText(xmlNodePtr n)
{
    if (!n) return NULL;
    xmlChar *c = xmlNodeGetContent(n);
    if (!c) return NULL;
    size_t len = strlen((const char *)c);
    if (len > INS_MAX_FIELD_BYTES) {
        len = INS_MAX_FIELD_BYTES;
        while (len > 0 && (c[len] & 0xC0) == 0x80) len--; /* keep whole characters */
    }
    char *s = insUStrndup((const char *)c, len);
    xmlFree(c);
    if (s) s = valid_utf8(n, s);
    if (!s) return NULL;
    insUTrim(s);
    if (!*s) { free(s); return NULL; }
    return s;
}

/* insXmlText of the element at PATH under N. */
char *insXmlPathText(xmlNodePtr n, const char *path) { return insXmlText(insXmlPath(n, path)); }

/* The trimmed value of N's attribute NAME (malloc'd, at most
** INS_MAX_FIELD_BYTES, invalid UTF-8 replaced), NULL when absent or empty. */
char *insXmlAttr(xmlNodePtr n, const char *name)
{
    if (!n) return NULL;
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    char *s = insUStrndup((const char *)v, strnlen((const char *)v, INS_MAX_FIELD_BYTES));
    xmlFree(v);
    if (s) s = valid_utf8(n, s);
    if (!s) return NULL;
    insUTrim(s);
    if (!*s) { free(s); return NULL; }
    return s;
}
