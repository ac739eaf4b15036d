/* fields_plc.h — placeholders of model letters and generated documents («Nom»,
 * [date], {{ usager.nom }}, ${nom}, <<Nom>>, {nom}): finding them in a paragraph and
 * the label each gives. Internal to field detection (fields.c decides which count). */
#ifndef FA_FIELDS_PLC_H
#define FA_FIELDS_PLC_H

#include "util.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum fa_plc_style {
    FA_PLC_TEMPLATE = 0, /* {{x}}, ${x}, <<x>>: template syntax, a slot wherever it is */
    FA_PLC_BRACE,        /* {x}: a slot when it names something */
    FA_PLC_QUOTE,        /* «x»: a slot in a model letter, a quote elsewhere */
    FA_PLC_BRACKET       /* [x]: a slot in a model letter, an aside elsewhere */
} fa_plc_style;

typedef struct fa_plc {
    size_t s, e;   /* bytes of the whole placeholder, delimiters included */
    size_t ls, le; /* bytes of its content */
    fa_plc_style style;
} fa_plc;

/* Placeholders of T[0..N) in text order, at most MAX of them into OUT (delimited
 * spans, closed on the same paragraph; whether each is a field is for the caller and
 * fa_plc_label). Returns how many. */
size_t fa_plc_find(const char *t, size_t n, fa_plc *out, size_t max);

/* The label of placeholder P of T (malloc'd), or NULL when it is no slot to fill: a
 * salutation to choose, a note to the writer, code, a number. */
char *fa_plc_label(const char *t, const fa_plc *p);

/* The paragraph T[0..N) is its placeholders V[0..K) and at most a few words around
 * them ("« Lieu », le « Date »"): the shape of a model letter's lines. */
bool fa_plc_alone(const char *t, size_t n, const fa_plc *v, size_t k);

/* Words of S (runs of non-space characters). */
size_t fa_plc_words(const char *s);

#endif
