/* ocr.c — OCR on the core's side: the options, loading the engine module
 * (formaudit-ocr.so, see ocr.h), the budgets, and one page image read into the document:
 * words from the engine, drawn boxes and lines from shapes.c, both written by
 * ocr_layout.c as a PDF text layer would give them.
 *
 * Threads: Tesseract's OpenMP starts a thread per core; in a batch running a worker per
 * core they fight over the cores (runs several times slower), and even alone they
 * spend twice the CPU for no gain in wall time (see load()). libgomp reads
 * OMP_THREAD_LIMIT when it is loaded, which is when the module is: so it is set to 1
 * just before the dlopen, unless the user set it. */
#include "fa_limits.h"
#include "ocr.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PATH_CAP 4096

#ifndef FA_OCR_MODULE_DIR
#define FA_OCR_MODULE_DIR "/usr/local/lib/formaudit"
#endif

/* Defined when ocr_tess.c is linked into the program (tests that link it); a null
 * address in the formaudit program, which loads the module. */
extern const fa_ocr_engine *fa_ocr_module_entry(const fa_ocr_host *host) __attribute__((weak));

/* ---------------------------------------------------------------- options */

static bool disabled;
static char langs[64] = "fra+eng";

fa_status fa_read_set_ocr(const fa_ocr_opts *o, fa_error *err)
{
    const char *l = o && o->langs ? o->langs : "fra+eng";
    size_t n = strlen(l);
    if (!n || n >= sizeof langs)
        return fa_error_set(err, FA_ERR_USAGE, "OCR languages '%.80s': expected e.g. fra+eng", l);
    for (size_t i = 0; i < n; i++) {
        char c = l[i];
        /* names of traineddata files, never a path */
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || (c == '+' && i > 0 && i + 1 < n && l[i + 1] != '+')))
            return fa_error_set(err, FA_ERR_USAGE,
                                "OCR languages '%.80s': expected Tesseract names joined by '+' "
                                "(e.g. fra+eng)",
                                l);
    }
    memcpy(langs, l, n + 1);
    disabled = o && o->disabled;
    return FA_OK;
}

bool fa_ocr_enabled(void)
{
    return !disabled;
}

const char *fa_ocr_langs(void)
{
    return langs;
}

void fa_ocr_result_clear(fa_ocr_result *r)
{
    for (size_t i = 0; i < r->n_words; i++)
        free(r->words[i].text);
    free(r->words);
    free(r->bin);
    memset(r, 0, sizeof *r);
}

/* ---------------------------------------------------------------- the module */

