/* pkgread.c — package parts for the DOCX and ODT readers (see pkgread.h). */
#include "pkgread.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void *fa_pkg_new(size_t size, fa_doc *doc, const void *data, size_t len, void (*end)(void *reader),
                 fa_status *st, fa_error *err)
{
    fa_pkg *p = size >= sizeof *p ? calloc(1, size) : NULL;
    if (!p) {
        *st = fa_error_set(err, FA_ERR_NOMEM, "out of memory");
        return NULL;
    }
    p->doc = doc;
    p->err = err;
    p->reader = p;
    p->end = end;
    *st = fa_zip_open(data, len, &p->zip, err);
    if (*st) {
        free(p);
        return NULL;
    }
    const char *dup = NULL;
    size_t ndup = fa_zip_duplicates(p->zip, &dup);
    if (ndup)
        fa_doc_warn(doc,
                    "the package holds %zu name%s twice or more (e.g. %s): the last copy is "
                    "read, as LibreOffice shows it; other programs may show another",
                    ndup, ndup > 1 ? "s" : "", dup);
    return p;
}

void *fa_pkg_new_flat(size_t size, fa_doc *doc, const void *data, size_t len,
                      void (*end)(void *reader), fa_status *st, fa_error *err)
{
    fa_pkg *p = size >= sizeof *p ? calloc(1, size) : NULL;
    if (!p) {
        *st = fa_error_set(err, FA_ERR_NOMEM, "out of memory");
        return NULL;
    }
    p->doc = doc;
    p->err = err;
    p->reader = p;
    p->end = end;
    p->flat = data;
    p->flat_len = len;
    *st = FA_OK;
    return p;
}

bool fa_pkg_has(const fa_pkg *p, const char *name)
{
    return p->flat ? true : fa_zip_has(p->zip, name);
}

void fa_pkg_free(void *reader)
{
    fa_pkg *p = reader;
    if (!p)
        return;
    fa_zip_close(p->zip);
    free(p->kept_name);
    free(p->kept);
    free(p->block);
    fa_buf_free(&p->meta);
    free(p);
}

/* Parts are inflated and parsed a block at a time: a 10 MB document.xml never sits
 * whole in memory (on a fresh process, touching those pages cost more than parsing). */
#define BLOCK ((size_t)64 << 10)

/* Parts kept with FA_PKG_KEEP are small (ODT's styles.xml); a larger one is
 * inflated again rather than held while the others are read. */
#define KEEP_MAX ((size_t)4 << 20)

/* Inflate part NAME into the parser X. A failure of the archive (damage, limits) is
 * the part's failure even when the parse failed first: the archive's checks come
 * first, as they did when parts were inflated whole before parsing. KEEP: the bytes
 * are kept in P. */
static fa_status inflate_into(fa_pkg *p, const char *name, fa_xml *x, fa_status xst, bool keep)
{
    fa_zip_entry *e = NULL;
    fa_status st = fa_zip_open_entry(p->zip, name, &e, p->err);
    if (st)
        return st;
    if (!p->block && !(p->block = malloc(BLOCK))) {
        fa_zip_close_entry(e);
        return fa_error_set(p->err, FA_ERR_NOMEM, "%s: out of memory", name);
    }
    char *kept = NULL;
    size_t nkept = 0, akept = 0;
    for (;;) {
        size_t got = 0;
        st = fa_zip_read_entry(e, p->block, BLOCK, &got, p->err);
        if (st)
            break;
        if (x) /* even after a parse error: a DOCTYPE further on decides the message */
            xst = fa_xml_push(x, p->block, got, got == 0);
        if (keep && nkept + got > KEEP_MAX)
            keep = false;
        if (keep && nkept + got > akept) {
            size_t na = akept ? akept * 2 : BLOCK * 2;
            while (na < nkept + got)
                na *= 2;
            char *v = realloc(kept, na);
            if (v) {
                kept = v;
                akept = na;
            } else {
                keep = false; /* inflated again next time */
            }
        }
        if (keep) {
            memcpy(kept + nkept, p->block, got);
            nkept += got;
        }
        if (!got)
            break;
    }
    fa_zip_close_entry(e);
    char *copy = keep && !st ? fa_strdup(name) : NULL;
    if (copy) {
        free(p->kept_name);
        free(p->kept);
        p->kept_name = copy;
        p->kept = kept;
        p->kept_len = nkept;
    } else {
        free(kept);
    }
    return st ? st : xst;
}

