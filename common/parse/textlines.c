/*
 * textlines.c - features of one line of a bulletin copied from the web.
 *
 * See textlines.h.  The vocabulary below is what lexsearch-corpus(5)
 * lists under "Page chrome"; keep the two in step.
 */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "dates.h"
#include "textlines.h"
#include "utf8.h"

/* Prompts that make a line furniture when it opens with them (any case). */
static const char *const chrome_openers[] = {
    "To print this article", "Print this article", "Print this page",
    "Share this", "Share on ", "Share via", "Follow us",
    "Follow the links below", "Subscribe to", "Subscribe for", "Subscribe now",
    "Sign up for", "Sign up to", "Click here to", "Back to top", "Back to ",
    "Read more", "Continue reading", "Read the full", "Skip to ",
    "This newsletter summari", "This bulletin summari", "This update summari",
    "This digest summari", "Related articles",
    /* newsletter mail */
    "View this email in", "View this e-mail in", "View in browser",
    "View it in your browser", "View online", "Unsubscribe",
    "Update your preferences", "Manage your preferences",
    "Manage your subscription", "You are receiving this", "You received this",
    "You have received this", "Forward to a friend", "Forward this email",
    "Our mailing address is", "Add us to your address book", "Related posts",
    "Related content", "Related insights", "Related news", "Related topics",
    "Related reading", "Related services",
    "Tags:", "Tagged:", "Topics:", "Categories:", "Filed under", "Copyright",
    "\xC2\xA9", /* © */
    "All rights reserved", "Download PDF", "Download the PDF", "View PDF",
    "Contact us", "Contact the author", "We use cookies",
    "The website uses cookies", "Why you can trust",
    "\xE6\x89\xAB\xE6\x8F\x8F\xE4\xBA\x8C\xE7\xBB\xB4\xE7\xA0"
    "\x81", /* 扫描二维码
             */
    "This website uses cookies", "Cookie", "Log in", "Sign in", "Add to cart",
    "Your cart", "Previous article", "Next article", "Previous post",
    "Next post", "Leave a comment", "Posted in ", "About the author",
    "About the authors", "Key contacts", "More from ", "You may also like",
    "Want to receive", "Get in touch", "Join our ", "To receive ",
    "If you would like to receive", "If you would like to subscribe",
    "Unsubscribe", "Posts tagged", "For subscribers", "Subscribers only",
    "Printing is open to subscribers", "READ FULL ARTICLE", "Posts by ",
    "Written by", "\xE5\x88\x86\xE4\xBA\xAB\xE5\x88\xB0", /* 分享到 */
    "\xE3\x80\x90\xE6\x89\x93\xE5\x8D\xB0",               /* 【打印 */
    "\xE3\x80\x90\xE5\x85\xB3\xE9\x97\xAD",               /* 【关闭 */
    "\xE3\x80\x90\xE5\xAD\x97\xE4\xBD\x93",               /* 【字体 */
    "\xE5\x85\xB3\xE9\x97\xAD\xE7\xAA\x97\xE5\x8F\xA3",   /* 关闭窗口
                                                           */
    "\xE8\xB4\xA3\xE4\xBB\xBB\xE7\xBC\x96\xE8\xBE\x91",   /* 责任编辑
                                                           */
    "\xE5\xBD\x93\xE5\x89\x8D\xE4\xBD\x8D\xE7\xBD\xAE",   /* 当前位置
                                                           */
    "\xE7\x89\x88\xE6\x9D\x83\xE6\x89\x80\xE6\x9C\x89",   /* 版权所有
                                                           */
    "\xE7\x9B\xB8\xE5\x85\xB3\xE9\x93\xBE\xE6\x8E\xA5",   /* 相关链接
                                                           */
    "\xE6\x89\xAB\xE4\xB8\x80\xE6\x89\xAB",               /* 扫一扫 */
    "\xE7\x9B\xB8\xE5\x85\xB3\xE9\x98\x85\xE8\xAF\xBB",   /* 相关阅读
                                                           */
    "\xE5\xAD\x97\xE5\x8F\xB7",                           /* 字号 */
};

