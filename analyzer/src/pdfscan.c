/* pdfscan.c — the pre-scan of a PDF's streams (see pdfscan.h): each stream found in the
 * raw bytes is decoded through the filters its dictionary declares (Flate, LZW,
 * ASCIIHex, ASCII85, RunLength), stage by stage through small buffers, counting what
 * comes out and keeping nothing. Decoders stop at their own end marker, so a /Length
 * that lies (or is an indirect reference) changes nothing. A /Filter given by reference
 * is not resolved: zlib headers are sniffed instead, layer after layer.
 *
 * What poppler decodes for text is content streams, form XObjects, fonts, object and
 * cross-reference streams; image XObjects are skipped here as they are there. Not
 * covered: streams of an encrypted PDF (their bytes are ciphertext until poppler
 * decrypts them) and inline images inside content streams; those stay bounded by the
 * per-document CPU limit only. */
#include "pdfscan.h"
#include "fa_limits.h"
#include "util.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum { F_NONE = 0, F_FLATE, F_LZW, F_AHX, F_A85, F_RL, F_SNIFF, F_COPY, F_STOP };

#define BUF 16384

/* One decoding stage, pulling bytes from the stage before it (or from the raw file). */
typedef struct stage {
    int kind;
    struct stage *src; /* NULL: the raw bytes */
    const unsigned char *raw;
    size_t raw_len, raw_pos; /* the raw source: the file from the stream's data on */
    unsigned char in[BUF];
    size_t in_len, in_pos;
    bool in_eof, done;
    size_t out_total;
    z_stream z;
    bool z_on;
    /* LZW (PDF: 9-12 bit codes, 256 clear, 257 end, early change) */
    uint16_t prefix[4096];
    unsigned char suffix[4096], first[4096];
    int next, width, prev;
    uint32_t bits;
    int nbits;
    unsigned char pend[4096];
    size_t pend_len, pend_pos;
    /* ASCII85, ASCIIHex */
    uint32_t a85;
    int a85n, hi;
} stage;

/* ---------------------------------------------------------------- input */

/* Refill S->in from its source; false at the end of the input. */
static bool fill(stage *s);
static size_t pull(stage *s, unsigned char *out, size_t cap);

static bool fill(stage *s)
{
    if (s->in_pos < s->in_len)
        return true;
    if (s->in_eof)
        return false;
    s->in_pos = 0;
    if (!s->src) {
        size_t k = s->raw_len - s->raw_pos < BUF ? s->raw_len - s->raw_pos : BUF;
        memcpy(s->in, s->raw + s->raw_pos, k);
        s->raw_pos += k;
        s->in_len = k;
    } else {
        s->in_len = pull(s->src, s->in, BUF);
    }
    if (!s->in_len)
        s->in_eof = true;
    return s->in_len > 0;
}

/* The next input byte, or -1 at the end. */
static int next_byte(stage *s)
{
    if (!fill(s))
        return -1;
    return s->in[s->in_pos++];
}

/* ---------------------------------------------------------------- decoders */

static size_t flate(stage *s, unsigned char *out, size_t cap)
{
    if (!s->z_on) {
        memset(&s->z, 0, sizeof s->z);
        if (inflateInit(&s->z) != Z_OK) {
            s->done = true;
            return 0;
        }
        s->z_on = true;
    }
    s->z.next_out = out;
    s->z.avail_out = (uInt)cap;
    while (s->z.avail_out && !s->done) {
        if (!fill(s))
            break;
        s->z.next_in = s->in + s->in_pos;
        s->z.avail_in = (uInt)(s->in_len - s->in_pos);
        int rc = inflate(&s->z, Z_NO_FLUSH);
        s->in_pos = s->in_len - s->z.avail_in;
        if (rc == Z_STREAM_END || (rc != Z_OK && rc != Z_BUF_ERROR))
            s->done = true;
    }
    return cap - s->z.avail_out;
}

static void lzw_reset(stage *s)
{
    s->next = 258;
    s->width = 9;
    s->prev = -1;
}

/* The string of CODE into s->pend (backwards from the end of the table). */
static void lzw_emit(stage *s, int code)
{
    size_t n = 0;
    unsigned char tmp[4096];
    while (code >= 0 && n < sizeof tmp) {
        tmp[n++] = code < 256 ? (unsigned char)code : s->suffix[code];
        code = code < 256 ? -1 : s->prefix[code];
    }
    for (size_t i = 0; i < n; i++)
        s->pend[i] = tmp[n - 1 - i];
    s->pend_len = n;
    s->pend_pos = 0;
}

