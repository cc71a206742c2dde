/*
 * test_parse_variants.c - the plain-text parser on the layouts real
 * bulletins use beyond the two seeds: one file of our own per variation
 * in tests/data/text/.  Each test checks that no item's text is lost and
 * that headlines, sections, dates and footnotes come out right.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "parse.h"
#include "unit_cases.h"
#include "unit_util.h"
#include "textlines.h"

/* Parses tests/data/text/NAME, failing the test on any error. */
static lex_bulletin_t *
parse(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/text/%s", LEX_TESTDATA_DIR, name);
    return parse_file(path, lex_parse_text);
}

/* What one item of a layout must show; a NULL or 0 field is not checked. */
typedef struct {
    const char *headline; /* with it, the footnote number is checked */
    int footnote;
    const char *date; /* YYYY-MM-DD or YYYY-MM, with the approximate flag */
    bool approximate;
    const char *section;
    unsigned line;          /* the line the item starts on */
    const char *body_start; /* the first words of the body */
    const char *body_has;   /* text this item's body holds */
    const char *url;        /* the item's first link */
} want_item_t;

/* One file of tests/data/text and what its bulletin must hold. */
typedef struct {
    const char *file;
    size_t n_items;
    const char *title;      /* NULL: not checked */
    want_item_t items[6];   /* items[i] checks item i */
    const char *in_body[2]; /* text some item's body holds */
    const char *absent[3];  /* text no item's headline or body holds */
} layout_t;

