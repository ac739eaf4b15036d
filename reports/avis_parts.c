/* avis_parts.c — the parts of the avis around the analysis, in the order an ANAS avis
 * technique follows: at a glance (verdict, main points, chart), referral and object, the
 * legal frame, the good practices found, then (avis.c) the analysis point by point, then
 * a reasoned conclusion with its requests, the signature block, and the annexes (the
 * document examined with its path, hash and tools; the field inventory; the findings
 * with their rule ids). */
#include "avis_int.h"

#include "result.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ================================================================ at a glance */

static const char *const verdict_why_fr[4] = {
    "L'examen n'a relevé aucun problème.",
    "Les points relevés sont mineurs ou de forme : le document peut être utilisé une fois "
    "corrigé.",
    "Le document peut être maintenu, sous réserve des modifications demandées.",
    "Le document recueille ou fait circuler des données dont la loi interdit ou encadre "
    "strictement le traitement : il ne peut être utilisé sans les modifications demandées."};
static const char *const verdict_why_en[4] = {
    "The review found no problem.",
    "The points found are minor or formal: the document can be used once corrected.",
    "The document can be kept, subject to the changes requested.",
    "The document collects or passes on data whose processing the law forbids or strictly "
    "limits: it cannot be used without the changes requested."};

/* Groups that are problems: a prescribed question, or a transmission the law organises,
 * is not. */
static bool problem_of(const av *a, const group *g)
{
    return g->theme != TH_PRESCRIBED && !representative(a, g)->prescribed;
}
#define problem(g) problem_of(a, (g))

/* A theme with a problem in it. */
static bool theme_problem(const av *a, int th)
{
    for (size_t g = 0; g < a->ng; g++)
        if (a->groups[g].theme == th && problem_of(a, &a->groups[g]))
            return true;
    return false;
}

/* Up to MAX groups, gravest first, then in the order of the analysis, one per category. */
static size_t top_groups(const av *a, size_t *top, size_t max)
{
    size_t nt = 0;
    while (nt < max) {
        size_t best = (size_t)-1;
        for (size_t g = 0; g < a->ng; g++) {
            const group *G = &a->groups[g];
            if (!problem(G) || G->sev < FA_SEV_LOW)
                continue;
            bool taken = false;
            const char *cat = fa_avis_s(representative(a, G)->category);
            for (size_t t = 0; t < nt && !taken; t++)
                taken = top[t] == g ||
                        !strcmp(cat, fa_avis_s(representative(a, &a->groups[top[t]])->category));
            if (taken)
                continue;
            const group *B = best == (size_t)-1 ? NULL : &a->groups[best];
            if (!B || G->sev > B->sev || (G->sev == B->sev && G->theme < B->theme))
                best = g;
        }
        if (best == (size_t)-1)
            break;
        top[nt++] = best;
    }
    return nt;
}

static void glance_counts(av *a)
{
    size_t by_sev[FA_SEV_COUNT] = {0}, np = 0, presc = 0;
    for (size_t g = 0; g < a->ng; g++) {
        if (!problem(&a->groups[g])) {
            presc += a->groups[g].theme == TH_PRESCRIBED ? a->groups[g].n : 0;
            continue;
        }
        np++;
        if (a->groups[g].sev >= 0 && a->groups[g].sev < FA_SEV_COUNT)
            by_sev[a->groups[g].sev]++;
    }
    begin(a, FA_BLOCK_PARA, -1);
    if (np) {
        tl(a, "L'examen relève ", "The review finds ");
        count_of(a, np, "point", "points", "point", "points");
        text(a, L(a, " : ", ": "));
        bool first = true;
        static const char *const one_fr[5] = {"info", "faible", "moyen", "élevé", "critique"};
        static const char *const many_fr[5] = {"info", "faibles", "moyens", "élevés", "critiques"};
        static const char *const en_w[5] = {"info", "low", "medium", "high", "critical"};
        for (int s = FA_SEV_CRITICAL; s >= 0; s--) {
            if (!by_sev[s])
                continue;
            text(a, first ? "" : ", ");
            count_of(a, by_sev[s], one_fr[s], many_fr[s], en_w[s], en_w[s]);
            first = false;
        }
        text(a, ".");
    } else {
        tl(a, "L'examen ne relève aucun problème.", "The review finds no problem.");
    }
    if (presc) {
        text(a, " ");
        count_of(a, presc, "question est prévue", "questions sont prévues",
                 "question is provided for", "questions are provided for");
        tl(a, " par le cadre légal du document (non à supprimer).",
           " by the document's legal frame (not to be removed).");
    }
    size_t nprac = a->res->frame.n_prac;
    if (nprac) {
        text(a, " ");
        count_of(a, nprac, "bonne pratique est relevée", "bonnes pratiques sont relevées",
                 "good practice is credited", "good practices are credited");
        text(a, ".");
    }
    end(a, FA_BLOCK_PARA);
}