static const fa_ocr_host host = {
    .version = FA_VERSION,
    .abi = FA_OCR_ABI,
    .error_size = sizeof(fa_error),
    .gray_size = sizeof(fa_gray),
    .word_size = sizeof(fa_ocr_word),
    .error_set = fa_error_set,
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const fa_ocr_engine *engine;
static char why[600];
/* One engine per process, and it is not thread-safe: documents read by several threads
 * at once take turns for their scanned pages. */
static pthread_mutex_t engine_lock = PTHREAD_MUTEX_INITIALIZER;

static void *open_module(void)
{
    char paths[2][PATH_CAP];
    int n = 0;
    const char *env = getenv("FA_OCR_MODULE");
    if (env && *env) {
        snprintf(paths[n++], PATH_CAP, "%s", env);
    } else {
        char exe[PATH_CAP];
        ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (k > 0)
            exe[k] = 0;
        char *slash = k > 0 ? strrchr(exe, '/') : NULL;
        if (slash) {
            *slash = 0;
            snprintf(paths[n++], PATH_CAP, "%.*s/%s", PATH_CAP - 32, exe, FA_OCR_MODULE_FILE);
        }
        snprintf(paths[n++], PATH_CAP, "%s/%s", FA_OCR_MODULE_DIR, FA_OCR_MODULE_FILE);
    }
    bool found = false;
    for (int i = 0; i < n; i++) {
        void *h = dlopen(paths[i], RTLD_NOW | RTLD_LOCAL);
        if (h)
            return h;
        const char *e = dlerror();
        bool exists = access(paths[i], F_OK) == 0;
        if (!why[0] || (exists && !found)) {
            snprintf(why, sizeof why, "%s", e ? e : "cannot be loaded");
            found = exists;
        }
    }
    if (!found)
        snprintf(why, sizeof why,
                 "formaudit was built without Tesseract (no %s next to the program nor in %s; "
                 "install libtesseract-dev and rebuild)",
                 FA_OCR_MODULE_FILE, FA_OCR_MODULE_DIR);
    return NULL;
}

static void load(void)
{
    /* Measured on cerfa-apprentissage (2 pages, 2 cores): 16.4 s of CPU with OpenMP's
     * threads, 6.6 s with one, and no gain in wall time on a shared machine: one
     * thread unless the user asked otherwise, not only in a worker per core. */
    setenv("OMP_THREAD_LIMIT", "1", 0);
    const fa_ocr_engine *(*entry)(const fa_ocr_host *) = fa_ocr_module_entry;
    void *h = NULL;
    if (!entry) {
        h = open_module();
        if (!h)
            return;
        void *sym = dlsym(h, FA_OCR_MODULE_ENTRY);
        if (!sym) {
            snprintf(why, sizeof why, "no %s in %s", FA_OCR_MODULE_ENTRY, FA_OCR_MODULE_FILE);
            dlclose(h);
            return;
        }
        memcpy(&entry, &sym, sizeof entry); /* ISO C has no object-to-function cast */
    }
    engine = entry(&host);
    if (!engine) {
        snprintf(why, sizeof why, "%s: built for another version of formaudit (this is %s)",
                 FA_OCR_MODULE_FILE, FA_VERSION);
        if (h)
            dlclose(h);
    }
}

fa_status fa_ocr_engine_get(const fa_ocr_engine **out, fa_error *err)
{
    *out = NULL;
    pthread_once(&once, load);
    if (!engine)
        return fa_error_set(err, FA_ERR_FORMAT, "OCR not available: %s", why);
    pthread_mutex_lock(&engine_lock);
    fa_status st = engine->init(langs, err);
    pthread_mutex_unlock(&engine_lock);
    if (st == FA_OK)
        *out = engine;
    return st;
}

fa_status fa_ocr_image_pages(const fa_ocr_engine *eng, const void *data, size_t size, int *n,
                             fa_error *err)
{
    pthread_mutex_lock(&engine_lock);
    fa_status st = eng->image_pages(data, size, n, err);
    pthread_mutex_unlock(&engine_lock);
    return st;
}

fa_status fa_ocr_image_page(const fa_ocr_engine *eng, const void *data, size_t size, int index,
                            fa_ocr_image *out, fa_error *err)
{
    pthread_mutex_lock(&engine_lock);
    fa_status st = eng->image_page(data, size, index, out, err);
    pthread_mutex_unlock(&engine_lock);
    return st;
}

/* ---------------------------------------------------------------- one page */

static double clock_now(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_now(void)
{
    return clock_now(CLOCK_PROCESS_CPUTIME_ID);
}

/* shapes.c is tuned on renders of 1.5 px/pt (read_pdf's); a 300-dpi scan (4.2 px/pt)
 * is averaged down by a whole factor to 1.5-3 px/pt: hairlines stay ink, and the
 * search runs on a sixth of the pixels. Returns the image to search (IMG itself when
 * already small) and what to free in *OWN. */
static fa_gray shrink(const fa_gray *img, unsigned char **own)
{
    *own = NULL;
    int f = (int)(img->scale / 1.5);
    if (f < 2)
        return *img;
    int w = img->w / f, h = img->h / f;
    unsigned char *px = w > 0 && h > 0 ? malloc((size_t)w * (size_t)h) : NULL;
    if (!px)
        return *img;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned sum = 0;
            for (int dy = 0; dy < f; dy++) {
                const unsigned char *row = img->px + (size_t)(y * f + dy) * img->stride;
                for (int dx = 0; dx < f; dx++)
                    sum += row[x * f + dx];
            }
            px[(size_t)y * (size_t)w + (size_t)x] = (unsigned char)(sum / (unsigned)(f * f));
        }
    *own = px;
    return (fa_gray){.px = px, .w = w, .h = h, .stride = (size_t)w, .scale = img->scale / f};
}

/* A word that may be a drawn box Tesseract read as a letter ("O", "D", "[]", "0"):
 * one or two such characters in a squarish box. */
static bool box_like(const fa_ocr_word *w)
{
    size_t n = 0;
    for (const char *p = w->text; *p; p++) {
        if (!strchr("O0oDQU[]|", *p))
            return false;
        n++;
    }
    double bw = w->x2 - w->x1, bh = w->y2 - w->y1;
    return n >= 1 && n <= 2 && bh > 0 && bw / bh > 0.6 && bw / bh < 1.6;
}

/* Paint the words of R out of its binarised image, so that shapes.c sees the drawing
 * alone: text would otherwise show as strokes, underlines and boxes (as read_pdf's
 * renders paint out their glyphs). Words that may be a box, and runs of underscores or
 * dots, are the drawing and stay. */
static void paint_out_words(fa_ocr_result *r)
{
    for (size_t i = 0; i < r->n_words; i++) {
        const fa_ocr_word *w = &r->words[i];
        bool letters = false;
        for (const unsigned char *p = (const unsigned char *)w->text; *p && !letters; p++)
            letters = (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ||
                      *p >= 0xC3;
        if (!letters || box_like(w))
            continue;
        int x1 = w->x1 > 1 ? w->x1 - 1 : 0, y1 = w->y1 > 1 ? w->y1 - 1 : 0;
        int x2 = w->x2 + 1 < r->w ? w->x2 + 1 : r->w, y2 = w->y2 + 1 < r->h ? w->y2 + 1 : r->h;
        for (int y = y1; y < y2; y++)
            if (x2 > x1)
                memset(r->bin + (size_t)y * (size_t)r->w + (size_t)x1, 255, (size_t)(x2 - x1));
    }
}

/* Record that page PAGENO was not read, and why (the first reason is kept). */
static void unread(fa_doc *doc, int pageno, const fa_error *e)
{
    fa_pagelist_add(&doc->ocr.unread, pageno);
    if (!doc->ocr.unread_why[0])
        snprintf(doc->ocr.unread_why, sizeof doc->ocr.unread_why, "%.190s", e->message);
}

fa_status fa_ocr_page(fa_doc *doc, const fa_gray *img, int dpi, int pageno, size_t *chars,
                      fa_error *err)
{
    *chars = 0;
    fa_error e = {0};
    if (!fa_ocr_enabled())
        return fa_error_set(err, FA_ERR_FORMAT, "OCR refused (--no-ocr)");
    const fa_ocr_engine *eng = NULL;
    fa_status st = fa_ocr_engine_get(&eng, &e);
    if (st != FA_OK) {
        unread(doc, pageno, &e);
        *err = e;
        return st;
    }
    double now = clock_now(CLOCK_MONOTONIC);
    if (!doc->ocr.start)
        doc->ocr.start = now;
    double wall_left = FA_OCR_DOC_WALL_SECONDS - (now - doc->ocr.start);
    if (doc->ocr.cpu >= FA_OCR_DOC_SECONDS || wall_left < 1) {
        fa_error_set(&e, FA_ERR_LIMIT,
                     "OCR budget of a document spent (%d s of CPU, %d s of time: "
                     "FA_OCR_DOC_SECONDS)",
                     FA_OCR_DOC_SECONDS, FA_OCR_DOC_WALL_SECONDS);
        unread(doc, pageno, &e);
        *err = e;
        return FA_ERR_LIMIT;
    }
    /* the page's deadline: its own budget, within what is left of the document's */
    double page = wall_left < FA_OCR_PAGE_SECONDS ? wall_left : FA_OCR_PAGE_SECONDS;
    double t0 = cpu_now();
    fa_ocr_result r;
    pthread_mutex_lock(&engine_lock);
    st = eng->recognize(img, dpi, (unsigned)(page * 1000), &r, &e);
    pthread_mutex_unlock(&engine_lock);
    if (st != FA_OK) {
        doc->ocr.cpu += cpu_now() - t0;
        unread(doc, pageno, &e);
        /* a page that cannot be read is a warning; the document goes on */
        return st == FA_ERR_NOMEM ? fa_error_set(err, st, "%s", e.message) : FA_OK;
    }
    /* pixels per point of the image the words were read from */
    double scale = dpi > 0 ? dpi / 72.0 : img->w / 595.28;
    fa_shapes shapes = {0};
    if (r.bin) {
        paint_out_words(&r);
        fa_gray bin = {.px = r.bin, .w = r.w, .h = r.h, .stride = (size_t)r.w, .scale = scale};
        unsigned char *own = NULL;
        fa_gray small = shrink(&bin, &own);
        if (fa_shapes_find(&small, &shapes) != FA_OK)
            shapes.n = 0; /* too much ink for a form (a photograph): words only */
        free(own);
    }
    size_t uncertain = 0;
    fa_ocr_layout_in in = {.words = r.words,
                           .n_words = r.n_words,
                           .scale = scale,
                           .shapes = &shapes,
                           .pageno = pageno};
    st = fa_ocr_layout(doc, &in, chars, &uncertain);
    fa_pagelist_add(&doc->ocr.read, pageno);
    for (size_t i = 0; i < r.n_words; i++) {
        doc->ocr.words++;
        doc->ocr.conf_sum += r.words[i].conf;
    }
    doc->ocr.uncertain += uncertain;
    doc->ocr.cut += r.cut;
    fa_shapes_free(&shapes);
    fa_ocr_result_clear(&r);
    doc->ocr.cpu += cpu_now() - t0;
    if (st == FA_ERR_NOMEM)
        return fa_error_set(err, st, "out of memory");
    return FA_OK; /* the node limit was warned by the model */
}

void fa_ocr_summarize(fa_doc *doc)
{
    const fa_doc_ocr *o = &doc->ocr;
    if (o->read.count) {
        double mean = o->words ? o->conf_sum / (double)o->words : 0;
        fa_doc_warn(doc,
                    "page%s %s read by OCR (Tesseract, %s): mean word confidence %.0f%%; %zu of "
                    "%zu words under %d%% are marked \"(?)\" and must be checked on the paper%s",
                    o->read.count > 1 ? "s" : "", o->read.text, fa_ocr_langs(), mean, o->uncertain,
                    o->words, FA_OCR_MIN_CONFIDENCE,
                    o->cut ? "; a page was cut short by the OCR time limit" : "");
    }
    if (o->unread.count)
        fa_doc_warn(doc, "page%s %s look%s scanned and could not be read: %s",
                    o->unread.count > 1 ? "s" : "", o->unread.text, o->unread.count > 1 ? "" : "s",
                    o->unread_why);
}
