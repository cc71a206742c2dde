/*
 * test_analysis.c - what the index stores about one item (analysis.h):
 * sentences and their positions, CJK runs, hyphen joins, folded names,
 * entity, site and id terms, the date and order values, the record; and
 * where a sentence ends (sentence.h), for the index and the text parser.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "gazetteer.h"
#include "sentence.h"
#include "unit_cases.h"
#include "unit_util.h"

/* An item of a new bulletin read from path (freed with the bulletin). */
static lex_item_t *
new_item(lex_bulletin_t **b, const char *path, const char *headline,
         const char *body)
{
    *b = lex_bulletin_new(path);
    ck_assert_ptr_nonnull(*b);
    lex_item_t *it = lex_bulletin_add_item(*b);
    ck_assert_ptr_nonnull(it);
    it->number = (int)(*b)->n_items;
    it->headline = strdup(headline);
    it->body = strdup(body);
    return it;
}

/* An item of a new bulletin read from path, analysed into *a. */
static lex_item_t *
analysed_item(lex_bulletin_t **b, lex_analysis_t *a, const char *path,
              const char *headline, const char *body)
{
    lex_item_t *it = new_item(b, path, headline, body);
    ck_assert_int_eq(lex_analyse_item(*b, it, (*b)->path, 1, NULL, a), LEX_OK);
    return it;
}

