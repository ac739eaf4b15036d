/* framepack.h — who issues a document and under which text, as data: the "frames",
 * "recipients" and "recipient_cues" keys of the rule packs (rules/SCHEMA.md, "Issuers
 * and legal frames"; the built-in table is rules/fr-frames.json). Read while the packs
 * load, immutable afterwards and shared by threads; frame.c uses it on each document.
 * Every pattern runs on folded text (fold.h) and is compiled when its pack loads, so a
 * bad one is reported as `pack.json:1:1: "frames"[3].document[1]: invalid regex …`. */
#ifndef FA_FRAMEPACK_H
#define FA_FRAMEPACK_H

#include "match.h"
#include "result.h"

#include <stdbool.h>
#include <stddef.h>

/* Questions a frame prescribes: findings of these categories or rules (where WHERE, a
 * regex on the folded quote, field label and section, matches, when given). */
typedef struct fa_prescription {
    unsigned cats;   /* fa_catset */
    fa_strvec rules; /* rule ids */
    fa_regex where;  /* optional */
    bool has_where;
    char *what[2]; /* fr, en: what the frame prescribes, and by which text */
} fa_prescription;

typedef struct fa_frame_def {
    char *id, *kind, *source;
    char *issuer[2], *text[2]; /* fr, en */
    fa_strvec legal;           /* texts that frame the document */
    fa_regex *doc;             /* on the title and first blocks (2 points each), the body (1) */
    size_t n_doc;
    fa_strvec cerfa; /* cerfa numbers: 3 points each */
    int min;         /* points needed */
    unsigned flags;  /* FA_FRAME_* (result.h) */
    fa_prescription *presc;
    size_t n_presc;
    fa_strvec by_law;      /* recipient ids the law names for this frame's transmissions */
    fa_strvec self;        /* recipient ids that are the issuer itself (not a third party) */
    char *transmission[2]; /* fr, en: a transmission to BY_LAW recipients, or NULLs */
} fa_frame_def;

/* Secrecy status of a recipient. */
typedef enum fa_rcp_status {
    FA_RCP_BOUND = 0, /* bound by professional secrecy */
    FA_RCP_NOT_BOUND, /* not bound: nothing confided may be passed */
    FA_RCP_DEPENDS,   /* depends on who sits there */
    FA_RCP_BY_LAW,    /* a recipient the law names (report to the CRIP, the prosecutor) */
    FA_RCP_UNKNOWN    /* not named ("partenaires") */
} fa_rcp_status;
const char *fa_rcp_status_name(fa_rcp_status s); /* "bound", "not_bound"... */
int fa_rcp_status_from_name(const char *s);      /* -1 when unknown */

typedef struct fa_recipient_def {
    char *id;
    fa_regex re;
    char *name[2], *why[2];
    fa_rcp_status status;
    fa_strvec legal;
} fa_recipient_def;

typedef struct fa_framedata {
    fa_frame_def *frames;
    size_t n_frames, alloc_frames;
    fa_recipient_def *rcp;
    size_t n_rcp, alloc_rcp;
    fa_regex cues; /* a sentence that shares: "transmis", "membres", "destinataires"… */
    bool has_cues;
    fa_regex skip; /* a sentence that names a body without sharing (rights, controller) */
    bool has_skip;
} fa_framedata;

fa_framedata *fa_framedata_new(void); /* NULL on OOM */
void fa_framedata_free(fa_framedata *fd);

/* Read the "frames", "recipients", "recipient_cues" and "recipient_skip" keys of pack ROOT (a
 * json_t * object). A pack's frames and recipients are added to those of earlier packs (a frame
 * with an id already loaded replaces it). On a bad entry returns FA_ERR_RULES with what
 * and where in MSG; FA_ERR_NOMEM when out of memory. */
fa_status fa_framedata_add(fa_framedata *fd, void *root, char *msg, size_t msglen);

#endif
