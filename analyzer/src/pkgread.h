/* pkgread.h — what the DOCX and ODT readers share: the package (a zip archive of XML
 * parts), reading one part with a handler per node, the policy for optional parts
 * (headers, footers, notes, comments, styles), the properties parts (title, author,
 * dates), and the "ink" that decides whether a paragraph is all bold or all small.
 * Internal.
 *
 * A reader's state starts with an fa_pkg; the reader makes it on the file, reads parts
 * in the order that builds the document, and frees it:
 *
 *     rd *R = fa_pkg_new(sizeof *R, doc, data, size, part_end, &st, err);
 *     if (!R) return st;
 *     st = fa_pkg_read_optional(&R->pk, "styles.xml", styles_node, 0);
 *     if (!st) st = fa_pkg_read(&R->pk, "content.xml", body_node, 0);
 *     if (!st) st = fa_pkg_read_meta(&R->pk, "meta.xml", 2, meta_names);
 *     fa_pkg_free(R);
 */
#ifndef FA_PKGREAD_H
#define FA_PKGREAD_H

#include "model.h"
#include "xmlread.h"
#include "zipread.h"

/* Read part by part, never two at a time. The first member of a reader's state. */
typedef struct fa_pkg {
    fa_doc *doc;               /* borrowed: the document being filled */
    fa_zip *zip;               /* owned */
    fa_error *err;             /* where the failure of the part being read goes: the reader's,
                                * or a local one while an optional part is read. Handlers
                                * report their own failures here. */
    fa_xml *x;                 /* the part being read (handlers, end hook); NULL between parts */
    const char *part;          /* its name, owned by doc: nodes keep it as loc.part */
    void *reader;              /* the format reader's state: the handlers' and end's argument */
    void (*end)(void *reader); /* after each part, read whole or not, X still open:
                                * close what the part left open. May be NULL. */
    fa_buf meta;               /* text of the current properties element (fa_pkg_read_meta) */
    int meta_depth;
    const char *const *meta_names;
    char *kept_name; /* a part read with FA_PKG_KEEP, still inflated (owned) */
    char *kept;
    size_t kept_len;
    char *block;      /* inflated bytes on their way to the parser (owned) */
    const char *flat; /* flat mode (.fodt): the one XML file every part name reads
                       * (borrowed, as DATA of fa_pkg_new_flat); zip is then NULL */
    size_t flat_len;
} fa_pkg;

/* Handler for each node of a part: X is P->x, READER is P->reader. */
typedef fa_status (*fa_pkg_handler)(fa_xml *x, void *reader);

/* fa_pkg_read flags. */
enum {
    FA_PKG_KEEP = 1 /* keep the inflated bytes (small parts): the next read of this
                     * part does not inflate it again */
};

/* A reader's state: SIZE bytes, zeroed, whose first member is its fa_pkg, with the
 * archive in DATA (borrowed: must outlive it) open. The state is the reader handlers
 * and END get. NULL on failure, with *ST and ERR set. */
void *fa_pkg_new(size_t size, fa_doc *doc, const void *data, size_t len, void (*end)(void *reader),
                 fa_status *st, fa_error *err);
/* The same for a flat XML document (.fodt) in DATA (borrowed): every part name then
 * reads the whole of it, and fa_pkg_has is true for every name. */
void *fa_pkg_new_flat(size_t size, fa_doc *doc, const void *data, size_t len,
                      void (*end)(void *reader), fa_status *st, fa_error *err);
/* Part NAME exists (always, in flat mode). */
bool fa_pkg_has(const fa_pkg *p, const char *name);

/* Close the archive and free the state fa_pkg_new made (after the reader freed what
 * its own members own). */
void fa_pkg_free(void *reader);

/* Inflate and parse part NAME, calling H for every node, then P->end. A missing part,
 * a damaged one and the limits of fa_limits.h fail with a message naming it (in P->err). */
fa_status fa_pkg_read(fa_pkg *p, const char *name, fa_pkg_handler h, unsigned flags);

/* Same for a secondary part: absent, it is not read; damaged (FA_ERR_CORRUPT, or any
 * failure but a limit, encryption or memory), it is skipped with a warning on the
 * document "MESSAGE (part skipped)" — what was read of it before the damage stays.
 * Limits, encryption and memory still stop the document. */
fa_status fa_pkg_read_optional(fa_pkg *p, const char *name, fa_pkg_handler h, unsigned flags);

/* A node of type T made from the current part and line, with FLAGS, appended to
 * PARENT (when not NULL). NULL when out of memory or past FA_MAX_NODES. */
fa_node *fa_pkg_node(fa_pkg *p, fa_node_type t, fa_node *parent, unsigned flags);

/* A properties part (docProps/core.xml and app.xml, meta.xml), read as an optional
 * part: the text of an element at DEPTH whose local name is NAMES[i] fills the i-th
 * field of P->doc->meta, in this order: title, subject, author, creator, producer,
 * created, modified, last_modified_by (NULL: none in this format); a field already
 * set stays. */
#define FA_PKG_META_FIELDS 8
fa_status fa_pkg_read_meta(fa_pkg *p, const char *name, int depth,
                           const char *const names[FA_PKG_META_FIELDS]);

/* Visible characters of S (N bytes): neither space, tab nor newline. */
size_t fa_ink(const char *s, size_t n);

#endif