/* One code: fills s->pend; false at the end of the data. */
static bool lzw_code(stage *s)
{
    for (;;) {
        while (s->nbits < s->width) {
            int b = next_byte(s);
            if (b < 0)
                return false;
            s->bits = (s->bits << 8) | (uint32_t)b;
            s->nbits += 8;
        }
        int code = (int)((s->bits >> (s->nbits - s->width)) & ((1u << s->width) - 1));
        s->nbits -= s->width;
        if (code == 256) {
            lzw_reset(s);
            continue;
        }
        if (code == 257)
            return false;
        if (s->prev < 0) {
            if (code > 255)
                return false;
            lzw_emit(s, code);
        } else {
            if (s->next >= 4096) { /* a full table: poppler clears it and goes on */
                lzw_reset(s);
                if (code > 255)
                    return false;
                lzw_emit(s, code);
                s->prev = code;
                return true;
            }
            if (code > s->next)
                return false;
            if (code == s->next) { /* KwKwK: the previous string and its first byte */
                lzw_emit(s, s->prev);
                if (s->pend_len >= sizeof s->pend)
                    return false;
                s->pend[s->pend_len++] = s->pend[0];
            } else {
                lzw_emit(s, code);
            }
            s->prefix[s->next] = (uint16_t)s->prev;
            s->suffix[s->next] = s->pend[0];
            s->next++;
        }
        s->prev = code;
        /* early change (the PDF default): the width grows one code early */
        if (s->next + 1 >= (1 << s->width) && s->width < 12)
            s->width++;
        return true;
    }
}

static size_t lzw(stage *s, unsigned char *out, size_t cap)
{
    size_t n = 0;
    if (!s->width)
        lzw_reset(s);
    while (n < cap) {
        if (s->pend_pos == s->pend_len && !lzw_code(s)) {
            s->done = true;
            break;
        }
        size_t k = s->pend_len - s->pend_pos < cap - n ? s->pend_len - s->pend_pos : cap - n;
        memcpy(out + n, s->pend + s->pend_pos, k);
        s->pend_pos += k;
        n += k;
    }
    return n;
}

