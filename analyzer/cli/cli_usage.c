/* cli_usage.c — the usage text of formaudit, in one place. `formaudit --help` prints
 * it and docs/formaudit.1.md quotes it verbatim (tests/cli/usage.sh checks both agree),
 * so the manual and the program cannot drift apart. */
#include "cli.h"

/* In parts: C99 compilers need not take a string literal over 4095 bytes. */
static const char *const usage_parts[] = {
    "usage: formaudit audit [OPTIONS] PATH...     audit files and/or directories (recursively)\n"
    "       formaudit diff [OPTIONS] OLD NEW      what a new version of a form changes\n"
    "       formaudit merge -o DIR [OPTIONS] SHARD.jsonl...  reports and index of shards\n"
    "       formaudit fields [-f json] PATH       print the fields found in one document\n"
    "       formaudit text PATH                   print the extracted text of one document\n"
    "       formaudit rules list|test|explain ID  inspect and self-test the rule packs\n"
    "       formaudit --help | --version\n"
    "\n",
    "audit options:\n"
    "  -f, --format FMT       txt (default), json, md, html, odt; several comma-separated\n"
    "                         when -o names a directory (e.g. -f html,json); jsonl: one\n"
    "                         document object per line, written as each document ends;\n"
    "                         sarif: SARIF 2.1.0 for code review tools (on a stream, one\n"
    "                         run with the results of every document); pia: the file the\n"
    "                         CNIL PIA tool imports, pre-filled, one per document\n"
    "  -o, --output PATH      a report file, or a directory: one report per document and\n"
    "                         format plus index.html, index.json, index.csv. A directory\n"
    "                         when PATH exists as one, ends with '/', a PATH to audit is a\n"
    "                         directory, or several formats are asked. Without -o, txt,\n"
    "                         json, md and jsonl go to standard output. In a directory,\n"
    "                         index.jsonl lists each finished document as it ends.\n"
    "      --files-from FILE  also audit the paths listed in FILE ('-': standard input),\n"
    "                         one per line; -0, --null: separated by NUL bytes\n"
    "      --base DIR         with --files-from: report names relative to DIR\n"
    "      --resume           with -o DIR: skip the documents an interrupted run into DIR\n"
    "                         already finished (same file, reports present)\n"
    "      --ordered          jsonl in the order of the documents (default: as they end)\n"
    "      --strict           exit 4 when a document could not be audited\n"
    "      --rules PACK.json  load an extra rule pack (repeatable)\n"
    "      --no-default-rules do not load the built-in rule packs\n"
    "      --lang fr|en       language of the reports (default fr)\n"
    "      --context CTX      issuer: employer, social, school, health, housing\n"
    "                         (default: guessed from each document)\n"
    "      --no-ocr           no OCR of scans (a scanned PDF is then 'no text layer')\n"
    "      --ocr-lang LANGS   languages of scans for Tesseract (default fra+eng)\n"
    "  -j, --jobs N           documents audited in parallel (default: number of cores)\n"
    "      --fail-on SEV      exit 1 when a finding of severity SEV or above exists:\n"
    "                         info, low, medium, high, critical\n"
    "      --date YYYY-MM-DD  date printed in the reports (default: env FA_REPORT_DATE,\n"
    "                         then today)\n"
    "      --author NAME      who signs the avis (its referral and signature block)\n"
    "      --organisation NAME  on whose behalf: an association, a union, a DPO's office\n"
    "  -q, --quiet            no progress line and no warnings (skipped files, loops,\n"
    "                         unreadable documents); errors are still printed\n"
    "      --no-isolate       audit in this process (debugging); by default documents\n"
    "                         are read by worker processes with CPU, memory and time\n"
    "                         limits per document, so a crash or hang fails only that\n"
    "                         document (its worker is replaced)\n"
    "\n",
    "diff options: -f txt (default), md, html or json; -o FILE; --fail-on SEV: exit 1 when\n"
    "the new version adds a finding of severity SEV or above; -q, --no-isolate. OLD and\n"
    "NEW are documents in any format, audited with the same rules, or formaudit JSON\n"
    "reports of one document (an archived audit). Fields are matched by label and\n"
    "position, not by format: a DOCX and its ODT copy have no field change.\n"
    "\n",
    "merge options: -f FMT,... (default txt,json,md,html,odt), --base DIR (report names\n"
    "relative to DIR, as a run over DIR names them), --lang, --date, --author,\n"
    "--organisation, -q. The result is what one audit -o DIR of every document would\n"
    "have written.\n"
    "\n"
    "diff, fields, text and rules accept --rules, --no-default-rules, --lang and\n"
    "--context; fields, text and audit accept --no-ocr.\n"
    "\n"
    "Reports never repeat what a filled form holds: a field is said to be filled, an\n"
    "identifier by its kind and whether its check digits hold, and an identifier in a\n"
    "file name is masked in report names and links. 'formaudit text' is the exception:\n"
    "it prints the document as it is, filled values included (it is your own copy).\n"
    "\n",
    "In folders, hidden entries, Word lock files (~$*) and the output directory are\n"
    "skipped. Files named *.docx *.docm *.dotx *.dotm *.doc *.dot *.odt *.ott *.fodt\n"
    "*.pdf *.html *.htm *.xhtml *.txt *.rtf are audited and listed even when\n"
    "unreadable; other files are audited only when their content is a DOCX, ODT, PDF\n"
    "or HTML document or a PNG, JPEG, TIFF scan. The format is read from the content.\n"
    "\n"
    "exit status: 0 audit done, 1 a finding at or above --fail-on, 2 usage or I/O\n"
    "error, 3 invalid rule pack, 4 (--strict only) a document could not be audited.\n"
    "An unreadable document is reported (status error) and never stops a batch.\n",
    NULL};

void fa_cli_usage(FILE *out)
{
    for (size_t i = 0; usage_parts[i]; i++)
        fputs(usage_parts[i], out);
}
