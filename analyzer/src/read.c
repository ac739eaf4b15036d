/* read.c — open a file, choose the format from its content, dispatch to a reader. */
#include "fa_limits.h"
#include "read.h"

#include <errno.h>
#include <glib.h>
#include <fcntl.h>
#include <stdint.h>
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

/* A zip package: DOCX or ODT by its main part (word/document.xml, content.xml), not
 * by its first entry: a DOCX may carry an ODF "mimetype" entry first (read.c warns).
 * When both main parts are there, the mimetype entry decides, as LibreOffice does. */
static fa_format sniff_zip(const unsigned char *d, size_t size)
{
    size_t head = size < 4096 ? size : 4096, mib = size < (1u << 20) ? size : (1u << 20);
    if (!has(d, head, "mimetypeapplication/vnd.oasis.opendocument.text")) {
        if (has(d, mib, "word/"))
            return FA_FMT_DOCX;
        if (has(d, size, "content.xml"))
            return FA_FMT_ODT;
        if (has(d, size, "word/") || has(d, size, "[Content_Types].xml"))
            return FA_FMT_DOCX;
        return FA_FMT_UNKNOWN;
    }
    if (has(d, size, "content.xml"))
        return FA_FMT_ODT;
    return has(d, size, "word/document.xml") ? FA_FMT_DOCX : FA_FMT_ODT;
}

/* Skip a UTF-8 byte-order mark and white space at the start. */
static size_t lead_space(const unsigned char *d, size_t size)
{
    size_t i = size >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < size && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n'))
        i++;
    return i;
}

/* Flat OpenDocument text (.fodt): one XML file whose root is office:document with the
 * text mimetype. Read by the ODT reader. */
static bool flat_odt(const unsigned char *d, size_t size)
{
    size_t i = lead_space(d, size);
    if (size - i < 5 || d[i] != '<')
        return false;
    size_t head = size < 16384 ? size : 16384;
    return has(d, head, "urn:oasis:names:tc:opendocument:xmlns:office:1.0") &&
           has(d, head, "application/vnd.oasis.opendocument.text") &&
           !has(d, head, "office:document-content");
}