static int hexval(int c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

static size_t ahx(stage *s, unsigned char *out, size_t cap)
{
    size_t n = 0;
    while (n < cap && !s->done) {
        int c = next_byte(s);
        if (c < 0 || c == '>') {
            if (s->hi) /* an odd final digit: as if followed by 0 */
                out[n++] = (unsigned char)((s->hi - 1) << 4);
            s->done = true;
            break;
        }
        int v = hexval(c);
        if (v < 0)
            continue;
        if (!s->hi) {
            s->hi = v + 1; /* the high digit, plus one (0: none yet) */
        } else {
            out[n++] = (unsigned char)((s->hi - 1) << 4 | v);
            s->hi = 0;
        }
    }
    return n;
}

static size_t a85(stage *s, unsigned char *out, size_t cap)
{
    size_t n = 0;
    while (n + 4 <= cap && !s->done) {
        int c = next_byte(s);
        if (c < 0 || c == '~') {
            if (s->a85n > 1) { /* a final partial group: padded with 'u', n-1 bytes */
                int k = s->a85n - 1;
                for (; s->a85n < 5; s->a85n++)
                    s->a85 = s->a85 * 85 + 84;
                for (int i = 0; i < k; i++)
                    out[n++] = (unsigned char)(s->a85 >> (24 - 8 * i));
            }
            s->done = true;
            break;
        }
        if (c == 'z' && s->a85n == 0) {
            memset(out + n, 0, 4);
            n += 4;
        } else if (c >= '!' && c <= 'u') {
            s->a85 = s->a85 * 85 + (uint32_t)(c - '!');
            if (++s->a85n == 5) {
                out[n++] = (unsigned char)(s->a85 >> 24);
                out[n++] = (unsigned char)(s->a85 >> 16);
                out[n++] = (unsigned char)(s->a85 >> 8);
                out[n++] = (unsigned char)s->a85;
                s->a85 = 0;
                s->a85n = 0;
            }
        }
    }
    return n;
}

static size_t runlength(stage *s, unsigned char *out, size_t cap)
{
    size_t n = 0;
    while (n + 128 <= cap && !s->done) {
        int len = next_byte(s);
        if (len < 0 || len == 128) {
            s->done = true;
        } else if (len < 128) {
            for (int i = 0; i <= len; i++) {
                int c = next_byte(s);
                if (c < 0)
                    break;
                out[n++] = (unsigned char)c;
            }
        } else {
            int c = next_byte(s);
            if (c < 0)
                break;
            memset(out + n, c, (size_t)(257 - len));
            n += (size_t)(257 - len);
        }
    }
    return n;
}

/* A zlib header (RFC 1950) at the stage's input: then it is inflated, else copied. */
static void sniff(stage *s)
{
    s->kind = F_COPY;
    if (!fill(s) || s->in_len - s->in_pos < 2)
        return;
    unsigned cmf = s->in[s->in_pos], flg = s->in[s->in_pos + 1];
    if ((cmf & 0x0F) == 8 && (cmf >> 4) <= 7 && (cmf * 256 + flg) % 31 == 0)
        s->kind = F_FLATE;
}

static size_t copy(stage *s, unsigned char *out, size_t cap)
{
    size_t n = 0;
    while (n < cap && fill(s)) {
        size_t k = s->in_len - s->in_pos < cap - n ? s->in_len - s->in_pos : cap - n;
        memcpy(out + n, s->in + s->in_pos, k);
        s->in_pos += k;
        n += k;
    }
    return n;
}

/* Up to CAP decoded bytes of S; 0 at its end. */
static size_t pull(stage *s, unsigned char *out, size_t cap)
{
    size_t n = 0;
    if (s->done)
        return 0;
    if (s->kind == F_SNIFF)
        sniff(s);
    switch (s->kind) {
    case F_FLATE:
        n = flate(s, out, cap);
        break;
    case F_LZW:
        n = lzw(s, out, cap);
        break;
    case F_AHX:
        n = ahx(s, out, cap);
        break;
    case F_A85:
        n = a85(s, out, cap);
        break;
    case F_RL:
        n = runlength(s, out, cap);
        break;
    case F_COPY:
        n = copy(s, out, cap);
        break;
    default: /* a filter not decoded here (DCT, JBIG2, Crypt...): stop counting */
        s->done = true;
        return 0;
    }
    s->out_total += n;
    if (!n) /* every decoder fills its buffer unless its data ended */
        s->done = true;
    if (s->out_total > FA_MAX_PDF_STREAM) /* intermediate stages are bounded too */
        s->done = true;
    return n;
}

/* ---------------------------------------------------------------- dictionaries */

static bool pdf_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

static bool pdf_delim(unsigned char c)
{
    return pdf_space(c) || c == '/' || c == '[' || c == ']' || c == '<' || c == '>' || c == '(' ||
           c == ')' || c == '{' || c == '}' || c == '%';
}

/* The name at P (after its '/'), #xx escapes decoded, into OUT (cut at N-1). */
static const unsigned char *read_name(const unsigned char *p, const unsigned char *end, char *out,
                                      size_t n)
{
    size_t k = 0;
    while (p < end && !pdf_delim(*p)) {
        int c = *p++;
        if (c == '#' && end - p >= 2 && hexval(p[0]) >= 0 && hexval(p[1]) >= 0) {
            c = hexval(p[0]) << 4 | hexval(p[1]);
            p += 2;
        }
        if (k + 1 < n)
            out[k++] = (char)c;
    }
    out[k] = 0;
    return p;
}

static int filter_kind(const char *name)
{
    static const struct {
        const char *name, *abbr;
        int kind;
    } t[] = {{"FlateDecode", "Fl", F_FLATE},
             {"LZWDecode", "LZW", F_LZW},
             {"ASCIIHexDecode", "AHx", F_AHX},
             {"ASCII85Decode", "A85", F_A85},
             {"RunLengthDecode", "RL", F_RL}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(name, t[i].name) || !strcmp(name, t[i].abbr))
            return t[i].kind;
    return F_STOP; /* image codecs, Crypt, unknown: poppler's business */
}

typedef struct sdict {
    int filters[FA_MAX_PDF_FILTERS + 2];
    int n_filters; /* -1: /Filter by reference (sniffed) */
    bool image;
    bool too_many;
} sdict;

/* The top-level keys of the dictionary D[0..n) ("<<" to ">>") that matter here. */
static void parse_dict(const unsigned char *d, size_t n, sdict *sd)
{
    const unsigned char *p = d, *end = d + n;
    int depth = 0; /* << >> and [ ] nesting; top-level keys are at depth 1 */
    char key[32] = "", name[32];
    bool want_value = false;
    memset(sd, 0, sizeof *sd);
    while (p < end) {
        unsigned char c = *p;
        if (c == '<' && p + 1 < end && p[1] == '<') {
            depth++, p += 2, want_value = false;
        } else if (c == '>' && p + 1 < end && p[1] == '>') {
            depth--, p += 2, want_value = false;
        } else if (c == '[') {
            depth++, p++;
            if (depth == 2 && !strcmp(key, "Filter"))
                want_value = true; /* names of the array are the chain */
        } else if (c == ']') {
            depth--, p++, want_value = false;
        } else if (c == '(') { /* a string: skip it, with its escapes and nested parens */
            int lv = 0;
            for (; p < end; p++) {
                if (*p == '\\' && p + 1 < end)
                    p++;
                else if (*p == '(')
                    lv++;
                else if (*p == ')' && --lv == 0) {
                    p++;
                    break;
                }
            }
        } else if (c == '/') {
            p = read_name(p + 1, end, name, sizeof name);
            if (depth == 1 && !want_value) {
                memcpy(key, name, sizeof key);
                want_value = !strcmp(key, "Filter") || !strcmp(key, "Subtype");
            } else if (want_value && !strcmp(key, "Subtype")) {
                sd->image = !strcmp(name, "Image");
                want_value = false;
            } else if (want_value && !strcmp(key, "Filter")) {
                if (sd->n_filters <= FA_MAX_PDF_FILTERS)
                    sd->filters[sd->n_filters++] = filter_kind(name);
                else
                    sd->too_many = true;
                if (depth == 1)
                    want_value = false;
            }
        } else if (want_value && depth == 1 && c >= '0' && c <= '9' && !strcmp(key, "Filter")) {
            sd->n_filters = -1; /* "N G R": not resolved here */
            want_value = false;
            p++;
        } else {
            p++;
        }
    }
}

/* The dictionary before the "stream" keyword at KW: [*start, *len) of "<< ... >>". */
static bool find_dict(const unsigned char *data, size_t kw, size_t *start, size_t *len)
{
    size_t i = kw;
    while (i > 0 && pdf_space(data[i - 1]))
        i--;
    if (i < 4 || data[i - 1] != '>' || data[i - 2] != '>')
        return false;
    size_t end = i, lo = kw > FA_PDF_DICT_BACK ? kw - FA_PDF_DICT_BACK : 0;
    int depth = 0;
    for (i = end; i >= lo + 2; i--) {
        if (data[i - 1] == '>' && data[i - 2] == '>') {
            depth++;
            i--;
        } else if (data[i - 1] == '<' && data[i - 2] == '<') {
            if (--depth == 0) {
                *start = i - 2;
                *len = end - (i - 2);
                return true;
            }
            i--;
        }
    }
    return false;
}

/* The object number before the dictionary at START ("12 0 obj <<"), or 0. */
static long object_number(const unsigned char *data, size_t start)
{
    size_t i = start, lo = start > 64 ? start - 64 : 0;
    while (i > lo && pdf_space(data[i - 1]))
        i--;
    if (i < lo + 3 || memcmp(data + i - 3, "obj", 3))
        return 0;
    i -= 3;
    for (int field = 0; field < 2; field++) { /* generation, then number */
        while (i > lo && pdf_space(data[i - 1]))
            i--;
        size_t e = i;
        while (i > lo && data[i - 1] >= '0' && data[i - 1] <= '9')
            i--;
        if (i == e || e - i > 10)
            return 0;
        if (field == 1) { /* the digits in place: DATA is not NUL-terminated */
            long v = 0;
            for (size_t k = i; k < e; k++)
                v = v * 10 + (data[k] - '0');
            return v;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- the scan */

/* The next "stream" at or after FROM, or SIZE (memmem is a GNU extension). */
static size_t find_stream(const unsigned char *d, size_t size, size_t from)
{
    while (from + 6 <= size) {
        const unsigned char *s = memchr(d + from, 's', size - from - 5);
        if (!s)
            break;
        if (!memcmp(s, "stream", 6))
            return (size_t)(s - d);
        from = (size_t)(s - d) + 1;
    }
    return size;
}

/* Decode one stream whose data starts at DATA[0..n) through SD's chain: its decoded
 * size in *out, the raw bytes its first stage consumed in *used. */
static fa_status decode(const unsigned char *data, size_t n, const sdict *sd, size_t *out,
                        size_t *used)
{
    stage *st[FA_MAX_PDF_FILTERS + 2] = {0};
    int k = 0;
    fa_status rc = FA_OK;
    int count = sd->n_filters < 0 ? FA_MAX_PDF_FILTERS : sd->n_filters;
    for (int i = 0; i < count; i++) {
        int kind = sd->n_filters < 0 ? F_SNIFF : sd->filters[i];
        if (kind == F_STOP)
            break;
        st[k] = calloc(1, sizeof *st[k]);
        if (!st[k]) {
            rc = FA_ERR_NOMEM;
            break;
        }
        st[k]->kind = kind;
        st[k]->src = k ? st[k - 1] : NULL;
        st[k]->raw = data;
        st[k]->raw_len = n;
        k++;
    }
    *out = 0;
    *used = 0;
    unsigned char *sink = rc == FA_OK && k ? malloc(BUF * 4) : NULL; /* only sizes count */
    if (rc == FA_OK && k && !sink)
        rc = FA_ERR_NOMEM;
    if (sink) {
        size_t got;
        while ((got = pull(st[k - 1], sink, BUF * 4)) > 0 && *out <= FA_MAX_PDF_STREAM)
            *out += got;
        for (int i = 0; i < k; i++) /* an intermediate stage past the limit */
            if (st[i]->out_total > *out)
                *out = st[i]->out_total;
        *used = st[0]->raw_pos - (st[0]->in_len - st[0]->in_pos);
        free(sink);
    }
    for (int i = 0; i < k; i++) {
        if (st[i]->z_on)
            inflateEnd(&st[i]->z);
        free(st[i]);
    }
    return rc;
}

fa_status fa_pdf_prescan(const void *data, size_t size, fa_error *err)
{
    const unsigned char *d = data;
    size_t pos = 0, total = 0;
    while (pos + 6 < size) {
        size_t kw = find_stream(d, size, pos);
        if (kw == size)
            break;
        pos = kw + 6;
        if ((kw >= 3 && !memcmp(d + kw - 3, "end", 3)) || pos >= size ||
            (d[pos] != '\r' && d[pos] != '\n'))
            continue;
        size_t data_start = pos + (d[pos] == '\r' && pos + 1 < size && d[pos + 1] == '\n' ? 2 : 1);
        size_t ds, dl;
        if (!find_dict(d, kw, &ds, &dl))
            continue;
        sdict sd;
        parse_dict(d + ds, dl, &sd);
        long obj = object_number(d, ds);
        if (sd.too_many || sd.n_filters > FA_MAX_PDF_FILTERS)
            return fa_error_set(err, FA_ERR_LIMIT,
                                "PDF: object %ld: a chain of more than %d filters (limit "
                                "FA_MAX_PDF_FILTERS)",
                                obj, FA_MAX_PDF_FILTERS);
        if (sd.image || sd.n_filters == 0)
            continue; /* images are not decoded for text; raw streams cost what they weigh */
        size_t out, used;
        if (decode(d + data_start, size - data_start, &sd, &out, &used) != FA_OK)
            return fa_error_set(err, FA_ERR_NOMEM, "PDF: out of memory");
        if (out > FA_MAX_PDF_STREAM)
            return fa_error_set(err, FA_ERR_LIMIT,
                                "PDF: object %ld: a stream that decodes to more than %zu MiB "
                                "(limit FA_MAX_PDF_STREAM)",
                                obj, FA_MAX_PDF_STREAM >> 20);
        total += out;
        if (total > FA_MAX_PDF_INFLATE)
            return fa_error_set(err, FA_ERR_LIMIT,
                                "PDF: streams that decode to more than %zu MiB in all (limit "
                                "FA_MAX_PDF_INFLATE)",
                                FA_MAX_PDF_INFLATE >> 20);
        pos = data_start + used > pos ? data_start + used : pos;
    }
    return FA_OK;
}