/* The first clause of a message (up to " : " or " ; "): the glance says what is wrong,
 * the analysis says why. */
static void short_message(av *a, const char *msg)
{
    const char *m = fa_avis_s(msg);
    const char *c1 = strstr(m, " : "), *c2 = strstr(m, " ; "), *c3 = strstr(m, ": ");
    const char *cut = c1;
    if (!cut || (c2 && c2 < cut))
        cut = c2;
    if (a->en && (!cut || (c3 && c3 < cut)))
        cut = c3;
    if (!cut || cut - m < 20) {
        sentence(a, m);
        return;
    }
    char buf[512];
    snprintf(buf, sizeof buf, "%.*s.", (int)(cut - m < 500 ? cut - m : 500), m);
    sentence(a, buf);
}

void sec_glance(av *a)
{
    heading(a, 2, L(a, "En bref", "At a glance"));
    int v = verdict(a), worst = -1;
    for (size_t g = 0; g < a->ng; g++)
        if (problem(&a->groups[g]) && a->groups[g].sev > worst)
            worst = a->groups[g].sev;
    begin(a, FA_BLOCK_VERDICT, worst);
    char vl[96];
    snprintf(vl, sizeof vl, "%s.", verdict_label(v, a->en));
    strong(a, vl);
    text(a, " ");
    text(a, a->en ? verdict_why_en[v] : verdict_why_fr[v]);
    end(a, FA_BLOCK_VERDICT);
    glance_counts(a);
    size_t top[5];
    size_t nt = top_groups(a, top, 5);
    if (nt) {
        begin(a, FA_BLOCK_PARA, -1);
        if (nt == 1)
            tl(a, "Le point principal :", "The main point:");
        else
            textf(a, LF(a, "Les %zu points principaux :", "The %zu main points:"), nt);
        end(a, FA_BLOCK_PARA);
        list_begin(a);
        for (size_t t = 0; t < nt; t++) {
            const group *g = &a->groups[top[t]];
            const fa_finding *f0 = representative(a, g);
            begin(a, FA_BLOCK_ITEM, g->sev);
            strong(a, fa_avis_category_label(fa_avis_s(f0->category), a->en));
            textf(a, " (%s) — ", fa_avis_severity_label(g->sev, a->en));
            short_message(a, f0->message);
            const char *q = fa_avis_s(f0->quote);
            if (*q) {
                text(a, " ");
                quote(a, q);
                if (g->n > 1) {
                    text(a, L(a, " et ", " and "));
                    count_of(a, g->n - 1, "autre mention", "autres mentions", "more", "more");
                }
                text(a, ".");
            }
            end(a, FA_BLOCK_ITEM);
        }
        list_end(a);
    }
    if (a->s->chart && a->nf && !a->st)
        a->st = a->s->chart(a->s->ctx, a->res, a->en ? "en" : "fr");
}

/* ================================================================ referral */

static const char *ctx_label(fa_context c, bool en)
{
    static const char *const fr[] = {"",
                                     "un employeur",
                                     "un service social",
                                     "un établissement scolaire",
                                     "un établissement de santé",
                                     "un bailleur ou un service du logement"};
    static const char *const enl[] = {
        "",         "an employer",       "a social service",
        "a school", "a health provider", "a landlord or housing service"};
    return (unsigned)c < FA_CTX_COUNT ? (en ? enl[c] : fr[c]) : "";
}