/* A copy of the list of n strings. */
static char **
strings(size_t n, const char *const *list)
{
    char **out = calloc(n, sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = strdup(list[i]);
    return out;
}

/* Run k of sentence s of p as a string (a static copy). */
static const char *
run_text(const lex_paragraph_t *p, size_t s, size_t k)
{
    static char out[512];
    const lex_text_run_t *r = &p->runs[p->sentences[s].first + k];
    ck_assert_uint_lt(r->len, sizeof out);
    memcpy(out, r->text, r->len);
    out[r->len] = '\0';
    return out;
}

/* Sentence s of p, its runs joined (a static copy). */
static const char *
sentence_text(const lex_paragraph_t *p, size_t s)
{
    static char out[1024];
    out[0] = '\0';
    for (size_t k = 0; k < p->sentences[s].n_runs; k++)
        strcat(out, run_text(p, s, k));
    return out;
}

/* True when a has the boolean term t. */
static bool
has_term(const lex_analysis_t *a, const char *t)
{
    for (size_t i = 0; i < a->n_terms; i++)
        if (a->terms[i].len == strlen(t) &&
            !memcmp(a->terms[i].data, t, a->terms[i].len))
            return true;
    return false;
}

/* The number of terms of a that start with prefix. */
static size_t
count_terms(const lex_analysis_t *a, const char *prefix)
{
    size_t n = 0, k = strlen(prefix);
    for (size_t i = 0; i < a->n_terms; i++)
        if (a->terms[i].len > k && !memcmp(a->terms[i].data, prefix, k))
            n++;
    return n;
}

/* The value of a in slot, or NULL when it has none. */
static const lex_bytes_t *
value(const lex_analysis_t *a, unsigned slot)
{
    for (size_t i = 0; i < a->n_values; i++)
        if (a->values[i].slot == slot)
            return &a->values[i].value;
    return NULL;
}

/* True when a's value in slot is s. */
static bool
value_is(const lex_analysis_t *a, unsigned slot, const char *s)
{
    const lex_bytes_t *v = value(a, slot);
    return v && v->len == strlen(s) && !memcmp(v->data, s, v->len);
}

START_TEST(sentences_start_a_stride_apart)
{
    lex_bulletin_t *b;
    lex_analysis_t a;
    analysed_item(
        &b, &a, "corpus/2024-01-china-data-bulletin.txt",
        "CAC Consults on Rules for Data Exports",
        "The CAC published draft rules on Dec. 5 for comment. Mr. Li of "
        "the MIIT said Art. 12 applies to e.g. apps! Will fines rise? "
        "国家网信办发布了新规定。企业应当在三十日内备案");
    const lex_paragraph_t *p = &a.body;
    ck_assert_uint_eq(p->weight, 1);
    ck_assert(!p->titled);
    ck_assert_uint_eq(p->n_sentences, 5);
    /* "Dec.", "Mr.", "Art." and "e.g." end no sentence */
    ck_assert_str_eq(sentence_text(p, 0),
                     "The CAC published draft rules on Dec. 5 for comment.");
    ck_assert_str_eq(sentence_text(p, 1),
                     " Mr. Li of the MIIT said Art. 12 applies to e.g. apps!");
    ck_assert_str_eq(sentence_text(p, 2), " Will fines rise?");
    /* the ideographic full stop ends one, with no space after it */
    ck_assert_str_eq(sentence_text(p, 3), " 国家网信办发布了新规定。");
    ck_assert_str_eq(sentence_text(p, 4), "企业应当在三十日内备案");
    for (size_t s = 0; s < 5; s++)
        ck_assert_uint_eq(p->sentences[s].pos,
                          LEX_PARAGRAPH_STRIDE + s * LEX_SENTENCE_STRIDE);
    /* the headline: one sentence from 0, weighed 3, indexed for title: */
    ck_assert_uint_eq(a.headline.n_sentences, 1);
    ck_assert_uint_eq(a.headline.sentences[0].pos, 0);
    ck_assert_uint_eq(a.headline.weight, LEX_HEADLINE_WEIGHT);
    ck_assert(a.headline.titled);
    lex_analysis_free(&a);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(cjk_runs_are_set_apart)
{
    lex_bulletin_t *b;
    lex_analysis_t a;
    analysed_item(&b, &a, "zh.txt", "PIPL《个人信息保护法》 takes effect", "");
    const lex_paragraph_t *p = &a.headline;
    ck_assert_uint_eq(p->n_sentences, 1);
    ck_assert_uint_eq(p->sentences[0].n_runs, 3);
    ck_assert_str_eq(run_text(p, 0, 0), "PIPL");
    ck_assert(!p->runs[0].cjk);
    /* the CJK brackets go with the ideographs */
    ck_assert_str_eq(run_text(p, 0, 1), "《个人信息保护法》");
    ck_assert(p->runs[1].cjk);
    ck_assert_str_eq(run_text(p, 0, 2), " takes effect");
    ck_assert(!p->runs[2].cjk);
    /* an empty body has no sentence */
    ck_assert_uint_eq(a.body.n_sentences, 0);
    ck_assert_uint_eq(a.body.n_runs, 0);
    lex_analysis_free(&a);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(hyphenated_words_are_joined)
{
    lex_bulletin_t *b;
    /* U+2011 (non-breaking hyphen) in "well‑known" */
    lex_analysis_t a;
    analysed_item(&b, &a, "b.txt",
                  "Cross-border Transfers of well\xE2\x80\x91known Data",
                  "The e-CNY pilot -- and a dash-, not -hyphens -- grows.");
    ck_assert_str_eq(a.headline.joined, "Crossborder wellknown ");
    ck_assert_str_eq(a.body.joined, "eCNY ");
    lex_analysis_free(&a);
    lex_bulletin_free(b);

    lex_buf_t out = LEX_BUF_INIT;
    lex_hyphen_joins("no hyphens here", 15, &out);
    ck_assert_str_eq(lex_buf_str(&out), "");
    /* the length bounds the text: "multi-" has lost its second part */
    lex_hyphen_joins("multi-level", 6, &out);
    ck_assert_str_eq(lex_buf_str(&out), "");
    /* a text whose only hyphens are U+2011 or U+2010 has joins too */
    lex_hyphen_joins("a well\xE2\x80\x91known one", 18, &out);
    ck_assert_str_eq(lex_buf_str(&out), "wellknown ");
    lex_hyphen_joins("a data\xE2\x80\x90"
                     "broker",
                     15, &out);
    ck_assert_str_eq(lex_buf_str(&out), "wellknown databroker ");
    lex_buf_free(&out);
}
END_TEST

/* Whether text t of a is s, placed, weighed, prefixed and CJK as said. */
static bool
text_is(const lex_analysis_t *a, size_t t, const char *s, lex_place_t place,
        unsigned pos, unsigned weight, const char *prefix, bool cjk)
{
    ck_assert_uint_lt(t, a->n_texts);
    const lex_text_t *x = &a->texts[t];
    return x->len == strlen(s) && !memcmp(x->text, s, x->len) &&
           x->place == place && (place != LEX_TEXT_AT || x->pos == pos) &&
           x->weight == weight && !strcmp(x->prefix, prefix) && x->cjk == cjk;
}

START_TEST(texts_for_the_term_generators)
{
    lex_bulletin_t *b;
    lex_analysis_t a;
    analysed_item(&b, &a, "t.txt", "Cross-border 数据 rules",
                  "First one. Second");
    const char *S = LEX_PREFIX_TITLE;
    unsigned H = LEX_HEADLINE_WEIGHT, B = LEX_PARAGRAPH_STRIDE;
    /* the headline: its joins without positions, then its runs from 0,
       each also weight 1 under the title prefix; the body only plain */
    ck_assert_uint_eq(a.n_texts, 2 + 3 + 3 + 2);
    ck_assert(text_is(&a, 0, "Crossborder ", LEX_TEXT_UNPLACED, 0, H, "", 0));
    ck_assert(text_is(&a, 1, "Crossborder ", LEX_TEXT_UNPLACED, 0, 1, S, 0));
    ck_assert(text_is(&a, 2, "Cross-border ", LEX_TEXT_AT, 0, H, "", 0));
    ck_assert(text_is(&a, 3, "数据", LEX_TEXT_AFTER, 0, H, "", 1));
    ck_assert(text_is(&a, 4, " rules", LEX_TEXT_AFTER, 0, H, "", 0));
    ck_assert(text_is(&a, 5, "Cross-border ", LEX_TEXT_AT, 0, 1, S, 0));
    ck_assert(text_is(&a, 6, "数据", LEX_TEXT_AFTER, 0, 1, S, 1));
    ck_assert(text_is(&a, 7, " rules", LEX_TEXT_AFTER, 0, 1, S, 0));
    ck_assert(text_is(&a, 8, "First one.", LEX_TEXT_AT, B, 1, "", 0));
    ck_assert(text_is(&a, 9, " Second", LEX_TEXT_AT, B + LEX_SENTENCE_STRIDE, 1,
                      "", 0));
    lex_analysis_free(&a);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(names_are_folded)
{
    lex_buf_t out = LEX_BUF_INIT;
    const char *s = " Data  Security_Law -\tNotes ";
    lex_fold_name(s, strlen(s), &out);
    ck_assert_str_eq(lex_buf_str(&out), "data security law notes");
    lex_buf_reset(&out);
    lex_fold_name("网信办-CAC", strlen("网信办-CAC"), &out);
    ck_assert_str_eq(lex_buf_str(&out), "网信办 cac");
    lex_buf_free(&out);
}
END_TEST

START_TEST(terms_of_origin_section_sites_and_entities)
{
    lex_gazetteer_t *gz;
    lex_err_t err;
    ck_assert_int_eq(lex_gazetteer_load(LEX_CORPUS_DIR "/agencies.tsv",
                                        LEX_CORPUS_DIR "/laws.tsv", &gz, &err),
                     LEX_OK);
    lex_bulletin_t *b;
    lex_item_t *it = new_item(&b, "/data/in/2024-01_China-Data.Bulletin.txt",
                              "Notice on Apps", "Body text.");
    it->section = strdup("Cyber-Security  Review");
    static const char *const urls[] = {
        "https://editor@www.CAC.gov.cn:443/2024-01/05/c_1.htm", "mailto:x",
        "http://localhost/page"};
    it->urls = strings(3, urls);
    it->n_urls = 3;
    static const char *const agencies[] = {"GOSC", "CAC"};
    it->agencies = strings(2, agencies);
    it->n_agencies = 2;
    static const char *const laws[] = {"PIPL"};
    it->laws = strings(1, laws);
    it->n_laws = 1;

    lex_analysis_t a;
    ck_assert_int_eq(lex_analyse_item(b, it, b->path, 42, gz, &a), LEX_OK);
    ck_assert(has_term(&a, a.id_term));
    ck_assert(has_term(&a, "F/data/in/2024-01_China-Data.Bulletin.txt"));
    ck_assert(has_term(&a, "XR42"));
    /* the base name without its last extension, folded */
    ck_assert(has_term(&a, "XN2024 01 china data.bulletin"));
    ck_assert(has_term(&a, "XScyber security review"));
    ck_assert(value_is(&a, LEX_SLOT_SECTION, "Cyber-Security  Review"));
    /* the host without user or port, lower case, and its parents; no
       term for a URL without a host or a host without a dot */
    ck_assert(has_term(&a, "XDwww.cac.gov.cn"));
    ck_assert(has_term(&a, "XDcac.gov.cn"));
    ck_assert(has_term(&a, "XDgov.cn"));
    ck_assert_uint_eq(count_terms(&a, "XD"), 3);
    /* an agency with its parents; the facet value lists those named */
    ck_assert(has_term(&a, "XAGOSC"));
    ck_assert(has_term(&a, "XASTATE_COUNCIL"));
    ck_assert(has_term(&a, "XACAC"));
    ck_assert_uint_eq(count_terms(&a, "XA"), 3);
    ck_assert(has_term(&a, "XLPIPL"));
    ck_assert(value_is(&a, LEX_SLOT_AGENCIES, "GOSC\tCAC"));
    ck_assert(value_is(&a, LEX_SLOT_LAWS, "PIPL"));
    lex_analysis_free(&a);

    /* without a gazetteer, no parents */
    ck_assert_int_eq(lex_analyse_item(b, it, b->path, 42, NULL, &a), LEX_OK);
    ck_assert(!has_term(&a, "XASTATE_COUNCIL"));
    ck_assert_uint_eq(count_terms(&a, "XA"), 2);
    lex_analysis_free(&a);
    lex_bulletin_free(b);
    lex_gazetteer_free(gz);
}
END_TEST

/* section: and bulletin: fold the value like the index's names; site:
   only lowers its case. */
START_TEST(name_terms_of_query_values)
{
    lex_buf_t out = LEX_BUF_INIT;
    const char *v = "Enforcement_Cases -- MIIT";
    lex_name_term("XS", v, strlen(v), true, &out);
    ck_assert_str_eq(lex_buf_str(&out), "XSenforcement cases miit");
    lex_buf_reset(&out);
    lex_name_term("XD", "WWW.Gov.CN", strlen("WWW.Gov.CN"), false, &out);
    ck_assert_str_eq(lex_buf_str(&out), "XDwww.gov.cn");
    lex_buf_reset(&out);
    lex_name_term("XD", "Data Law", strlen("Data Law"), false, &out);
    ck_assert_str_eq(lex_buf_str(&out), "XDdata law");
    lex_buf_free(&out);
}
END_TEST

/* The acronym plurals whose 's' the stemmer drops, and words that look
   like them but are not. */
START_TEST(acronym_plurals)
{
    static const char *yes[] = {"sdks", "b2bs", "cbdcs", "lls"};
    static const char *no[] = {"sdk",   "ss",   "apis", "laws",
                               "sdk-s", "sdkz", "gpys", "网s"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        ck_assert_msg(lex_acronym_plural(yes[i], strlen(yes[i])), "%s", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        ck_assert_msg(!lex_acronym_plural(no[i], strlen(no[i])), "%s", no[i]);
    ck_assert(lex_acronym_plural("sdksX", 4)); /* n bytes, not the NUL */
}
END_TEST

START_TEST(long_keys_are_hashed)
{
    char key[301];
    memset(key, 'k', 300);
    key[300] = '\0';
    char term[LEX_KEY_TERM_SIZE];
    lex_key_term("F", key, term);
    ck_assert_uint_eq(strlen(term), 1 + 1 + 16);
    ck_assert(!strncmp(term, "F#", 2));
    key[LEX_MAX_TERM_BYTES - 1] = '\0'; /* "F" and 199 bytes: kept */
    lex_key_term("F", key, term);
    ck_assert_uint_eq(strlen(term), LEX_MAX_TERM_BYTES);
    ck_assert(!strcmp(term + 1, key));
    key[LEX_MAX_TERM_BYTES - 5] = '\0'; /* "file:" and 195 bytes: kept */
    lex_key_term("file:", key, term);
    ck_assert_uint_eq(strlen(term), LEX_MAX_TERM_BYTES);
    key[LEX_MAX_TERM_BYTES - 5] = 'k'; /* and 196: hashed */
    key[LEX_MAX_TERM_BYTES - 4] = '\0';
    lex_key_term("file:", key, term);
    ck_assert_uint_eq(strlen(term), 5 + 1 + 16);
    ck_assert_uint_eq(strspn(term + 6, "0123456789abcdef"), 16);
    ck_assert(!strncmp(term, "file:#", 6));
}
END_TEST

/* The date number in the first four bytes of an order value. */
static unsigned long
order_day(const lex_bytes_t *v)
{
    const unsigned char *u = (const unsigned char *)v->data;
    return (unsigned long)u[0] << 24 | u[1] << 16 | u[2] << 8 | u[3];
}

START_TEST(dates_items_and_order)
{
    lex_bulletin_t *b;
    lex_item_t *it = new_item(&b, "x.txt", "Headline", "Body.");
    it->date = (lex_date_t){2024, 1, 0, false};
    lex_item_t *undated = lex_bulletin_add_item(b);
    undated->number = 2;
    lex_analysis_t a;

    ck_assert_int_eq(lex_analyse_item(b, it, b->path, 1, NULL, &a), LEX_OK);
    ck_assert(value_is(&a, LEX_SLOT_DATE, "20240100"));
    ck_assert(value_is(&a, LEX_SLOT_MONTH, "2024-01"));
    ck_assert(value_is(&a, LEX_SLOT_ITEM, "1"));
    const lex_bytes_t *order = value(&a, LEX_SLOT_ORDER);
    ck_assert_ptr_nonnull(order);
    ck_assert_uint_eq(order->len, LEX_ORDER_BYTES);
    ck_assert_uint_eq(order_day(order), 20240100);
    /* the order value names the item */
    char term[LEX_ID_TERM_SIZE];
    ck_assert(lex_item_id_term_of_order(order->data, order->len, term));
    ck_assert_str_eq(term, a.id_term);
    ck_assert(!lex_item_id_term_of_order(order->data, order->len - 1, term));
    lex_analysis_free(&a);

    ck_assert_int_eq(lex_analyse_item(b, undated, b->path, 1, NULL, &a),
                     LEX_OK);
    ck_assert_ptr_null(value(&a, LEX_SLOT_DATE));
    ck_assert_ptr_null(value(&a, LEX_SLOT_MONTH));
    ck_assert(value_is(&a, LEX_SLOT_ITEM, "2"));
    ck_assert_uint_eq(order_day(value(&a, LEX_SLOT_ORDER)), 0);
    /* no section, agencies or laws: no values for them */
    ck_assert_ptr_null(value(&a, LEX_SLOT_SECTION));
    ck_assert_ptr_null(value(&a, LEX_SLOT_AGENCIES));
    ck_assert_ptr_null(value(&a, LEX_SLOT_LAWS));
    lex_analysis_free(&a);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(ids_and_their_terms)
{
    lex_bulletin_t *b;
    lex_item_t *it = new_item(&b, "mail/inbox.mbox", "Headline", "Body.");
    it->number = 7;
    lex_analysis_t a;
    ck_assert_int_eq(lex_analyse_item(b, it, b->path, 1, NULL, &a), LEX_OK);
    char term[LEX_ID_TERM_SIZE];
    ck_assert(lex_item_id_term_of_id("mail/inbox.mbox#7", term));
    ck_assert_str_eq(term, a.id_term);
    ck_assert_uint_eq(strlen(a.id_term), 17);
    ck_assert_int_eq(a.id_term[0], 'Q');
    lex_analysis_free(&a);

    /* a message's id is made of its Message-ID, not the file */
    it->message_id = strdup("digest-0107@example.org");
    ck_assert_str_eq(lex_item_id_base(b->path, it), "digest-0107@example.org");
    ck_assert_int_eq(lex_analyse_item(b, it, b->path, 1, NULL, &a), LEX_OK);
    ck_assert(lex_item_id_term_of_id("digest-0107@example.org#7", term));
    ck_assert_str_eq(term, a.id_term);
    ck_assert(has_term(&a, "Fmail/inbox.mbox"));
    lex_analysis_free(&a);
    lex_bulletin_free(b);

    lex_buf_t id = LEX_BUF_INIT;
    lex_item_id("corpus/a.txt", 12, &id);
    ck_assert_str_eq(lex_buf_str(&id), "corpus/a.txt#12");
    lex_buf_free(&id);
    /* what is no item's id */
    ck_assert(!lex_item_id_term_of_id("corpus/a.txt#07", term));
    ck_assert(!lex_item_id_term_of_id("corpus/a.txt#", term));
    ck_assert(!lex_item_id_term_of_id("#7", term));
    ck_assert(!lex_item_id_term_of_id("corpus/a.txt", term));
    ck_assert(!lex_item_id_term_of_id("a#1x", term));
    ck_assert(!lex_item_id_term_of_id("a#1234567890", term));
    ck_assert(lex_item_id_term_of_id("a#0", term));
    ck_assert(lex_item_id_term_of_id("a#123456789", term));
}
END_TEST

START_TEST(record_and_its_hash)
{
    lex_bulletin_t *b;
    lex_analysis_t a;
    lex_item_t *it =
        analysed_item(&b, &a, "r.txt", "Headline", "Body of the item.");
    ck_assert_ptr_nonnull(strstr(a.record.data, "Body of the item."));
    ck_assert_uint_eq(strlen(a.record_hash), 16);
    ck_assert(value_is(&a, LEX_SLOT_CONTENT, a.record_hash));
    char first[17];
    strcpy(first, a.record_hash);
    lex_analysis_free(&a);
    /* a changed item has another hash */
    free(it->body);
    it->body = strdup("Body of the item, amended.");
    ck_assert_int_eq(lex_analyse_item(b, it, b->path, 1, NULL, &a), LEX_OK);
    ck_assert_str_ne(a.record_hash, first);
    lex_analysis_free(&a);
    lex_bulletin_free(b);
}
END_TEST

/* The end lex_sentence_end gives the mark at s[i]. */
static size_t
end_at(const char *s, size_t i)
{
    return lex_sentence_end(s, strlen(s), i);
}

START_TEST(where_sentences_end)
{
    ck_assert_uint_eq(end_at("Fines rose. Then", 10), 11);
    ck_assert_uint_eq(end_at("Fines rose.", 10), 11);
    ck_assert_uint_eq(end_at("Section 5. Then", 9), 10);
    ck_assert_uint_eq(end_at("Order No. 6", 8), 0);
    ck_assert_uint_eq(end_at("by dec. 1", 6), 0);
    ck_assert_uint_eq(end_at("J. Smith", 1), 0);
    ck_assert_uint_eq(end_at("v1.2 rules", 2), 0);
    ck_assert_uint_eq(end_at("Why? Because", 3), 4);
    ck_assert_uint_eq(end_at("Why?!", 3), 0);
    ck_assert_uint_eq(end_at("规定。企业", 6), 9);
    ck_assert_uint_eq(end_at("rules", 0), 0);
    /* a closing quote or bracket goes with the sentence it closes */
    ck_assert_uint_eq(end_at("of \"misuse.\" The", 10), 12);
    ck_assert_uint_eq(end_at("(in force.) Then", 9), 11);
    ck_assert_uint_eq(end_at("“misuse.” The", 9), 13);
    ck_assert_uint_eq(end_at("规定。”企业", 6), 12);
    ck_assert_uint_eq(end_at("and so on… Then", 9), 12);
    /* at the end of the text, an abbreviation's stop ends it too */
    ck_assert_uint_eq(end_at("apps, etc. Then", 9), 0);
    ck_assert_uint_eq(end_at("apps, etc.", 9), 10);

    /* a scan goes from mark to mark: each kind is found, mid-text */
    const char *marked = "a. b! c? d… e。f";
    size_t n = strlen(marked), at[] = {1, 4, 7, 10, 15}, from = 0;
    for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
        from = lex_sentence_mark_from(marked, n, from);
        ck_assert_uint_eq(from, at[k]);
        from++;
    }
    ck_assert_uint_eq(lex_sentence_mark_from(marked, n, from), n);
    ck_assert_uint_eq(lex_sentence_mark_from("no mark", 7, 0), 7);

    /* the text parser's question: does a line close a sentence? */
    const char *closed[] = {
        "Fines rose.",      "Did they?",     "(see Art. 5.)",
        "He said \"no.\"",  "已施行。",      "and so on…",
        "audit its...more", "more in [...]", "banks, insurers, etc.",
        "Acme Co., Ltd."};
    for (size_t i = 0; i < sizeof closed / sizeof *closed; i++)
        ck_assert_msg(lex_ends_sentence(closed[i], strlen(closed[i])), "%s",
                      closed[i]);
    const char *open[] = {"Key Highlights", "Article 5", "(see Art. 5)",
                          "fines rose.\"\"", ""};
    for (size_t i = 0; i < sizeof open / sizeof *open; i++)
        ck_assert_msg(!lex_ends_sentence(open[i], strlen(open[i])), "%s",
                      open[i]);
}
END_TEST

/* Runs the tests. */
UNIT_MAIN("analysis",
          UNIT_TCASE("item", NULL, NULL, sentences_start_a_stride_apart,
                     cjk_runs_are_set_apart, hyphenated_words_are_joined,
                     texts_for_the_term_generators, names_are_folded,
                     terms_of_origin_section_sites_and_entities,
                     long_keys_are_hashed, name_terms_of_query_values,
                     acronym_plurals, dates_items_and_order,
                     ids_and_their_terms, record_and_its_hash,
                     where_sentences_end))