static fa_status read_part(fa_pkg *p, const char *name, fa_xml_handler h, void *arg, unsigned flags)
{
    bool kept = p->kept_name && !strcmp(p->kept_name, name);
    if (!kept && !fa_pkg_has(p, name)) /* before the part's name is copied */
        return fa_error_set(p->err, FA_ERR_CORRUPT, "%s: missing part", name);
    p->part = fa_doc_strdup(p->doc, name);
    fa_status st = fa_xml_open(p->part ? p->part : "xml", h, arg, p->err, &p->x);
    if (kept)
        st = st ? st : fa_xml_push(p->x, p->kept, p->kept_len, true);
    else if (p->flat)
        st = st ? st : fa_xml_push(p->x, p->flat, p->flat_len, true);
    else
        st = inflate_into(p, name, p->x, st, flags & FA_PKG_KEEP);
    if (p->end && p->x)
        p->end(p->reader);
    fa_xml_close(p->x);
    p->x = NULL;
    return st;
}

static fa_status read_optional(fa_pkg *p, const char *name, fa_xml_handler h, void *arg,
                               unsigned flags)
{
    if (!fa_pkg_has(p, name))
        return FA_OK;
    fa_error e = {0};
    fa_error *saved = p->err;
    p->err = &e;
    fa_status st = read_part(p, name, h, arg, flags);
    p->err = saved;
    if (st == FA_ERR_LIMIT || st == FA_ERR_ENCRYPTED || st == FA_ERR_NOMEM)
        return fa_error_set(saved, st, "%s", e.message);
    if (st)
        fa_doc_warn(p->doc, "%s (part skipped)", e.message);
    return FA_OK;
}

fa_status fa_pkg_read(fa_pkg *p, const char *name, fa_pkg_handler h, unsigned flags)
{
    return read_part(p, name, h, p->reader, flags);
}

fa_status fa_pkg_read_optional(fa_pkg *p, const char *name, fa_pkg_handler h, unsigned flags)
{
    return read_optional(p, name, h, p->reader, flags);
}

fa_node *fa_pkg_node(fa_pkg *p, fa_node_type t, fa_node *parent, unsigned flags)
{
    fa_node *n = fa_node_new(p->doc, t);
    if (!n)
        return NULL;
    n->flags = flags;
    n->loc.part = p->part;
    n->loc.line = p->x ? fa_xml_line(p->x) : 0;
    fa_node_append(parent, n);
    return n;
}

/* Where each name of fa_pkg_read_meta's table goes, in its order. */
static const size_t meta_fields[FA_PKG_META_FIELDS] = {
    offsetof(fa_meta, title),    offsetof(fa_meta, subject),          offsetof(fa_meta, author),
    offsetof(fa_meta, creator),  offsetof(fa_meta, producer),         offsetof(fa_meta, created),
    offsetof(fa_meta, modified), offsetof(fa_meta, last_modified_by),
};

static fa_status meta_node(fa_xml *x, void *arg)
{
    fa_pkg *p = arg;
    fa_xml_kind k = fa_xml_kind_of(x);
    if (k == FA_X_START && fa_xml_depth(x) == p->meta_depth) {
        fa_buf_reset(&p->meta);
    } else if (k == FA_X_TEXT && fa_xml_depth(x) == p->meta_depth + 1) {
        fa_buf_append(&p->meta, fa_xml_text(x), fa_xml_text_len(x));
    } else if (k == FA_X_END && fa_xml_depth(x) == p->meta_depth && p->meta.len) {
        const char *l = fa_xml_local(x);
        for (int i = 0; i < FA_PKG_META_FIELDS; i++) {
            if (!p->meta_names[i] || strcmp(l, p->meta_names[i]))
                continue;
            char **slot = (char **)(void *)((char *)&p->doc->meta + meta_fields[i]);
            if (!*slot) {
                char *v = fa_doc_strndup(p->doc, p->meta.data, p->meta.len);
                *slot = v && *v ? v : NULL;
            }
            break;
        }
        fa_buf_reset(&p->meta);
    }
    return FA_OK;
}

fa_status fa_pkg_read_meta(fa_pkg *p, const char *name, int depth,
                           const char *const names[FA_PKG_META_FIELDS])
{
    p->meta_depth = depth;
    p->meta_names = names;
    return read_optional(p, name, meta_node, p, 0);
}

size_t fa_ink(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
            k++;
    return k;
}