/* Words that, alone or only with each other, make a line of widgets. */
static const char *const widget_words[] = {
    "Share",
    "Print",
    "Email",
    "Tweet",
    "Like",
    "Facebook",
    "LinkedIn",
    "Twitter",
    "X",
    "WeChat",
    "Weibo",
    "Menu",
    "Home",
    "Search",
    "Subscribe",
    "Related",
    "Comments",
    "Save",
    "Bookmark",
    "Download",
    "PDF",
    "Close",
    "Top",
    "Next",
    "Previous",
    "Back",
    "Copy",
    "link",
    "Follow",
    "More",
    "Login",
    "Article",
    "&",
    "Cart",
    "Checkout",
    "Contact",
    "Insights",
    "News",
    "Older",
    "Newer",
    "Entries",
    "Posts",
    "Page",
    "of",
    "\xC2\xAB",
    "\xC2\xBB",
    "\xE2\x80\xB9",
    "\xE2\x80\xBA",             /* « » ‹ › */
    "\xE6\x89\x93\xE5\x8D\xB0", /* 打印 */
    "\xE5\x88\x86\xE4\xBA\xAB", /* 分享 */
    "\xE5\x85\xB3\xE9\x97\xAD", /* 关闭 */
    "\xE9\xA6\x96\xE9\xA1\xB5", /* 首页 */
    "\xE5\x9B\xBE\xE7\x89\x87", /* 图片: an image's placeholder */
    "\xE5\x85\xA8\xE6\x96\x87\xE4\xB8\x8B\xE8\xBD\xBD", /* 全文下载 */
    "\xE4\xB8\x8B\xE8\xBD\xBD",                         /* 下载 */
    "\xE9\x98\x85\xE8\xAF\xBB\xE5\x8E\x9F\xE6\x96\x87", /* 阅读原文 */
    "\xE6\x94\xB6\xE8\x97\x8F",                         /* 收藏 */
    "\xE8\xBF\x94\xE5\x9B\x9E",                         /* 返回 */
    "\xE5\xBE\xAE\xE4\xBF\xA1",                         /* 微信 */
    "\xE5\xBE\xAE\xE5\x8D\x9A",                         /* 微博 */
};

/* True when the n bytes at w are one of the widget words (any case). */
static bool
is_widget_word(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof widget_words / sizeof widget_words[0]; i++)
        if (strlen(widget_words[i]) == n && !strncasecmp(w, widget_words[i], n))
            return true;
    return false;
}

/*
 * True when every word of line is a widget word or a separator ("|",
 * "·", "/", "-"), as in "Share Tweet Email" or "Print | PDF".
 */
static bool
only_widget_words(const char *line)
{
    int words = 0;
    const char *s = line;
    while (*s) {
        while (*s == ' ')
            s++;
        size_t n = strcspn(s, " ");
        if (n == 0)
            break;
        bool sep = (n == 1 && strchr("|/-", *s)) ||
                   (n == 2 && !memcmp(s, "\xC2\xB7", 2));
        bool number = strspn(s, "0123456789") == n;
        if (!sep && !number) {
            if (!is_widget_word(s, n))
                return false;
            words++;
        }
        s += n;
    }
    return words > 0 && words <= 8;
}

/* Number of times the ASCII string sep occurs in s. */
static int
count_of(const char *s, const char *sep)
{
    int n = 0;
    for (const char *c = s; (c = strstr(c, sep)) != NULL; c += strlen(sep))
        n++;
    return n;
}

/*
 * Where to look for word first: the index of its rarest byte, by the
 * order of English letters from commonest to rarest (a byte that is no
 * letter counts as rarer than any, a space as commoner).
 */
static size_t
rarest_byte(const char *word, size_t n)
{
    static const char commonest_first[] = "etaoinshrdlcumwfgypbvkjxqz";
    size_t best = 0;
    int best_rank = -2;
    for (size_t i = 0; i < n; i++) {
        int c = tolower((unsigned char)word[i]);
        const char *at = c ? strchr(commonest_first, c) : NULL;
        int rank = c == ' ' ? -1 : at ? (int)(at - commonest_first) : 26;
        if (rank > best_rank) {
            best_rank = rank;
            best = i;
        }
    }
    return best;
}

/*
 * Case-insensitive ASCII substring test.  Only the places where the
 * word's rarest letter stands, in either case, are compared: strpbrk
 * finds them many bytes at a time, where comparing at every byte made
 * this test most of the text parser's time (it runs over every line, a
 * dozen words each).
 */
bool
lex_has_word(const char *s, const char *word)
{
    size_t n = strlen(word), len = strlen(s);
    if (n == 0)
        return len > 0;
    if (len < n)
        return false;
    size_t k = rarest_byte(word, n);
    const char pick[3] = {(char)tolower((unsigned char)word[k]),
                          (char)toupper((unsigned char)word[k]), '\0'};
    for (const char *at = strpbrk(s + k, pick); at; at = strpbrk(at + 1, pick))
        if (!strncasecmp(at - k, word, n))
            return true;
    return false;
}

