/* test_read_html.c — the HTML reader: labels of controls (for=, wrapping, aria-*,
 * title, placeholder), select and textarea, tables, hidden content, pathological
 * nesting, and what `formaudit text` prints of it. */
#include "fixtures.h"
#include "model.h"
#include "read.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static fa_doc *fixture(void)
{
    size_t size = 0;
    unsigned char *data = fx_read_file(FA_TEST_DATA "/html/inscription.html", &size);
    ck_assert_ptr_nonnull(data);
    fa_doc *d = fx_open_mem("inscription.html", data, size);
    free(data);
    ck_assert_int_eq(d->format, FA_FMT_HTML);
    return d;
}

START_TEST(test_labels_in_browser_order)
{
    fa_doc *d = fixture();
    /* the hidden csrf input is not a control: the first is "nom" */
    ck_assert_str_eq(fx_ctl(d, 0)->name, "nom");
    ck_assert_str_eq(fx_ctl(d, 0)->label, "Nom de l'enfant"); /* <label for> */
    ck_assert_str_eq(fx_ctl(d, 1)->label, "Prénom");          /* wrapping */
    ck_assert_str_eq(fx_ctl(d, 1)->value, "Léa");
    ck_assert_int_eq(fx_ctl(d, 2)->kind, FA_CTL_DATE);
    ck_assert_str_eq(fx_ctl(d, 2)->label, "Date de naissance de l'enfant"); /* aria-label */
    ck_assert_str_eq(fx_ctl(d, 3)->label, "Téléphone du responsable");      /* aria-labelledby */
    ck_assert_str_eq(fx_ctl(d, 4)->label, "nom@exemple.fr");                /* placeholder */
    ck_assert_int_eq(fx_ctl(d, 5)->kind, FA_CTL_RADIO);
    ck_assert_int_eq(fx_ctl(d, 5)->checked, 1);
    ck_assert_int_eq(fx_ctl(d, 6)->checked, 0);
    ck_assert_int_ne(fx_ctl(d, 5)->group, 0);
    ck_assert_int_eq(fx_ctl(d, 5)->group, fx_ctl(d, 6)->group);
    ck_assert_str_eq(fx_ctl(d, 6)->label, "Sans porc");
    fa_doc_free(d);
}
END_TEST

START_TEST(test_textarea_select_table)
{
    fa_doc *d = fixture();
    const fa_control *ta = fx_ctl(d, 7);
    ck_assert_int_eq(ta->kind, FA_CTL_MULTILINE);
    ck_assert_str_eq(ta->label, "Problèmes de santé à signaler");
    ck_assert_str_eq(ta->value, "Asthme léger");
    const fa_control *sel = fx_ctl(d, 8);
    ck_assert_int_eq(sel->kind, FA_CTL_CHOICE);
    ck_assert_uint_eq(sel->n_options, 4); /* optgroup options included */
    ck_assert_str_eq(sel->options[2], "Tranche B");
    ck_assert_str_eq(sel->value, "Tranche B");
    ck_assert_str_eq(sel->label, "Tranche de quotient familial"); /* title */
    const fa_node *row = fx_must(fx_nth(d, FA_N_ROW, 0));
    ck_assert(row->flags & FA_NF_HEADER_ROW);
    ck_assert_int_eq(fx_must(fx_nth(d, FA_N_CELL, 1))->colspan, 2);
    const fa_node *r2 = fx_must(fx_nth(d, FA_N_ROW, 1));
    ck_assert(!(r2->flags & FA_NF_HEADER_ROW));
    ck_assert_int_eq(fx_ctl(d, 9)->kind, FA_CTL_CHECKBOX);
    ck_assert_int_eq(fx_must(fx_nth(d, FA_N_CONTROL, 9))->loc.table, 1);
    ck_assert_int_eq(fx_must(fx_nth(d, FA_N_CONTROL, 9))->loc.row, 2);
    ck_assert_int_eq(fx_ctl(d, 10)->kind, FA_CTL_BUTTON);
    ck_assert_str_eq(d->meta.title, "Inscription au centre de loisirs");
    ck_assert_str_eq(d->meta.author, "Service jeunesse");
    fa_doc_free(d);
}
END_TEST

