/* fa_limits.h — every tunable limit of formaudit, in one place, each with its reason.
 * A document that exceeds one is reported with FA_ERR_LIMIT naming the limit. */
#ifndef FA_LIMITS_H
#define FA_LIMITS_H

/* Largest input file read at all. Real forms are < 20 MB; 256 MiB leaves room for
 * scanned PDFs with images while keeping one document's memory bounded. */
#define FA_MAX_FILE_SIZE ((size_t)256 << 20)

/* Largest uncompressed zip entry (word/document.xml, content.xml). A 350-page form
 * makes ~10 MB of XML; 128 MiB stops zip bombs long before memory runs out. */
#define FA_MAX_ZIP_ENTRY ((size_t)128 << 20)

/* Largest compression ratio accepted for an XML entry. XML compresses ~10-20x;
 * zip bombs use 1000x and more. Checked both on the declared and the actual size. */
#define FA_MAX_ZIP_RATIO 200

/* The ratio is only checked on entries above this size: a few kilobytes of repeated
 * XML (an empty table, a styles part) legitimately compress by more than 200:1. */
#define FA_ZIP_RATIO_MIN_SIZE ((size_t)1 << 20)

/* Most entries in a zip archive: real DOCX/ODT have < 100. */
#define FA_MAX_ZIP_ENTRIES 10000

/* Deepest XML or HTML element nesting accepted (and RTF group nesting: deeper RTF
 * groups are read with their parent's state, and a warning). Word tables nest a few
 * levels; 256 is far beyond real documents and keeps recursion and stacks bounded. */
#define FA_MAX_XML_DEPTH 256

/* Longest comment, processing instruction, CDATA section, attribute value or tag markup
 * (names and the spaces between attributes) in an XML part of a DOCX/ODT. libxml2 2.9's
 * push parser goes superlinear on such a token past ~10 MB (a 12 MB comment: 55 s of
 * CPU, a 12 MB element name: 77 s); real parts have none above a few hundred KB (VML
 * paths, ODF draw paths). 4 MiB stays linear (a 9 MB token parses in 0.2 s). Text
 * between tags is not bounded here (linear; FA_MAX_PARAGRAPH keeps what is used). */
#define FA_MAX_XML_TOKEN ((size_t)4 << 20)

/* Most attributes (namespace declarations included) on one XML element. libxml2
 * compares an element's attributes pairwise (200,000 on one element: 19 s); a DOCX root
 * declares ~40 namespaces, other elements have a handful. */
#define FA_MAX_XML_ATTRS 256
/* Documents embedded in documents read at most this deep (DOCX altChunk: Word shows a
 * chunk's own chunks). Real documents embed one level; a chain is only a way to make
 * a reader loop or multiply its memory. */
#define FA_MAX_EMBED_DEPTH 3

/* Placeholders («Nom», {{ nom }}, [date]) read in one paragraph. A model letter's
 * line holds a few; past this a paragraph is a template dump, not a form line. */
#define FA_MAX_PLACEHOLDERS 64

/* Most nodes in one document model (paragraphs, cells, controls...). 50,000 table
 * rows of 4 cells with a paragraph each is ~400k nodes; 2M bounds memory to ~300 MB. */
#define FA_MAX_NODES 2000000

/* Largest text of one paragraph kept (bytes). Longer text is truncated with a
 * warning: a 40 MB paragraph is not a form label and would slow matching. */
#define FA_MAX_PARAGRAPH ((size_t)1 << 20)

/* Total text of a document (bytes). */
#define FA_MAX_TEXT ((size_t)128 << 20)

/* Most fields reported for one document. */
#define FA_MAX_FIELDS 20000

/* Most findings recorded for one document. */
#define FA_MAX_FINDINGS 50000

/* Most options kept for one choice control or checkbox group. */
#define FA_MAX_OPTIONS 1000

/* Most PDF pages read. 5000 pages is a whole year of conventions in one file. */
#define FA_MAX_PDF_PAGES 5000

/* PDF streams, checked on the raw file before poppler reads it (pdfscan.c): poppler
 * decodes content streams, fonts and object streams without any limit, so a 7 KB file
 * deflated twice spent the whole CPU budget (55-60 s) on gigabytes of spaces.
 * Largest decoded size of one stream: a page's content stream is rarely above a few
 * MB, a font a few hundred KB; poppler parses ~85 MB/s of content, so 64 MiB costs it
 * under a second. */
#define FA_MAX_PDF_STREAM ((size_t)64 << 20)
/* Decoded size of all the streams of a file (images excepted): 5,000 pages of 50 KB of
 * content is 250 MB; 512 MiB bounds poppler's parsing to a few seconds. */
#define FA_MAX_PDF_INFLATE ((size_t)512 << 20)
/* Most filters chained on one stream: real files use one, sometimes two
 * ([/ASCII85Decode /FlateDecode]); each extra deflate layer multiplies by up to 1032. */
#define FA_MAX_PDF_FILTERS 4
/* How far back from a "stream" keyword its dictionary is looked for (bytes). */
#define FA_PDF_DICT_BACK 65536

/* Most runs of ink in one page image searched for drawn boxes and lines (shapes.c).
 * A form page rendered at 1.5 px/pt holds a few thousand; a photograph or a halftone
 * holds hundreds of thousands and is no form: its page is then read without its
 * graphics. 1M runs are 16 MB. */
#define FA_MAX_SHAPE_RUNS ((size_t)1 << 20)