void sec_referral(av *a)
{
    const fa_report_opts *o = a->opts;
    const char *org = o && o->organisation && *o->organisation ? o->organisation : NULL;
    const char *who = o && o->author && *o->author ? o->author : NULL;
    heading(a, 2, L(a, "Saisine et objet", "Referral and subject"));
    begin(a, FA_BLOCK_PARA, -1);
    if (who) {
        tl(a, "Avis établi par ", "Opinion prepared by ");
        doc_text(a, who);
    }
    if (org) {
        tl(a, who ? " pour : " : "Avis établi pour : ", who ? " for: " : "Opinion prepared for: ");
        doc_text(a, org);
    }
    if (org || who) {
        text(a, ". ");
    } else {
        tl(a, "Le présent avis a été établi à partir du seul document. ",
           "This opinion was prepared from the document alone. ");
    }
    textf(a, LF(a, "Il porte sur %s ", "It concerns %s "), doc_noun(a, false));
    quote(a, doc_title(a));
    const fa_frame *fr = &a->res->frame;
    if (fr->id && fr->issuer) {
        tl(a, ", soit ", ", that is ");
        doc_text(a, fr->issuer);
        text(a, ".");
        if (fr->evidence && *fr->evidence) {
            tl(a, " Le document l'indique : ", " The document says so: ");
            quote(a, fr->evidence);
            text(a, ".");
        }
    } else if (a->res->context != FA_CTX_AUTO) {
        textf(a, LF(a, ", émis par %s (%s).", ", issued by %s (%s)."),
              ctx_label(a->res->context, a->en),
              a->res->context_given ? L(a, "indiqué par le demandeur", "as the requester said")
                                    : L(a, "déduit du document", "inferred from the document"));
    } else {
        text(a, ".");
    }
    end(a, FA_BLOCK_PARA);
    const fa_notice *no = &a->res->notice;
    if (no->present && (no->items & (1u << FA_NI_PURPOSES)) && no->text && *no->text) {
        char first[400];
        first_sentence(no->text, first, sizeof first);
        begin(a, FA_BLOCK_PARA, -1);
        tl(a, "Finalité annoncée par sa notice : ", "Purpose its notice states: ");
        quote(a, first);
        text(a, ".");
        end(a, FA_BLOCK_PARA);
    }
    begin(a, FA_BLOCK_PARA, -1);
    if (a->res->kind != FA_DK_FORM && a->res->kind != FA_DK_NOTICE)
        /* issue 19: an agreement is read clause by clause, it asks nobody to fill it in */
        textf(a,
              LF(a,
                 "L'avis lit les clauses de %s (parties, destinataires, conservation, "
                 "sécurité), vérifie l'information donnée aux personnes concernées et formule "
                 "pour chaque point une recommandation. Le document examiné est décrit en "
                 "annexe A.",
                 "The opinion reads the clauses of %s (parties, recipients, retention, "
                 "security), checks the information given to the persons concerned and makes a "
                 "recommendation for each point. The document examined is described in annex "
                 "A."),
              doc_noun(a, true));
    else
        textf(
            a,
            LF(a,
               "L'avis examine ce que %s demande de renseigner, ce qu'il dit à la personne et ce "
               "que "
               "deviennent les informations (destinataires, accès, conservation) ; il formule pour "
               "chaque point une recommandation. Le document examiné est décrit en annexe A.",
               "The opinion examines what %s asks to fill in, what it tells the person and what "
               "becomes of the information (recipients, access, retention); it makes a "
               "recommendation for each point. The document examined is described in annex A."),
            doc_noun(a, true));
    end(a, FA_BLOCK_PARA);
}

/* ================================================================ legal frame */

static void law_item(av *a, int t)
{
    begin(a, FA_BLOCK_ITEM, -1);
    strong(a, fa_avis_law_name(t, a->en));
    text(a, " — ");
    text(a, fa_avis_law_text(t, a->en));
    end(a, FA_BLOCK_ITEM);
}

/* Mark in USED the known texts of V; push the others to UNKNOWN (each once). */
static void mark_texts(av *a, const fa_strvec *v, bool *used, fa_strset *seen, fa_strvec *unknown)
{
    for (size_t k = 0; k < v->n && !a->st; k++) {
        const char *s = v->v[k];
        if (!s || !*s)
            continue;
        int t = fa_avis_law_lookup(s);
        if (t >= 0) {
            used[t] = true;
            continue;
        }
        int added = fa_strset_add(seen, s);
        if (added < 0 || (added && fa_strvec_push(unknown, s) != FA_OK))
            a->st = FA_ERR_NOMEM;
    }
}

void sec_legal(av *a)
{
    int n = fa_avis_law_count();
    bool *frame_t = calloc((size_t)n + 1, 1), *used = calloc((size_t)n + 1, 1);
    fa_strset seen = {0};
    fa_strvec unknown = {0}, frame_unknown = {0};
    if (!frame_t || !used) {
        a->st = FA_ERR_NOMEM;
        goto out;
    }
    const fa_frame *fr = &a->res->frame;
    mark_texts(a, &fr->legal, frame_t, &seen, &frame_unknown);
    for (size_t i = 0; i < a->nf && !a->st; i++)
        mark_texts(a, &finding(a, i)->legal_basis, used, &seen, &unknown);
    bool any_used = unknown.n > 0, any_frame = fr->id != NULL;
    for (int t = 0; t < n; t++) {
        used[t] = used[t] && !frame_t[t];
        any_used |= used[t];
    }
    if (!any_used && !any_frame)
        goto out;
    heading(a, 2, L(a, "Cadre juridique", "Legal framework"));
    if (any_frame) {
        begin(a, FA_BLOCK_PARA, -1);
        strong(a, L(a, "Le cadre du document. ", "The document's frame. "));
        doc_text(a, fr->text);
        end(a, FA_BLOCK_PARA);
        list_begin(a);
        for (int t = 0; t < n; t++)
            if (frame_t[t])
                law_item(a, t);
        for (size_t k = 0; k < frame_unknown.n; k++) {
            begin(a, FA_BLOCK_ITEM, -1);
            doc_text(a, frame_unknown.v[k]);
            end(a, FA_BLOCK_ITEM);
        }
        list_end(a);
    }
    if (any_used) {
        para(a, "Textes cités par l'analyse :", "Texts the analysis cites:");
        list_begin(a);
        for (int t = 0; t < n; t++)
            if (used[t])
                law_item(a, t);
        for (size_t k = 0; k < unknown.n; k++) {
            begin(a, FA_BLOCK_ITEM, -1);
            doc_text(a, unknown.v[k]);
            tl(a, " — texte cité par les règles appliquées.", " — cited by the rules applied.");
            end(a, FA_BLOCK_ITEM);
        }
        list_end(a);
    }
out:
    free(frame_t);
    free(used);
    fa_strvec_free(&unknown);
    fa_strvec_free(&frame_unknown);
    fa_strset_free(&seen);
}

