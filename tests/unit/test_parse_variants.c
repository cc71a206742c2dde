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

/* Checks item i's headline, date, approximate flag and footnote. */
static void
check_item(const lex_bulletin_t *b, size_t i, const char *headline,
           const char *date, bool approximate, int footnote)
{
    char got[16];
    ck_assert_uint_gt(b->n_items, i);
    const lex_item_t *it = &b->items[i];
    ck_assert_str_eq(it->headline, headline);
    lex_date_format(&it->date, got, sizeof got);
    ck_assert_str_eq(got, date);
    ck_assert_int_eq(it->date.approximate, approximate);
    ck_assert_int_eq(it->footnote, footnote);
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

START_TEST(date_and_section_glued_before_first_item)
{
    lex_bulletin_t *b = parse("glued-heading.txt");
    ck_assert_uint_eq(b->n_items, 2);
    ck_assert_str_eq(b->title, "China Data Update 12 May 2023");
    ck_assert_str_eq(b->items[0].section, "LEGISLATION");
    ck_assert_str_eq(b->items[1].section, "Enforcement Cases");
    check_item(b, 0, "Draft Rules on Data Labelling Released", "2023-05-08",
               false, 1);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(page_chrome_is_dropped)
{
    lex_bulletin_t *b = parse("chrome.txt");
    ck_assert_uint_eq(b->n_items, 2);
    check_item(b, 0, "Ministry Publishes Vehicle Data Guide", "2023-06-02",
               false, 1);
    check_item(b, 1, "Court Rules on Smart Doorbell Footage", "2023-06-09",
               false, 2);
    for (size_t i = 0; i < b->n_items; i++) {
        ck_assert_ptr_null(strstr(b->items[i].body, "Share"));
        ck_assert_ptr_null(strstr(b->items[i].body, "Print"));
        ck_assert_ptr_null(strstr(b->items[i].headline, "Tweet"));
    }
    lex_bulletin_free(b);
}
END_TEST

START_TEST(other_section_headings)
{
    static const char *const sections[] = {
        "Legislative Developments", "Regulatory Developments",
        "Enforcement Developments", "Key Highlights", "Our View"};
    lex_bulletin_t *b = parse("more-headings.txt");
    ck_assert_uint_eq(b->n_items, 5);
    for (size_t i = 0; i < 5; i++)
        ck_assert_str_eq(b->items[i].section, sections[i]);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(headline_directly_above_paragraph)
{
    lex_bulletin_t *b = parse("no-blank-line.txt");
    ck_assert_uint_eq(b->n_items, 2);
    check_item(b, 0, "Province Issues Cloud Security Notice", "2023-08-01",
               false, 1);
    check_item(b, 1, "School App Audit Completed", "2023-08-04", false, 2);
    ck_assert_uint_eq(b->items[1].line, 4);
    ck_assert(!strncmp(b->items[1].body, "On August 4", 11));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(bullet_items)
{
    lex_bulletin_t *b = parse("bullets.txt");
    ck_assert_uint_eq(b->n_items, 3);
    check_item(b, 0, "Smart meters", "2023-09-04", false, 1);
    check_item(b, 1, "Ride hailing", "2023-09-06", false, 2);
    check_item(b, 2, "Hospitals", "2023-09", true, 3);
    ck_assert(!strncmp(b->items[2].body, "Recently, hospitals", 19));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(numbered_headlines_with_dates)
{
    lex_bulletin_t *b = parse("numbered-headlines.txt");
    ck_assert_uint_eq(b->n_items, 2);
    check_item(b, 0, "Guidance on Data Brokers Published", "2024-02-05", false,
               1);
    check_item(b, 1, "Bank Fined for Weak Passwords", "2024-02-27", false, 2);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(headline_colon_body_on_one_line)
{
    lex_bulletin_t *b = parse("headline-colon.txt");
    ck_assert_uint_eq(b->n_items, 2);
    ck_assert_str_eq(b->title, "Monthly Notes - October 2023");
    check_item(b, 0, "Telecom operators warned", "2023-10-09", false, 1);
    check_item(b, 1, "Museum ticketing", "2023-10-16", false, 2);
    ck_assert(!strncmp(b->items[0].body, "On October 9, 2023", 18));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(paragraphs_without_headlines)
{
    lex_bulletin_t *b = parse("no-headline.txt");
    ck_assert_uint_eq(b->n_items, 2);
    check_item(b, 0,
               "On November 2, 2023, the authority published a list of twelve "
               "apps that collected more data than their functions required.",
               "2023-11-02", false, 1);
    check_item(b, 1,
               "On November 14, a court held that a gym could not make face "
               "scanning the only way to enter its premises.",
               "2023-11-14", false, 2);
    ck_assert(in_some_body(b, "Members must be offered a card instead."));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(footnotes_glued_to_text)
{
    lex_bulletin_t *b = parse("glued-footnote.txt");
    ck_assert_uint_eq(b->n_items, 2);
    check_item(b, 0, "Notice on Network Product Testing (Draft)", "2023-12-01",
               false, 1);
    check_item(b, 1, "Guide to Incident Reporting", "2023-12-08", false, 2);
    ck_assert_str_eq(b->items[0].urls[0],
                     "https://www.tc260.org.cn/testing.htm");
    ck_assert(in_some_body(b, "for public comment (Draft)."));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(date_forms)
{
    static const char *const dates[] = {"2023-02-27", "2023-07-07",
                                        "2023-02-24", "2023-08-13",
                                        "2023-08-14", "2020-01-08"};
    lex_bulletin_t *b = parse("date-forms.txt");
    ck_assert_uint_eq(b->n_items, 6);
    for (size_t i = 0; i < 6; i++) {
        char got[16];
        lex_date_format(&b->items[i].date, got, sizeof got);
        ck_assert_str_eq(got, dates[i]);
        ck_assert(!b->items[i].date.approximate);
    }
    lex_bulletin_free(b);
}
END_TEST

START_TEST(file_cut_off_mid_word)
{
    lex_bulletin_t *b = parse("truncated.txt");
    ck_assert_uint_eq(b->n_items, 1);
    check_item(b, 0, "Regulator Consults on Smart Speaker Rules", "2024-01-10",
               false, 0);
    ck_assert(in_some_body(b, "visitors to a ho"));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(chinese_paragraphs_between_english_ones)
{
    lex_bulletin_t *b = parse("bilingual.txt");
    ck_assert_uint_eq(b->n_items, 2);
    check_item(b, 0, "Shanghai Publishes Data Export List", "2024-02-05", false,
               1);
    check_item(b, 1, "Beijing Tests Public Data Licensing", "2024-02-12", false,
               2);
    /* each Chinese paragraph stays with the item it translates */
    ck_assert_ptr_nonnull(strstr(b->items[0].body, "上海自贸区"));
    ck_assert_ptr_nonnull(strstr(b->items[1].body, "北京开始试点"));
    lex_bulletin_free(b);
}
END_TEST

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

START_TEST(glued_headlines_without_blank_lines)
{
    lex_bulletin_t *b = parse("glued-run.txt");
    ck_assert_uint_eq(b->n_items, 3);
    ck_assert_str_eq(b->title, "China Privacy Brief - May 2024");
    check_item(b, 0, "Regulator Opens Consultation on Smart Glasses",
               "2024-05-06", false, 1);
    check_item(b, 1, "Ministry Lists Apps That Must Fix Consent Screens",
               "2024-05-13", false, 2);
    check_item(b, 2, "Court Upholds Fine Against Parcel Locker Firm",
               "2024-05-21", false, 3);
    ck_assert_uint_eq(b->items[1].line, 5);
    ck_assert_str_eq(b->items[2].urls[0], "https://www.hshfy.sh.cn/locker.htm");
    ck_assert(in_no_item(b, "Follow the links"));
    ck_assert(in_no_item(b, "Subscribe"));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(digest_paragraphs_are_items)
{
    lex_bulletin_t *b = parse("digest-notes.txt");
    ck_assert_uint_eq(b->n_items, 3);
    ck_assert_str_eq(b->title, "Data Protection Digest");
    ck_assert_uint_eq(b->items[0].line, 5);
    ck_assert_uint_eq(b->items[1].line, 7);
    ck_assert_uint_eq(b->items[2].line, 9);
    ck_assert(!strncmp(b->items[2].body, "Guangdong's public security", 27));
    ck_assert(in_no_item(b, "This newsletter summarises"));
    ck_assert(in_no_item(b, "mailing list"));
    ck_assert(in_no_item(b, "Related"));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(key_highlights_lead_is_not_an_item)
{
    lex_bulletin_t *b = parse("key-highlights.txt");
    ck_assert_uint_eq(b->n_items, 2);
    check_item(b, 0, "CAC Publishes Guidance on Data Brokers", "2024-02-05",
               false, 0);
    check_item(b, 1, "City Bank Fined Over Default Passwords", "2024-02-27",
               false, 0);
    ck_assert(in_no_item(b, "take effect next quarter"));
    ck_assert(in_no_item(b, "write to our editors"));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(single_article_is_one_item)
{
    lex_bulletin_t *b = parse("single-article.txt");
    ck_assert_uint_eq(b->n_items, 1);
    check_item(b, 0, "Province Sets Up a Data Exchange for Hospitals",
               "2024-03-03", false, 0);
    ck_assert_uint_eq(b->items[0].line, 2);
    ck_assert(in_some_body(b, "opened an exchange through which hospitals"));
    ck_assert(in_some_body(b, "may face a fine under the Personal"));
    ck_assert(in_no_item(b, "Li Wen and Mark Hollis advise"));
    ck_assert(in_no_item(b, "Related articles"));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(article_with_standfirst_subheadings_and_notes)
{
    lex_bulletin_t *b = parse("article-subheads.txt");
    ck_assert_uint_eq(b->n_items, 1);
    check_item(b, 0,
               "Coastal province names the first hospitals allowed to share "
               "records across cities",
               "2024-06-04", false, 0);
    ck_assert_uint_eq(b->items[0].line, 3);
    ck_assert(in_some_body(b, "billing data: never shared"));
    ck_assert(in_some_body(b, "at the end of each quarter"));
    ck_assert(in_no_item(b, "Personal Information Protection Law, Article"));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(notes_dated_inside_their_prose)
{
    lex_bulletin_t *b = parse("digest-prose-dates.txt");
    ck_assert_uint_eq(b->n_items, 4);
    ck_assert_uint_eq(b->items[2].line, 7);
    char got[16];
    static const char *const want[] = {"2022-07-19", "2022-07-27", "2022-08-01",
                                       "2022-09"};
    for (size_t i = 0; i < 4; i++) {
        lex_date_format(&b->items[i].date, got, sizeof got);
        ck_assert_str_eq(got, want[i]);
    }
    lex_bulletin_free(b);
}
END_TEST

START_TEST(listing_entries_end_at_continue_reading)
{
    lex_bulletin_t *b = parse("listing-continue.txt");
    ck_assert_uint_eq(b->n_items, 2);
    ck_assert_uint_eq(b->items[0].line, 3);
    ck_assert(in_some_body(b, "The rule takes effect on January 1, 2025."));
    ck_assert(strstr(b->items[0].body, "On June 2, 2024, the authority"));
    ck_assert(in_no_item(b, "Lise M. Holm"));
    check_item(b, 1, "Shipping Agent Fined for Open Server", "2024-07-27",
               false, 0);
    lex_bulletin_free(b);
}
END_TEST

START_TEST(chinese_numbered_headlines)
{
    lex_bulletin_t *b = parse("zh-bulletin.txt");
    ck_assert_uint_eq(b->n_items, 3);
    check_item(b, 0, "国家网信办发布《促进和规范数据跨境流动规定》",
               "2024-03-22", false, 0);
    check_item(b, 1, "工业和信息化部就车联网安全标准征求意见", "2024-03-15",
               false, 0);
    check_item(b, 2, "上海市公安局通报一起倒卖快递信息案件", "2024-03-08",
               false, 0);
    ck_assert_str_eq(b->items[0].section, "立法动态");
    ck_assert_str_eq(b->items[2].section, "执法动态");
    ck_assert(in_no_item(b, "免责声明"));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(dated_listing_entries)
{
    lex_bulletin_t *b = parse("listing-dated.txt");
    ck_assert_uint_eq(b->n_items, 2);
    check_item(b, 0, "Shenzhen Opens a Register for Data Products",
               "2024-03-12", false, 0);
    check_item(b, 1, "Courts Publish Guidance on Scraping Cases", "2024-02-28",
               false, 0);
    /* each entry starts at the date line above its title */
    ck_assert_uint_eq(b->items[0].line, 3);
    ck_assert_uint_eq(b->items[1].line, 11);
    ck_assert(in_no_item(b, "Continue reading"));
    ck_assert(in_no_item(b, "Insights"));
    lex_bulletin_free(b);
}
END_TEST

START_TEST(numbered_headlines_with_metadata_lines)
{
    lex_bulletin_t *b = parse("numbered-metadata.txt");
    ck_assert_uint_eq(b->n_items, 2);
    check_item(b, 0, "Law on Rural Broadband Access", "2024-06-12", false, 0);
    check_item(b, 1, "Rules on Drone Flight Logs", "2024-06-20", false, 0);
    ck_assert_uint_eq(b->items[1].line, 13);
    /* the link printed under the item is its source */
    ck_assert_uint_eq(b->items[0].n_urls, 1);
    ck_assert_str_eq(b->items[0].urls[0],
                     "https://www.npc.gov.cn/broadband.html");
    ck_assert(in_some_body(b, "Adopted by the Standing Committee"));
    ck_assert(in_some_body(b, "hand them to inspectors"));
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

/*
 * A Chinese notice that prints a regulation in full: its chapter and
 * article lines ("第一章 总则", "第一条 ...") stay in the notice's item.
 */
START_TEST(quoted_regulation_stays_in_notice)
{
    lex_bulletin_t *b = parse("zh-quoted-rules.txt");
    ck_assert_uint_eq(b->n_items, 1);
    ck_assert_str_eq(b->items[0].headline,
                     "国家网信办发布《网络数据安全管理条例》解读");
    ck_assert_ptr_nonnull(strstr(b->items[0].body, "第一章"));
    ck_assert_ptr_nonnull(strstr(b->items[0].body, "第二条"));
    lex_bulletin_free(b);
}
END_TEST

/*
 * A Chinese firm's page: menu blocks (a heading and a paragraph each)
 * above the article's title and its "【发布时间】" line are furniture, the
 * site's name after "｜" is no part of the headline, a line ending in
 * "：" introduces the paragraphs under it, and the download widget and
 * QR-code prompt at the end make no item.
 */
START_TEST(chinese_firm_page_is_one_article)
{
    lex_bulletin_t *b = parse("zh-firm-article.txt");
    ck_assert_uint_eq(b->n_items, 1);
    ck_assert_uint_eq(b->items[0].line, 13);
    check_item(b, 0, "个人信息保护合规审计办法施行一周年观察", "2026-05-01",
               false, 0);
    ck_assert_ptr_nonnull(strstr(b->items[0].body, "三是评估"));
    ck_assert(!in_some_body(b, "全文下载"));
    lex_bulletin_free(b);
}
END_TEST

/*
 * A Chinese year review whose items open "10月14日，" or with a news
 * report's "新华社北京10月28日电": the year comes from the page's title
 * (2025), not from the later "2026年1月1日".
 */
START_TEST(chinese_month_day_takes_page_year)
{
    lex_bulletin_t *b = parse("zh-year-review.txt");
    ck_assert_uint_eq(b->n_items, 3);
    check_item(b, 0, "个人信息出境认证办法公布", "2025-10-14", false, 0);
    check_item(b, 1, "网络安全法修改决定通过", "2025-10-28", false, 0);
    check_item(b, 2, "国家网络身份认证公共服务管理办法施行", "2025-07-15",
               false, 0);
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
    tcase_add_test(tc, date_and_section_glued_before_first_item);
    tcase_add_test(tc, repeated_lead_in_is_a_label);
    tcase_add_test(tc, quoted_regulation_stays_in_notice);
    tcase_add_test(tc, page_chrome_is_dropped);
    tcase_add_test(tc, other_section_headings);
    tcase_add_test(tc, headline_directly_above_paragraph);
    tcase_add_test(tc, bullet_items);
    tcase_add_test(tc, numbered_headlines_with_dates);
    tcase_add_test(tc, headline_colon_body_on_one_line);
    tcase_add_test(tc, paragraphs_without_headlines);
    tcase_add_test(tc, footnotes_glued_to_text);
    tcase_add_test(tc, date_forms);
    tcase_add_test(tc, file_cut_off_mid_word);
    tcase_add_test(tc, chinese_paragraphs_between_english_ones);
    tcase_add_test(tc, glued_headlines_without_blank_lines);
    tcase_add_test(tc, digest_paragraphs_are_items);
    tcase_add_test(tc, key_highlights_lead_is_not_an_item);
    tcase_add_test(tc, single_article_is_one_item);
    tcase_add_test(tc, chinese_numbered_headlines);
    tcase_add_test(tc, dated_listing_entries);
    tcase_add_test(tc, numbered_headlines_with_metadata_lines);
    tcase_add_test(tc, chinese_firm_page_is_one_article);
    tcase_add_test(tc, chinese_month_day_takes_page_year);
    tcase_add_test(tc, line_features);
    tcase_add_test(tc, has_word_in_any_case);
    tcase_add_test(tc, article_with_standfirst_subheadings_and_notes);
    tcase_add_test(tc, notes_dated_inside_their_prose);
    tcase_add_test(tc, listing_entries_end_at_continue_reading);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return run_suite(variants_suite());
}
