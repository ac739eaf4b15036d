/* read.c — open a file, choose the format from its content, dispatch to a reader. */
#include "fa_limits.h"
#include "read.h"

#include <errno.h>
#include <glib.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool has(const unsigned char *d, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (n < k)
        return false;
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(d + i, needle, k))
            return true;
    return false;
}

static bool ci_has(const unsigned char *d, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; n >= k && i + k <= n; i++) {
        size_t j = 0;
        while (j < k && (d[i + j] | 0x20) == (unsigned char)(needle[j] | 0x20))
            j++;
        if (j == k)
            return true;
    }
    return false;
}

fa_format fa_sniff(const void *data, size_t size)
{
    const unsigned char *d = data;
    if (size >= 4 && !memcmp(d, "PK\x03\x04", 4)) {
        /* ODF puts an uncompressed "mimetype" entry first; OOXML has word/ parts. */
        size_t head = size < 4096 ? size : 4096;
        if (has(d, head, "application/vnd.oasis.opendocument.text"))
            return FA_FMT_ODT;
        if (has(d, size < (1u << 20) ? size : (1u << 20), "word/"))
            return FA_FMT_DOCX;
        if (has(d, size, "content.xml"))
            return FA_FMT_ODT;
        if (has(d, size, "[Content_Types].xml"))
            return FA_FMT_DOCX;
        return FA_FMT_UNKNOWN;
    }
    if (size >= 4 && !memcmp(d, "PK", 2))
        return FA_FMT_UNKNOWN; /* other zip-like files (spanned, empty archives) */
    /* scans and photos, by their signatures: PNG, JPEG, TIFF (both byte orders) */
    if ((size >= 8 && !memcmp(d, "\x89PNG\r\n\x1A\n", 8)) ||
        (size >= 3 && !memcmp(d, "\xFF\xD8\xFF", 3)) ||
        (size >= 4 && (!memcmp(d, "II*\0", 4) || !memcmp(d, "MM\0*", 4))))
        return FA_FMT_IMAGE;
    size_t head = size < 1024 ? size : 1024;
    if (has(d, head, "%PDF-"))
        return FA_FMT_PDF;
    if (size >= 8 && !memcmp(d, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return FA_FMT_UNKNOWN;             /* OLE2: legacy .doc or an encrypted OOXML package */
    size_t h2 = size < 8192 ? size : 8192; /* markup may follow a long comment */
    if (ci_has(d, h2, "<!doctype html") || ci_has(d, h2, "<html") || ci_has(d, h2, "<body") ||
        ci_has(d, h2, "<form") || ci_has(d, h2, "<table") || ci_has(d, h2, "<p>"))
        return FA_FMT_HTML;
    /* Text: no NUL in the first 8 KiB (a few are tolerated as damage). */
    size_t h3 = size < 8192 ? size : 8192, nul = 0, ctl = 0;
    for (size_t i = 0; i < h3; i++) {
        if (!d[i])
            nul++;
        else if (d[i] < 0x09 || (d[i] > 0x0D && d[i] < 0x20))
            ctl++;
    }
    if (nul * 100 <= h3 + 200 && ctl * 20 <= h3 + 20) /* a couple tolerated in tiny files */
        return FA_FMT_TXT;
    return FA_FMT_UNKNOWN;
}

static fa_status open_content(const char *name, const void *data, size_t size, const void *content,
                              size_t clen, fa_format fmt, fa_doc **out, fa_error *err);

/* Windows tools save "Unicode text" as UTF-16 with a byte-order mark; the readers work
 * on UTF-8, so such a text or HTML file is converted first. NULL when not UTF-16. */
static char *from_utf16(const unsigned char *d, size_t size, size_t *out_len)
{
    const char *cs = NULL;
    if (size >= 2 && d[0] == 0xFF && d[1] == 0xFE)
        cs = "UTF-16LE";
    else if (size >= 2 && d[0] == 0xFE && d[1] == 0xFF)
        cs = "UTF-16BE";
    if (!cs || size > FA_MAX_TEXT)
        return NULL;
    gsize w = 0;
    gchar *u = g_convert_with_fallback((const gchar *)d + 2, (gssize)((size - 2) & ~(size_t)1),
                                       "UTF-8", cs, "\xEF\xBF\xBD", NULL, &w, NULL);
    if (!u)
        return NULL;
    *out_len = w;
    return u;
}

fa_status fa_doc_open_mem(const char *name, const void *data, size_t size, fa_doc **out,
                          fa_error *err)
{
    *out = NULL;
    if (size == 0)
        return fa_error_set(err, FA_ERR_FORMAT, "empty file");
    size_t ulen = 0;
    char *u8 = size <= FA_MAX_FILE_SIZE ? from_utf16(data, size, &ulen) : NULL;
    if (u8) {
        fa_format f = fa_sniff(u8, ulen);
        if (f == FA_FMT_HTML || f == FA_FMT_TXT) {
            fa_status st = open_content(name, data, size, u8, ulen, f, out, err);
            g_free(u8);
            return st;
        }
        g_free(u8);
    }
    if (size > FA_MAX_FILE_SIZE)
        return fa_error_set(err, FA_ERR_LIMIT, "file larger than %zu MiB", FA_MAX_FILE_SIZE >> 20);
    const unsigned char *d = data;
    fa_format fmt = fa_sniff(data, size);
    if (fmt == FA_FMT_UNKNOWN) {
        if (size == 0)
            return fa_error_set(err, FA_ERR_FORMAT, "empty file");
        if (size >= 8 && !memcmp(d, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
            if (has(d, size, "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e") ||
                has(d, size, "EncryptionInfo") ||
                has(d, size, "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o"))
                return fa_error_set(err, FA_ERR_ENCRYPTED,
                                    "password-protected Office document (encrypted package)");
            return fa_error_set(err, FA_ERR_FORMAT,
                                "legacy binary Word/OLE2 document (.doc); save it as DOCX or ODT");
        }
        if (size >= 2 && !memcmp(d, "PK", 2))
            return fa_error_set(err, FA_ERR_FORMAT,
                                "zip archive that is neither a DOCX nor an ODT document");
        return fa_error_set(
            err, FA_ERR_FORMAT,
            "unrecognised content (not DOCX, ODT, PDF, HTML, text or a PNG/JPEG/TIFF image)");
    }
    return open_content(name, data, size, data, size, fmt, out, err);
}

/* Make the document for bytes DATA (hashed, sized) read from CONTENT (DATA itself, or
 * its UTF-8 conversion) with the reader of FMT. */
static fa_status open_content(const char *name, const void *data, size_t size, const void *content,
                              size_t clen, fa_format fmt, fa_doc **out, fa_error *err)
{
    fa_doc *doc = fa_doc_new(name, fmt);
    if (!doc)
        return fa_error_set(err, FA_ERR_NOMEM, "out of memory");
    doc->size = size;
    gchar *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, size);
    if (hex) {
        snprintf(doc->sha256, sizeof doc->sha256, "%s", hex);
        g_free(hex);
    }
    fa_status st;
    switch (fmt) {
    case FA_FMT_DOCX:
        st = fa_read_docx(doc, content, clen, err);
        break;
    case FA_FMT_ODT:
        st = fa_read_odt(doc, content, clen, err);
        break;
    case FA_FMT_PDF:
        st = fa_read_pdf(doc, content, clen, err);
        break;
    case FA_FMT_HTML:
        st = fa_read_html(doc, content, clen, err);
        break;
    case FA_FMT_IMAGE:
        st = fa_read_image(doc, content, clen, err);
        break;
    default:
        st = fa_read_text(doc, content, clen, err);
        break;
    }
    if (st != FA_OK) {
        fa_doc_free(doc);
        return st;
    }
    *out = doc;
    return FA_OK;
}

fa_status fa_doc_open(const char *path, fa_doc **out, fa_error *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fa_error_set(err, FA_ERR_IO, "cannot open: %s", strerror(errno));
    struct stat stt;
    if (fstat(fd, &stt) != 0 || !S_ISREG(stt.st_mode)) {
        close(fd);
        return fa_error_set(err, FA_ERR_IO, "not a regular file");
    }
    if ((unsigned long long)stt.st_size > FA_MAX_FILE_SIZE) {
        close(fd);
        return fa_error_set(err, FA_ERR_LIMIT, "file larger than %zu MiB (limit FA_MAX_FILE_SIZE)",
                            FA_MAX_FILE_SIZE >> 20);
    }
    size_t size = (size_t)stt.st_size;
    unsigned char *data = malloc(size ? size : 1);
    if (!data) {
        close(fd);
        return fa_error_set(err, FA_ERR_NOMEM, "out of memory");
    }
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, data + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            int e = errno;
            free(data);
            close(fd);
            return fa_error_set(err, FA_ERR_IO, "read error: %s",
                                r < 0 ? strerror(e) : "short read");
        }
        got += (size_t)r;
    }
    close(fd);
    fa_status st = fa_doc_open_mem(path, data, size, out, err);
    free(data);
    return st;
}