fa_format fa_sniff(const void *data, size_t size)
{
    const unsigned char *d = data;
    if (size >= 4 && !memcmp(d, "PK\x03\x04", 4))
        return sniff_zip(d, size);
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
        return FA_FMT_UNKNOWN; /* OLE2: legacy .doc or an encrypted OOXML package */
    size_t lead = lead_space(d, size);
    if (size - lead >= 5 && !memcmp(d + lead, "{\\rtf", 5))
        return FA_FMT_RTF;
    if (flat_odt(d, size))
        return FA_FMT_ODT;
    size_t h2 = size < 8192 ? size : 8192; /* markup may follow a long comment */
    if (ci_has(d, h2, "<!doctype html") || ci_has(d, h2, "<html") || ci_has(d, h2, "<body") ||
        ci_has(d, h2, "<form") || ci_has(d, h2, "<table") || ci_has(d, h2, "<p>"))
        return FA_FMT_HTML;
    /* a framework template (Angular component, Vue single-file component) is a page
     * fragment: its first tags are layout and inputs */
    if (lead < size && d[lead] == '<' &&
        (ci_has(d, h2, "<div") || ci_has(d, h2, "<template") || ci_has(d, h2, "<input") ||
         ci_has(d, h2, "<select") || ci_has(d, h2, "<label") || ci_has(d, h2, "<mat-") ||
         ci_has(d, h2, "<ng-container") || ci_has(d, h2, "<section")))
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

/* ---------------------------------------------------------------- OLE2 files */

/* An OLE2 (compound file) directory entry named NAME: the 128-byte entries sit in
 * directory sectors, whose offsets are multiples of 128 whatever the sector size, so
 * every such slot is looked at rather than following the sector chains. Returns the
 * entry's offset, or 0. */
static size_t ole2_entry(const unsigned char *d, size_t size, const char *name)
{
    size_t nl = strlen(name), bytes = (nl + 1) * 2;
    for (size_t off = 512; off + 128 <= size; off += 128) {
        const unsigned char *e = d + off;
        unsigned len = e[64] | (unsigned)e[65] << 8;
        if (len != bytes || (e[66] != 1 && e[66] != 2 && e[66] != 5) || e[67] > 1)
            continue;
        size_t k = 0;
        while (k < nl && e[2 * k] == (unsigned char)name[k] && !e[2 * k + 1])
            k++;
        if (k == nl && !e[2 * k] && !e[2 * k + 1])
            return off;
    }
    return 0;
}

/* A Word 97-2003 document whose FIB says it is encrypted (fEncrypted, bit 8 of the
 * flags at offset 10). The WordDocument stream is never in the mini stream (it is at
 * least a few KiB): its first sector holds the FIB. */
static bool doc97_encrypted(const unsigned char *d, size_t size, size_t entry)
{
    unsigned shift = d[0x1E] | (unsigned)d[0x1F] << 8;
    if (shift != 9 && shift != 12)
        return false;
    const unsigned char *e = d + entry;
    uint32_t start =
        e[116] | (uint32_t)e[117] << 8 | (uint32_t)e[118] << 16 | (uint32_t)e[119] << 24;
    size_t off = ((size_t)start + 1) << shift;
    if (start >= 0xFFFFFFFAu || off + 12 > size || off < ((size_t)1 << shift))
        return false;
    const unsigned char *fib = d + off;
    return fib[0] == 0xEC && fib[1] == 0xA5 && (fib[0x0B] & 0x01);
}

/* Name an OLE2 file for what it is: a Word 97-2003 document (with the command that
 * converts it), an encrypted OOXML package, an Excel or PowerPoint file. */
static fa_status ole2_error(const unsigned char *d, size_t size, fa_error *err)
{
    if (ole2_entry(d, size, "EncryptionInfo") || ole2_entry(d, size, "EncryptedPackage"))
        return fa_error_set(err, FA_ERR_ENCRYPTED,
                            "password-protected Office document (encrypted package)");
    size_t wd = ole2_entry(d, size, "WordDocument");
    if (wd && doc97_encrypted(d, size, wd))
        return fa_error_set(err, FA_ERR_ENCRYPTED,
                            "password-protected Word 97-2003 document (.doc)");
    if (wd)
        return fa_error_set(err, FA_ERR_FORMAT,
                            "Word 97-2003 document (.doc), a binary format formaudit does not "
                            "read: convert it to DOCX first, e.g. "
                            "soffice --headless --convert-to docx FILE.doc");
    if (ole2_entry(d, size, "Workbook") || ole2_entry(d, size, "Book"))
        return fa_error_set(err, FA_ERR_FORMAT,
                            "Excel 97-2003 workbook (.xls), not a form "
                            "document formaudit reads");
    if (ole2_entry(d, size, "PowerPoint Document"))
        return fa_error_set(err, FA_ERR_FORMAT,
                            "PowerPoint 97-2003 presentation (.ppt), not a "
                            "form document formaudit reads");
    return fa_error_set(err, FA_ERR_FORMAT,
                        "OLE2 compound file that holds no Word document (not DOCX, ODT, PDF, "
                        "RTF, HTML or text)");
}

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
        if (size >= 8 && !memcmp(d, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
            return ole2_error(d, size, err);
        if (size >= 2 && !memcmp(d, "PK", 2))
            return fa_error_set(err, FA_ERR_FORMAT,
                                "zip archive that is neither a DOCX nor an ODT document");
        return fa_error_set(err, FA_ERR_FORMAT,
                            "unrecognised content (not DOCX, ODT, PDF, RTF, HTML, text or a "
                            "PNG/JPEG/TIFF image)");
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
    case FA_FMT_RTF:
        st = fa_read_rtf(doc, content, clen, err);
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
