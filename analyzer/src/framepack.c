/* framepack.c — the issuer and legal-frame table of the rule packs (framepack.h): read
 * and checked while a pack loads, each pattern compiled then so that a bad one names its
 * place in the pack. The table itself is data: rules/fr-frames.json, each entry with its
 * sources. */
#include "framepack.h"

#include "formaudit.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {"bound", "not_bound", "depends", "by_law", "unknown"};

const char *fa_rcp_status_name(fa_rcp_status s)
{
    return (unsigned)s < sizeof status_names / sizeof *status_names ? status_names[s] : "unknown";
}

int fa_rcp_status_from_name(const char *s)
{
    for (size_t i = 0; s && i < sizeof status_names / sizeof *status_names; i++)
        if (!strcmp(s, status_names[i]))
            return (int)i;
    return -1;
}

fa_framedata *fa_framedata_new(void)
{
    return calloc(1, sizeof(fa_framedata));
}

static void bi_free(char *b[2])
{
    free(b[0]);
    free(b[1]);
}

static void frame_free(fa_frame_def *f)
{
    free(f->id);
    free(f->kind);
    free(f->source);
    bi_free(f->issuer);
    bi_free(f->text);
    fa_strvec_free(&f->legal);
    for (size_t i = 0; i < f->n_doc; i++)
        fa_regex_free(&f->doc[i]);
    free(f->doc);
    fa_strvec_free(&f->cerfa);
    for (size_t i = 0; i < f->n_presc; i++) {
        fa_prescription *p = &f->presc[i];
        fa_strvec_free(&p->rules);
        if (p->has_where)
            fa_regex_free(&p->where);
        bi_free(p->what);
    }
    free(f->presc);
    fa_strvec_free(&f->by_law);
    fa_strvec_free(&f->self);
    bi_free(f->transmission);
}

static void rcp_free(fa_recipient_def *r)
{
    free(r->id);
    fa_regex_free(&r->re);
    bi_free(r->name);
    bi_free(r->why);
    fa_strvec_free(&r->legal);
}

void fa_framedata_free(fa_framedata *fd)
{
    if (!fd)
        return;
    for (size_t i = 0; i < fd->n_frames; i++)
        frame_free(&fd->frames[i]);
    free(fd->frames);
    for (size_t i = 0; i < fd->n_rcp; i++)
        rcp_free(&fd->rcp[i]);
    free(fd->rcp);
    if (fd->has_cues)
        fa_regex_free(&fd->cues);
    if (fd->has_skip)
        fa_regex_free(&fd->skip);
    free(fd);
}

/* ---------------------------------------------------------------- reading */

typedef struct rd {
    char *msg;
    size_t msglen;
    char where[96]; /* "frames"[3] */
} rd;

static fa_status bad(rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static fa_status bad(rd *r, const char *fmt, ...)
{
    char m[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m, sizeof m, fmt, ap);
    va_end(ap);
    snprintf(r->msg, r->msglen, "%s: %.*s", r->where, (int)(r->msglen > 100 ? r->msglen - 100 : 0),
             m);
    return FA_ERR_RULES;
}

static fa_status need_str(rd *r, json_t *o, const char *k, char **out)
{
    const char *s = json_string_value(json_object_get(o, k));
    if (!s || !*s)
        return bad(r, "\"%s\" must be a non-empty string", k);
    *out = fa_strdup(s);
    return *out ? FA_OK : FA_ERR_NOMEM;
}

static fa_status need_bi(rd *r, json_t *o, const char *k, char *out[2])
{
    json_t *b = json_object_get(o, k);
    const char *fr = json_string_value(json_object_get(b, "fr"));
    const char *en = json_string_value(json_object_get(b, "en"));
    if (!fr || !*fr || !en || !*en)
        return bad(r, "\"%s\" must be {\"fr\": …, \"en\": …}", k);
    out[0] = fa_strdup(fr);
    out[1] = fa_strdup(en);
    return out[0] && out[1] ? FA_OK : FA_ERR_NOMEM;
}

/* Strings of list K (absent: none). */
static fa_status strings(rd *r, json_t *o, const char *k, fa_strvec *out)
{
    json_t *a = json_object_get(o, k);
    if (!a)
        return FA_OK;
    if (!json_is_array(a))
        return bad(r, "\"%s\" must be a list of strings", k);
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        const char *s = json_string_value(v);
        if (!s || !*s)
            return bad(r, "\"%s\" must be a list of non-empty strings", k);
        fa_status st = fa_strvec_push(out, s);
        if (st)
            return st;
    }
    return FA_OK;
}

