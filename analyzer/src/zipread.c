/* zipread.c — safe zip access for the DOCX and ODT readers (see zipread.h). */
#include "zipread.h"
#include "fa_limits.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* A name the archive holds more than once: the entry read is the last one (what
 * LibreOffice shows; libzip's lookup gives the first). */
typedef struct dup_name {
    const char *name; /* borrowed from libzip */
    zip_uint64_t last;
} dup_name;

struct fa_zip {
    zip_t *za;
    size_t n;
    dup_name *dups; /* sorted by name */
    size_t ndups;
};

static fa_status zip_err_status(int ze)
{
    switch (ze) {
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
    case ZIP_ER_ENCRNOTSUPP:
        return FA_ERR_ENCRYPTED;
    case ZIP_ER_MEMORY:
        return FA_ERR_NOMEM;
    default:
        return FA_ERR_CORRUPT;
    }
}

typedef struct name_idx {
    const char *name;
    zip_uint64_t idx;
} name_idx;

static int cmp_name_idx(const void *a, const void *b)
{
    const name_idx *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* Names held more than once, each with its last index (sorted by name). One sort of
 * at most FA_MAX_ZIP_ENTRIES names. */
static fa_status find_duplicates(fa_zip *z)
{
    if (z->n < 2)
        return FA_OK;
    name_idx *v = malloc(z->n * sizeof *v);
    if (!v)
        return FA_ERR_NOMEM;
    size_t m = 0;
    for (size_t i = 0; i < z->n; i++) {
        const char *s = zip_get_name(z->za, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
        if (s)
            v[m++] = (name_idx){s, (zip_uint64_t)i};
    }
    qsort(v, m, sizeof *v, cmp_name_idx);
    for (size_t i = 0; i + 1 < m; i++) {
        if (strcmp(v[i].name, v[i + 1].name))
            continue;
        size_t j = i + 1;
        while (j + 1 < m && !strcmp(v[j + 1].name, v[i].name))
            j++;
        dup_name *d = realloc(z->dups, (z->ndups + 1) * sizeof *d);
        if (!d) {
            free(v);
            return FA_ERR_NOMEM;
        }
        z->dups = d;
        z->dups[z->ndups++] = (dup_name){v[i].name, v[j].idx};
        i = j;
    }
    free(v);
    return FA_OK;
}

/* Index of entry NAME: the last of its copies; -1 when absent. */
static zip_int64_t locate(const fa_zip *z, const char *name)
{
    size_t lo = 0, hi = z->ndups;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, z->dups[mid].name);
        if (!c)
            return (zip_int64_t)z->dups[mid].last;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return zip_name_locate(z->za, name, 0);
}

size_t fa_zip_duplicates(const fa_zip *z, const char **example)
{
    if (example)
        *example = z->ndups ? z->dups[0].name : NULL;
    return z->ndups;
}

fa_status fa_zip_open(const void *data, size_t size, fa_zip **out, fa_error *err)
{
    *out = NULL;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, size, 0, &ze);
    if (!src) {
        zip_error_fini(&ze);
        return fa_error_set(err, FA_ERR_NOMEM, "zip: out of memory");
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!za) {
        fa_status st = zip_err_status(zip_error_code_zip(&ze));
        fa_error_set(err, st, "zip: damaged or truncated archive (%s)", zip_error_strerror(&ze));
        zip_source_free(src);
        zip_error_fini(&ze);
        return st;
    }
    zip_error_fini(&ze);
    zip_int64_t n = zip_get_num_entries(za, 0);
    if (n < 0 || (zip_uint64_t)n > FA_MAX_ZIP_ENTRIES) {
        zip_discard(za);
        return fa_error_set(err, FA_ERR_LIMIT,
                            "zip: more than %d entries (limit FA_MAX_ZIP_ENTRIES)",
                            (int)FA_MAX_ZIP_ENTRIES);
    }
    fa_zip *z = calloc(1, sizeof *z);
    if (!z) {
        zip_discard(za);
        return fa_error_set(err, FA_ERR_NOMEM, "zip: out of memory");
    }
    z->za = za;
    z->n = (size_t)n;
    if (find_duplicates(z) != FA_OK) {
        fa_zip_close(z);
        return fa_error_set(err, FA_ERR_NOMEM, "zip: out of memory");
    }
    *out = z;
    return FA_OK;
}

void fa_zip_close(fa_zip *z)
{
    if (!z)
        return;
    zip_discard(z->za); /* read-only: nothing to write back */
    free(z->dups);
    free(z);
}

size_t fa_zip_count(const fa_zip *z)
{
    return z->n;
}