START_TEST(test_text_output)
{
    fa_doc *d = fixture();
    char *t = fx_text(d);
    ck_assert_ptr_nonnull(t);
    ck_assert_ptr_nonnull(strstr(t, "# Inscription au centre de loisirs\n"));
    ck_assert_ptr_nonnull(strstr(t, "\n## 1. L'enfant\n"));
    /* a <br> ends a visual line */
    ck_assert_ptr_nonnull(strstr(t, "Mairie — service jeunesse\nAnnée scolaire en cours\n"));
    /* label already printed before the box: not repeated */
    ck_assert_ptr_nonnull(strstr(t, "Nom de l'enfant : [____]\n"));
    ck_assert_ptr_nonnull(strstr(t, "Régime : [x] Standard [ ] Sans porc\n"));
    ck_assert_ptr_nonnull(
        strstr(t, "[▾ -- choisir -- / Tranche A / Tranche B / Tranche C = Tranche B"));
    ck_assert_ptr_nonnull(strstr(t, "Jour | Présence\n"));
    ck_assert_ptr_nonnull(strstr(t, "Lundi | [  «Présent lundi»] | matin\n"));
    ck_assert_ptr_nonnull(strstr(t, "- Premier point\n  - Sous-point\n"));
    /* nothing a visitor does not see */
    ck_assert_ptr_null(strstr(t, "ne pas lire"));
    ck_assert_ptr_null(strstr(t, "caché"));
    ck_assert_ptr_null(strstr(t, "csrf"));
    ck_assert_ptr_null(strstr(t, "commentaire"));
    ck_assert_ptr_null(strstr(t, "color"));
    free(t);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_control_offset_in_paragraph)
{
    const char *src = "<p>Nom : <input name=n> Prénom : <input name=p></p>";
    fa_doc *d = fx_open_mem("o.html", src, strlen(src));
    const fa_node *p = fx_must(fx_nth(d, FA_N_PARAGRAPH, 0));
    ck_assert_str_eq(p->text, "Nom : Prénom :");
    ck_assert_uint_eq(fx_must(fx_nth(d, FA_N_CONTROL, 0))->offset, 6);
    ck_assert_uint_eq(fx_must(fx_nth(d, FA_N_CONTROL, 1))->offset, strlen("Nom : Prénom :"));
    ck_assert_ptr_eq(fx_must(fx_nth(d, FA_N_CONTROL, 0))->parent, p);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_deep_nesting_bounded)
{
    /* 200,000 nested <div>: no stack overflow, the text is still read */
    size_t n = 200000;
    size_t cap = n * 11 + 64;
    char *src = malloc(cap);
    ck_assert_ptr_nonnull(src);
    size_t len = 0;
    len += (size_t)sprintf(src + len, "<html><body>");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(src + len, "<div>");
    len += (size_t)sprintf(src + len, "Profondeur");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(src + len, "</div>");
    fa_doc *d = fx_open_mem("deep.html", src, len);
    free(src);
    char *t = fx_text(d);
    ck_assert_ptr_nonnull(t);
    ck_assert_ptr_nonnull(strstr(t, "Profondeur"));
    ck_assert_uint_lt(d->n_nodes, 100);
    free(t);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_pre_lines)
{
    const char *src = "<pre>Nom : ______\nPrénom : ____\n\n  Ville : ___</pre><p>fin</p>";
    fa_doc *d = fx_open_mem("pre.html", src, strlen(src));
    char *t = fx_text(d);
    ck_assert_str_eq(t, "Nom : ______\nPrénom : ____\nVille : ___\nfin\n");
    free(t);
    fa_doc_free(d);
}
END_TEST

START_TEST(test_latin1_charset)
{
    const char src[] =
        "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Pr\xE9nom</p></body></html>";
    fa_doc *d = fx_open_mem("l1.html", src, sizeof src - 1);
    ck_assert_str_eq(fx_must(fx_nth(d, FA_N_PARAGRAPH, 0))->text, "Prénom");
    fa_doc_free(d);
}
END_TEST

/* Hidden controls still collect data: read, marked hidden; the page's plumbing
 * (anti-forgery token) is left out; hidden text stays out of the visible text. */
START_TEST(test_hidden_controls_listed)
{
    const char *src =
        "<form><p>Nom : <input name=nom><input type=hidden name=id_usager value=4412>"
        "<input type=hidden name=csrf_token value=x></p>"
        "<div style=\"display: none\"><label for=r>Religion</label><input id=r name=religion>"
        "</div><p hidden>Situation irrégulière : <select name=s><option>Oui</option>"
        "<option>Non</option></select></p><p>Prénom : <input name=prenom></p></form>";
    fa_doc *d = fx_open_mem("h.html", src, strlen(src));
    const fa_node *id = fx_must(fx_nth(d, FA_N_CONTROL, 1));
    ck_assert_str_eq(id->ctl->name, "id_usager");
    ck_assert_uint_eq(id->flags & (FA_NF_HIDDEN | FA_NF_CONCEALED), FA_NF_HIDDEN | FA_NF_CONCEALED);
    ck_assert(!(fx_must(fx_nth(d, FA_N_CONTROL, 0))->flags & FA_NF_HIDDEN));
    const fa_node *rel = fx_must(fx_nth(d, FA_N_CONTROL, 2));
    ck_assert_str_eq(rel->ctl->label, "Religion");
    ck_assert(rel->flags & FA_NF_CONCEALED);
    const fa_node *sel = fx_must(fx_nth(d, FA_N_CONTROL, 3));
    ck_assert_uint_eq(sel->ctl->n_options, 2);
    ck_assert(sel->parent->flags & FA_NF_HIDDEN);
    ck_assert_str_eq(fx_ctl(d, 4)->name, "prenom");
    ck_assert_ptr_null(fx_nth(d, FA_N_CONTROL, 5)); /* no csrf */
    char *t = fx_text(d);
    ck_assert_ptr_null(strstr(t, "Religion"));
    ck_assert_ptr_null(strstr(t, "irrégulière"));
    free(t);
    bool warned = false;
    for (size_t i = 0; i < d->warnings.n; i++)
        warned |= strstr(d->warnings.v[i], "3 form controls are hidden") != NULL;
    ck_assert(warned);
    fa_doc_free(d);
}
END_TEST

