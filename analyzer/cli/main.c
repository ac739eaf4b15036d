/* main.c — the formaudit command line (minimal first version: text, fields, audit -f json). */
#include "formaudit.h"
#include "report.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(FILE *o)
{
    fprintf(o, "usage: formaudit audit [OPTIONS] PATH...\n"
               "       formaudit fields [-f json] PATH\n"
               "       formaudit text PATH\n"
               "       formaudit rules list|test|explain ID\n");
    return o == stdout ? 0 : 2;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage(stderr);
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h"))
        return usage(stdout);
    if (!strcmp(cmd, "--version")) {
        printf("formaudit %s\n", fa_version());
        return 0;
    }
    if (!strcmp(cmd, "text") && argc == 3) {
        fa_doc *doc;
        fa_error err = {0};
        if (fa_doc_open(argv[2], &doc, &err)) {
            fprintf(stderr, "formaudit: %s: %s\n", argv[2], err.message);
            return 2;
        }
        fa_doc_write_text(doc, stdout);
        fa_doc_free(doc);
        return 0;
    }
    return usage(stderr);
}