/* True when line ends with a full stop, "!" or "?". */
static bool
ends_with_stop(const char *line)
{
    size_t n = strlen(line);
    return n > 0 && strchr(".!?", line[n - 1]);
}

/*
 * True when the last sentence of line is a "Read more" prompt ("... Read
 * more on Insight"), as a co-publishing notice ends.
 */
static bool
ends_with_prompt(const char *line)
{
    const char *last = NULL;
    for (const char *s = line; (s = strstr(s, ". Read more")) != NULL; s++)
        last = s;
    return last && lex_count_words(last) <= 6;
}

/* True for a shop widget: "TOTAL: ... Checkout", "View cart". */
static bool
is_cart_widget(const char *line)
{
    return (lex_has_word(line, "checkout") &&
            (lex_has_word(line, "total") || lex_has_word(line, "cart"))) ||
           lex_has_word(line, "view cart");
}

/* True when line opens with one of the chrome openers (any case). */
static bool
opens_with_opener(const char *line)
{
    int c = tolower((unsigned char)line[0]);
    for (size_t i = 0; i < sizeof chrome_openers / sizeof chrome_openers[0];
         i++)
        if (tolower((unsigned char)chrome_openers[i][0]) == c &&
            !strncasecmp(line, chrome_openers[i], strlen(chrome_openers[i])))
            return true;
    return false;
}

/* True when line holds one of the n words (lex_has_word). */
static bool
has_one_of(const char *line, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lex_has_word(line, words[i]))
            return true;
    return false;
}

/*
 * Checks a line against the vocabulary of page furniture.  The word
 * count is taken once, and each test that holds only for short lines
 * looks at the count before it searches the line.
 */
bool
lex_line_is_chrome(const char *line)
{
    /* "1. 相关阅读：...": the openers count after a list number too */
    size_t mark = lex_list_marker_len(line);
    if (mark && lex_line_is_chrome(line + mark))
        return true;
    if (opens_with_opener(line) || only_widget_words(line) ||
        is_cart_widget(line))
        return true;
    size_t words = lex_count_words(line);
    /* an invitation to write to the authors */
    static const char *const invitations[] = {"get in touch", "contact us",
                                              "please contact", "to subscribe"};
    if (words <= 45 &&
        has_one_of(line, invitations, sizeof invitations / sizeof *invitations))
        return true;
    /* a greeting line opening a digest: "Hello, friends." */
    static const char *const greetings[] = {"Hello", "Hi ",       "Hi,",
                                            "Hey ",  "Greetings", "Dear "};
    for (size_t i = 0; words <= 8 && i < sizeof greetings / sizeof *greetings;
         i++)
        if (!strncmp(line, greetings[i], strlen(greetings[i])))
            return true;
    /* a prompt at the end of a short notice: "... Read more on Insight" */
    if (words <= 30 && !ends_with_stop(line) && ends_with_prompt(line))
        return true;
    /* photo captions and credits (a caption may be printed twice) */
    static const char *const credits[] = {"Photo:", "Getty Images",
                                          "Image:", "Photo credit"};
    if (words <= 90 &&
        has_one_of(line, credits, sizeof credits / sizeof *credits))
        return true;
    /* "Time 7 Minute Read", "5 min read" */
    static const char *const read_times[] = {"minute read", "min read"};
    if (words <= 6 &&
        has_one_of(line, read_times, sizeof read_times / sizeof *read_times))
        return true;
    /* menus and breadcrumbs: "Home | About | Contact", "Home > News > X" */
    return count_of(line, " | ") >= 2 || count_of(line, " > ") >= 2 ||
           count_of(line, " \xE2\x80\xBA ") >= 2 || /* › */
           count_of(line, " / ") >= 3;
}

/* Where a "Related reading:" box glued to the end of a line starts. */
size_t
lex_inline_chrome_at(const char *line)
{
    static const char *const boxes[] = {
        " Related reading:", " Related articles:", " Related posts:",
        " Related content:"};
    for (size_t i = 0; i < sizeof boxes / sizeof boxes[0]; i++) {
        const char *at = strstr(line, boxes[i]);
        if (at)
            return (size_t)(at - line);
    }
    return 0;
}

/* True when s opens with a capital letter (ASCII), so reads as a name. */
static bool
opens_with_capital(const char *s)
{
    return isupper((unsigned char)*s) != 0;
}

