/* fuzz_common.h — helpers shared by the libFuzzer targets: wrapping fuzzer bytes into
 * a minimal DOCX or ODT package, so that mutations reach the XML readers instead of
 * dying in the zip layer. Header-only (static functions): each target is one file. */
#ifndef FA_FUZZ_COMMON_H
#define FA_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

typedef struct fz_part {
    const char *name;
    const void *data;
    size_t size;
    int store; /* 1: stored (ODF mimetype must be first and uncompressed) */
} fz_part;

/* Build a zip archive in memory from PARTS. Returns a malloc'd buffer (*out_size bytes)
 * or NULL when libzip fails (the fuzzer then just skips the input). */
static inline unsigned char *fz_zip(const fz_part *parts, size_t n, size_t *out_size)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src)
        return NULL;
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!za) {
        zip_source_free(src);
        zip_error_fini(&ze);
        return NULL;
    }
    zip_source_keep(src); /* survive zip_close so we can read the archive back */
    for (size_t i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(za, parts[i].data, parts[i].size, 0);
        if (!s)
            continue;
        zip_int64_t idx = zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
        if (idx < 0) {
            zip_source_free(s);
            continue;
        }
        if (parts[i].store)
            zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    unsigned char *buf = NULL;
    if (zip_close(za) != 0) {
        zip_discard(za);
        goto out;
    }
    if (zip_source_open(src) != 0)
        goto out;
    zip_source_seek(src, 0, SEEK_END);
    zip_int64_t sz = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    if (sz > 0 && (buf = malloc((size_t)sz)) != NULL) {
        if (zip_source_read(src, buf, (zip_uint64_t)sz) != sz) {
            free(buf);
            buf = NULL;
        } else {
            *out_size = (size_t)sz;
        }
    }
    zip_source_close(src);
out:
    zip_source_free(src);
    zip_error_fini(&ze);
    return buf;
}

static const char fz_content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
static const char fz_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
static const char fz_styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
    "<w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style></w:styles>";
static const char fz_odt_mime[] = "application/vnd.oasis.opendocument.text";
static const char fz_odt_manifest[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" "
    "manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\" "
    "manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
    "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
    "</manifest:manifest>";

/* XML as word/document.xml of a minimal DOCX (with one heading style: a package
 * without word/styles.xml is legal and is covered by the raw "PK" inputs). */
static inline unsigned char *fz_wrap_docx(const void *xml, size_t n, size_t *out_size)
{
    fz_part p[] = {
        {"[Content_Types].xml", fz_content_types, sizeof fz_content_types - 1, 0},
        {"_rels/.rels", fz_rels, sizeof fz_rels - 1, 0},
        {"word/styles.xml", fz_styles, sizeof fz_styles - 1, 0},
        {"word/document.xml", xml, n, 0},
    };
    return fz_zip(p, sizeof p / sizeof p[0], out_size);
}

/* XML as content.xml of a minimal ODT (mimetype first, stored). */
static inline unsigned char *fz_wrap_odt(const void *xml, size_t n, size_t *out_size)
{
    fz_part p[] = {
        {"mimetype", fz_odt_mime, sizeof fz_odt_mime - 1, 1},
        {"META-INF/manifest.xml", fz_odt_manifest, sizeof fz_odt_manifest - 1, 0},
        {"content.xml", xml, n, 0},
    };
    return fz_zip(p, sizeof p / sizeof p[0], out_size);
}

#endif