/* clang-format off */
static const layout_t layouts[] = {
    {"glued-heading.txt", 2, "China Data Update 12 May 2023",
     .items = {{"Draft Rules on Data Labelling Released", 1, "2023-05-08",
                .section = "LEGISLATION"},
               {.section = "Enforcement Cases"}}},
    /* share and print links are no part of any item */
    {"chrome.txt", 2,
     .items = {{"Ministry Publishes Vehicle Data Guide", 1, "2023-06-02"},
               {"Court Rules on Smart Doorbell Footage", 2, "2023-06-09"}},
     .absent = {"Share", "Print", "Tweet"}},
    {"more-headings.txt", 5,
     .items = {{.section = "Legislative Developments"},
               {.section = "Regulatory Developments"},
               {.section = "Enforcement Developments"},
               {.section = "Key Highlights"}, {.section = "Our View"}}},
    {"no-blank-line.txt", 2,
     .items = {{"Province Issues Cloud Security Notice", 1, "2023-08-01"},
               {"School App Audit Completed", 2, "2023-08-04", .line = 4,
                .body_start = "On August 4"}}},
    {"bullets.txt", 3,
     .items = {{"Smart meters", 1, "2023-09-04"},
               {"Ride hailing", 2, "2023-09-06"},
               {"Hospitals", 3, "2023-09", true,
                .body_start = "Recently, hospitals"}}},
    {"numbered-headlines.txt", 2,
     .items = {{"Guidance on Data Brokers Published", 1, "2024-02-05"},
               {"Bank Fined for Weak Passwords", 2, "2024-02-27"}}},
    {"headline-colon.txt", 2, "Monthly Notes - October 2023",
     .items = {{"Telecom operators warned", 1, "2023-10-09",
                .body_start = "On October 9, 2023"},
               {"Museum ticketing", 2, "2023-10-16"}}},
    /* with no headline, the paragraph's first sentence is one */
    {"no-headline.txt", 2,
     .items = {{"On November 2, 2023, the authority published a list of "
                "twelve apps that collected more data than their functions "
                "required.", 1, "2023-11-02"},
               {"On November 14, a court held that a gym could not make face "
                "scanning the only way to enter its premises.", 2,
                "2023-11-14"}},
     .in_body = {"Members must be offered a card instead."}},
    {"glued-footnote.txt", 2,
     .items = {{"Notice on Network Product Testing (Draft)", 1, "2023-12-01",
                .url = "https://www.tc260.org.cn/testing.htm"},
               {"Guide to Incident Reporting", 2, "2023-12-08"}},
     .in_body = {"for public comment (Draft)."}},
    {"date-forms.txt", 6,
     .items = {{.date = "2023-02-27"}, {.date = "2023-07-07"},
               {.date = "2023-02-24"}, {.date = "2023-08-13"},
               {.date = "2023-08-14"}, {.date = "2020-01-08"}}},
    {"truncated.txt", 1,
     .items = {{"Regulator Consults on Smart Speaker Rules", 0, "2024-01-10"}},
     .in_body = {"visitors to a ho"}},
    /* each Chinese paragraph stays with the item it translates */
    {"bilingual.txt", 2,
     .items = {{"Shanghai Publishes Data Export List", 1, "2024-02-05",
                .body_has = "上海自贸区"},
               {"Beijing Tests Public Data Licensing", 2, "2024-02-12",
                .body_has = "北京开始试点"}}},
    {"glued-run.txt", 3, "China Privacy Brief - May 2024",
     .items = {{"Regulator Opens Consultation on Smart Glasses", 1,
                "2024-05-06"},
               {"Ministry Lists Apps That Must Fix Consent Screens", 2,
                "2024-05-13", .line = 5},
               {"Court Upholds Fine Against Parcel Locker Firm", 3,
                "2024-05-21", .url = "https://www.hshfy.sh.cn/locker.htm"}},
     .absent = {"Follow the links", "Subscribe"}},
    {"digest-notes.txt", 3, "Data Protection Digest",
     .items = {{.line = 5}, {.line = 7},
               {.line = 9, .body_start = "Guangdong's public security"}},
     .absent = {"This newsletter summarises", "mailing list", "Related"}},
    /* the lead under "Key Highlights" is not an item */
    {"key-highlights.txt", 2,
     .items = {{"CAC Publishes Guidance on Data Brokers", 0, "2024-02-05"},
               {"City Bank Fined Over Default Passwords", 0, "2024-02-27"}},
     .absent = {"take effect next quarter", "write to our editors"}},
    {"single-article.txt", 1,
     .items = {{"Province Sets Up a Data Exchange for Hospitals", 0,
                "2024-03-03", .line = 2}},
     .in_body = {"opened an exchange through which hospitals",
                 "may face a fine under the Personal"},
     .absent = {"Li Wen and Mark Hollis advise", "Related articles"}},
    /* an article with a standfirst, subheadings and notes */
    {"article-subheads.txt", 1,
     .items = {{"Coastal province names the first hospitals allowed to "
                "share records across cities", 0, "2024-06-04", .line = 3}},
     .in_body = {"billing data: never shared", "at the end of each quarter"},
     .absent = {"Personal Information Protection Law, Article"}},
    /* notes dated inside their prose */
    {"digest-prose-dates.txt", 4,
     .items = {{.date = "2022-07-19"}, {.date = "2022-07-27"},
               {.date = "2022-08-01", .line = 7},
               {.date = "2022-09"}}},
    /* listing entries end at "Continue reading" */
    {"listing-continue.txt", 2,
     .items = {{.line = 3, .body_has = "On June 2, 2024, the authority"},
               {"Shipping Agent Fined for Open Server", 0, "2024-07-27"}},
     .in_body = {"The rule takes effect on January 1, 2025."},
     .absent = {"Lise M. Holm"}},
    {"zh-bulletin.txt", 3,
     .items = {{"国家网信办发布《促进和规范数据跨境流动规定》", 0,
                "2024-03-22", .section = "立法动态"},
               {"工业和信息化部就车联网安全标准征求意见", 0, "2024-03-15"},
               {"上海市公安局通报一起倒卖快递信息案件", 0, "2024-03-08",
                .section = "执法动态"}},
     .absent = {"免责声明"}},
    /* each entry starts at the date line above its title */
    {"listing-dated.txt", 2,
     .items = {{"Shenzhen Opens a Register for Data Products", 0,
                "2024-03-12", .line = 3},
               {"Courts Publish Guidance on Scraping Cases", 0, "2024-02-28",
                .line = 11}},
     .absent = {"Continue reading", "Insights"}},
    /* the link printed under a numbered item is its source */
    {"numbered-metadata.txt", 2,
     .items = {{"Law on Rural Broadband Access", 0, "2024-06-12",
                .url = "https://www.npc.gov.cn/broadband.html"},
               {"Rules on Drone Flight Logs", 0, "2024-06-20", .line = 13}},
     .in_body = {"Adopted by the Standing Committee",
                 "hand them to inspectors"}},
    /*
     * A Chinese notice that prints a regulation in full: its chapter and
     * article lines ("第一章 总则", "第一条 ...") stay in the notice's item.
     */
    {"zh-quoted-rules.txt", 1,
     .items = {{"国家网信办发布《网络数据安全管理条例》解读", 0,
                .body_has = "第一章"}},
     .in_body = {"第二条"}},
    /*
     * A Chinese firm's page: menu blocks (a heading and a paragraph each)
     * above the article's title and its "【发布时间】" line are furniture,
     * the site's name after "｜" is no part of the headline, a line ending
     * in "：" introduces the paragraphs under it, and the download widget
     * and QR-code prompt at the end make no item.
     */
    {"zh-firm-article.txt", 1,
     .items = {{"个人信息保护合规审计办法施行一周年观察", 0, "2026-05-01",
                .line = 13, .body_has = "三是评估"}},
     .absent = {"全文下载"}},
    /*
     * A Chinese year review whose items open "10月14日，" or with a news
     * report's "新华社北京10月28日电": the year comes from the page's
     * title (2025), not from the later "2026年1月1日".
     */
    {"zh-year-review.txt", 3,
     .items = {{"个人信息出境认证办法公布", 0, "2025-10-14"},
               {"网络安全法修改决定通过", 0, "2025-10-28"},
               {"国家网络身份认证公共服务管理办法施行", 0, "2025-07-15"}}},
};
/* clang-format on */

