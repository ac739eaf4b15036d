/* fuzz_rules.c — libFuzzer target for the rule-pack loader and compiler: the input is
 * written to a private temporary file and loaded with fa_rules_add_file, then compiled.
 * (The public API loads packs from files only; a file per process keeps it cheap.)
 * A compiled pack is also listed, self-tested and matched against a small form
 * text so that rule-driven code (user regexes under PCRE2 limits) runs too. */
#include "formaudit.h"
#include "rules.h"
#include "fuzz_common.h"

#include <stdio.h>
#include <unistd.h>

static char pack_path[64];
static FILE *devnull;

static void on_hit(const fa_rule_hit *hit, void *ud)
{
    (void)ud;
    /* Spans must lie inside the text they were matched in. */
    if (hit->start > hit->end)
        __builtin_trap();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(pack_path, sizeof pack_path, "/tmp/fa-fuzz-rules-%ld.json", (long)getpid());
    devnull = fopen("/dev/null", "w");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(pack_path, "wb");
    if (!f)
        return 0;
    if (size && fwrite(data, 1, size, f) != size) {
        fclose(f);
        return 0;
    }
    if (fclose(f) != 0)
        return 0;

    fa_rules *rules = fa_rules_new();
    if (!rules)
        return 0;
    fa_error err = {0};
    fa_status st = fa_rules_add_file(rules, pack_path, &err);
    if (st != FA_OK && err.message[0] == '\0')
        __builtin_trap(); /* an invalid pack must say why */
    if (st == FA_OK) {
        st = fa_rules_compile(rules, &err);
        if (st != FA_OK && err.message[0] == '\0')
            __builtin_trap();
    }
    if (st == FA_OK) {
        static const char *const texts[] = {
            "Suivi psychologique en cours : oui / non",
            "Capacités du ménage à se mobiliser",
            "NIR : 2 84 05 75 123 456 78",
            "Les données sont conservées au moins cinq ans.",
        };
        for (int sc = 0; sc < FA_SCOPE_COUNT; sc++)
            for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
                fa_rules_match(rules, (fa_scope)sc, texts[i], on_hit, NULL);
        if (devnull) {
            fa_rules_list(rules, devnull);
            fa_rules_test(rules, devnull);
        }
        (void)fa_rules_version(rules);
    }
    fa_rules_free(rules);
    unlink(pack_path);
    return 0;
}