/* ================================================================ good practices */

void sec_practices(av *a)
{
    const fa_frame *fr = &a->res->frame;
    if (!fr->n_prac)
        return;
    heading(a, 2, L(a, "Bonnes pratiques relevées", "Good practices found"));
    para(a, "Le document comporte aussi ce qu'il faut relever et conserver :",
         "The document also shows what deserves credit and should be kept:");
    list_begin(a);
    for (size_t i = 0; i < fr->n_prac; i++) {
        const fa_practice *p = &fr->prac[i];
        begin(a, FA_BLOCK_ITEM, -1);
        sentence(a, p->text);
        const char *q = fa_avis_s(p->quote);
        /* a whole notice is not quoted again: the analysis quotes its start */
        if (*q && strcmp(fa_avis_s(p->rule), "notice.complete")) {
            char cut[300];
            snprintf(cut, sizeof cut, "%.280s%s", q, strlen(q) > 280 ? "…" : "");
            text(a, " ");
            quote(a, cut);
            text(a, ".");
        }
        end(a, FA_BLOCK_ITEM);
    }
    list_end(a);
}

/* ================================================================ conclusion */

static void conclusion_reasons(av *a, int v)
{
    static const char *const vfr[4] = {"favorable", "favorable sous réserves", "réservé",
                                       "défavorable en l'état"};
    static const char *const ven[4] = {"favourable", "favourable with reservations", "reserved",
                                       "unfavourable as it stands"};
    begin(a, FA_BLOCK_PARA, -1);
    textf(a, LF(a, "Au terme de cet examen, l'avis est %s.", "In conclusion, the opinion is %s."),
          a->en ? ven[v] : vfr[v]);
    bool seen[TH_COUNT] = {false};
    size_t k = 0, nth = 0;
    for (size_t g = 0; g < a->ng; g++)
        if (problem(&a->groups[g]) && a->groups[g].sev >= FA_SEV_HIGH &&
            !seen[a->groups[g].theme]) {
            seen[a->groups[g].theme] = true;
            nth++;
        }
    if (nth) {
        tl(a, " Les points les plus graves portent sur : ", " The gravest points concern: ");
        for (int th = 0; th < TH_COUNT; th++) {
            if (!seen[th])
                continue;
            const char *name = theme_name(th, a->en);
            char low[200];
            snprintf(low, sizeof low, "%s", name);
            if (!a->en && low[0])
                low[0] = (char)tolower((unsigned char)low[0]);
            text(a, k ? (k + 1 == nth ? L(a, " et ", " and ") : ", ") : "");
            text(a, low);
            k++;
        }
        text(a, ".");
    }
    if (theme_present(a, TH_PRESCRIBED))
        tl(a,
           " Les questions que prévoit le cadre légal du document ne sont pas en cause : ce qui "
           "est "
           "demandé à leur égard porte sur l'information, l'accès et la conservation.",
           " The questions the document's legal frame provides for are not at issue: what is "
           "asked about them concerns information, access and retention.");
    if (a->res->frame.n_prac)
        tl(a, " Les bonnes pratiques relevées sont à conserver.",
           " The good practices found are to be kept.");
    end(a, FA_BLOCK_PARA);
}