/* Counts the space-separated words of s, a word at a time. */
size_t
lex_count_words(const char *s)
{
    size_t n = 0;
    for (;;) {
        while (*s == ' ')
            s++;
        if (!*s)
            return n;
        n++;
        s = strchr(s, ' '); /* many bytes at a time */
        if (!s)
            return n;
    }
}

/*
 * True when s is a list of names and nothing else: "Jennifer C. Archie,
 * Tony Kim, and James A. Smith" (every word capitalised but "and", at
 * most forty words), as a byline of many authors is.
 */
static bool
only_names(const char *s)
{
    if (lex_count_words(s) > 40)
        return false;
    for (const char *w = s; *w;) {
        size_t n = strcspn(w, " ");
        if (!opens_with_capital(w) && !(n == 3 && !strncmp(w, "and", 3)) &&
            !(n == 1 && *w == '&'))
            return false;
        w += n;
        while (*w == ' ')
            w++;
    }
    return true;
}

/* Author lines. */
bool
lex_line_is_byline(const char *line)
{
    static const char *const labels[] = {
        "Author:",
        "Authors:",
        "Written by ",
        "Posted by ",
        "Authored by",
        "Contributed by ",
        "\xE4\xBD\x9C\xE8\x80\x85\xEF\xBC\x9A", /* 作者： */
    };
    size_t n = strlen(line);
    if (n > 200 || strchr(line, '.') == line + n - 1)
        return false;
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (!strncasecmp(line, labels[i], strlen(labels[i])))
            return true;
    if (!strcmp(line, "By"))
        return true; /* "By" above the author's name */
    static const char *const firms[] = {
        " LLP",
        " LLC",
        " Ltd",
        " Ltd.",
        " Limited",
        " Law Firm",
        " Law Offices",
        "\xE5\xBE\x8B\xE5\xB8\x88\xE4\xBA\x8B\xE5\x8A\xA1\xE6\x89\x80"};
    for (size_t i = 0; i < sizeof firms / sizeof firms[0]; i++) {
        size_t k = strlen(firms[i]);
        if (n > k && !strcmp(line + n - k, firms[i]) &&
            lex_count_words(line) <= 8)
            return true; /* the firm's name under an article's title */
    }
    if (strncmp(line, "By ", 3) || !opens_with_capital(line + 3))
        return false;
    /* "By March 2025, firms must ..." is prose, not a byline */
    int y, m, d;
    size_t w = strcspn(line + 3, " ,");
    if (lex_month_from_name(line + 3, w) ||
        lex_leading_date(line + 3, &y, &m, &d))
        return false;
    return !strchr(line, ':') &&
           (lex_count_words(line) <= 14 || only_names(line + 3));
}

/* Skips a label such as "Published:" or "发布时间：" before a date. */
static const char *
skip_date_label(const char *s)
{
    static const char *const labels[] = {
        "Published on ",
        "Published:",
        "Published ",
        "Posted on ",
        "Posted:",
        "Updated:",
        "Updated ",
        "Date:",
        "Dated ",
        "Last updated:",
        "Last updated ",
        "Promulgation date:",
        "Release date:",
        "Issue date:",
        "Date of issue:",
        "Date of release:",
        "\xE5\x8F\x91\xE5\xB8\x83\xE6\x97\xB6\xE9\x97\xB4", /* 发布时间 */
        "\xE5\x8F\x91\xE5\xB8\x83\xE6\x97\xA5\xE6\x9C\x9F", /* 发布日期 */
        "\xE5\x85\xAC\xE5\xB8\x83\xE6\x97\xA5\xE6\x9C\x9F", /* 公布日期 */
        "\xE6\x97\xA5\xE6\x9C\x9F",                         /* 日期 */
        "\xE6\x97\xB6\xE9\x97\xB4",                         /* 时间 */
    };
    bool bracket = !strncmp(s, "\xE3\x80\x90", 3); /* 【发布时间】 */
    if (bracket)
        s += 3;
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        size_t n = strlen(labels[i]);
        if (!strncasecmp(s, labels[i], n)) {
            s += n;
            break;
        }
    }
    if (!strncmp(s, "\xEF\xBC\x9A", 3)) /* full-width colon */
        s += 3;
    if (!strncmp(s, "\xE3\x80\x91", 3)) /* 】 */
        s += 3;
    while (*s == ' ' || *s == ':')
        s++;
    return s;
}

/*
 * A short Chinese line with a labelled date inside it, as in
 * "类别：国内 发布时间：2024-12-28 16:39:00 来源：...".
 */