/* Compile P (folded: no accented letter) into RE. */
static fa_status regex(rd *r, const char *k, const char *p, fa_regex *re)
{
    for (const unsigned char *c = (const unsigned char *)p; *c; c++)
        if (*c >= 0x80)
            return bad(r, "%s: write the pattern folded (no accents)", k);
    char err[300];
    if (!fa_regex_init(re, p, err, sizeof err))
        return bad(r, "%s: invalid regex %s", k, err);
    return FA_OK;
}

static fa_status read_presc(rd *r, json_t *o, fa_prescription *p)
{
    fa_strvec cats = {0};
    fa_status st = strings(r, o, "categories", &cats);
    for (size_t i = 0; !st && i < cats.n; i++) {
        int c = fa_category_from_name(cats.v[i]);
        if (c < 0)
            st = bad(r, "unknown category \"%s\"", cats.v[i]);
        else
            p->cats |= 1u << c;
    }
    fa_strvec_free(&cats);
    if (!st)
        st = strings(r, o, "rules", &p->rules);
    if (!st && !p->cats && !p->rules.n)
        st = bad(r, "%s", "a prescription needs \"categories\" or \"rules\"");
    const char *w = json_string_value(json_object_get(o, "where"));
    if (!st && w) {
        st = regex(r, "where", w, &p->where);
        p->has_where = st == FA_OK;
    }
    if (!st)
        st = need_bi(r, o, "what", p->what);
    return st;
}

static fa_status read_flags(rd *r, json_t *o, unsigned *flags)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"health_team", FA_FRAME_HEALTH_TEAM},
                 {"public_agents", FA_FRAME_PUBLIC_AGENTS},
                 {"mandatory_transmission", FA_FRAME_MANDATORY_TX},
                 {"not_consent", FA_FRAME_NOT_CONSENT},
                 {"consent_basis", FA_FRAME_CONSENT_BASIS},
                 {"employer", FA_FRAME_EMPLOYER},
                 {"child", FA_FRAME_CHILD},
                 {"school", FA_FRAME_SCHOOL}};
    fa_strvec v = {0};
    fa_status st = strings(r, o, "flags", &v);
    for (size_t i = 0; !st && i < v.n; i++) {
        size_t k = 0;
        while (k < sizeof names / sizeof *names && strcmp(names[k].name, v.v[i]))
            k++;
        if (k == sizeof names / sizeof *names)
            st = bad(r, "unknown flag \"%s\"", v.v[i]);
        else
            *flags |= names[k].bit;
    }
    fa_strvec_free(&v);
    return st;
}

static fa_status read_frame(rd *r, json_t *o, fa_frame_def *f)
{
    fa_status st = need_str(r, o, "id", &f->id);
    if (!st)
        st = need_str(r, o, "kind", &f->kind);
    if (!st)
        st = need_bi(r, o, "issuer", f->issuer);
    if (!st)
        st = need_bi(r, o, "frame", f->text);
    if (!st)
        st = need_str(r, o, "source", &f->source);
    if (!st)
        st = strings(r, o, "legal_basis", &f->legal);
    if (!st)
        st = strings(r, o, "cerfa", &f->cerfa);
    if (!st)
        st = strings(r, o, "received_by_law", &f->by_law);
    if (!st)
        st = strings(r, o, "self", &f->self);
    if (!st && json_object_get(o, "transmission"))
        st = need_bi(r, o, "transmission", f->transmission);
    if (!st)
        st = read_flags(r, o, &f->flags);
    json_t *min = json_object_get(o, "min");
    f->min = json_is_integer(min) ? (int)json_integer_value(min) : 2;
    if (!st && f->min < 1)
        st = bad(r, "%s", "\"min\" must be at least 1");
    fa_strvec docs = {0};
    if (!st)
        st = strings(r, o, "document", &docs);
    if (!st && !docs.n && !f->cerfa.n)
        st = bad(r, "%s", "a frame needs \"document\" patterns or \"cerfa\" numbers");
    if (!st && docs.n && !(f->doc = calloc(docs.n, sizeof *f->doc)))
        st = FA_ERR_NOMEM;
    for (size_t i = 0; !st && i < docs.n; i++) {
        char k[32];
        snprintf(k, sizeof k, "document[%zu]", i);
        st = regex(r, k, docs.v[i], &f->doc[i]);
        if (!st)
            f->n_doc++;
    }
    fa_strvec_free(&docs);
    json_t *pa = json_object_get(o, "prescribes");
    if (!st && pa && !json_is_array(pa))
        st = bad(r, "%s", "\"prescribes\" must be a list");
    size_t np = st ? 0 : json_array_size(pa);
    if (np && !(f->presc = calloc(np, sizeof *f->presc)))
        st = FA_ERR_NOMEM;
    for (size_t i = 0; !st && i < np; i++) {
        st = read_presc(r, json_array_get(pa, i), &f->presc[i]);
        f->n_presc++; /* freed whole even when half read */
    }
    return st;
}