static void requests(av *a)
{
    para(a, "Il est demandé :", "We request:");
    list_begin(a);
    if (theme_problem(a, TH_SENS))
        item(a,
             "de supprimer les questions et options qui recueillent des catégories particulières "
             "de données ou des données pénales, sauf à justifier pour chacune l'exception du "
             "RGPD (art. 9.2) ou le texte (art. 10) qui la permet ;",
             "to remove the questions and options that collect special categories or criminal "
             "data, unless the exception of the GDPR (art. 9(2)) or the text (art. 10) allowing "
             "each is shown;");
    if (theme_problem(a, TH_PRIVATE))
        item(a,
             "de limiter la situation au regard du séjour et la vie familiale à ce que la finalité "
             "exige, en questions fermées sur des faits ;",
             "to limit residence status and family life to what the purpose requires, as closed "
             "questions on facts;");
    if (theme_problem(a, TH_SUBJ))
        item(a,
             "de reformuler les appréciations en faits constatés ou déclarés par la personne, et "
             "d'encadrer ou supprimer les zones de commentaire libre ;",
             "to rephrase appraisals as facts observed or stated by the person, and to frame or "
             "remove free comment zones;");
    if (theme_problem(a, TH_IDENT))
        item(a,
             "de retirer le numéro de sécurité sociale et les identifiants hors des usages "
             "autorisés, et de limiter les données financières au calcul ou au versement d'une "
             "aide ;",
             "to remove the social security number and identifiers outside authorised uses, and "
             "to limit financial data to calculating or paying a benefit;");
    if (theme_problem(a, TH_NOTICE) ||
        (a->res->notice.unlisted && theme_present(a, TH_PRESCRIBED))) {
        if (theme_present(a, TH_PRESCRIBED))
            item(a,
                 "de compléter la notice d'information (RGPD art. 13 et 14) et d'y annoncer toutes "
                 "les catégories recueillies, y compris celles que le cadre légal prévoit ;",
                 "to complete the privacy notice (GDPR art. 13 and 14) and announce every category "
                 "collected, including those the legal frame provides for;");
        else
            item(a,
                 "de compléter la notice d'information (RGPD art. 13 et 14) et d'y annoncer toutes "
                 "les catégories recueillies ;",
                 "to complete the privacy notice (GDPR art. 13 and 14) and announce every category "
                 "collected;");
    }
    if (theme_problem(a, TH_SHARING))
        item(a,
             "de limiter tout partage au strictement nécessaire, entre professionnels tenus au "
             "secret et pour la même mission, sur un texte précis, la personne informée ;",
             "to limit any sharing to what is strictly necessary, between professionals bound by "
             "secrecy and sharing one mission, on a precise text, the person informed;");
    if (theme_problem(a, TH_SYSTEM))
        item(a,
             "de réserver l'accès au dossier aux professionnels qui accompagnent la personne, de "
             "n'ouvrir un dossier qu'en cas d'accompagnement, et de fixer qui est responsable du "
             "traitement, au registre comme dans la notice ;",
             "to reserve access to the professionals who support the person, open a file only "
             "when support is undertaken, and settle who is the controller, in the record and in "
             "the notice;");
    if (theme_problem(a, TH_RETENTION))
        item(a,
             "de fixer une durée de conservation précise et proportionnée, et de l'indiquer dans "
             "la notice ;",
             "to set a precise and proportionate retention period, and state it in the notice;");
    if (theme_problem(a, TH_CONSENT))
        item(a,
             "d'informer la personne avant la collecte, de lui faire relire ce qui est écrit sur "
             "elle et, lorsqu'il est requis, de recueillir un consentement libre ;",
             "to inform the person before collection, let them read what is written about them "
             "and, where required, obtain free consent;");
    if (theme_problem(a, TH_DPIA))
        item(a, "de réaliser une analyse d'impact (AIPD) avant toute mise en service ;",
             "to carry out a data-protection impact assessment before use;");
    item(a,
         "de soumettre le document révisé au délégué à la protection des données et, en cas de "
         "désaccord persistant, de saisir la CNIL.",
         "to submit the revised document to the data protection officer and, if disagreement "
         "persists, to refer the matter to the CNIL.");
    list_end(a);
}

void sec_conclusion(av *a)
{
    heading(a, 2, L(a, "Conclusion", "Conclusion"));
    int v = verdict(a);
    bool problems = false;
    for (size_t g = 0; g < a->ng; g++)
        problems |= problem(&a->groups[g]);
    if (!problems) {
        para(a,
             "Le document ne présente pas de point problématique au regard des règles appliquées. "
             "Cet examen ne remplace pas la lecture du traitement dans son ensemble (finalité, "
             "destinataires, sécurité).",
             "The document raises no problem under the rules applied. This review does not "
             "replace a reading of the whole processing (purpose, recipients, security).");
    } else {
        conclusion_reasons(a, v);
        requests(a);
    }
    begin(a, FA_BLOCK_NOTE, -1);
    strong(a, L(a, "Rappel : ", "Reminder: "));
    tl(a,
       "la personne concernée a le droit de lire tout ce qui est écrit sur elle (RGPD art. 15) : "
       "chaque rubrique doit être remplie en pensant qu'elle la lira, et les faits qu'elle déclare "
       "rester distincts de l'interprétation du professionnel.",
       "the person concerned has the right to read everything written about them (GDPR art. 15): "
       "every entry should be filled in as if they will read it, and the facts they state kept "
       "apart from the professional's interpretation.");
    end(a, FA_BLOCK_NOTE);
}

