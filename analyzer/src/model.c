/* model.c — the document model: builders, locations, the iterator. */
#include "model.h"
#include "fa_limits.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The doc's private arena: every node, control and doc-owned string, freed together. */
typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} chunk;

typedef struct arena {
    chunk *head;
    fa_node **text_nodes; /* nodes whose text buffer is malloc'd separately */
    size_t n_text, alloc_text;
    bool limit_warned;
} arena;

static void *arena_alloc(fa_doc *doc, size_t n)
{
    arena *a = doc->arena;
    n = (n + 15) & ~(size_t)15;
    if (!a->head || a->head->size - a->head->used < n) {
        size_t sz = n > 60000 ? n : 64000;
        chunk *c = malloc(sizeof *c + sz);
        if (!c)
            return NULL;
        c->next = a->head;
        c->used = 0;
        c->size = sz;
        a->head = c;
    }
    void *p = a->head->data + a->head->used;
    a->head->used += n;
    memset(p, 0, n);
    return p;
}

const char *fa_control_kind_name(fa_control_kind k)
{
    static const char *const names[] = {"text", "multiline", "checkbox", "radio", "choice",
                                        "date", "signature", "button",   "other"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "other";
}

fa_doc *fa_doc_new(const char *path, fa_format fmt)
{
    fa_doc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->arena = calloc(1, sizeof(arena));
    d->path = fa_strdup(path ? path : "");
    if (!d->arena || !d->path) {
        free(d->arena);
        free(d->path);
        free(d);
        return NULL;
    }
    d->format = fmt;
    d->root = fa_node_new(d, FA_N_DOCUMENT);
    if (!d->root) {
        fa_doc_free(d);
        return NULL;
    }
    return d;
}

void fa_doc_free(fa_doc *doc)
{
    if (!doc)
        return;
    arena *a = doc->arena;
    if (a) {
        for (size_t i = 0; i < a->n_text; i++)
            free(a->text_nodes[i]->text);
        free(a->text_nodes);
        for (chunk *c = a->head, *n; c; c = n) {
            n = c->next;
            free(c);
        }
        free(a);
    }
    fa_strvec_free(&doc->warnings);
    free(doc->path);
    free(doc);
}

bool fa_node_is_text(const fa_node *n)
{
    return n && (n->type == FA_N_HEADING || n->type == FA_N_PARAGRAPH || n->type == FA_N_LIST_ITEM);
}

fa_node *fa_node_new(fa_doc *doc, fa_node_type type)
{
    arena *a = doc->arena;
    if (doc->n_nodes >= FA_MAX_NODES) {
        if (!a->limit_warned) {
            a->limit_warned = true;
            char n[32];
            fa_doc_warn(doc,
                        "more than %s paragraphs, cells and controls: the rest of the document "
                        "is not read (limit FA_MAX_NODES)",
                        fa_count_str(n, sizeof n, FA_MAX_NODES));
        }
        return NULL;
    }
    fa_node *n = arena_alloc(doc, sizeof *n);
    if (!n)
        return NULL;
    n->type = type;
    n->rowspan = n->colspan = 1;
    if (type == FA_N_HEADING || type == FA_N_PARAGRAPH || type == FA_N_LIST_ITEM) {
        if (a->n_text == a->alloc_text) {
            size_t na = a->alloc_text ? a->alloc_text * 2 : 256;
            fa_node **p = realloc(a->text_nodes, na * sizeof *p);
            if (!p)
                return NULL;
            a->text_nodes = p;
            a->alloc_text = na;
        }
        n->text = calloc(1, 16);
        if (!n->text)
            return NULL;
        n->alloc = 16;
        a->text_nodes[a->n_text++] = n;
    }
    doc->n_nodes++;
    return n;
}

void fa_node_append(fa_node *parent, fa_node *child)
{
    if (!parent || !child)
        return;
    child->parent = parent;
    child->next = NULL;
    child->prev = parent->last;
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
}

void fa_node_unlink(fa_node *n)
{
    if (!n || !n->parent)
        return;
    if (n->prev)
        n->prev->next = n->next;
    else
        n->parent->first = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        n->parent->last = n->prev;
    n->parent = n->next = n->prev = NULL;
}

fa_status fa_node_append_text(fa_doc *doc, fa_node *n, const char *s, size_t len)
{
    if (!n || !n->text || !len)
        return FA_OK;
    if (doc->text_bytes >= FA_MAX_TEXT) {
        fa_doc_warn(doc,
                    "the text passed %zu MiB: the rest of the document is not read (limit "
                    "FA_MAX_TEXT)",
                    FA_MAX_TEXT >> 20);
        return FA_OK;
    }
    if (n->len >= FA_MAX_PARAGRAPH)
        return FA_OK;
    if (n->len + len > FA_MAX_PARAGRAPH) {
        fa_doc_warn(doc, "a paragraph longer than %zu MiB was cut there (limit FA_MAX_PARAGRAPH)",
                    FA_MAX_PARAGRAPH >> 20);
        len = FA_MAX_PARAGRAPH - n->len;
    }
    fa_buf b = {.data = n->text, .len = n->len, .alloc = n->alloc, .cap = FA_MAX_PARAGRAPH + 8};
    fa_status st = fa_buf_append_clean(&b, s, len);
    n->text = b.data;
    doc->text_bytes += b.len - n->len;
    n->len = b.len;
    n->alloc = b.alloc;
    return st == FA_ERR_LIMIT ? FA_OK : st;
}

static size_t sp_len(const unsigned char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v')
        return 1;
    if (s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (s[0] == 0xE2 && s[1] == 0x80 && ((s[2] >= 0x80 && s[2] <= 0x8A) || s[2] == 0xAF))
        return 3;
    return 0;
}

void fa_node_squeeze(fa_node *n)
{
    if (!n || !n->text)
        return;
    /* Squeeze while remapping inline control offsets. */
    unsigned char *s = (unsigned char *)n->text;
    size_t r = 0, w = 0;
    int pending = 0;
    fa_node *c = n->first;
    while (c && c->type != FA_N_CONTROL)
        c = c->next;
    while (r < n->len) {
        while (c && c->offset <= r) {
            c->offset = w + (pending && w ? 1 : 0);
            do
                c = c->next;
            while (c && c->type != FA_N_CONTROL);
        }
        size_t k = s[r] > ' ' && s[r] < 0x80 ? 0 : sp_len(s + r); /* printable ASCII: no space */
        if (k) {
            pending = 1;
            r += k;
            continue;
        }
        if (pending && w)
            s[w++] = ' ';
        pending = 0;
        s[w++] = s[r++];
    }
    for (; c; c = c->next)
        if (c->type == FA_N_CONTROL)
            c->offset = w;
    s[w] = '\0';
    n->len = w;
    for (c = n->first; c; c = c->next)
        if (c->type == FA_N_CONTROL && c->offset > w)
            c->offset = w;
}

fa_node *fa_doc_add_control(fa_doc *doc, fa_node *para, fa_control_kind kind)
{
    fa_node *n = fa_node_new(doc, FA_N_CONTROL);
    if (!n)
        return NULL;
    n->ctl = arena_alloc(doc, sizeof *n->ctl);
    if (!n->ctl)
        return NULL;
    n->ctl->kind = kind;
    n->ctl->checked = -1;
    if (para) {
        if (fa_node_is_text(para))
            n->offset = para->len;
        fa_node_append(para, n);
    }
    return n;
}

char *fa_doc_strndup(fa_doc *doc, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *clean = fa_utf8_clean(s, n);
    if (!clean)
        return NULL;
    fa_str_squeeze(clean);
    size_t len = strlen(clean);
    char *p = arena_alloc(doc, len + 1);
    if (p)
        memcpy(p, clean, len + 1);
    free(clean);
    return p;
}

char *fa_doc_strdup(fa_doc *doc, const char *s)
{
    return s ? fa_doc_strndup(doc, s, strlen(s)) : NULL;
}

fa_status fa_control_add_option(fa_doc *doc, fa_control *c, const char *s, size_t len)
{
    if (c->n_options >= FA_MAX_OPTIONS) {
        char n[32];
        fa_doc_warn(doc,
                    "a list with more than %s options: the rest are not read (limit "
                    "FA_MAX_OPTIONS)",
                    fa_count_str(n, sizeof n, FA_MAX_OPTIONS));
        return FA_ERR_LIMIT;
    }
    char *o = fa_doc_strndup(doc, s, len);
    if (!o)
        return FA_ERR_NOMEM;
    /* options live in the arena; grow by copying (option lists are short) */
    char **v = arena_alloc(doc, (c->n_options + 1) * sizeof *v);
    if (!v)
        return FA_ERR_NOMEM;
    if (c->n_options)
        memcpy(v, c->options, c->n_options * sizeof *v);
    v[c->n_options++] = o;
    c->options = v;
    return FA_OK;
}

static void warn_v(fa_doc *doc, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void warn_v(fa_doc *doc, const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    for (size_t i = 0; i < doc->warnings.n; i++)
        if (!strcmp(doc->warnings.v[i], msg))
            return;
    if (doc->warnings.n < 100)
        fa_strvec_push(&doc->warnings, msg);
}

void fa_doc_warn(fa_doc *doc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    warn_v(doc, fmt, ap);
    va_end(ap);
}

void fa_doc_warn_limit(const fa_doc *doc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    warn_v((fa_doc *)(uintptr_t)doc, fmt, ap); /* the log of a read-only doc: see model.h */
    va_end(ap);
}

const char *fa_count_str(char *buf, size_t cap, size_t n)
{
    char digits[32];
    int k = snprintf(digits, sizeof digits, "%zu", n);
    size_t w = 0;
    for (int i = 0; i < k && w + 2 < cap; i++) {
        if (i && (k - i) % 3 == 0)
            buf[w++] = ',';
        buf[w++] = digits[i];
    }
    buf[w] = 0;
    return buf;
}

/* A copy of control C in DST's arena. */
static fa_status copy_control(fa_doc *dst, fa_control *to, const fa_control *c)
{
    *to = *c;
    to->name = fa_doc_strdup(dst, c->name);
    to->label = fa_doc_strdup(dst, c->label);
    to->tooltip = fa_doc_strdup(dst, c->tooltip);
    to->value = fa_doc_strdup(dst, c->value);
    to->options = NULL;
    to->n_options = 0;
    for (size_t i = 0; i < c->n_options; i++)
        if (fa_control_add_option(dst, to, c->options[i], strlen(c->options[i])) == FA_ERR_NOMEM)
            return FA_ERR_NOMEM;
    return FA_OK;
}

fa_status fa_doc_graft(fa_doc *dst, fa_node *parent, const fa_doc *src, unsigned flags)
{
    fa_iter it;
    const fa_node *n;
    fa_event ev;
    fa_node *cur = parent; /* the copy of the node being entered's parent */
    fa_iter_init(&it, src->root);
    while ((ev = fa_iter_next(&it, &n)) != FA_EV_DONE) {
        if (n == src->root)
            continue;
        if (ev == FA_EV_EXIT) {
            if (cur != parent)
                cur = cur->parent;
            continue;
        }
        fa_node *c = fa_node_new(dst, n->type);
        if (!c) {
            /* out of nodes: skip the subtree (its EXIT is not to pop anything) */
            if (dst->n_nodes >= FA_MAX_NODES)
                return FA_OK;
            return FA_ERR_NOMEM;
        }
        c->level = n->level;
        c->flags = n->flags | flags;
        c->loc = (fa_loc){.line = n->loc.line, .part = fa_doc_strdup(dst, n->loc.part)};
        c->rowspan = n->rowspan;
        c->colspan = n->colspan;
        c->offset = n->offset;
        if (n->text && n->len && fa_node_append_text(dst, c, n->text, n->len) == FA_ERR_NOMEM)
            return FA_ERR_NOMEM;
        if (n->ctl) {
            c->ctl = arena_alloc(dst, sizeof *c->ctl);
            if (!c->ctl || copy_control(dst, c->ctl, n->ctl))
                return FA_ERR_NOMEM;
        }
        fa_node_append(cur, c);
        cur = c;
    }
    for (size_t i = 0; i < src->warnings.n; i++)
        fa_doc_warn(dst, "%s", src->warnings.v[i]);
    return FA_OK;
}

void fa_doc_finish(fa_doc *doc)
{
    fa_iter it;
    const fa_node *cn;
    fa_event ev;
    int page = 1, para = 0, table = 0;
    fa_iter_init(&it, doc->root);
    while ((ev = fa_iter_next(&it, &cn)) != FA_EV_DONE) {
        fa_node *n = (fa_node *)(uintptr_t)cn;
        if (ev != FA_EV_ENTER)
            continue;
        switch (n->type) {
        case FA_N_PAGE_BREAK:
            if (n->loc.page > 0)
                page = n->loc.page;
            else
                n->loc.page = ++page;
            continue;
        case FA_N_HEADING:
        case FA_N_PARAGRAPH:
        case FA_N_LIST_ITEM:
            n->loc.paragraph = ++para;
            break;
        case FA_N_TABLE:
            n->loc.table = ++table;
            break;
        default:
            break;
        }
        if (n->loc.page > 0 && fa_doc_laid_out(doc))
            page = n->loc.page; /* PDF readers set pages themselves */
        else if (n->loc.page == 0)
            n->loc.page = page;
        /* table/row/cell context: one step from the parent (entered before its
         * children) or the previous sibling (entered before us), so the walk stays
         * linear on 50,000-row tables. */
        const fa_node *par = n->parent;
        if (n->type == FA_N_ROW) {
            n->loc.table = par ? par->loc.table : 0;
            n->loc.row = n->prev && n->prev->type == FA_N_ROW ? n->prev->loc.row + 1 : 1;
            n->loc.cell = 0;
        } else if (n->type == FA_N_CELL) {
            n->loc.table = par ? par->loc.table : 0;
            n->loc.row = par ? par->loc.row : 0;
            n->loc.cell = n->prev && n->prev->type == FA_N_CELL ? n->prev->loc.cell + 1 : 1;
        } else if (par && par->type != FA_N_DOCUMENT) {
            if (n->type != FA_N_TABLE)
                n->loc.table = par->loc.table;
            n->loc.row = par->type == FA_N_TABLE ? 0 : par->loc.row;
            n->loc.cell = par->type == FA_N_TABLE ? 0 : par->loc.cell;
        }
        if (!n->loc.paragraph && n->parent && n->parent->loc.paragraph && n->type == FA_N_CONTROL)
            n->loc.paragraph = n->parent->loc.paragraph;
        if (!n->loc.part && n->parent)
            n->loc.part = n->parent->loc.part;
    }
    if (!doc->pages)
        doc->pages = page;
}

void fa_iter_init(fa_iter *it, const fa_node *root)
{
    it->root = root;
    it->cur = NULL;
    it->ev = FA_EV_NONE;
}

fa_event fa_iter_next(fa_iter *it, const fa_node **node)
{
    const fa_node *c = it->cur;
    fa_event ev = it->ev;
    if (ev == FA_EV_DONE)
        return FA_EV_DONE;
    if (ev == FA_EV_NONE) {
        c = it->root;
        ev = FA_EV_ENTER;
    } else if (ev == FA_EV_ENTER) {
        if (c->first) {
            c = c->first;
            ev = FA_EV_ENTER;
        } else {
            ev = FA_EV_EXIT;
        }
    } else { /* EXIT */
        if (c == it->root) {
            ev = FA_EV_DONE;
        } else if (c->next) {
            c = c->next;
            ev = FA_EV_ENTER;
        } else {
            c = c->parent;
            ev = FA_EV_EXIT;
        }
    }
    it->cur = c;
    it->ev = ev;
    if (ev == FA_EV_DONE)
        return ev;
    *node = c;
    return ev;
}

char *fa_cell_text(const fa_node *cell)
{
    fa_buf b = {0};
    fa_iter it;
    const fa_node *n;
    fa_event ev;
    fa_iter_init(&it, cell);
    while ((ev = fa_iter_next(&it, &n)) != FA_EV_DONE) {
        if (ev == FA_EV_ENTER && fa_node_is_text(n) && n->len && !(n->flags & FA_NF_HIDDEN)) {
            if (b.len)
                fa_buf_putc(&b, ' ');
            fa_buf_append(&b, n->text, n->len);
        }
    }
    char *s = fa_buf_steal(&b);
    return fa_str_squeeze(s);
}

bool fa_cell_blank(const fa_node *cell)
{
    fa_iter it;
    const fa_node *n;
    fa_event ev;
    fa_iter_init(&it, cell);
    while ((ev = fa_iter_next(&it, &n)) != FA_EV_DONE) {
        if (ev != FA_EV_ENTER)
            continue;
        if (n->type == FA_N_CONTROL)
            return false;
        if (fa_node_is_text(n) && !(n->flags & FA_NF_HIDDEN) && !fa_str_blank(n->text))
            return false;
    }
    return true;
}

void fa_pagelist_add(fa_pagelist *l, int page)
{
    l->count++;
    if (l->last && page == l->last + 1) {
        l->last = page;
        size_t n = strlen(l->text);
        /* rewrite the end of the current run: "1" -> "1-2" -> "1-3" */
        char *dash = strrchr(l->text, '-'), *comma = strrchr(l->text, ',');
        if (dash && (!comma || dash > comma) && l->last - 1 > l->run_start)
            n = (size_t)(dash - l->text);
        if (!l->full)
            snprintf(l->text + n, sizeof l->text - n, "-%d", page);
        return;
    }
    size_t n = strlen(l->text);
    if (!l->full) {
        int w = snprintf(l->text + n, sizeof l->text - n, "%s%d", n ? ", " : "", page);
        if (w < 0 || (size_t)w >= sizeof l->text - n - 5) {
            l->text[n] = 0;
            snprintf(l->text + n, sizeof l->text - n, "%s...", n ? ", " : "");
            l->full = true;
        }
    }
    l->last = l->run_start = page;
}
