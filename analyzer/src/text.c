/* text.c — `formaudit text`: the document in reading order, as a person reads it.
 *
 * One line per block: headings prefixed with '#' per level, list items with "- ",
 * tables row by row with cells joined by " | ", page breaks as "--- page N ---".
 * Form controls appear where they sit, as placeholders a reviewer recognises at once:
 * [ ] / [x] (checkbox, radio), [____] or [value] (text), [▾ a / b] (choice), [date],
 * [signature]. A control's label is shown inside its placeholder («Nom») only when the
 * label is not already the text printed next to it, so the output stays readable.
 * Hidden text and reviewer comments are omitted: they are not what the form shows.
 * The output depends only on the model, so it is deterministic. */
#include "fold.h"
#include "fa_limits.h"
#include "model.h"

#include <stdlib.h>
#include <string.h>

static bool skipped(const fa_node *n)
{
    return (n->flags & (FA_NF_HIDDEN | FA_NF_COMMENT)) != 0;
}

/* Folded text with the punctuation of leaders and labels trimmed at both ends, for
 * comparing a label with the text around a control. malloc'd or NULL. */
static char *fold_trim(const char *s, size_t n)
{
    char *c = fa_strndup(s, n);
    if (!c)
        return NULL;
    char *f = fa_fold_simple(c);
    free(c);
    if (!f)
        return NULL;
    size_t a = 0, e = strlen(f);
    while (e > a && strchr(" :_.*?()[]|-\t", f[e - 1]))
        e--;
    while (a < e && strchr(" :_.*?()[]|-\t", f[a]))
        a++;
    memmove(f, f + a, e - a);
    f[e - a] = '\0';
    return f;
}

/* True when the label already reads in the text just before (or, for a box whose
 * label follows it, just after) the control. */
static bool label_nearby(const fa_control *c, const char *before, size_t nb, const char *after,
                         size_t na)
{
    char *lab = fold_trim(c->label, strlen(c->label));
    if (!lab)
        return false;
    size_t ll = strlen(lab);
    bool found = ll == 0;
    if (!found && before) {
        char *b = fold_trim(before, nb);
        if (b) {
            size_t bl = strlen(b);
            found = bl >= ll && !strcmp(b + bl - ll, lab);
            free(b);
        }
    }
    if (!found && after && (c->kind == FA_CTL_CHECKBOX || c->kind == FA_CTL_RADIO)) {
        char *a = fold_trim(after, na);
        if (a) {
            found = !strncmp(a, lab, ll);
            free(a);
        }
    }
    free(lab);
    return found;
}

static void put_control(fa_buf *b, const fa_control *c, const char *before, size_t nb,
                        const char *after, size_t na)
{
    bool show_label = !fa_str_blank(c->label) && !label_nearby(c, before, nb, after, na);
    bool has_value = !fa_str_blank(c->value);
    fa_buf_putc(b, '[');
    switch (c->kind) {
    case FA_CTL_CHECKBOX:
    case FA_CTL_RADIO:
        fa_buf_putc(b, c->checked == 1 ? 'x' : ' ');
        break;
    case FA_CTL_CHOICE:
        fa_buf_puts(b, "\xE2\x96\xBE");
        for (size_t i = 0; i < c->n_options; i++)
            fa_buf_printf(b, "%s%s", i ? " / " : " ", c->options[i]);
        if (has_value)
            fa_buf_printf(b, " = %s", c->value);
        break;
    case FA_CTL_DATE:
        fa_buf_puts(b, has_value ? c->value : "date");
        break;
    case FA_CTL_SIGNATURE:
        fa_buf_puts(b, "signature");
        break;
    case FA_CTL_BUTTON:
        fa_buf_puts(b, "button");
        break;
    default:
        fa_buf_puts(b, has_value ? c->value : "____");
        break;
    }
    if (show_label)
        fa_buf_printf(b, " \xC2\xAB%s\xC2\xBB", c->label);
    fa_buf_putc(b, ']');
}

static int cmp_offset(const void *a, const void *b)
{
    const fa_node *x = *(const fa_node *const *)a, *y = *(const fa_node *const *)b;
    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    return 0;
}

/* The text of a text node with its inline controls placed at their offsets. */
static void put_text_node(fa_buf *b, const fa_node *n, const fa_node *prev)
{
    size_t k = 0, cap = 0;
    const fa_node **ctl = NULL;
    for (const fa_node *c = n->first; c; c = c->next) {
        if (c->type != FA_N_CONTROL || !c->ctl || skipped(c))
            continue;
        if (k == cap) {
            cap = cap ? cap * 2 : 8;
            const fa_node **p = realloc(ctl, cap * sizeof *p);
            if (!p)
                break;
            ctl = p;
        }
        ctl[k++] = c;
    }
    /* Children are usually in offset order already; a stable sort keeps equal
     * offsets in document order (qsort is not stable, so sort only when needed). */
    bool sorted = true;
    for (size_t i = 1; i < k; i++)
        if (ctl[i]->offset < ctl[i - 1]->offset)
            sorted = false;
    if (!sorted) {
        /* insertion sort: short lists, stable */
        for (size_t i = 1; i < k; i++) {
            const fa_node *x = ctl[i];
            size_t j = i;
            while (j && cmp_offset(&ctl[j - 1], &x) > 0) {
                ctl[j] = ctl[j - 1];
                j--;
            }
            ctl[j] = x;
        }
    }
    size_t pos = 0;
    for (size_t i = 0; i < k; i++) {
        size_t off = ctl[i]->offset > n->len ? n->len : ctl[i]->offset;
        fa_buf_append(b, n->text + pos, off - pos);
        pos = off;
        if (b->len && b->data[b->len - 1] != ' ')
            fa_buf_putc(b, ' ');
        size_t next =
            i + 1 < k ? (ctl[i + 1]->offset > n->len ? n->len : ctl[i + 1]->offset) : n->len;
        /* what precedes on the output line (earlier cells included) */
        if (b->len || !prev)
            put_control(b, ctl[i]->ctl, b->data, b->len, n->text + off, next - off);
        else /* first on its line: its label may be the line above */
            put_control(b, ctl[i]->ctl, prev->text, prev->len, n->text + off, next - off);
        if (off < n->len && n->text[off] != ' ')
            fa_buf_putc(b, ' ');
    }
    fa_buf_append(b, n->text + pos, n->len - pos);
    free(ctl);
}