/* ================================================================ signature */

void sec_signature(av *a)
{
    const fa_report_opts *o = a->opts;
    const char *org = o && o->organisation && *o->organisation ? o->organisation : NULL;
    const char *who = o && o->author && *o->author ? o->author : NULL;
    char date[16], longd[64];
    long_date(fa_avis_date(o, date), a->en, longd, sizeof longd);
    heading(a, 2, L(a, "Signature", "Signature"));
    begin(a, FA_BLOCK_SIGN, -1);
    textf(a, LF(a, "Fait le %s.", "Done on %s."), longd);
    end(a, FA_BLOCK_SIGN);
    if (org) {
        begin(a, FA_BLOCK_SIGN, -1);
        doc_text(a, org);
        end(a, FA_BLOCK_SIGN);
    }
    begin(a, FA_BLOCK_SIGN, -1);
    if (who)
        doc_text(a, who);
    else
        tl(a, "Nom, qualité et signature :", "Name, position and signature:");
    end(a, FA_BLOCK_SIGN);
    begin(a, FA_BLOCK_SIGN, -1);
    textf(a,
          LF(a, "Analyse préparée avec formaudit %s ; elle engage son signataire, qui l'a relue.",
             "Analysis prepared with formaudit %s; it commits its signatory, who has read it."),
          o && o->tool_version ? o->tool_version : fa_version());
    end(a, FA_BLOCK_SIGN);
}

/* ================================================================ annexes */

/* A path as the annex shows it: relative paths as given, an absolute one by its last
 * two parts ("…/forms/dis.docx"): the reviewer's machine is nobody's business. */
static void shown_path(av *a, const char *path)
{
    if (path[0] != '/') {
        doc_text(a, path);
        return;
    }
    const char *last = strrchr(path, '/'), *prev = last;
    while (prev > path && prev[-1] != '/')
        prev--;
    if (prev > path)
        prev--;
    text(a, "…");
    doc_text(a, prev > path ? prev : last);
}

static void annex_doc_item(av *a, const char *fr, const char *en)
{
    begin(a, FA_BLOCK_ITEM, -1);
    strong(a, L(a, fr, en));
}

static void annex_document(av *a)
{
    char date[16], longd[64];
    const fa_result *d = a->res;
    heading(a, 2, L(a, "Annexe A — Document examiné", "Annex A — Document examined"));
    list_begin(a);
    annex_doc_item(a, "Fichier : ", "File: ");
    shown_path(a, fa_result_path(d));
    end(a, FA_BLOCK_ITEM);
    annex_doc_item(a, "Format : ", "Format: ");
    const char *fmt = fa_format_name(d->format);
    char up[16];
    size_t i = 0;
    for (; fmt[i] && i + 1 < sizeof up; i++)
        up[i] = (char)toupper((unsigned char)fmt[i]);
    up[i] = 0;
    text(a, *up ? up : "?");
    if (d->pages > 0) {
        text(a, ", ");
        count_of(a, (size_t)d->pages, "page", "pages", "page", "pages");
    }
    if (d->size > 0)
        textf(a, LF(a, ", %lld octets", ", %lld bytes"), d->size);
    end(a, FA_BLOCK_ITEM);
    const char *mt = fa_avis_s(d->meta.title);
    if (*mt && strcmp(mt, doc_title(a))) {
        annex_doc_item(a, "Titre (métadonnées) : ", "Title (metadata): ");
        doc_text(a, mt);
        end(a, FA_BLOCK_ITEM);
    }
    if (*d->sha256) {
        annex_doc_item(a, "SHA-256 : ", "SHA-256: ");
        span(a, FA_SPAN_CODE, d->sha256);
        end(a, FA_BLOCK_ITEM);
    }
    if (d->frame.id) {
        annex_doc_item(a, "Cadre reconnu : ", "Frame recognised: ");
        span(a, FA_SPAN_CODE, d->frame.id);
        end(a, FA_BLOCK_ITEM);
    }
    annex_doc_item(a, "Date de l'examen : ", "Date of review: ");
    long_date(fa_avis_date(a->opts, date), a->en, longd, sizeof longd);
    text(a, longd);
    end(a, FA_BLOCK_ITEM);
    annex_doc_item(a, "Outil : ", "Tool: ");
    textf(a, "formaudit %s",
          a->opts && a->opts->tool_version ? a->opts->tool_version : fa_version());
    const char *rv = d->status == FA_OK ? fa_avis_s(d->rules_version) : "";
    if (!*rv && a->opts && a->opts->rules_version)
        rv = a->opts->rules_version;
    if (*rv) {
        text(a, L(a, ", règles ", ", rules "));
        doc_text(a, rv);
    }
    end(a, FA_BLOCK_ITEM);
    /* what the reader could not read limits the avis: say so where the document is */
    size_t nw = d->warnings.n;
    for (size_t k = 0; k < nw && k < 10; k++) {
        annex_doc_item(a, "Lecture incomplète : ", "Incomplete reading: ");
        doc_text(a, fa_avis_s(d->warnings.v[k]));
        end(a, FA_BLOCK_ITEM);
    }
    if (nw > 10) {
        begin(a, FA_BLOCK_ITEM, -1);
        count_of(a, nw - 10, "autre avertissement de lecture", "autres avertissements de lecture",
                 "more reading warning", "more reading warnings");
        text(a, ".");
        end(a, FA_BLOCK_ITEM);
    }
    list_end(a);
}

