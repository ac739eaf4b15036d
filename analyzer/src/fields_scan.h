/* fields_scan.h — the text-level half of field detection: finding blanks (leaders of
 * underscores or dots), checkbox glyphs and inline controls in one paragraph, and
 * cleaning the label text around them. fields.c does the structural half (sequences of
 * paragraphs, tables, groups). Internal to field detection. */
#ifndef FA_FIELDS_SCAN_H
#define FA_FIELDS_SCAN_H

#include "langpack.h"
#include "model.h"
#include "result.h"

#include <stdbool.h>
#include <stddef.h>

/* The language data (word lists, langpack.h) the helpers below read on this thread, until
 * the next call; returns the previous one. fa_fields_detect sets it for its run and
 * restores it after. NULL: every list is empty. */
const fa_langdata *fa_scan_use(const fa_langdata *ld);

/* Something to fill in a paragraph, at bytes [s, e) of its text. */
typedef enum fa_mark_type {
    FA_MK_BLANK = 0,  /* a leader "______", "……", "__/__/____" */
    FA_MK_BOX,        /* a checkbox glyph ☐ ☑ [ ] ( ) ... or a checkbox/radio control */
    FA_MK_CTL,        /* any other control (text, date, choice, signature...) */
    FA_MK_PLACEHOLDER /* a slot of a model letter or template: «Nom», {{ nom }} (fields_plc.h) */
} fa_mark_type;

typedef struct fa_mark {
    fa_mark_type type;
    size_t s, e;        /* byte span in the paragraph text (s == e for controls) */
    const fa_node *ctl; /* CONTROL node, or NULL for glyphs and leaders */
    int checked;        /* boxes: 1 ticked, 0 empty, -1 unknown */
    bool date;          /* blank shaped like a date: "__/__/____" */
    size_t units;       /* blank: number of leader characters */
} fa_mark;

typedef struct fa_marks {
    fa_mark *v;
    size_t n, alloc;
} fa_marks;

/* Find the marks of text node N (leaders, glyph boxes, inline controls), in text order.
 * Controls of kind BUTTON are ignored. Appends to *out (caller frees out->v). */
fa_status fa_scan_marks(const fa_node *n, fa_marks *out);

/* The same for a bare text (no controls): leaders and glyph boxes of T[0..N). */
fa_status fa_scan_text(const char *t, size_t n, fa_marks *out);

/* True when the byte span [s, e) of T holds only spaces and separators
 * (, ; / | - •). */
bool fa_span_empty(const char *t, size_t s, size_t e);

/* A label from the byte span [s, e) of T: squeezed, with bullets, separators and
 * trailing ':' '…' leaders removed. malloc'd (never NULL unless out of memory; may be
 * ""). */
char *fa_label_clean(const char *t, size_t s, size_t e);

/* Number of words (space-separated tokens with at least one letter or digit). */
size_t fa_word_count(const char *s);

/* Last character of S that is not a space (ASCII), or 0. */
int fa_last_char(const char *s);

/* Field kind implied by a label ("Date de naissance" -> date, "Signature" ->
 * signature), or DFLT. */
fa_field_kind fa_kind_from_label(const char *label, fa_field_kind dflt);

/* Folded text (fold.h) contains one of the NULL-terminated words/phrases. */
bool fa_folded_has(const char *folded, const char *const *words);

/* Heading or title that opens a data-protection notice ("Protection des données",
 * "Informatique et libertés", "Vos données"...). */
bool fa_is_notice_title(const char *text);

/* Text that belongs to a data-protection notice (RGPD, CNIL, "responsable du
 * traitement", "durée de conservation"...): never a field label. */
bool fa_is_notice_text(const char *text);

/* A label that usually names a form field (nom, prénom, date, adresse, téléphone...),
 * so "Nom : MARTINI" alone is a filled field and not a sentence. */
bool fa_is_form_label(const char *label);

/* The word W[0..N) is a unit written after a blank ("kg", "cm", "€", "ans", "mois"):
 * what the answer is counted in, never a label. */
bool fa_is_unit(const char *w, size_t n);

/* Column headers of an evaluation grid ("Acquis", "En cours", "1", "Oui"...). */
bool fa_is_rating_word(const char *text);

/* Known placeholder text of empty controls ("Cliquez ici pour entrer du texte."). */
bool fa_is_placeholder(const char *text);

#endif
