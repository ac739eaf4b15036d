/* ocr_tess.c — the OCR engine module (formaudit-ocr.so): Tesseract's C API for words,
 * leptonica for image files and for straightening pages. See ocr.h for why a module.
 *
 * One engine per process: TessBaseAPIInit3 loads the language models (with the module,
 * ~0.2 s of CPU for fra+eng), so the engine is made at the first page and kept for the life
 * of the process, which in a batch is a long-lived worker. Neither library may print:
 * leptonica's messages go to a handler that drops them and Tesseract's debug output to
 * /dev/null. Everything here runs in the isolated worker of a batch, under its limits. */
#include "fa_limits.h"
#include "ocr.h"

#include <leptonica/allheaders.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <tesseract/capi.h>
#include <unistd.h>

static const fa_ocr_host *host;
#define fa_error_set(...) host->error_set(__VA_ARGS__)

static TessBaseAPI *api; /* the process's engine, once made */
static bool init_done;   /* init ran: api or why */
static char why[300];

static void drop_message(const char *msg)
{
    (void)msg;
}

static fa_status init(const char *langs, fa_error *err)
{
    if (!init_done) {
        init_done = true;
        leptSetStderrHandler(drop_message);
        setMsgSeverity(L_SEVERITY_NONE);
        TessBaseAPI *a = TessBaseAPICreate();
        if (!a) {
            snprintf(why, sizeof why, "out of memory making the Tesseract engine");
        } else {
            /* Tesseract prints through its debug_file (stderr by default), also while
             * it loads the models: a global parameter, set before Init. */
            TessBaseAPISetVariable(a, "debug_file", "/dev/null");
            if (TessBaseAPIInit3(a, NULL, langs) != 0) {
                const char *env = getenv("TESSDATA_PREFIX");
                snprintf(why, sizeof why,
                         "Tesseract cannot load the language data '%.40s' (packages "
                         "tesseract-ocr-fra, tesseract-ocr-eng%s%.120s)",
                         langs, env ? "; TESSDATA_PREFIX=" : "", env ? env : "");
                TessBaseAPIDelete(a);
            } else {
                /* whole-page layout analysis, as the tesseract command does */
                TessBaseAPISetPageSegMode(a, PSM_AUTO);
                api = a;
            }
        }
    }
    if (!api)
        return fa_error_set(err, FA_ERR_FORMAT, "OCR not available: %s", why);
    return FA_OK;
}

/* fa_ocr_result_clear's twin: the module reaches no core symbol. */
static void result_clear(fa_ocr_result *r)
{
    for (size_t i = 0; i < r->n_words; i++)
        free(r->words[i].text);
    free(r->words);
    free(r->bin);
    memset(r, 0, sizeof *r);
}

/* A PIX of 8 bits a pixel from IMG. */
static PIX *pix_of(const fa_gray *img)
{
    PIX *p = pixCreate(img->w, img->h, 8);
    if (!p)
        return NULL;
    l_uint32 *data = pixGetData(p);
    int wpl = pixGetWpl(p);
    for (int y = 0; y < img->h; y++) {
        const unsigned char *src = img->px + (size_t)y * img->stride;
        l_uint32 *line = data + (size_t)y * (size_t)wpl;
        for (int x = 0; x < img->w; x++)
            SET_DATA_BYTE(line, x, src[x]);
    }
    return p;
}

/* The 1-bit image Tesseract read, as bytes (0 ink, 255 paper). */
static unsigned char *bytes_of_1bpp(PIX *p, int *w, int *h)
{
    if (!p || pixGetDepth(p) != 1)
        return NULL;
    *w = (int)pixGetWidth(p);
    *h = (int)pixGetHeight(p);
    unsigned char *b = malloc((size_t)*w * (size_t)*h);
    if (!b)
        return NULL;
    l_uint32 *data = pixGetData(p);
    int wpl = pixGetWpl(p);
    for (int y = 0; y < *h; y++) {
        const l_uint32 *line = data + (size_t)y * (size_t)wpl;
        unsigned char *dst = b + (size_t)y * (size_t)*w;
        for (int x = 0; x < *w; x++)
            dst[x] = GET_DATA_BIT(line, x) ? 0 : 255;
    }
    return b;
}