static fa_status cat_list(fa_buf *b, fa_catset cats, bool en)
{
    fa_status st = FA_OK;
    size_t i = 0;
    for (int c = 0; c < FA_CAT_COUNT && !st; c++)
        if (cats & FA_CAT_BIT(c))
            st = fa_buf_printf(b, "%s%s", i++ ? ", " : "",
                               fa_category_label((fa_category)c, en ? "en" : "fr"));
    return st;
}

/* The rule ids that saw field I, each once, "(prévue)" when the frame provides for it. */
static fa_status field_rules(const av *a, size_t i, fa_buf *out)
{
    fa_status st = FA_OK;
    for (size_t k = 0; k < a->nf && !st; k++) {
        const fa_finding *f = finding(a, k);
        if (f->field != (int)i || !f->rule)
            continue;
        if (out->data && strstr(out->data, f->rule))
            continue;
        st = fa_buf_printf(out, "%s%s%s", out->len ? ", " : "", f->rule,
                           f->prescribed ? L(a, " (prévue)", " (provided for)") : "");
    }
    return st;
}

static void field_row(av *a, size_t i, fa_buf *lab, fa_buf *loc, fa_buf *cats, fa_buf *rules)
{
    const fa_field *f = &a->res->fields[i];
    fa_buf_reset(lab);
    fa_buf_reset(loc);
    fa_buf_reset(cats);
    fa_buf_reset(rules);
    char *l = fa_avis_doc_text(f->label), *sec = fa_avis_doc_text(f->section);
    if (!l || !sec) {
        free(l);
        free(sec);
        a->st = FA_ERR_NOMEM;
        return;
    }
    a->st = fa_buf_puts(lab, l);
    for (size_t k = 0; k < f->options.n; k++) {
        char *ot = fa_avis_doc_text(f->options.v[k]);
        if (!a->st)
            a->st = ot ? fa_buf_printf(lab, "%s%s", k ? " / " : " : ", ot) : FA_ERR_NOMEM;
        free(ot);
    }
    if (!a->st && *sec)
        a->st = fa_buf_printf(lab, " [%s]", sec);
    if (!a->st)
        a->st = fa_avis_location(loc, &f->loc, a->en);
    if (!a->st)
        a->st = cat_list(cats, f->categories, a->en);
    if (!a->st)
        a->st = field_rules(a, i, rules);
    const char *cells[6] = {f->id,
                            lab->data ? lab->data : "",
                            fa_field_kind_name(f->kind),
                            loc->data ? loc->data : "",
                            cats->data ? cats->data : "",
                            rules->data ? rules->data : ""};
    if (!a->st)
        a->st = a->s->table_row(a->s->ctx, cells);
    free(l);
    free(sec);
}

/* Every field, its section in brackets, what it collects and the rules that saw it. */
static void annex_fields(av *a)
{
    heading(a, 2, L(a, "Annexe B — Inventaire des champs", "Annex B — Field inventory"));
    if (!a->res->n_fields) {
        para(a, "Aucun champ à remplir n'a été trouvé.", "No field to fill was found.");
        return;
    }
    if (a->st)
        return;
    const char *h_fr[6] = {"N°",          "Libellé [section]", "Type",
                           "Emplacement", "Catégories",        "Règles"};
    const char *h_en[6] = {"No.", "Label [section]", "Kind", "Location", "Categories", "Rules"};
    static const int w[6] = {1, 6, 2, 2, 3, 3};
    a->st = a->s->table_begin(a->s->ctx, 6, a->en ? h_en : h_fr, w);
    fa_buf lab = {0}, loc = {0}, cats = {0}, rules = {0};
    for (size_t i = 0; i < a->res->n_fields && !a->st; i++)
        field_row(a, i, &lab, &loc, &cats, &rules);
    fa_buf_free(&lab);
    fa_buf_free(&loc);
    fa_buf_free(&cats);
    fa_buf_free(&rules);
    if (!a->st)
        a->st = a->s->table_end(a->s->ctx);
}