/* Asserts that item i of the bulletin parsed from file is as want says. */
static void
check_item(const char *file, const lex_bulletin_t *b, size_t i,
           const want_item_t *want)
{
    const lex_item_t *it = &b->items[i];
    if (want->headline) {
        ck_assert_msg(!strcmp(it->headline, want->headline),
                      "%s item %zu: headline \"%s\"", file, i, it->headline);
        ck_assert_msg(it->footnote == want->footnote,
                      "%s item %zu: footnote %d", file, i, it->footnote);
    }
    if (want->date) {
        char got[16];
        lex_date_format(&it->date, got, sizeof got);
        ck_assert_msg(!strcmp(got, want->date) &&
                          it->date.approximate == want->approximate,
                      "%s item %zu: date %s%s", file, i, got,
                      it->date.approximate ? " (approximate)" : "");
    }
    if (want->section)
        ck_assert_msg(!strcmp(it->section, want->section),
                      "%s item %zu: section \"%s\"", file, i, it->section);
    if (want->line)
        ck_assert_msg(it->line == want->line, "%s item %zu: line %u", file, i,
                      (unsigned)it->line);
    if (want->body_start)
        ck_assert_msg(
            !strncmp(it->body, want->body_start, strlen(want->body_start)),
            "%s item %zu: body starts \"%.30s\"", file, i, it->body);
    if (want->body_has)
        ck_assert_msg(strstr(it->body, want->body_has) != NULL,
                      "%s item %zu: body lacks \"%s\"", file, i,
                      want->body_has);
    if (want->url)
        ck_assert_msg(it->n_urls > 0 && !strcmp(it->urls[0], want->url),
                      "%s item %zu: %zu links, not %s", file, i, it->n_urls,
                      want->url);
}

/* True when some item's body contains text. */
static bool
in_some_body(const lex_bulletin_t *b, const char *text)
{
    for (size_t i = 0; i < b->n_items; i++)
        if (strstr(b->items[i].body, text))
            return true;
    return false;
}