static bool
labelled_cjk_date(const char *line, int *year, int *month, int *day)
{
    static const char *const labels[] = {
        "\xE5\x8F\x91\xE5\xB8\x83\xE6\x97\xB6\xE9\x97\xB4", /* 发布时间 */
        "\xE5\x8F\x91\xE5\xB8\x83\xE6\x97\xA5\xE6\x9C\x9F", /* 发布日期 */
        "\xE5\x85\xAC\xE5\xB8\x83\xE6\x97\xA5\xE6\x9C\x9F", /* 公布日期 */
        "\xE6\x97\xA5\xE6\x9C\x9F\xEF\xBC\x9A",             /* 日期： */
        "\xE6\x97\xB6\xE9\x97\xB4\xEF\xBC\x9A",             /* 时间： */
    };
    if (strlen(line) > 160)
        return false;
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        const char *at = strstr(line, labels[i]);
        if (at && lex_leading_date(skip_date_label(at), year, month, day))
            return true;
    }
    return false;
}

/*
 * Skips a clock time that a page prints before the date, as in
 * "Updated: 8:19pm, 3 Nov, 2021": digits, a colon, two digits, perhaps
 * "am"/"pm", then commas and spaces.  Returns s itself when there is none.
 */
static const char *
skip_clock_time(const char *s)
{
    const char *t = s;
    size_t h = strspn(t, "0123456789");
    if (h < 1 || h > 2 || t[h] != ':' || !isdigit((unsigned char)t[h + 1]) ||
        !isdigit((unsigned char)t[h + 2]))
        return s;
    t += h + 3;
    if (!strncasecmp(t, "am", 2) || !strncasecmp(t, "pm", 2))
        t += 2;
    else if (!strncasecmp(t, " am", 3) || !strncasecmp(t, " pm", 3))
        t += 3;
    while (*t == ',' || *t == ' ')
        t++;
    return t;
}

/* A line that is a date and little else. */
bool
lex_line_is_dateline(const char *line, int *year, int *month, int *day)
{
    static const char *const weekdays[] = {"Monday",   "Tuesday", "Wednesday",
                                           "Thursday", "Friday",  "Saturday",
                                           "Sunday"};
    const char *s = skip_date_label(line);
    for (size_t i = 0; i < 7; i++) {
        size_t n = strlen(weekdays[i]);
        if (!strncasecmp(s, weekdays[i], n)) {
            s += n;
            while (*s == ',' || *s == ' ')
                s++;
            break;
        }
    }
    s = skip_clock_time(s);
    /* short enough that nothing but the date (a time, a place) is there */
    if (lex_leading_date(s, year, month, day) && strlen(line) <= 60 &&
        lex_count_words(line) <= 8 && line[strlen(line) - 1] != '.')
        return true;
    /* "发布时间：2022-12-13 22:04 来源：网络安全管理局" runs longer */
    return labelled_cjk_date(line, year, month, day);
}

/* Reads a Chinese numeral of one or two characters (一 to 九十九). */
static size_t
chinese_numeral_len(const char *s)
{
    static const char *const digits[] = {
        "\xE4\xB8\x80", "\xE4\xBA\x8C", "\xE4\xB8\x89", "\xE5\x9B\x9B",
        "\xE4\xBA\x94", "\xE5\x85\xAD", "\xE4\xB8\x83", "\xE5\x85\xAB",
        "\xE4\xB9\x9D", "\xE5\x8D\x81"}; /* 一二三四五六七八九十 */
    size_t n = 0;
    for (int k = 0; k < 3; k++) {
        bool found = false;
        for (size_t i = 0; i < 10 && !found; i++)
            if (!strncmp(s + n, digits[i], 3))
                found = true;
        if (!found)
            break;
        n += 3;
    }
    return n;
}