static fa_status read_rcp(rd *r, json_t *o, fa_recipient_def *d)
{
    fa_status st = need_str(r, o, "id", &d->id);
    if (!st)
        st = need_bi(r, o, "name", d->name);
    if (!st)
        st = need_bi(r, o, "why", d->why);
    if (!st)
        st = strings(r, o, "legal_basis", &d->legal);
    int s = fa_rcp_status_from_name(json_string_value(json_object_get(o, "status")));
    if (!st && s < 0)
        st = bad(r, "%s", "\"status\" must be bound, not_bound, depends, by_law or unknown");
    d->status = s < 0 ? FA_RCP_UNKNOWN : (fa_rcp_status)s;
    const char *p = json_string_value(json_object_get(o, "pattern"));
    if (!st && (!p || !*p))
        st = bad(r, "%s", "\"pattern\" must be a non-empty string");
    if (!st)
        st = regex(r, "pattern", p, &d->re);
    return st;
}

static fa_status add_frames(fa_framedata *fd, json_t *a, rd *r)
{
    if (!json_is_array(a))
        return bad(r, "%s", "must be a list of frames");
    size_t i;
    json_t *o;
    json_array_foreach(a, i, o)
    {
        snprintf(r->where, sizeof r->where, "\"frames\"[%zu]", i);
        if (fd->n_frames == fd->alloc_frames) {
            size_t na = fd->alloc_frames ? 2 * fd->alloc_frames : 16;
            fa_frame_def *p = realloc(fd->frames, na * sizeof *p);
            if (!p)
                return FA_ERR_NOMEM;
            fd->frames = p;
            fd->alloc_frames = na;
        }
        fa_frame_def *f = &fd->frames[fd->n_frames];
        memset(f, 0, sizeof *f);
        fa_status st = read_frame(r, o, f);
        for (size_t k = 0; !st && k < fd->n_frames; k++)
            if (!strcmp(fd->frames[k].id, f->id))
                st = bad(r, "frame \"%s\" is defined twice", f->id);
        if (st) {
            frame_free(f);
            return st;
        }
        fd->n_frames++;
    }
    return FA_OK;
}

static fa_status add_rcps(fa_framedata *fd, json_t *a, rd *r)
{
    if (!json_is_array(a))
        return bad(r, "%s", "must be a list of recipients");
    size_t i;
    json_t *o;
    json_array_foreach(a, i, o)
    {
        snprintf(r->where, sizeof r->where, "\"recipients\"[%zu]", i);
        if (fd->n_rcp == fd->alloc_rcp) {
            size_t na = fd->alloc_rcp ? 2 * fd->alloc_rcp : 32;
            fa_recipient_def *p = realloc(fd->rcp, na * sizeof *p);
            if (!p)
                return FA_ERR_NOMEM;
            fd->rcp = p;
            fd->alloc_rcp = na;
        }
        fa_recipient_def *d = &fd->rcp[fd->n_rcp];
        memset(d, 0, sizeof *d);
        fa_status st = read_rcp(r, o, d);
        if (st) {
            rcp_free(d);
            return st;
        }
        fd->n_rcp++;
    }
    return FA_OK;
}

/* The regex of key K, replacing one an earlier pack gave. */
static fa_status one_regex(json_t *root, const char *k, fa_regex *re, bool *has, rd *r)
{
    json_t *v = json_object_get(root, k);
    if (!v)
        return FA_OK;
    snprintf(r->where, sizeof r->where, "\"%s\"", k);
    const char *p = json_string_value(v);
    if (!p || !*p)
        return bad(r, "%s", "must be a non-empty regex");
    if (*has) {
        fa_regex_free(re);
        *has = false;
    }
    fa_status st = regex(r, k, p, re);
    *has = st == FA_OK;
    return st;
}

fa_status fa_framedata_add(fa_framedata *fd, void *root_v, char *msg, size_t msglen)
{
    json_t *root = root_v;
    rd r = {msg, msglen, "\"frames\""};
    json_t *a = json_object_get(root, "frames");
    fa_status st = a ? add_frames(fd, a, &r) : FA_OK;
    a = json_object_get(root, "recipients");
    snprintf(r.where, sizeof r.where, "\"recipients\"");
    if (!st && a)
        st = add_rcps(fd, a, &r);
    if (!st)
        st = one_regex(root, "recipient_cues", &fd->cues, &fd->has_cues, &r);
    if (!st)
        st = one_regex(root, "recipient_skip", &fd->skip, &fd->has_skip, &r);
    return st;
}