static void put_block_inline(fa_buf *b, const fa_node *n, int depth);

/* A cell's blocks on one line, joined with a space. */
static void put_cell(fa_buf *b, const fa_node *cell, int depth)
{
    size_t start = b->len;
    for (const fa_node *c = cell->first; c; c = c->next) {
        if (skipped(c))
            continue;
        size_t before = b->len;
        if (b->len > start)
            fa_buf_putc(b, ' ');
        size_t mark = b->len;
        put_block_inline(b, c, depth + 1);
        if (b->len == mark) { /* nothing written: drop the separator */
            b->len = before;
            b->data[b->len] = '\0';
        }
    }
}

static void put_row(fa_buf *b, const fa_node *row, int depth)
{
    bool first = true;
    for (const fa_node *c = row->first; c; c = c->next) {
        if (c->type != FA_N_CELL || skipped(c))
            continue;
        if (!first)
            fa_buf_puts(b, " | ");
        first = false;
        put_cell(b, c, depth);
    }
}

/* A block inside a cell: text, a block control, or a nested table (rows joined by
 * " ; " in brackets so the outer row stays one line). */
static void put_block_inline(fa_buf *b, const fa_node *n, int depth)
{
    if (depth > FA_MAX_XML_DEPTH)
        return;
    switch (n->type) {
    case FA_N_HEADING:
    case FA_N_PARAGRAPH:
    case FA_N_LIST_ITEM:
        put_text_node(b, n, NULL);
        break;
    case FA_N_CONTROL:
        if (n->ctl)
            put_control(b, n->ctl, b->data, b->len, NULL, 0);
        break;
    case FA_N_TABLE: {
        bool first = true;
        fa_buf_putc(b, '{');
        for (const fa_node *r = n->first; r; r = r->next) {
            if (r->type != FA_N_ROW || skipped(r))
                continue;
            if (!first)
                fa_buf_puts(b, " ; ");
            first = false;
            put_row(b, r, depth + 1);
        }
        fa_buf_putc(b, '}');
        break;
    }
    default:
        break;
    }
}

static void line_out(fa_buf *b, FILE *out)
{
    /* the model keeps no newlines in text, but a value may hold some */
    for (size_t i = 0; i < b->len; i++)
        if (b->data[i] == '\n' || b->data[i] == '\r')
            b->data[i] = ' ';
    fwrite(b->data ? b->data : "", 1, b->len, out);
    fputc('\n', out);
    fa_buf_reset(b);
}

fa_status fa_doc_write_text(const fa_doc *doc, FILE *out)
{
    if (!doc || !out)
        return FA_ERR_INTERNAL;
    fa_buf b = {.cap = FA_MAX_TEXT};
    fa_buf_puts(&b, "");
    const fa_node *prev = NULL; /* the last text block printed */
    for (const fa_node *n = doc->root->first; n;
         prev = fa_node_is_text(n) && !skipped(n) ? n : prev, n = n->next) {
        if (skipped(n))
            continue;
        switch (n->type) {
        case FA_N_HEADING:
            for (int i = 0; i < (n->level < 1 ? 1 : n->level > 6 ? 6 : n->level); i++)
                fa_buf_putc(&b, '#');
            fa_buf_putc(&b, ' ');
            put_text_node(&b, n, prev);
            line_out(&b, out);
            break;
        case FA_N_LIST_ITEM:
            for (int i = 1; i < n->level && i < 10; i++)
                fa_buf_puts(&b, "  ");
            fa_buf_puts(&b, "- ");
            put_text_node(&b, n, prev);
            line_out(&b, out);
            break;
        case FA_N_PARAGRAPH:
            put_text_node(&b, n, prev);
            if (b.len)
                line_out(&b, out);
            break;
        case FA_N_CONTROL:
            if (n->ctl) {
                put_control(&b, n->ctl, prev ? prev->text : NULL, prev ? prev->len : 0, NULL, 0);
                line_out(&b, out);
            }
            break;
        case FA_N_TABLE:
            for (const fa_node *r = n->first; r; r = r->next) {
                if (r->type != FA_N_ROW || skipped(r))
                    continue;
                put_row(&b, r, 1);
                line_out(&b, out);
            }
            break;
        case FA_N_PAGE_BREAK:
            fa_buf_printf(&b, "--- page %d ---", n->loc.page);
            line_out(&b, out);
            break;
        default:
            break;
        }
    }
    fa_buf_free(&b);
    return ferror(out) ? FA_ERR_IO : FA_OK;
}