/* True when no item's headline or body contains text. */
static bool
in_no_item(const lex_bulletin_t *b, const char *text)
{
    for (size_t i = 0; i < b->n_items; i++)
        if (strstr(b->items[i].body, text) ||
            strstr(b->items[i].headline, text))
            return false;
    return true;
}

/*
 * One layout of layouts[]: the file parses into as many items as it
 * says, with its title, its items as their rows say, the text the
 * bulletin must keep in some body and the chrome it must drop.
 */
START_TEST(layout_items)
{
    const layout_t *l = &layouts[_i];
    lex_bulletin_t *b = parse(l->file);
    ck_assert_msg(b->n_items == l->n_items, "%s: %zu items, not %zu", l->file,
                  b->n_items, l->n_items);
    if (l->title)
        ck_assert_msg(b->title && !strcmp(b->title, l->title),
                      "%s: title \"%s\"", l->file, b->title ? b->title : "");
    for (size_t i = 0; i < l->n_items && i < 6; i++)
        check_item(l->file, b, i, &l->items[i]);
    for (size_t k = 0; k < 2 && l->in_body[k]; k++)
        ck_assert_msg(in_some_body(b, l->in_body[k]),
                      "%s: no body holds \"%s\"", l->file, l->in_body[k]);
    for (size_t k = 0; k < 3 && l->absent[k]; k++)
        ck_assert_msg(in_no_item(b, l->absent[k]), "%s: an item holds \"%s\"",
                      l->file, l->absent[k]);
    lex_bulletin_free(b);
}
END_TEST

/*
 * A "Topic:" lead-in that opens a paragraph under every point
 * ("Recommended actions:") is a label of the page's template: the
 * paragraph belongs to the point above, it starts no item.
 */