/* Append the words of the recognised page to OUT. */
static fa_status collect_words(fa_ocr_result *out, fa_error *err)
{
    TessResultIterator *ri = TessBaseAPIGetIterator(api);
    if (!ri)
        return FA_OK; /* nothing recognised */
    TessPageIterator *pi = TessResultIteratorGetPageIterator(ri);
    size_t alloc = 0;
    int block = -1, line = -1;
    fa_status st = FA_OK;
    do {
        if (TessPageIteratorIsAtBeginningOf(pi, RIL_BLOCK))
            block++;
        if (TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE))
            line++;
        int l, t, r, b;
        if (!TessPageIteratorBoundingBox(pi, RIL_WORD, &l, &t, &r, &b))
            continue;
        char *text = TessResultIteratorGetUTF8Text(ri, RIL_WORD);
        if (!text)
            continue;
        if (!*text) {
            TessDeleteText(text);
            continue;
        }
        if (out->n_words == alloc) {
            size_t na = alloc ? alloc * 2 : 256;
            fa_ocr_word *v = realloc(out->words, na * sizeof *v);
            if (!v) {
                TessDeleteText(text);
                st = fa_error_set(err, FA_ERR_NOMEM, "OCR: out of memory");
                break;
            }
            out->words = v;
            alloc = na;
        }
        char *copy = strdup(text);
        TessDeleteText(text);
        if (!copy) {
            st = fa_error_set(err, FA_ERR_NOMEM, "OCR: out of memory");
            break;
        }
        out->words[out->n_words++] = (fa_ocr_word){
            .x1 = l,
            .y1 = t,
            .x2 = r,
            .y2 = b,
            .conf = TessResultIteratorConfidence(ri, RIL_WORD),
            .block = block < 0 ? 0 : block,
            .line = line < 0 ? 0 : line,
            .text = copy,
        };
    } while (TessPageIteratorNext(pi, RIL_WORD));
    TessResultIteratorDelete(ri);
    return st;
}

static fa_status recognize(const fa_gray *img, int dpi, unsigned deadline_ms, fa_ocr_result *out,
                           fa_error *err)
{
    memset(out, 0, sizeof *out);
    if (!api)
        return fa_error_set(err, FA_ERR_INTERNAL, "OCR: engine not made");
    if (!img || !img->px || img->w <= 0 || img->h <= 0 ||
        (size_t)img->w * (size_t)img->h > FA_OCR_MAX_PIXELS)
        return fa_error_set(err, FA_ERR_LIMIT, "OCR: page image of %dx%d pixels (limit %zu M)",
                            img ? img->w : 0, img ? img->h : 0, FA_OCR_MAX_PIXELS >> 20);
    PIX *grey = pix_of(img);
    if (!grey)
        return fa_error_set(err, FA_ERR_NOMEM, "OCR: out of memory");
    /* A scan is rarely straight; drawn boxes and lines are found on rows and columns of
     * pixels, so the page is straightened first (leptonica measures the skew of its
     * text lines; under 0.1 degree or unsure, it is left as it is). */
    l_float32 angle = 0, conf = 0;
    PIX *page = pixFindSkewAndDeskew(grey, 2, &angle, &conf);
    if (!page)
        page = pixClone(grey);
    pixDestroy(&grey);
    if (!page)
        return fa_error_set(err, FA_ERR_NOMEM, "OCR: out of memory");
    out->skew = conf > 0 ? angle : 0;
    if (dpi > 0)
        pixSetResolution(page, dpi, dpi);
    TessBaseAPISetImage2(api, page);
    if (dpi > 0)
        TessBaseAPISetSourceResolution(api, dpi);
    /* The binarised page, taken before recognition: Tesseract's layout analysis then
     * erases the ruled lines from it in place, and those are fields here. */
    PIX *th = TessBaseAPIGetThresholdedImage(api);
    out->bin = bytes_of_1bpp(th, &out->w, &out->h);
    pixDestroy(&th);
    ETEXT_DESC *mon = TessMonitorCreate();
    if (mon)
        TessMonitorSetDeadlineMSecs(mon, (int)deadline_ms);
    int rc = TessBaseAPIRecognize(api, mon);
    /* Tesseract checks the deadline between words and stops there; the progress
     * shows how far it went. */
    if (mon && TessMonitorGetProgress(mon) < 100 && rc != 0)
        out->cut = true;
    fa_status st = FA_OK;
    if (rc != 0 && !out->cut)
        st = fa_error_set(err, FA_ERR_CORRUPT, "OCR: Tesseract could not read the page");
    if (st == FA_OK)
        st = collect_words(out, err);
    if (mon)
        TessMonitorDelete(mon);
    TessBaseAPIClear(api);
    pixDestroy(&page);
    if (st != FA_OK)
        result_clear(out);
    return st;
}

/* ---------------------------------------------------------------- image files */

/* libpng and libjpeg, under leptonica, print their complaints about a damaged file
 * ("libpng error: IDAT: invalid distance too far back", "Corrupt JPEG data: ...")
 * straight to stderr, with no handler leptonica lets us set: a library must not print
 * (it would land on the user's terminal, between formaudit's own lines), so standard
 * error points to /dev/null while a file is decoded. Decoding is done by one thread at
 * a time (ocr.c's engine lock) and the library prints nothing of its own meanwhile. */
static int quiet_begin(void)
{
    int saved = dup(STDERR_FILENO);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved >= 0 && null >= 0)
        dup2(null, STDERR_FILENO);
    if (null >= 0)
        close(null);
    return saved;
}

static void quiet_end(int saved)
{
    if (saved < 0)
        return;
    dup2(saved, STDERR_FILENO);
    close(saved);
}

static bool tiff_format(l_int32 f)
{
    return L_FORMAT_IS_TIFF(f);
}