/* The findings about the whole document (notice, sharing, retention, consent, DPIA, the
 * system), with their rule ids: those of the fields are in annex B. */
static void annex_findings(av *a)
{
    size_t nd = 0;
    for (size_t i = 0; i < a->nf; i++)
        nd += finding(a, i)->field < 0;
    if (!nd || a->st)
        return;
    heading(a, 2,
            L(a, "Annexe C — Constats sur l'ensemble du document",
              "Annex C — Findings on the whole document"));
    const char *h_fr[4] = {"Gravité", "Règle", "Catégorie", "Citation"};
    const char *h_en[4] = {"Severity", "Rule", "Category", "Quote"};
    static const int w[4] = {2, 4, 3, 7};
    a->st = a->s->table_begin(a->s->ctx, 4, a->en ? h_en : h_fr, w);
    fa_buf rule = {0};
    for (size_t i = 0; i < a->nf && !a->st; i++) {
        const fa_finding *f = finding(a, i);
        if (f->field >= 0)
            continue;
        fa_buf_reset(&rule);
        a->st = fa_buf_printf(&rule, "%s%s", fa_avis_s(f->rule),
                              f->prescribed ? L(a, " (prévue)", " (provided for)") : "");
        char *q = fa_avis_doc_text(f->quote);
        if (!q) {
            a->st = FA_ERR_NOMEM;
            break;
        }
        const char *cells[4] = {fa_avis_severity_label((int)f->severity, a->en),
                                rule.data ? rule.data : "",
                                fa_avis_category_label(fa_avis_s(f->category), a->en), q};
        if (!a->st)
            a->st = a->s->table_row(a->s->ctx, cells);
        free(q);
    }
    fa_buf_free(&rule);
    if (!a->st)
        a->st = a->s->table_end(a->s->ctx);
}

void sec_annex(av *a)
{
    annex_document(a);
    annex_fields(a);
    annex_findings(a);
}

/* ================================================================ unreadable */

void emit_error(av *a)
{
    const char *code = fa_status_code(a->res->status);
    heading(a, 2, L(a, "Objet", "Subject"));
    begin(a, FA_BLOCK_PARA, -1);
    tl(a, "Le document ", "The document ");
    quote(a, fa_avis_basename(fa_result_path(a->res)));
    tl(a, " n'a pas pu être lu ; aucune analyse de son contenu n'a donc été faite.",
       " could not be read, so its content was not analysed.");
    end(a, FA_BLOCK_PARA);
    heading(a, 2, L(a, "Motif", "Reason"));
    begin(a, FA_BLOCK_PARA, -1);
    strong(a, L(a, "Erreur : ", "Error: "));
    span(a, FA_SPAN_CODE, *code ? code : "?");
    const char *msg = fa_avis_s(a->res->error);
    if (*msg) {
        text(a, " — ");
        sentence(a, msg);
    }
    end(a, FA_BLOCK_PARA);
    static const struct {
        const char *code, *fr, *en;
    } advice[] = {
        {"encrypted",
         "Le fichier est protégé par un mot de passe : fournir une version non chiffrée.",
         "The file is password-protected: provide an unencrypted copy."},
        {"no_text",
         "Le fichier ne contient pas de texte (document numérisé) : fournir la version d'origine "
         "(traitement de texte) ou une version reconnue par OCR.",
         "The file has no text layer (scanned): provide the original word-processor file or an "
         "OCR'd copy."},
        {"corrupt", "Le fichier est endommagé ou tronqué : fournir une copie intacte.",
         "The file is damaged or truncated: provide an intact copy."},
        {"format",
         "Le format n'est pas reconnu : fournir le document en DOCX, ODT, PDF, HTML ou texte.",
         "The format is not recognised: provide the document as DOCX, ODT, PDF, HTML or text."},
        {"limit",
         "Le fichier dépasse une limite de sécurité (taille, compression) : vérifier son origine.",
         "The file exceeds a safety limit (size, compression): check where it comes from."},
    };
    for (size_t i = 0; i < sizeof advice / sizeof advice[0]; i++)
        if (!strcmp(code, advice[i].code))
            para(a, advice[i].fr, advice[i].en);
    annex_document(a);
}