START_TEST(repeated_lead_in_is_a_label)
{
    lex_bulletin_t *b = parse("repeated-label.txt");
    const char *heads[] = {"Export of personal information",
                           "Network data security"};
    const char *actions[] = {"written record", "yearly risk report"};
    size_t found = 0;
    for (size_t i = 0; i < b->n_items; i++) {
        const lex_item_t *it = &b->items[i];
        ck_assert_msg(strncmp(it->headline, "Recommended", 11) != 0 &&
                          strncmp(it->body, "Recommended", 11) != 0,
                      "item %zu starts at the label", i);
        for (size_t k = 0; k < 2; k++)
            if (!strcmp(it->headline, heads[k])) {
                ck_assert_ptr_nonnull(strstr(it->body, actions[k]));
                found++;
            }
    }
    ck_assert_uint_eq(found, 2);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(line_features)
{
    int y, m, d;
    ck_assert(lex_line_is_chrome("Share | Print | Email"));
    ck_assert(lex_line_is_chrome("TOTAL: 0 items Update cart Checkout"));
    ck_assert(lex_line_is_chrome("Follow the links below to read more."));
    ck_assert(lex_line_is_chrome("Time 4 Minute Read"));
    ck_assert(lex_line_is_chrome("2. 相关阅读：本周要闻"));
    ck_assert(!lex_line_is_chrome("Shanghai Shares Public Data With Firms"));
    ck_assert(!lex_line_is_chrome("Related Party Rules Take Effect"));
    ck_assert(lex_line_is_byline("By Jane Smith"));
    ck_assert(lex_line_is_byline("Example & Partners LLP"));
    ck_assert(!lex_line_is_byline("By March 2025, firms must file."));
    ck_assert(lex_line_is_byline("By Ana Ruiz, Tom Berg, Lise M. Holm, Karl "
                                 "Janssen, Petra Novak, and John A. Wells"));
    ck_assert(!lex_line_is_byline("By the end of the year the port, the "
                                  "bureau and the courts will share data"));
    ck_assert(lex_line_is_chrome("This piece was written for a partner "
                                 "journal. Read more on Harbour Review"));
    ck_assert_uint_eq(lex_inline_chrome_at("Harbour Digest, 29 July 2022 "
                                           "Related reading: Ports and data"),
                      28);
    ck_assert_uint_eq(lex_inline_chrome_at("Related rules take effect"), 0);
    ck_assert(lex_line_is_dateline("Updated: 8:19pm, 3 Nov, 2021", &y, &m, &d));
    ck_assert(y == 2021 && m == 11 && d == 3);
    ck_assert(lex_line_is_dateline("Published: 3 March 2024", &y, &m, &d));
    ck_assert(y == 2024 && m == 3 && d == 3);
    ck_assert(lex_line_is_dateline("发布时间：2024-12-28 16:39", &y, &m, &d));
    ck_assert(lex_line_is_dateline(
        "发布时间：2022-12-13 22:04 来源：工业和信息化部网络安全管理局", &y, &m,
        &d));
    ck_assert(y == 2022 && m == 12 && d == 13);
    ck_assert(lex_line_is_dateline("【发布时间】2024年03月05日", &y, &m, &d));
    ck_assert(y == 2024 && m == 3 && d == 5);
    ck_assert(lex_line_is_dateline("发布日期:2023-07-14     来源:央视网", &y,
                                   &m, &d));
    ck_assert(y == 2023 && m == 7 && d == 14);
    ck_assert(lex_line_is_chrome("全文下载"));
    ck_assert(lex_line_is_chrome("图片"));
    ck_assert(!lex_line_is_chrome("图片管理规定公布"));
    ck_assert(!lex_line_is_dateline("On 3 March 2024 the bureau fined a shop.",
                                    &y, &m, &d));
    ck_assert_uint_eq(lex_list_marker_len("12. Title"), 4);
    ck_assert_uint_eq(lex_list_marker_len("(3) Title"), 4);
    ck_assert_uint_eq(lex_list_marker_len("（二）标题"), 9);
    ck_assert_uint_eq(lex_list_marker_len("十一、标题"), 9);
    ck_assert_uint_eq(lex_list_marker_len("1.5 million users"), 0);
    ck_assert_uint_eq(lex_list_marker_len("2023.08.13 The agency"), 0);
    ck_assert(lex_is_lead_section("Key Highlights:"));
    ck_assert(lex_headline_score("Court Fines Retailer Over Loyalty Data") > 0);
    ck_assert(lex_headline_score("The court fined a retailer for sharing "
                                 "loyalty card data with partners.") < 0);
}
END_TEST

/* lex_has_word finds a word in any case, wherever it starts, and only
   whole: the first letter's two cases, a match at the very end, a
   near-match before the real one, a word running past the end. */
START_TEST(has_word_in_any_case)
{
    ck_assert(lex_has_word("Photo credit: the bureau", "photo credit"));
    ck_assert(lex_has_word("see the PHOTO CREDIT", "photo credit"));
    ck_assert(lex_has_word("a caption. Image:", "Image:"));
    ck_assert(lex_has_word("pppphoto: x", "Photo:"));
    ck_assert(lex_has_word("o: Photo: x", "photo:"));
    ck_assert(lex_has_word("Checkout total", "TOTAL"));
    ck_assert(lex_has_word("Photographs, then Photo: one", "photo:"));
    ck_assert(!lex_has_word("Photographs of the bureau", "Photo:"));
    ck_assert(!lex_has_word("the last word is phot", "photo"));
    ck_assert(!lex_has_word("", "photo"));
    ck_assert(lex_has_word("& more", "&"));
    ck_assert(lex_line_is_chrome("A wide view of the court. Photo: staff"));
    ck_assert(!lex_line_is_chrome("The court fined the platform in June."));
}
END_TEST

static Suite *
variants_suite(void)
{
    Suite *s = suite_create("parse_variants");
    TCase *tc = tcase_create("variants");
    ADD_ROW_TEST(tc, layout_items, layouts);
    ADD_TESTS(tc, repeated_lead_in_is_a_label, line_features,
              has_word_in_any_case);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return run_suite(variants_suite());
}