static fa_status read_pages(const void *data, size_t size, int *n, fa_error *err);
static fa_status read_page(const void *data, size_t size, int index, fa_ocr_image *out,
                           fa_error *err);

static fa_status image_pages(const void *data, size_t size, int *n, fa_error *err)
{
    int saved = quiet_begin();
    fa_status st = read_pages(data, size, n, err);
    quiet_end(saved);
    return st;
}

static fa_status image_page(const void *data, size_t size, int index, fa_ocr_image *out,
                            fa_error *err)
{
    int saved = quiet_begin();
    fa_status st = read_page(data, size, index, out, err);
    quiet_end(saved);
    return st;
}

static fa_status read_pages(const void *data, size_t size, int *n, fa_error *err)
{
    leptSetStderrHandler(drop_message);
    setMsgSeverity(L_SEVERITY_NONE);
    *n = 0;
    l_int32 fmt = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
    if (pixReadHeaderMem(data, size, &fmt, &w, &h, &bps, &spp, &cmap) != 0 || w <= 0 || h <= 0)
        return fa_error_set(err, FA_ERR_CORRUPT, "image: cannot be decoded (damaged or truncated)");
    if ((size_t)w * (size_t)h > FA_OCR_MAX_PIXELS)
        return fa_error_set(err, FA_ERR_LIMIT,
                            "image of %dx%d pixels: larger than %zu M pixels (limit "
                            "FA_OCR_MAX_PIXELS)",
                            w, h, FA_OCR_MAX_PIXELS >> 20);
    if (!tiff_format(fmt)) {
        *n = 1;
        return FA_OK;
    }
    FILE *fp = fopenReadFromMemory(data, size);
    l_int32 count = 0;
    if (!fp || tiffGetCount(fp, &count) != 0 || count <= 0) {
        if (fp)
            fclose(fp);
        return fa_error_set(err, FA_ERR_CORRUPT, "TIFF: no page can be read");
    }
    fclose(fp);
    *n = count;
    return FA_OK;
}

static fa_status read_page(const void *data, size_t size, int index, fa_ocr_image *out,
                           fa_error *err)
{
    memset(out, 0, sizeof *out);
    l_int32 fmt = 0;
    if (findFileFormatBuffer(data, &fmt) != 0)
        fmt = 0;
    PIX *p = tiff_format(fmt) ? pixReadMemTiff(data, size, index)
             : index == 0     ? pixReadMem(data, size)
                              : NULL;
    if (!p)
        return fa_error_set(err, FA_ERR_CORRUPT, "image page %d: cannot be decoded", index + 1);
    if ((size_t)pixGetWidth(p) * (size_t)pixGetHeight(p) > FA_OCR_MAX_PIXELS) {
        int w = (int)pixGetWidth(p), h = (int)pixGetHeight(p);
        pixDestroy(&p);
        return fa_error_set(err, FA_ERR_LIMIT,
                            "image page %d of %dx%d pixels: larger than %zu M pixels (limit "
                            "FA_OCR_MAX_PIXELS)",
                            index + 1, w, h, FA_OCR_MAX_PIXELS >> 20);
    }
    /* transparent parts are paper, not ink */
    if (pixGetSpp(p) == 4) {
        PIX *flat = pixAlphaBlendUniform(p, 0xffffff00);
        pixDestroy(&p);
        p = flat;
    }
    PIX *g = p ? pixConvertTo8(p, 0) : NULL;
    l_int32 xres = 0, yres = 0;
    if (p)
        pixGetResolution(p, &xres, &yres);
    pixDestroy(&p);
    if (!g)
        return fa_error_set(err, FA_ERR_CORRUPT, "image page %d: cannot be converted to grey",
                            index + 1);
    out->w = (int)pixGetWidth(g);
    out->h = (int)pixGetHeight(g);
    out->dpi = xres >= 70 && xres <= 1200 ? xres : 0;
    out->px = malloc((size_t)out->w * (size_t)out->h);
    if (!out->px) {
        pixDestroy(&g);
        return fa_error_set(err, FA_ERR_NOMEM, "out of memory");
    }
    l_uint32 *d = pixGetData(g);
    int wpl = pixGetWpl(g);
    for (int y = 0; y < out->h; y++) {
        const l_uint32 *line = d + (size_t)y * (size_t)wpl;
        unsigned char *dst = out->px + (size_t)y * (size_t)out->w;
        for (int x = 0; x < out->w; x++)
            dst[x] = (unsigned char)GET_DATA_BYTE(line, x);
    }
    pixDestroy(&g);
    return FA_OK;
}

static const fa_ocr_engine engine = {
    .init = init,
    .recognize = recognize,
    .image_pages = image_pages,
    .image_page = image_page,
};

const fa_ocr_engine *fa_ocr_module_entry(const fa_ocr_host *h)
{
    if (!h || strcmp(h->version, FA_VERSION) != 0 || h->abi != FA_OCR_ABI ||
        h->error_size != sizeof(fa_error) || h->gray_size != sizeof(fa_gray) ||
        h->word_size != sizeof(fa_ocr_word))
        return NULL;
    host = h;
    return &engine;
}