/* List numbering at the start of s; see textlines.h. */
size_t
lex_list_marker_len(const char *s)
{
    const char *p = s;
    size_t cn;
    if (!strncmp(p, "\xEF\xBC\x88", 3) && (cn = chinese_numeral_len(p + 3)) &&
        !strncmp(p + 3 + cn, "\xEF\xBC\x89", 3)) { /* （一） */
        p += 6 + cn;
    } else if ((cn = chinese_numeral_len(p)) &&
               !strncmp(p + cn, "\xE3\x80\x81", 3)) { /* 一、 */
        p += cn + 3;
    } else if (isupper((unsigned char)p[0]) && p[1] == '.' && p[2] == ' ' &&
               isupper((unsigned char)p[3])) {
        p += 2; /* "A. Regulatory Developments" */
    } else {
        bool paren = *p == '(';
        if (paren)
            p++;
        const char *d = p;
        while (isdigit((unsigned char)*p) && p - d < 3)
            p++;
        if (p == d)
            return 0;
        if (paren ? *p != ')' : (*p != '.' && *p != ')')) {
            if (!paren && !strncmp(p, "\xE3\x80\x81", 3)) /* 1、 */
                p += 3;
            else
                return 0;
        } else {
            p++;
            if (*p != ' ')
                return 0; /* "1.5 million", "3)x" */
        }
    }
    while (*p == ' ')
        p++;
    return *p ? (size_t)(p - s) : 0;
}

/* Lead sections summarise the items below them; they hold none. */
bool
lex_is_lead_section(const char *s)
{
    static const char *const names[] = {
        "Key Highlights", "Highlights",       "Key Takeaways", "Key Points",
        "Takeaways",      "In this issue",    "At a glance",   "Summary",
        "Overview",       "Executive Summary"};
    return lex_line_names_one_of(s, names, sizeof names / sizeof names[0]);
}

/* Small words a title leaves in lower case. */
static bool
is_minor_word(const char *w, size_t n)
{
    static const char *const minor[] = {
        "a",     "an",     "and",   "as",     "at",  "by",  "for",
        "from",  "in",     "of",    "on",     "or",  "the", "to",
        "with",  "into",   "over",  "vs",     "via", "its", "under",
        "after", "before", "about", "against"};
    for (size_t i = 0; i < sizeof minor / sizeof minor[0]; i++)
        if (strlen(minor[i]) == n && !strncmp(w, minor[i], n))
            return true;
    return false;
}

/* Scores a line as headline (positive) or prose (negative). */
int
lex_headline_score(const char *line)
{
    size_t n = strlen(line), words = 0, capital = 0, minor = 0;
    int score = 0;
    if (n == 0)
        return -10;
    for (const char *s = line; *s;) {
        while (*s == ' ')
            s++;
        size_t w = strcspn(s, " ");
        if (!w)
            break;
        words++;
        const char *c = s;
        while (*c == '"' || *c == '(' || *c == '\'')
            c++;
        if (isupper((unsigned char)*c) || isdigit((unsigned char)*c))
            capital++;
        else if (is_minor_word(c, w - (size_t)(c - s)))
            minor++;
        s += w;
    }
    char last = line[n - 1];
    bool cjk_end = n >= 3 && !strcmp(line + n - 3, "\xE3\x80\x82"); /* 。 */
    if (last == '.' || last == '!' || last == '?' || cjk_end)
        score -= 3;
    else
        score += 2;
    if (words <= 20)
        score += 1;
    if (words > 30)
        score -= 3;
    /* Title Case: most words that are not small words are capitalised */
    if (words >= 2 && words > minor && capital * 10 >= (words - minor) * 7)
        score += 2;
    return score;
}

/* "Continue reading ...", "Read more": the end of one entry of a listing. */
bool
lex_line_ends_entry(const char *line)
{
    return !strncasecmp(line, "Continue reading", 16) ||
           !strncasecmp(line, "Read more", 9) ||
           !strncasecmp(line, "Read the full", 13);
}

/*
 * A Chinese "label：value" line of a notice's header, such as
 * "发文字号：工信部网安〔2022〕166号": a label of two to six characters, a
 * full-width colon, and a short value.
 */
bool
lex_line_is_metadata(const char *line)
{
    const char *colon = strstr(line, "\xEF\xBC\x9A"); /* ： */
    if (!colon || strlen(line) > 240)
        return false;
    size_t label = (size_t)(colon - line);
    if (label < 6 || label > 24)
        return false;
    for (size_t i = 0; i < label; i++)
        if ((unsigned char)line[i] < 0x80 && line[i] != ' ')
            return false; /* Chinese characters (and spaces) only */
    return true;
}

/*
 * True when the line, less one final colon, is one of the n names
 * (ASCII case ignored): how headings such as "Footnotes:" or "Key
 * Highlights" are told.
 */
bool
lex_line_names_one_of(const char *s, const char *const *names, size_t n_names)
{
    size_t n = strlen(s);
    if (n > 0 && s[n - 1] == ':')
        n--;
    for (size_t i = 0; i < n_names; i++)
        if (strlen(names[i]) == n && !strncasecmp(s, names[i], n))
            return true;
    return false;
}
