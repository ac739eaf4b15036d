/* read_pdf_load.c — fa_read_pdf: finds, loads and checks the PDF reader module
 * (formaudit-pdf.so, see read_pdf_module.h) the first time a PDF is read, then hands it
 * the document. Nothing of poppler is mapped into a run that reads no PDF.
 *
 * The module is opened RTLD_NOW (a missing library fails here, with its name, not in
 * the middle of a read) and RTLD_LOCAL (poppler's symbols stay out of the global
 * scope), and is never closed: the reader and what glib registered for it live until
 * the process exits. A module that cannot be loaded is remembered too: every PDF of the
 * run then fails with the same reason, and the other documents are read as usual. */
#include "ocr.h"
#include "read.h"
#include "pdfscan.h"
#include "read_pdf_module.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PATH_CAP 4096 /* Linux's PATH_MAX ("fa_limits.h" shadows <limits.h> here) */

#ifndef FA_PDF_MODULE_DIR
#define FA_PDF_MODULE_DIR "/usr/local/lib/formaudit"
#endif

/* Defined when read_pdf.c is linked into the program itself (unit tests, fuzz targets);
 * a null address in the formaudit program, which loads the module instead. */
extern fa_pdf_read_fn fa_pdf_module_entry(const fa_pdf_host *host) __attribute__((weak));

static unsigned read_threads; /* fa_read_set_threads */

void fa_read_set_threads(unsigned n)
{
    read_threads = n;
}

unsigned fa_read_threads(void)
{
    return read_threads;
}

static const fa_pdf_host host = {
    .version = FA_VERSION,
    .abi = FA_PDF_ABI,
    .doc_size = sizeof(fa_doc),
    .node_size = sizeof(fa_node),
    .control_size = sizeof(fa_control),
    .error_size = sizeof(fa_error),
    .node_new = fa_node_new,
    .node_append = fa_node_append,
    .node_append_text = fa_node_append_text,
    .node_squeeze = fa_node_squeeze,
    .doc_add_control = fa_doc_add_control,
    .control_add_option = fa_control_add_option,
    .doc_strdup = fa_doc_strdup,
    .doc_warn = fa_doc_warn,
    .doc_finish = fa_doc_finish,
    .error_set = fa_error_set,
    .utf8_clean = fa_utf8_clean,
    .str_squeeze = fa_str_squeeze,
    .str_blank = fa_str_blank,
    .read_threads = fa_read_threads,
    .ocr_enabled = fa_ocr_enabled,
    .ocr_page = fa_ocr_page,
    .ocr_summarize = fa_ocr_summarize,
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static fa_pdf_read_fn reader; /* set by load(), NULL when PDF support is not available */
static char why[600];         /* then the reason */

/* Open the module from the first candidate path that loads, copied to FROM. On failure,
 * WHY holds the loader's message for the first candidate that exists (a missing
 * library, a bad ELF), or for the first one when none exists. */
static void *open_module(char *from, size_t cap)
{
    char paths[2][PATH_CAP];
    int n = 0;
    const char *env = getenv("FA_PDF_MODULE");
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
            snprintf(paths[n++], PATH_CAP, "%.*s/%s", PATH_CAP - 32, exe, FA_PDF_MODULE_FILE);
        }
        snprintf(paths[n++], PATH_CAP, "%s/%s", FA_PDF_MODULE_DIR, FA_PDF_MODULE_FILE);
    }
    bool found = false; /* WHY is about a file that exists */
    for (int i = 0; i < n; i++) {
        void *h = dlopen(paths[i], RTLD_NOW | RTLD_LOCAL);
        if (h) {
            size_t len = strlen(paths[i]); /* < PATH_CAP */
            memcpy(from, paths[i], len < cap ? len + 1 : 0);
            return h;
        }
        const char *e = dlerror();
        bool exists = access(paths[i], F_OK) == 0;
        if (!why[0] || (exists && !found)) {
            snprintf(why, sizeof why, "%s", e ? e : "cannot be loaded");
            found = exists;
        }
    }
    if (!found && n > 1)
        snprintf(why + strlen(why), sizeof why - strlen(why), " (nor in %s)", FA_PDF_MODULE_DIR);
    return NULL;
}

static void load(void)
{
    fa_pdf_read_fn (*entry)(const fa_pdf_host *) = fa_pdf_module_entry;
    void *h = NULL;
    char from[PATH_CAP] = "";
    if (!entry) {
        h = open_module(from, sizeof from);
        if (!h)
            return;
        void *sym = dlsym(h, FA_PDF_MODULE_ENTRY);
        if (!sym) {
            const char *e = dlerror();
            snprintf(why, sizeof why, "%s", e ? e : "no " FA_PDF_MODULE_ENTRY " in the module");
            dlclose(h);
            return;
        }
        memcpy(&entry, &sym, sizeof entry); /* ISO C has no object-to-function cast */
    }
    reader = entry(&host);
    if (!reader) {
        snprintf(why, sizeof why, "%.400s: built for another version of formaudit (this is %s)",
                 h ? from : "built-in reader", FA_VERSION);
        if (h)
            dlclose(h);
    }
}

fa_status fa_pdf_load(fa_error *err)
{
    pthread_once(&once, load);
    if (!reader)
        return fa_error_set(err, FA_ERR_FORMAT, "PDF support not available: %s", why);
    return FA_OK;
}

fa_status fa_read_pdf(fa_doc *doc, const void *data, size_t size, fa_error *err)
{
    fa_status st = fa_pdf_load(err);
    if (st == FA_OK)
        st = fa_pdf_prescan(data, size, err); /* decompression bombs, before poppler */
    if (st != FA_OK)
        return st;
    return reader(doc, data, size, err);
}