/* Most pixels of the render of one PDF page searched for its drawn boxes and lines
 * (read_pdf_gfx.c renders at 1.5 px/pt: an A4 page is 1.1M pixels, A3 2.2M). A larger
 * page is rendered at a lower resolution so that it stays within this (4 MB of grey),
 * down to 0.75 px/pt; a poster beyond that is read without its graphics. */
#define FA_PDF_RENDER_PIXELS ((size_t)4 << 20)
/* ---- OCR of scanned pages and images (ocr.c, ocr_tess.c) */

/* Resolution a scanned PDF page is rendered at for OCR. Tesseract's models are trained
 * on ~300 dpi text; at 200 dpi the 8-pt small print of a cerfa loses letters, above 300
 * the time grows with the pixels and nothing is gained. */
#define FA_OCR_DPI 300

/* Most pixels of one page image given to OCR (a scanned PDF page as rendered, or one
 * page of an image file). An A4 page at 300 dpi is 8.7M pixels, A3 17.4M; a larger
 * render is made at a lower resolution to fit, and an image file larger than this is
 * refused (a 36M-pixel grey page is 36 MB, and Tesseract keeps several copies). */
#define FA_OCR_MAX_PIXELS ((size_t)36 << 20)

/* Most pages of one image file OCR'd (multi-page TIFF). A fax or a scanned file of
 * 500 pages would take an hour; the rest is reported as not read. */
#define FA_OCR_MAX_IMAGE_PAGES 500

/* Wall-clock budget of the OCR of one page, given to Tesseract as its deadline
 * (ETEXT_DESC): a clean A4 page takes 2-6 s on one core; a page of noise, a
 * photograph or a hostile image that makes the layout analysis crawl is cut there, and
 * what was recognised by then is kept with a warning. */
#define FA_OCR_PAGE_SECONDS 30

/* CPU seconds, and wall-clock seconds from its first scanned page, one document may
 * spend in OCR in all. Below the worker's own limits (FA_DOC_CPU_SECONDS,
 * FA_DOC_WALL_SECONDS) so that a long scan stops being OCR'd, its remaining pages
 * reported as not read, before the worker is killed and the whole document lost: ~10-20
 * pages get read, fewer on a busy machine. */
#define FA_OCR_DOC_SECONDS 45
#define FA_OCR_DOC_WALL_SECONDS 90

/* Word confidence (Tesseract's 0-100) under which a word is not trusted: it is kept in
 * the text followed by " (?)" so that a quote shows it, and counted in the document's
 * warning. On clean renders real words score 85-96; misread words and specks taken for
 * letters score under 60. */
#define FA_OCR_MIN_CONFIDENCE 60

/* Confidence under which a word of one or two characters is dropped rather than marked
 * (ocr_layout.c): specks, strokes and box edges read as "oe", "|", "ii". Punctuation
 * under FA_OCR_MIN_CONFIDENCE is dropped too: it carries no label. */
#define FA_OCR_NOISE_CONFIDENCE 40

/* PCRE2 match limits per match call: bound backtracking in user-supplied rule packs. */
#define FA_PCRE2_MATCH_LIMIT 1000000
#define FA_PCRE2_DEPTH_LIMIT 10000

/* Per-document limits applied in the worker processes of a batch (cli_pool.c). */
#define FA_DOC_CPU_SECONDS 60           /* RLIMIT_CPU */
#define FA_DOC_WALL_SECONDS 120         /* killed after this wall time */
#define FA_DOC_MEMORY ((size_t)1 << 30) /* RLIMIT_AS: well under 1 GiB resident */
/* Most bytes a worker may send back for one document (all its reports): 20,000 fields
 * and 50,000 findings of ~1 KB each stay under 128 MiB; more is a runaway worker. */
#define FA_DOC_RESULT_MAX ((size_t)128 << 20)

/* Deepest array/object nesting the JSON writer (jsonw.c) prints. Audit JSON nests < 10
 * levels; jansson's own parser stops at 2048. */
#define FA_MAX_JSON_DEPTH 2048

/* glibc's mmap threshold (cli_main.c): allocations below it come from the heap, whose
 * pages are reused instead of being faulted in afresh on every large buffer. */
#define FA_MMAP_THRESHOLD ((size_t)64 << 20)

/* Most worker processes of a batch (-j). */
#define FA_MAX_JOBS 1024

/* A worker whose peak resident memory passed this after a document exits, and a fresh
 * one (forked from the small parent) takes the next document: one huge form must not
 * leave a bloated, fragmented heap to every later document (cli_pool.c). The tests set
 * the environment variable of the same name (bytes) to recycle after every document. */
#define FA_WORKER_RECYCLE_RSS ((size_t)384 << 20)

/* Heap grown at start-up and marked for transparent huge pages (cli_main.c): about
 * the peak heap of a 200-page audit. Below M_MMAP_THRESHOLD (64 MiB) so that it is
 * heap, not a mapping of its own. */
#define FA_HEAP_HUGE_RESERVE ((size_t)48 << 20)

/* Largest rule pack file read. */
#define FA_MAX_PACK_SIZE ((size_t)16 << 20)

/* Most rules in one rule set (every pack loaded together). The built-in packs hold ~70;
 * a custom vocabulary goes in the `words` of a rule, not in thousands of rules. Loading
 * is linear (ids are hashed), but each rule costs ~0.2 ms to load and compile once
 * per run and a byte per field while matching; 10,000 keeps a run's start under ~2 s. */
#define FA_MAX_RULES 10000

/* Longest rule id (bytes). Ids are printed in every finding and report line. */
#define FA_MAX_RULE_ID 128

#endif