const char *fa_zip_name(const fa_zip *z, size_t i)
{
    const char *s = zip_get_name(z->za, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
    return s ? s : "";
}

bool fa_zip_has(const fa_zip *z, const char *name)
{
    return locate(z, name) >= 0;
}

/* A ratio check only makes sense on sizeable entries: a few kilobytes of repeated
 * XML legitimately compress by more than FA_MAX_ZIP_RATIO. */
static bool ratio_exceeded(zip_uint64_t usize, zip_uint64_t csize)
{
    if (usize <= FA_ZIP_RATIO_MIN_SIZE)
        return false;
    return csize == 0 || usize / csize > FA_MAX_ZIP_RATIO;
}

struct fa_zip_entry {
    zip_file_t *zf;
    const char *name;
    zip_uint64_t csize; /* compressed size, UINT64_MAX unknown */
    zip_uint64_t size;  /* declared size, UINT64_MAX unknown */
    size_t n;           /* bytes inflated so far */
};

fa_status fa_zip_open_entry(fa_zip *z, const char *name, fa_zip_entry **out, fa_error *err)
{
    *out = NULL;
    zip_int64_t idx = locate(z, name);
    if (idx < 0)
        return fa_error_set(err, FA_ERR_CORRUPT, "%s: missing part", name);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) < 0)
        return fa_error_set(err, FA_ERR_CORRUPT, "%s: unreadable zip entry (%s)", name,
                            zip_strerror(z->za));
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return fa_error_set(err, FA_ERR_ENCRYPTED, "%s: encrypted zip entry", name);
    zip_uint64_t csize = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : UINT64_MAX;
    if ((st.valid & ZIP_STAT_SIZE) && st.size > FA_MAX_ZIP_ENTRY)
        return fa_error_set(err, FA_ERR_LIMIT,
                            "%s: declared size %llu bytes exceeds %zu MiB (limit FA_MAX_ZIP_ENTRY)",
                            name, (unsigned long long)st.size, FA_MAX_ZIP_ENTRY >> 20);
    if ((st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE) &&
        ratio_exceeded(st.size, csize))
        return fa_error_set(err, FA_ERR_LIMIT,
                            "%s: declared compression ratio above %d:1 (limit FA_MAX_ZIP_RATIO)",
                            name, FA_MAX_ZIP_RATIO);
    fa_zip_entry *e = calloc(1, sizeof *e);
    if (!e)
        return fa_error_set(err, FA_ERR_NOMEM, "%s: out of memory", name);
    e->zf = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
    if (!e->zf) {
        free(e);
        zip_error_t *ze = zip_get_error(z->za);
        fa_status s = zip_err_status(zip_error_code_zip(ze));
        return fa_error_set(err, s, "%s: %s", name,
                            s == FA_ERR_ENCRYPTED ? "encrypted zip entry" : zip_error_strerror(ze));
    }
    e->name = name;
    e->csize = csize;
    e->size = (st.valid & ZIP_STAT_SIZE) ? st.size : UINT64_MAX;
    *out = e;
    return FA_OK;
}

/* Never trust the declared size: the limits are checked on the real count. */
fa_status fa_zip_read_entry(fa_zip_entry *e, char *buf, size_t n, size_t *got, fa_error *err)
{
    *got = 0;
    zip_int64_t k = zip_fread(e->zf, buf, n);
    if (k < 0) {
        zip_error_t *ze = zip_file_get_error(e->zf);
        fa_status s = zip_err_status(zip_error_code_zip(ze));
        return fa_error_set(err, s, "%s: damaged or truncated data (%s)", e->name,
                            zip_error_strerror(ze));
    }
    e->n += (size_t)k;
    if (e->n > FA_MAX_ZIP_ENTRY)
        return fa_error_set(err, FA_ERR_LIMIT,
                            "%s: inflates to more than %zu MiB (limit FA_MAX_ZIP_ENTRY)", e->name,
                            FA_MAX_ZIP_ENTRY >> 20);
    if (ratio_exceeded(e->n, e->csize))
        return fa_error_set(err, FA_ERR_LIMIT,
                            "%s: compression ratio above %d:1 (limit FA_MAX_ZIP_RATIO)", e->name,
                            FA_MAX_ZIP_RATIO);
    *got = (size_t)k;
    return FA_OK;
}

void fa_zip_close_entry(fa_zip_entry *e)
{
    if (!e)
        return;
    zip_fclose(e->zf);
    free(e);
}

fa_status fa_zip_read(fa_zip *z, const char *name, char **out, size_t *len, fa_error *err)
{
    *out = NULL;
    *len = 0;
    fa_zip_entry *e = NULL;
    fa_status rc = fa_zip_open_entry(z, name, &e, err);
    if (rc)
        return rc;
    /* The declared size (when sane) plus room to see the end and the NUL: growing is
     * for entries that lie. */
    size_t alloc = e->size < ((zip_uint64_t)16 << 20) ? (size_t)e->size + 2 : ((size_t)1 << 16);
    char *buf = malloc(alloc);
    size_t n = 0;
    if (!buf) {
        fa_zip_close_entry(e);
        return fa_error_set(err, FA_ERR_NOMEM, "%s: out of memory", name);
    }
    for (;;) {
        if (alloc - n < 2) {
            size_t na = alloc * 2;
            char *p = realloc(buf, na);
            if (!p) {
                rc = fa_error_set(err, FA_ERR_NOMEM, "%s: out of memory", name);
                break;
            }
            buf = p;
            alloc = na;
        }
        size_t got = 0;
        rc = fa_zip_read_entry(e, buf + n, alloc - n - 1, &got, err);
        if (rc || got == 0)
            break;
        n += got;
    }
    fa_zip_close_entry(e);
    if (rc != FA_OK) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return FA_OK;
}