/* Angular and Vue templates are forms: bound custom elements and the components of
 * the usual libraries are controls, with their labels and options. */
START_TEST(test_framework_templates)
{
    const char *src =
        "<div class=\"form\">\n"
        "<mat-form-field><mat-label>Situation familiale</mat-label>"
        "<mat-select formControlName=\"situation\"><mat-option value=c>Célibataire</mat-option>"
        "<mat-option value=m>Marié(e)</mat-option><mat-option *ngFor=\"let s of list\" "
        "[value]=\"s\">{{s}}</mat-option></mat-select></mat-form-field>"
        "<label>Sexe</label><mat-radio-group [(ngModel)]=\"sexe\"><mat-radio-button "
        "value=f>Femme</mat-radio-button><mat-radio-button value=m>Homme</mat-radio-button>"
        "</mat-radio-group>"
        "<mat-checkbox formControlName=\"rqth\">Reconnaissance de handicap</mat-checkbox>"
        "<v-text-field v-model.trim=\"nom\" label=\"Nom de naissance\"></v-text-field>"
        "<mat-form-field><mat-label>Date de naissance</mat-label><input matInput "
        "[matDatepicker]=\"p\" formControlName=\"naissance\"><mat-datepicker #p>"
        "</mat-datepicker></mat-form-field>"
        "<my-address-picker ng-model=\"adresse\" aria-label=\"Adresse\"></my-address-picker>"
        "<mat-icon>home</mat-icon><my-banner>Bienvenue {{ usager.nom }}</my-banner>"
        "</div>";
    ck_assert_int_eq(fa_sniff(src, strlen(src)), FA_FMT_HTML);
    fa_doc *d = fx_open_mem("c.component.html", src, strlen(src));
    const fa_control *c = fx_ctl(d, 0);
    ck_assert_int_eq(c->kind, FA_CTL_CHOICE);
    ck_assert_str_eq(c->label, "Situation familiale");
    ck_assert_uint_eq(c->n_options, 2); /* {{s}} is filled at run time */
    c = fx_ctl(d, 1);
    ck_assert_int_eq(c->kind, FA_CTL_RADIO);
    ck_assert_uint_eq(c->n_options, 2);
    ck_assert_str_eq(c->options[1], "Homme");
    c = fx_ctl(d, 2);
    ck_assert_int_eq(c->kind, FA_CTL_CHECKBOX);
    ck_assert_str_eq(c->name, "rqth");
    c = fx_ctl(d, 3);
    ck_assert_str_eq(c->label, "Nom de naissance");
    ck_assert_str_eq(c->name, "nom");
    c = fx_ctl(d, 4);
    ck_assert_str_eq(c->label, "Date de naissance");
    c = fx_ctl(d, 5);
    ck_assert_str_eq(c->label, "Adresse");
    ck_assert_ptr_null(fx_nth(d, FA_N_CONTROL, 6));
    /* each control on a line of its own, as the libraries lay them out */
    ck_assert_ptr_ne(fx_must(fx_nth(d, FA_N_CONTROL, 2))->parent,
                     fx_must(fx_nth(d, FA_N_CONTROL, 3))->parent);
    fa_doc_free(d);
}
END_TEST

/* An empty box is room left on the page: an empty paragraph. */
START_TEST(test_empty_boxes_are_room)
{
    const char *src = "<div><u>Motif de la demande :</u></div><br><div class=large></div>"
                      "<div> </div><span></span><table><tr><td>x</td></tr></table>";
    fa_doc *d = fx_open_mem("e.html", src, strlen(src));
    const fa_node *p = fx_must(fx_find_text(d, "Motif"));
    ck_assert_int_eq(p->next->type, FA_N_PARAGRAPH);
    ck_assert_uint_eq(p->next->len, 0);
    ck_assert_int_eq(p->next->next->type, FA_N_PARAGRAPH);
    ck_assert_int_eq(p->next->next->next->type, FA_N_TABLE);
    fa_doc_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("read_html");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_labels_in_browser_order);
    tcase_add_test(tc, test_textarea_select_table);
    tcase_add_test(tc, test_text_output);
    tcase_add_test(tc, test_control_offset_in_paragraph);
    tcase_add_test(tc, test_deep_nesting_bounded);
    tcase_add_test(tc, test_pre_lines);
    tcase_add_test(tc, test_latin1_charset);
    tcase_add_test(tc, test_hidden_controls_listed);
    tcase_add_test(tc, test_framework_templates);
    tcase_add_test(tc, test_empty_boxes_are_room);
    suite_add_tcase(s, tc);
    return fx_run_suite(s);
}
