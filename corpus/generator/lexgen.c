/*
 * lexgen.c - deterministic synthetic bulletins for benchmarks and crash
 * tests.
 *
 * lexgen writes a corpus of plain-text bulletins in the layout that
 * common/parse/parse_text.c reads (see lexsearch-corpus(5)): a title, items
 * made of a headline and a dated, footnoted paragraph, section headings, a
 * numbered reference list and a disclaimer.  The text is assembled from
 * sentence templates whose slots are filled from word lists of this
 * field's vocabulary (data protection, cybersecurity, compliance and
 * enforcement terms) drawn with a Zipf-like spread, and from the
 * gazetteer files corpus/agencies.tsv and corpus/laws.tsv, so agencies
 * and laws appear in all their spellings: abbreviations, English names
 * and, in about one item in twenty, Chinese names.  None of it describes
 * real events.
 *
 * Every file is a pure function of (seed, items option, gazetteer, file
 * index): the same arguments always give byte-identical files, and the
 * first N files of a larger corpus are the files of a smaller one.  With
 * --change, lexgen modifies, adds and deletes a deterministic share of
 * the files of an existing corpus, to exercise incremental indexing.  It
 * links liblexcore (buffers, file reading, the gazetteer loader, the
 * text parser's word count) and not Xapian.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "buf.h"
#include "fileio.h"
#include "gazetteer.h"
#include "textlines.h"

/* Where agencies.tsv and laws.tsv are read from unless --data is given. */
#ifndef LEXGEN_DATADIR
#define LEXGEN_DATADIR "corpus"
#endif

#define EXIT_IO 1
#define EXIT_USAGE 2
#define MAX_FILES 100000u
#define MAX_ITEMS 999u
#define MIN_ITEMS_DEFAULT 20u /* without --items: 20 to 30 items a file */
#define SPREAD_ITEMS_DEFAULT 11u
#define FIRST_YEAR 2015
#define N_YEARS 10
#define ZIPF_MAX 4096 /* longest list drawn from with a Zipf spread */
#define ZH_ONE_IN 20  /* one item in 20 gives names in Chinese */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- word lists --------------------------------------------------------
 * Every list is ordered from the most to the least frequent entry: draws
 * follow a Zipf law (the entry of rank r comes up in proportion to 1/r),
 * so a few terms are very common and most are rare, as in real text.
 */

/* Topics of items, lower case; headlines use them in title case. */
static const char *const subjects[] = {
    "personal information protection",
    "cross-border transfer of data",
    "data security",
    "generative artificial intelligence",
    "protection of minors online",
    "facial recognition",
    "app rectification",
    "critical information infrastructure",
    "algorithm recommendation",
    "data export security assessment",
    "network data security management",
    "cybersecurity incident reporting",
    "data classification and grading",
    "automotive data security",
    "health data protection",
    "financial data security",
    "personal information compliance audits",
    "deep synthesis services",
    "online platform governance",
    "telecom fraud prevention",
    "public data use",
    "data labelling",
    "commercial cryptography",
    "cybersecurity review",
    "employee personal information",
    "smart device security",
    "mini program compliance",
    "marketing calls and messages",
    "data trading",
    "labelling of AI-generated content",
};

/* Noun phrases of the field, for the {w} and {W} slots. */
static const char *const nouns[] = {
    "personal information",
    "data security",
    "consent",
    "sensitive personal information",
    "cross-border data transfers",
    "security assessments",
    "privacy policies",
    "data handling",
    "network security",
    "important data",
    "user data",
    "risk assessments",
    "data breaches",
    "compliance audits",
    "biometric information",
    "facial recognition data",
    "location data",
    "health data",
    "financial information",
    "children's personal information",
    "marketing messages",
    "third-party sharing",
    "data retention",
    "access controls",
    "encryption",
    "de-identification",
    "anonymisation",
    "log records",
    "security incidents",
    "incident reporting",
    "emergency response plans",
    "data classification",
    "data catalogues",
    "core data",
    "standard contracts",
    "certification",
    "personal information protection impact assessments",
    "personal information protection officers",
    "automated decision-making",
    "algorithm filing",
    "recommendation algorithms",
    "deep synthesis content",
    "generative AI services",
    "training data",
    "content labelling",
    "real-name verification",
    "minors mode",
    "user profiles",
    "device identifiers",
    "app permissions",
    "SDK integration",
    "mini programs",
    "cloud services",
    "data centres",
    "supply chain security",
    "cybersecurity reviews",
    "vulnerability management",
    "penetration tests",
    "ransomware attacks",
    "phishing",
    "telecom fraud",
    "data scraping",
    "web crawlers",
    "trade secrets",
    "user complaints",
    "deletion requests",
    "access requests",
    "data portability",
    "withdrawal of consent",
    "separate consent",
    "notice obligations",
    "purpose limitation",
    "data minimisation",
    "storage periods",
    "joint handling",
    "entrusted processing",
    "overseas recipients",
    "outbound data transfers",
    "data export filings",
    "graded protection",
    "the multi-level protection scheme",
    "commercial cryptography",
    "identity verification",
    "password storage",
    "two-factor authentication",
    "ID card numbers",
    "phone numbers",
    "home addresses",
    "payment records",
    "credit reports",
    "browsing histories",
    "call logs",
    "vehicle data",
    "connected vehicles",
    "smart home devices",
    "wearable devices",
    "surveillance cameras",
    "public security video",
    "workplace monitoring",
    "employee data",
    "recruitment data",
    "medical records",
    "genetic data",
    "student data",
    "online tutoring",
    "live streaming",
    "short video platforms",
    "e-commerce platforms",
    "ride-hailing services",
    "food delivery",
    "online games",
    "anti-addiction systems",
    "advertising identifiers",
    "cookies",
    "targeted advertising",
    "price discrimination",
    "big data pricing",
    "platform rules",
    "terms of service",
    "user agreements",
    "data brokers",
    "data exchanges",
    "data property rights",
    "public data",
    "government data",
    "data labelling",
    "synthetic data",
    "model training",
    "large language models",
    "chatbots",
    "voice assistants",
    "face swapping",
    "deepfakes",
    "online rumours",
    "illegal content",
    "account cancellation",
    "account security",
    "information leaks",
    "database exposure",
    "insider access",
    "audit logs",
    "security certifications",
    "data security officers",
    "whistleblower reports",
    "administrative penalties",
    "rectification orders",
    "warnings",
    "confiscation of illegal gains",
    "suspension of business",
    "licence revocation",
    "civil damages",
    "public interest litigation",
    "criminal liability",
    "infringement of citizens' personal information",
    "unfair competition",
    "data monopolies",
    "interoperability",
    "spam calls",
    "harassing text messages",
    "pop-up windows",
    "shake-to-open advertisements",
    "default settings",
    "privacy settings",
    "dark patterns",
    "consent pop-ups",
    "geolocation tracking",
    "clipboard access",
    "contact list uploads",
    "background data collection",
    "self-assessment reports",
    "data processing agreements",
    "binding corporate rules",
    "data localisation",
    "network logs",
    "security protection obligations",
    "data lifecycle management",
    "key management",
    "zero-trust architecture",
    "threat intelligence",
    "botnets",
    "distributed denial-of-service attacks",
    "industrial control systems",
    "internet of things security",
    "satellite navigation data",
    "mapping data",
    "geographic information",
    "genomic research data",
    "clinical trial data",
    "insurance claims data",
    "anti-money laundering checks",
    "know-your-customer checks",
};

/* Who obligations fall on, plural, for the {R} slot. */
static const char *const actors[] = {
    "data handlers",
    "network operators",
    "platform operators",
    "app operators",
    "personal information handlers",
    "SDK providers",
    "critical information infrastructure operators",
    "financial institutions",
    "banks",
    "insurers",
    "payment institutions",
    "securities firms",
    "hospitals",
    "schools",
    "online education providers",
    "car makers",
    "cloud service providers",
    "e-commerce operators",
    "live-streaming platforms",
    "online game operators",
    "telecom operators",
    "internet service providers",
    "data brokers",
    "credit reporting agencies",
    "employers",
    "property management companies",
    "hotels",
    "ride-hailing operators",
    "delivery platforms",
    "smart device makers",
    "foreign-invested enterprises",
    "multinational companies",
    "small and medium-sized enterprises",
    "state-owned enterprises",
    "generative AI service providers",
    "content platforms",
    "search engines",
    "social media platforms",
    "retailers",
    "logistics companies",
};

/* What rules do, as plural verbs, for the {V} slot. */
static const char *const verbs[] = {
    "clarify",    "set out",  "tighten",   "restrict",   "define",
    "strengthen", "expand",   "narrow",    "streamline", "regulate",
    "cover",      "address",  "specify",   "prohibit",   "limit",
    "govern",     "simplify", "harmonise", "refine",     "extend",
};

typedef struct {
    const char *lower, *title;
} phrase_t;

static const phrase_t companies[] = {
    {"online retailer", "Online Retailer"},
    {"ride-hailing platform", "Ride-hailing Platform"},
    {"fintech company", "Fintech Company"},
    {"social media platform", "Social Media Platform"},
    {"car maker", "Car Maker"},
    {"hotel chain", "Hotel Chain"},
    {"education app operator", "Education App Operator"},
    {"property management company", "Property Management Company"},
    {"logistics firm", "Logistics Firm"},
    {"gaming company", "Gaming Company"},
    {"private hospital", "Private Hospital"},
    {"smart device maker", "Smart Device Maker"},
    {"bank", "Bank"},
    {"insurer", "Insurer"},
    {"telecom operator", "Telecom Operator"},
    {"cloud provider", "Cloud Provider"},
    {"recruitment platform", "Recruitment Platform"},
    {"short video platform", "Short Video Platform"},
    {"food delivery platform", "Food Delivery Platform"},
    {"credit reporting agency", "Credit Reporting Agency"},
    {"data broker", "Data Broker"},
    {"online tutoring company", "Online Tutoring Company"},
    {"electric vehicle maker", "Electric Vehicle Maker"},
    {"pharmaceutical company", "Pharmaceutical Company"},
    {"supermarket chain", "Supermarket Chain"},
    {"real estate agency", "Real Estate Agency"},
    {"marketing firm", "Marketing Firm"},
    {"payment company", "Payment Company"},
    {"dating app operator", "Dating App Operator"},
    {"fitness app operator", "Fitness App Operator"},
    {"travel agency", "Travel Agency"},
};

static const char *const places[] = {
    "Beijing", "Shanghai", "Shenzhen",     "Hangzhou",  "Guangzhou", "Chengdu",
    "Nanjing", "Wuhan",    "Tianjin",      "Chongqing", "Suzhou",    "Xiamen",
    "Xi'an",   "Qingdao",  "Ningbo",       "Changsha",  "Zhengzhou", "Hefei",
    "Jinan",   "Fuzhou",   "Dalian",       "Shenyang",  "Kunming",   "Harbin",
    "Wuxi",    "Dongguan", "Foshan",       "Nanning",   "Guiyang",   "Haikou",
    "Lanzhou", "Taiyuan",  "Shijiazhuang", "Nanchang",  "Changchun", "Hohhot",
    "Urumqi",  "Lhasa",    "Yinchuan",     "Xining",
};

/* Syllables of made-up company names: the long tail of the vocabulary. */
static const char *const syllables[] = {
    "xin",    "rui",  "hua",   "tai",   "kang", "feng", "yun",   "da",   "zhi",
    "hui",    "tong", "cheng", "jia",   "tian", "hong", "sheng", "yuan", "bo",
    "chuang", "ke",   "xun",   "an",    "mei",  "long", "ming",  "rong", "wei",
    "xiang",  "yi",   "zhong", "hai",   "jin",  "heng", "run",   "shu",  "teng",
    "xing",   "yao",  "zhuo",  "guang", "lian", "qi",   "sen",   "bang", "fu",
    "li",     "ning", "pu",    "qing",  "ruo",  "shi",  "tao",   "wan",  "xi",
    "yu",     "ze",   "ding",  "hao",   "kai",  "lan",  "mo",    "nuo",  "ou",
    "pan",    "quan", "sai",   "tuo",   "wen",  "yang", "zhen",  "chen", "du",
    "fan",    "gu",   "he",    "jing",  "lu",   "ma",   "nan",   "peng",
};

static const char *const firm_kinds[] = {
    "Technology",
    "Network Technology",
    "Information Technology",
    "Data Services",
    "Intelligent Technology",
    "Internet Technology",
    "Digital Technology",
    "E-commerce",
    "Software",
    "Culture Media",
    "Health Management",
    "Financial Services",
};

/* Romanised surnames of parties to court cases. */
static const char *const surnames[] = {
    "Zhang", "Wang", "Li", "Liu", "Chen",  "Yang", "Zhao",  "Huang",
    "Zhou",  "Wu",   "Xu", "Sun", "Hu",    "Zhu",  "Gao",   "Lin",
    "He",    "Guo",  "Ma", "Luo", "Liang", "Song", "Zheng", "Xie",
};

/* Court codes of case numbers such as "(2021) Jing 0491 Min Chu No. 17". */
static const char *const court_codes[] = {
    "Jing", "Hu", "Yue", "Zhe", "Su", "Chuan", "Yu", "Jin", "Lu", "E",
};

static const char *const case_kinds[] = {
    "Min Chu", "Min Zhong", "Xing Chu", "Min Te", "Xing Zhong",
};

static const char *const doc_numbers[] = {
    "Guo Xin Ban Fa", "Gong Xin Bu Xin Guan", "Guo Shi Jian Fa",
    "Yin Fa",         "Gong Tong Zi",         "Wang Xin Ban Tong Zi",
};

static const char *const doc_types[] = {
    "Measures",           "Provisions",
    "Guidelines",         "Rules",
    "Interim Measures",   "Opinions",
    "Implementing Rules", "Administrative Measures",
    "Regulations",        "Guiding Opinions",
    "Detailed Rules",     "Requirements",
    "Specifications",     "Standards",
};

static const char *const legislative_verbs[] = {
    "issued", "released", "published", "finalised", "adopted", "promulgated",
};

static const char *const month_names[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

/* Titles; each names the issue month as "%s %d" (month name, year). */
static const char *const title_forms[] = {
    "Synthetic Data Bulletin - %s %d",
    "Synthetic Cybersecurity Newsletter, %s %d",
    "Synthetic Privacy Digest (%s %d)",
};

/* Section headings of item groups 1-3; group 0 has none (Legislation). */
static const char *const section_names[] = {
    NULL,
    "Enforcement Authority",
    "Enforcement Cases",
    "Courts Litigation",
};

/*
 * Templates.  Keys in braces:
 *   {A} the item's agency, short (abbreviation, else an English name)
 *   {F} the same agency, at its first mention with its full name and
 *       abbreviation, and its Chinese name in one item in twenty
 *   {O} another agency, short
 *   {L} the item's law: full title (abbreviation, Chinese name) the first
 *       time, then short;  {l} its short name;  {M} a second law's title
 *   {s}/{S} subject (lower/title case), {t} a second subject
 *   {w}/{W} a noun phrase of the field, drawn anew each time (lower/title)
 *   {R} who obligations fall on (plural), {V} a verb (plural)
 *   {p}/{q} places, {c}/{C} company kind (lower/title), {a} "a(n) {c}"
 *   {B} a company's full made-up name, {b} its short name, {P} a surname
 *   {K} a court case number, {N} a document number
 *   {D} document type, {v} legislative verb, {n} small number, {m} fine
 *   {y} issue year, {r} change round
 */
#define KINDS 4
/* Pairs: openings[g][k] is the first sentence under headlines[g][k][*]. */
static const char *const headlines[4][KINDS][2] = {
    {{"{A} Issues {D} on {S}", "New {D} on {S} Take Effect"},
     {"{A} and {O} Jointly Release {D} on {S}",
      "Joint {D} on {S} Announced by {A} and {O}"},
     {"{A} Releases Draft {D} on {S} for Comment",
      "{A} Seeks Comments on {S} {D}"},
     {"{A} Explains How the {l} Applies to {W}",
      "Q&A on {W} under the {l} Published by {A}"}},
    {{"{A} Fines {C} over {S} Failures", "{C} Penalised by {A} over {S}"},
     {"{A} Names {n} Apps in {S} Campaign",
      "{A} Orders App Rectification After {S} Review"},
     {"{p} Regulators Launch {S} Inspections", "{A} Flags {W} Problems in {p}"},
     {"{A} Launches Special Campaign on {W}",
      "{A} Targets {W} in New Campaign"}},
    {{"{C} in {p} Fined for {S} Violations",
      "{p} Authorities Penalise {C} over {S}"},
     {"{A} Investigates {b} over {S}", "{A} Discloses {S} Case Involving {b}"},
     {"{C} in {p} Fined After {S} Complaint", "{p} Case Highlights {W} Risks"},
     {"{b} Ordered to Fix {W} under the {l}", "Warning for {b} over {W}"}},
    {{"{A} Rules on {S}", "{A} Awards Damages over {S}"},
     {"{A} Releases Typical Cases on {S}", "{A} Publishes {S} Case Digest"},
     {"{A} Backs Public Interest Suit on {S}",
      "Public Interest Litigation over {S} Filed in {p}"},
     {"{A} Clarifies {W} Duties in Case Against {b}",
      "{P} v. {b}: Court Weighs {W}"}},
};

/*
 * The longest headline lexgen writes, in words: the longest of the seed
 * bulletins has 25, of the layout clones (tests/data/layouts) 20.  The
 * text parser reads a line of 30 words as prose, so a longer headline
 * would split its item.
 */
#define MAX_HEADLINE_WORDS 25

/* The headline forms that name a law, each with its form without the
   law, which draws the same keys in the same order but {l}. */
static const char *const law_free_forms[][2] = {
    {"{A} Explains How the {l} Applies to {W}",
     "{A} Explains the Rules on {W}"},
    {"Q&A on {W} under the {l} Published by {A}",
     "Q&A on {W} Published by {A}"},
    {"{b} Ordered to Fix {W} under the {l}", "{b} Ordered to Fix {W}"},
};

static const char *const openings[4][KINDS] = {
    {"the {F} {v} the {D} on {s}.",
     "the {F} and the {O} jointly released the {D} on {s}, which will take "
     "effect in {n} days.",
     "the {F} solicited comments on draft {D} on {s}, with comments due "
     "within {n} days.",
     "the {F} published answers to common questions on how the {L} applies "
     "to {w}."},
    {"the {F} fined {a} {m} for failing to meet {s} requirements under the "
     "{L}.",
     "the {F} notified {n} apps that had breached rules on {s} and ordered "
     "app rectification within {n} working days.",
     "the {p} office of the {F} notified {a} of problems found during an "
     "inspection of its {s} practices.",
     "the {F} launched a {n}-month special campaign against {w} and {w}."},
    {"{a} based in {p} was fined {m} by the local office of the {F} for "
     "violating {s} rules.",
     "the {F} disclosed a case in which {B}, {a} in {p}, collected {w} for "
     "{s} without consent.",
     "authorities in {p} fined {a} {m} after a complaint about {s} was "
     "passed on by the {F}.",
     "the {F} ordered {B} to correct its handling of {w} and issued a "
     "warning under the {L}."},
    {"the {F} ruled that {a} had violated rules on {s} and ordered it to pay "
     "{m} in damages.",
     "the {F} released typical cases on {s}, covering {n} disputes heard by "
     "courts in {p} and {q}.",
     "the {F} supported a public interest lawsuit against {a} in {p} over "
     "{s}.",
     "the {F} heard a dispute in which a user surnamed {P} sued {B} over "
     "the use of {w}, in case {K}."},
};

static const char *const follow_ups[] = {
    "The {D} require {R} to complete {w} before {w} begins.",
    "{R} in {p} and {q} are expected to review their {w} practices in "
    "response.",
    "The {A} said that {s} will remain an enforcement priority in {y}.",
    "According to the {A}, {n} companies have already made filings "
    "concerning {s}.",
    "Under the new requirements, {a} that engages in {t} must also appoint "
    "a person responsible for {w}.",
    "The notice also addresses {t}, an area the {O} examined earlier this "
    "year.",
    "Local offices in {p} will carry out spot checks on {w} over the next "
    "{n} months.",
    "Repeat violations may lead to fines of up to {m} and the suspension of "
    "related services.",
    "Industry groups welcomed the guidance on {s}, while noting open "
    "questions about {w}.",
    "The approach follows a national standard on {w} drafted by TC260.",
    "Operators of critical information infrastructure face stricter duties "
    "on {w} under the same framework.",
    "The {A} plans to publish further typical cases on {s} to guide "
    "compliance.",
    "Legal advisers in {p} note that {w} and {w} obligations increasingly "
    "overlap.",
    "A data export security assessment remains mandatory where important "
    "data about {w} leaves the country.",
    "The decision cites the {L} and the {M}.",
    "{R} must keep records of {w} for at least {n} months.",
    "The {A} also reminded {R} that facial recognition may not be the only "
    "way to verify identity.",
    "Observers expect the {O} to issue supporting rules on {t} later in {y}.",
    "A cross-border transfer of personal information linked to {s} now needs "
    "a standard contract or certification.",
    "The {A} stressed that {s} rules apply equally to {a} in {p}.",
    "Article {n} of the {L} was cited as the legal basis for the decision.",
    "The {D} {V} {w} and {w}, and {V} the scope of {w}.",
    "Under the {L}, {R} that fail to ensure {w} face fines of up to {m}.",
    "The document is numbered {N}.",
    "The {O} will coordinate work on {w} with local offices in {p}, {q} and "
    "other cities.",
    "Experts note that {w} and {w} remain the most common compliance gaps "
    "among {R}.",
    "{R} have {n} months to bring their {w} into line with the new rules.",
    "The draft also covers {w}, {w} and {w}.",
    "Where {w} is involved, {R} must obtain separate consent and tell "
    "individuals about {w}.",
    "The {A} urged {R} to strengthen {w} and to report {w} without delay.",
    "In the same period, the {O} received {n} reports about {w}.",
    "The court found that {w} handled by {B} fell within the scope of "
    "personal information.",
    "The penalty decision also requires {B} to delete {w} held without a "
    "legal basis.",
    "Inspectors found problems with {w}, {w} and {w}.",
    "The rules build on the {L} and the {M}.",
    "The {A} said that {w} would be included in the next round of {w}.",
    "A transition period of {n} months applies to {R} that already offer "
    "{w}.",
    "Both {w} and {w} are listed as high-risk activities.",
    "{B} said it had fixed the problems and would improve its {w}.",
    "The ruling is the first in {p} to address {w} under the {L}.",
    "Earlier, the {O} had warned {R} about the risks of {w}.",
    "The {D} apply to {R} as well as to {R} that handle {w} on their behalf.",
    "Violations involving {w} will be referred to the public security "
    "authorities.",
    "The {A} plans to hold {n} training sessions on {w} for {R} in {p}.",
    "The {D} {V} how {R} should handle {w} in {p} and {q}.",
    "Figures from the {O} show that complaints about {w} rose {n} percent "
    "over the year.",
};

_Static_assert(COUNT(follow_ups) <= 64, "the used-sentence mask has 64 bits");

/* Sentences added by --change; {r} makes every round's text distinct. */
static const char *const change_sentences[] = {
    "In a supplementary notice (revision {r}), the {A} added that {s} "
    "filings from {p} will be reviewed within {n} working days.",
    "Update {r}: the {A} later clarified how the rules on {s} apply to "
    "{a}.",
    "A later statement (revision {r}) from the {O} confirmed that {t} is "
    "also covered.",
};

/* Lower-case words that title case leaves alone inside a phrase. */
static const char *const small_words[] = {
    "a",  "an", "and", "as",   "at",  "by", "for",   "in",
    "of", "on", "or",  "over", "the", "to", "under", "with",
};

/* ---- random numbers --------------------------------------------------- */

typedef struct {
    uint64_t state;
} rng_t;

/* One splitmix64 step: spreads related seeds (0, 1, 2...) far apart. */
static uint64_t
splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15u;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
    return x ^ (x >> 31);
}

/* Seeds a generator from up to three numbers, so each stream is separate. */
static void
rng_seed(rng_t *r, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t s = splitmix64(splitmix64(splitmix64(a) ^ b) ^ c);
    r->state = s ? s : 0x2545F4914F6CDD1Du; /* xorshift must not be 0 */
}

/* xorshift64*: small, fast and the same on every platform. */
static uint64_t
rng_next(rng_t *r)
{
    r->state ^= r->state >> 12;
    r->state ^= r->state << 25;
    r->state ^= r->state >> 27;
    return r->state * 0x2545F4914F6CDD1Du;
}

/* A number in [0, n); the high bits are the best of xorshift64*. */
static unsigned
rng_below(rng_t *r, unsigned n)
{
    return (unsigned)((rng_next(r) >> 32) % n);
}

/*
 * zipf_cum[i] is the sum of the weights of ranks 0..i, the weight of rank
 * r being 2^24 / (r + 1): integers only, so draws are the same on every
 * platform.  Filled once by zipf_init.
 */
static uint32_t zipf_cum[ZIPF_MAX];

/* Fills the cumulative Zipf weights. */
static void
zipf_init(void)
{
    uint32_t sum = 0;
    for (unsigned r = 0; r < ZIPF_MAX; r++) {
        sum += (uint32_t)((1u << 24) / (r + 1));
        zipf_cum[r] = sum;
    }
}

/* A rank in [0, n) drawn with a Zipf spread: rank r in proportion to
   1/(r+1).  n is at most ZIPF_MAX. */
static unsigned
rng_zipf(rng_t *r, unsigned n)
{
    if (n > ZIPF_MAX)
        n = ZIPF_MAX;
    uint32_t u = (uint32_t)((rng_next(r) >> 32) % zipf_cum[n - 1]);
    unsigned lo = 0, hi = n - 1;
    while (lo < hi) { /* the first rank whose cumulative weight exceeds u */
        unsigned mid = (lo + hi) / 2;
        if (zipf_cum[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* ---- title case ------------------------------------------------------ */

/* True for a word (n bytes at w) that title case keeps in lower case. */
static bool
is_small_word(const char *w, size_t n)
{
    for (size_t i = 0; i < COUNT(small_words); i++)
        if (strlen(small_words[i]) == n && !memcmp(small_words[i], w, n))
            return true;
    return false;
}

/* Appends a lower-case phrase in headline title case ("Data Security"). */
static void
put_title(lex_buf_t *b, const char *s)
{
    bool first = true;
    while (*s) {
        size_t n = strcspn(s, " ");
        bool cap = first || !is_small_word(s, n);
        if (cap && *s >= 'a' && *s <= 'z') {
            char up = (char)(*s - 'a' + 'A');
            lex_buf_append(b, &up, 1);
            lex_buf_append(b, s + 1, n - 1);
        } else {
            lex_buf_append(b, s, n);
        }
        s += n;
        if (*s == ' ') {
            lex_buf_append(b, " ", 1);
            s++;
        }
        first = false;
    }
}

/* ---- gazetteer ---------------------------------------------------------
 * Agencies and laws with every spelling, read from agencies.tsv and
 * laws.tsv (format in those files' headers).  The order of the files is
 * the frequency rank: national bodies and main laws come first.
 */

typedef struct {
    const char *id;
    char *const *abbr, *const *en, *const *zh; /* the gazetteer's arrays */
    unsigned n_abbr, n_en, n_zh;
} entity_t;

typedef struct {
    entity_t *items;
    unsigned n;
} entity_list_t;

typedef struct {
    lex_gazetteer_t *lex; /* owns every string the entities point to */
    entity_list_t agencies, laws;
    unsigned *regulators, n_regulators; /* agencies that are not courts */
    unsigned *courts, n_courts;         /* courts and procuratorates */
} gazetteer_t;

/* The spellings of one kind of entity id, from the gazetteer. */
static unsigned
names_of(const lex_gazetteer_t *lex, const char *id, lex_name_kind_t which,
         char *const **out)
{
    return (unsigned)lex_gazetteer_names(lex, id, which, out);
}

/*
 * Lists the entities of one kind, in the order of their file (path, for
 * messages), each with its spellings.  0, or an exit status after a
 * message: lexgen needs an English and a Chinese name for every entity.
 */
static int
list_entities(const lex_gazetteer_t *lex, lex_entity_kind_t kind,
              const char *path, entity_list_t *list)
{
    size_t n = lex_gazetteer_count(lex, kind);
    if (n == 0) {
        fprintf(stderr, "lexgen: %s: no entries\n", path);
        return EXIT_IO;
    }
    list->items = calloc(n, sizeof *list->items);
    if (!list->items) {
        fprintf(stderr, "lexgen: out of memory\n");
        return EXIT_IO;
    }
    list->n = (unsigned)n;
    for (size_t i = 0; i < n; i++) {
        entity_t *e = &list->items[i];
        e->id = lex_gazetteer_id_at(lex, kind, i);
        e->n_abbr = names_of(lex, e->id, LEX_NAME_ABBR, &e->abbr);
        e->n_en = names_of(lex, e->id, LEX_NAME_ENGLISH, &e->en);
        e->n_zh = names_of(lex, e->id, LEX_NAME_CHINESE, &e->zh);
        if (e->n_en == 0 || e->n_zh == 0) {
            fprintf(stderr,
                    "lexgen: %s: %s: lexgen needs an English and a Chinese "
                    "name\n",
                    path, e->id);
            return EXIT_IO;
        }
    }
    return 0;
}

/* True for a court or procuratorate, which only appear under Courts. */
static bool
is_court(const entity_t *e)
{
    return strstr(e->en[0], "Court") || strstr(e->en[0], "Procuratorate");
}

/* Loads DIR/agencies.tsv and DIR/laws.tsv with the gazetteer loader of
   lexsearch, which checks them; 0 or an exit status. */
static int
load_gazetteer(const char *dir, gazetteer_t *g)
{
    char agencies[4096], laws[4096];
    lex_err_t err;
    memset(g, 0, sizeof *g);
    snprintf(agencies, sizeof agencies, "%s/agencies.tsv", dir);
    snprintf(laws, sizeof laws, "%s/laws.tsv", dir);
    lex_status_t st = lex_gazetteer_load(agencies, laws, &g->lex, &err);
    if (st != LEX_OK) {
        fprintf(stderr, "lexgen: %s%s\n", err.msg,
                st == LEX_EIO ? " (use --data DIR)" : "");
        return EXIT_IO;
    }
    int status =
        list_entities(g->lex, LEX_ENTITY_AGENCY, agencies, &g->agencies);
    if (!status)
        status = list_entities(g->lex, LEX_ENTITY_LAW, laws, &g->laws);
    if (status)
        return status;
    unsigned n = g->agencies.n;
    g->regulators = malloc(n * sizeof *g->regulators);
    g->courts = malloc(n * sizeof *g->courts);
    if (!g->regulators || !g->courts) {
        fprintf(stderr, "lexgen: out of memory\n");
        return EXIT_IO;
    }
    for (unsigned i = 0; i < n; i++) {
        if (is_court(&g->agencies.items[i]))
            g->courts[g->n_courts++] = i;
        else
            g->regulators[g->n_regulators++] = i;
    }
    if (!g->n_courts || !g->n_regulators) {
        fprintf(stderr,
                "lexgen: %s/agencies.tsv: needs courts and other "
                "agencies\n",
                dir);
        return EXIT_IO;
    }
    return 0;
}

/* Frees the gazetteer. */
static void
free_gazetteer(gazetteer_t *g)
{
    free(g->agencies.items);
    free(g->laws.items);
    lex_gazetteer_free(g->lex);
    free(g->regulators);
    free(g->courts);
}

/* ---- bulletin text ---------------------------------------------------- */

/* One entity as an item writes it: the spellings chosen for this item. */
typedef struct {
    const entity_t *e;
    const char *abbr; /* NULL when it has none */
    const char *en, *zh;
    bool named; /* the full name has been written once */
} mention_t;

/* The choices that the sentences of one item share. */
typedef struct {
    rng_t *rng; /* draws numbers and words as templates ask for them */
    mention_t agency, law;
    const char *other, *law2;
    unsigned subject, subject2, place, place2, company;
    unsigned doc, verb, surname, brand1, brand2, firm, brand_city;
    bool brand_named;   /* the firm's full name has been written once */
    bool zh;            /* names in Chinese at their first mention */
    unsigned last_noun; /* the noun phrase drawn last, not drawn twice */
    int year;
    unsigned round;
} item_ctx_t;

/* Picks the spellings this item uses for entity e. */
static void
choose_mention(mention_t *m, rng_t *r, const entity_t *e)
{
    m->e = e;
    m->abbr = e->n_abbr ? e->abbr[rng_zipf(r, e->n_abbr)] : NULL;
    m->en = e->en[rng_zipf(r, e->n_en)];
    m->zh = e->zh[rng_zipf(r, e->n_zh)];
    m->named = false;
}

/* The short form of an entity: its abbreviation, else its English name. */
static const char *
short_name(const mention_t *m)
{
    return m->abbr ? m->abbr : m->en;
}

/*
 * Writes an entity: at its first mention the English name followed by
 * the abbreviation and, in Chinese-name items, the Chinese name, as
 * bulletins introduce them (`Cyberspace Administration of China ("CAC",
 * 国家网信办)`); later, the short form.
 */
static void
put_mention(lex_buf_t *b, mention_t *m, bool zh)
{
    if (m->named) {
        lex_buf_puts(b, short_name(m));
        return;
    }
    m->named = true;
    lex_buf_puts(b, m->en);
    if (m->abbr && zh)
        lex_buf_printf(b, " (\"%s\", %s)", m->abbr, m->zh);
    else if (m->abbr)
        lex_buf_printf(b, " (\"%s\")", m->abbr);
    else if (zh)
        lex_buf_printf(b, " (%s)", m->zh);
}

/* Writes a fine such as "RMB 350,000" or "RMB 1.2 million". */
static void
put_amount(lex_buf_t *b, rng_t *r)
{
    unsigned k = 1 + rng_below(r, 99);
    if (rng_below(r, 4) == 0)
        lex_buf_printf(b, "RMB %u.%u million", 1 + k / 10, k % 10);
    else
        lex_buf_printf(b, "RMB %u0,000", k);
}

/* Writes a made-up company name: "Xinrui" or, at first mention in full,
   "Hangzhou Xinrui Technology Co., Ltd.". */
static void
put_firm(lex_buf_t *b, item_ctx_t *c, bool full)
{
    const char *s1 = syllables[c->brand1], *s2 = syllables[c->brand2];
    if (full && !c->brand_named)
        lex_buf_printf(b, "%s ", places[c->brand_city]);
    lex_buf_printf(b, "%c%s%s %s", s1[0] - 'a' + 'A', s1 + 1, s2,
                   firm_kinds[c->firm]);
    if (full && !c->brand_named)
        lex_buf_puts(b, " Co., Ltd.");
    if (full)
        c->brand_named = true;
}

/* Writes a noun phrase of the field drawn anew, lower or title case,
   never the one drawn just before. */
static void
put_noun(lex_buf_t *b, item_ctx_t *c, bool title)
{
    unsigned k = rng_zipf(c->rng, (unsigned)COUNT(nouns));
    if (k == c->last_noun)
        k = (k + 1 + rng_zipf(c->rng, (unsigned)COUNT(nouns) - 1)) %
            (unsigned)COUNT(nouns);
    c->last_noun = k;
    const char *w = nouns[k];
    if (title)
        put_title(b, w);
    else
        lex_buf_puts(b, w);
}

/* Expands one {key}; unknown keys are a bug in the tables, written as is. */
static void
put_key(lex_buf_t *b, char k, item_ctx_t *c)
{
    rng_t *r = c->rng;
    switch (k) {
    case 'A':
        lex_buf_puts(b, short_name(&c->agency));
        break;
    case 'F':
        put_mention(b, &c->agency, c->zh);
        break;
    case 'O':
        lex_buf_puts(b, c->other);
        break;
    case 'L':
        put_mention(b, &c->law, c->zh);
        break;
    case 'l':
        lex_buf_puts(b, short_name(&c->law));
        break;
    case 'M':
        lex_buf_puts(b, c->law2);
        break;
    case 's':
        lex_buf_puts(b, subjects[c->subject]);
        break;
    case 'S':
        put_title(b, subjects[c->subject]);
        break;
    case 't':
        lex_buf_puts(b, subjects[c->subject2]);
        break;
    case 'w':
        put_noun(b, c, false);
        break;
    case 'W':
        put_noun(b, c, true);
        break;
    case 'R':
        lex_buf_puts(b, actors[rng_zipf(r, (unsigned)COUNT(actors))]);
        break;
    case 'V':
        lex_buf_puts(b, verbs[rng_zipf(r, (unsigned)COUNT(verbs))]);
        break;
    case 'p':
        lex_buf_puts(b, places[c->place]);
        break;
    case 'q':
        lex_buf_puts(b, places[c->place2]);
        break;
    case 'c':
        lex_buf_puts(b, companies[c->company].lower);
        break;
    case 'C':
        lex_buf_puts(b, companies[c->company].title);
        break;
    case 'a':
        lex_buf_puts(b, strchr("aeiou", companies[c->company].lower[0]) ? "an "
                                                                        : "a ");
        lex_buf_puts(b, companies[c->company].lower);
        break;
    case 'B':
        put_firm(b, c, true);
        break;
    case 'b':
        put_firm(b, c, false);
        break;
    case 'P':
        lex_buf_puts(b, surnames[c->surname]);
        break;
    case 'K':
        lex_buf_printf(b, "(%d) %s %u %s No. %u", c->year,
                       court_codes[rng_zipf(r, (unsigned)COUNT(court_codes))],
                       100 + rng_below(r, 9900),
                       case_kinds[rng_zipf(r, (unsigned)COUNT(case_kinds))],
                       1 + rng_below(r, 20000));
        break;
    case 'N':
        lex_buf_printf(b, "%s [%d] No. %u",
                       doc_numbers[rng_zipf(r, (unsigned)COUNT(doc_numbers))],
                       c->year, 1 + rng_below(r, 300));
        break;
    case 'D':
        lex_buf_puts(b, doc_types[c->doc]);
        break;
    case 'v':
        lex_buf_puts(b, legislative_verbs[c->verb]);
        break;
    case 'n':
        lex_buf_printf(b, "%u", 2 + rng_below(r, 29));
        break;
    case 'm':
        put_amount(b, r);
        break;
    case 'y':
        lex_buf_printf(b, "%d", c->year);
        break;
    case 'r':
        lex_buf_printf(b, "%u", c->round);
        break;
    default:
        lex_buf_printf(b, "{%c}", k);
        break;
    }
}

/* Appends a template with its {keys} filled in from the item context;
   a template that starts with a key gets its first letter capitalised. */
static void
expand(lex_buf_t *b, const char *tmpl, item_ctx_t *c)
{
    const char *s = tmpl;
    while (*s) {
        const char *open = strchr(s, '{');
        if (!open || !open[1] || open[2] != '}') {
            lex_buf_puts(b, s);
            return;
        }
        lex_buf_append(b, s, (size_t)(open - s));
        size_t at = b->len;
        put_key(b, open[1], c);
        if (open == tmpl && b->len > at && b->data[at] >= 'a' &&
            b->data[at] <= 'z')
            b->data[at] = (char)(b->data[at] - 'a' + 'A');
        s = open + 3;
    }
}

/* The form of law_free_forms without the law for headline form f;
   NULL when f names no law. */
static const char *
law_free_form(const char *f)
{
    for (size_t i = 0; i < COUNT(law_free_forms); i++)
        if (!strcmp(law_free_forms[i][0], f))
            return law_free_forms[i][1];
    return NULL;
}

/*
 * Writes an item's headline in form f.  A headline that would run over
 * MAX_HEADLINE_WORDS (a long law title beside an agency without an
 * abbreviation, as no real bulletin writes one) is written without the
 * law instead, as real headlines shorten long titles.  The draws and
 * the item context are left as the full form leaves them, so the rest
 * of the file is the same either way.
 */
static void
put_headline(lex_buf_t *out, const char *f, item_ctx_t *c)
{
    size_t at = out->len;
    rng_t rng_before = *c->rng;
    item_ctx_t before = *c;
    expand(out, f, c);
    const char *shorter = law_free_form(f);
    if (!shorter ||
        lex_count_words(lex_buf_str(out) + at) <= MAX_HEADLINE_WORDS)
        return;
    rng_t rng_after = *c->rng;
    item_ctx_t after = *c;
    lex_buf_truncate(out, at);
    *c = before;
    *c->rng = rng_before;
    expand(out, shorter, c);
    *c = after;
    *c->rng = rng_after;
}

/*
 * Writes the date an item's paragraph opens with, mostly "On March 14, "
 * in the issue month, sometimes with the year, day-first, in the previous
 * month, or the undated "Recently, ".  Days stop at 28 so every date is
 * valid.
 */
static void
put_opening_date(lex_buf_t *b, rng_t *r, int year, int month)
{
    unsigned form = rng_below(r, 40), day = 1 + rng_below(r, 28);
    if (form < 5) {
        lex_buf_puts(b, "Recently, ");
        return;
    }
    if (form < 9) { /* the month before the issue, as real bulletins do */
        month = month == 1 ? 12 : month - 1;
        year = month == 12 ? year - 1 : year;
    }
    const char *name = month_names[month - 1];
    if (form < 30)
        lex_buf_printf(b, "On %s %u, ", name, day);
    else if (form < 37)
        lex_buf_printf(b, "On %s %u, %d, ", name, day, year);
    else
        lex_buf_printf(b, "On %u %s %d, ", day, name, year);
}

/* An agency index of list (n entries), Zipf-drawn, other than avoid. */
static unsigned
pick_agency(rng_t *r, const unsigned *list, unsigned n, unsigned avoid)
{
    unsigned k = rng_zipf(r, n);
    if (list[k] == avoid && n > 1)
        k = (k + 1) % n;
    return list[k];
}

/* Picks the shared choices of one item in group (0-3). */
static void
choose_item(item_ctx_t *c, rng_t *r, unsigned group, const gazetteer_t *g)
{
    const entity_t *ag = g->agencies.items, *laws = g->laws.items;
    unsigned n_laws = g->laws.n;
    c->rng = r;
    c->zh = rng_below(r, ZH_ONE_IN) == 0;
    unsigned a = group == 3
                     ? pick_agency(r, g->courts, g->n_courts, ~0u)
                     : pick_agency(r, g->regulators, g->n_regulators, ~0u);
    choose_mention(&c->agency, r, &ag[a]);
    unsigned o = pick_agency(r, g->regulators, g->n_regulators, a);
    c->other = ag[o].n_abbr ? ag[o].abbr[0] : ag[o].en[0];
    unsigned law = rng_zipf(r, n_laws);
    choose_mention(&c->law, r, &laws[law]);
    unsigned law2 = (law + 1 + rng_zipf(r, n_laws)) % n_laws;
    if (law2 == law)
        law2 = (law + 1) % n_laws;
    c->law2 = laws[law2].en[rng_zipf(r, laws[law2].n_en)];
    c->subject = rng_zipf(r, (unsigned)COUNT(subjects));
    c->subject2 = rng_below(r, (unsigned)COUNT(subjects));
    if (c->subject2 == c->subject)
        c->subject2 = (c->subject2 + 3) % (unsigned)COUNT(subjects);
    c->place = rng_zipf(r, (unsigned)COUNT(places));
    c->place2 = (c->place + 1 + rng_below(r, (unsigned)COUNT(places) - 1)) %
                (unsigned)COUNT(places);
    c->company = rng_zipf(r, (unsigned)COUNT(companies));
    c->doc = rng_zipf(r, (unsigned)COUNT(doc_types));
    c->verb = rng_below(r, (unsigned)COUNT(legislative_verbs));
    c->surname = rng_zipf(r, (unsigned)COUNT(surnames));
    c->brand1 = rng_zipf(r, (unsigned)COUNT(syllables));
    c->brand2 = rng_zipf(r, (unsigned)COUNT(syllables));
    c->firm = rng_zipf(r, (unsigned)COUNT(firm_kinds));
    c->brand_city = rng_zipf(r, (unsigned)COUNT(places));
    c->brand_named = false;
    c->last_noun = ~0u;
}

/* The arguments every file depends on. */
typedef struct {
    uint64_t seed;
    unsigned items; /* items per file; 0 = 20 to 30, drawn */
    const gazetteer_t *gaz;
} gen_args_t;

/* The web address slug of an agency: its abbreviation or id, lower case,
   letters and digits only. */
static void
agency_slug(const mention_t *m, char *out, size_t size)
{
    const char *s = m->e->n_abbr ? m->e->abbr[0] : m->e->id;
    size_t n = 0;
    for (; *s && n + 1 < size; s++) {
        char ch = *s;
        if (ch >= 'A' && ch <= 'Z')
            out[n++] = (char)(ch - 'A' + 'a');
        else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
            out[n++] = ch;
    }
    out[n] = '\0';
}

/*
 * Writes the body of one item: the dated opening sentence, 2 to 5 more
 * (no sentence twice), in one item in ten split over two paragraphs, the
 * change round's sentence if any, and the footnote number.
 */
static void
put_body(lex_buf_t *out, rng_t *r, item_ctx_t *c, unsigned group, unsigned kind,
         int month, item_ctx_t *change, unsigned number)
{
    put_opening_date(out, r, c->year, month);
    expand(out, openings[group][kind], c);
    unsigned more = 2 + rng_below(r, 4); /* 3-6 sentences in all */
    unsigned split = rng_below(r, 10) == 0 ? 1 + rng_below(r, more) : 0;
    uint64_t used = 0;
    for (unsigned k = 0; k < more; k++) {
        unsigned f = rng_below(r, (unsigned)COUNT(follow_ups));
        while (used & (UINT64_C(1) << f))
            f = (f + 1) % (unsigned)COUNT(follow_ups);
        used |= UINT64_C(1) << f;
        lex_buf_puts(out, k == split && split ? "\n\n" : " ");
        expand(out, follow_ups[f], c);
    }
    if (change) {
        lex_buf_puts(out, " ");
        expand(out,
               change_sentences[rng_below(change->rng,
                                          (unsigned)COUNT(change_sentences))],
               change);
    }
    if (rng_below(r, 25) == 0)
        lex_buf_printf(out, " [%u]\n\n", number);
    else
        lex_buf_printf(out, " %u\n\n", number);
}

/*
 * Writes bulletin number index (a key: originals are 0 to N-1, files that
 * --change adds have keys of their own) into out, and its issue month
 * into *year and *month.  When round is not 0, one item gets one extra
 * sentence drawn from a separate stream, so the rest of the file stays
 * byte-identical to the original.  Returns the number of items.
 */
static unsigned
generate_bulletin(const gen_args_t *g, uint64_t index, unsigned round,
                  lex_buf_t *out, int *year, int *month)
{
    rng_t r, cr;
    mention_t agency_of[MAX_ITEMS];
    unsigned alter = 0;

    rng_seed(&r, g->seed, index, 0);
    rng_seed(&cr, g->seed, index, 0x100000000u + round);
    *year = FIRST_YEAR + (int)(index % N_YEARS);
    *month = 1 + (int)rng_below(&r, 12);
    unsigned items =
        g->items ? g->items
                 : MIN_ITEMS_DEFAULT + rng_below(&r, SPREAD_ITEMS_DEFAULT);
    if (round)
        alter = rng_below(&cr, items);
    bool bracketed = rng_below(&r, 6) == 0; /* "[7] https://..." entries */

    lex_buf_reset(out);
    lex_buf_printf(out,
                   title_forms[rng_below(&r, (unsigned)COUNT(title_forms))],
                   month_names[*month - 1], *year);
    lex_buf_puts(out, "\n\n");
    unsigned group = 0;
    for (unsigned i = 0; i < items; i++) {
        /* group k holds items [ceil(M*k/4), ceil(M*(k+1)/4)): never empty
           for k = 0, so the title is always followed by a headline */
        unsigned last = group;
        while ((items * (group + 1) + 3) / 4 <= i)
            group++;
        if (group != last)
            lex_buf_printf(out, "%s\n\n", section_names[group]);

        item_ctx_t c;
        choose_item(&c, &r, group, g->gaz);
        c.year = *year;
        c.round = round;
        unsigned kind = rng_below(&r, KINDS);
        put_headline(out, headlines[group][kind][rng_below(&r, 2)], &c);
        lex_buf_puts(out, "\n\n");
        item_ctx_t cc = c;
        cc.rng = &cr;
        put_body(out, &r, &c, group, kind, *month,
                 round && i == alter ? &cc : NULL, i + 1);
        agency_of[i] = c.agency;
    }
    for (unsigned i = 0; i < items; i++) {
        unsigned id = 1000000000u + rng_below(&r, 1000000000u);
        unsigned links = rng_below(&r, 8) == 0 ? 2 : 1;
        if (rng_below(&r, 10) == 0)
            continue; /* about one footnote in ten has no source link */
        char slug[32];
        agency_slug(&agency_of[i], slug, sizeof slug);
        lex_buf_printf(out, bracketed ? "[%u] " : "%u. ", i + 1);
        for (unsigned k = 0; k < links; k++)
            lex_buf_printf(out,
                           "%shttps://www.example-agency.gov.cn/%s/%d-%02d/"
                           "c_%u.htm",
                           k ? "\n" : "", slug, *year, *month, id + k);
        lex_buf_puts(out, "\n\n");
    }
    lex_buf_puts(out,
                 "Disclaimer: This bulletin is synthetic text generated by "
                 "lexgen for benchmarks and tests. It describes no real "
                 "events, cases or documents and is not legal advice.\n");
    return items;
}
/* ---- files ------------------------------------------------------------ */

/* mkdir -p: creates path and its parents; 0 or an exit status. */
static int
make_dirs(const char *path)
{
    size_t n = strlen(path);
    char *p = malloc(n + 1);
    int status = 0;
    if (!p) {
        fprintf(stderr, "lexgen: %s: out of memory\n", path);
        return EXIT_IO;
    }
    memcpy(p, path, n + 1);
    for (size_t i = 1; i <= n && !status; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        char saved = p[i];
        p[i] = '\0';
        struct stat st;
        if (mkdir(p, 0777) != 0 &&
            (errno != EEXIST || stat(p, &st) != 0 || !S_ISDIR(st.st_mode))) {
            fprintf(stderr, "lexgen: %s: cannot create directory: %s\n", p,
                    errno == EEXIST ? "not a directory" : strerror(errno));
            status = EXIT_IO;
        }
        p[i] = saved;
    }
    free(p);
    return status;
}

/*
 * Writes data to path through a temporary file and a rename, so a reader
 * (or a crash) never sees a half-written bulletin.  0 or an exit status.
 */
static int
write_file(const char *path, const char *data, size_t len)
{
    char tmp[4200];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        fprintf(stderr, "lexgen: %s: path too long\n", path);
        return EXIT_IO;
    }
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        fprintf(stderr, "lexgen: %s: %s\n", tmp, strerror(errno));
        return EXIT_IO;
    }
    bool ok = fwrite(data, 1, len, f) == len;
    int saved = errno;
    if (fclose(f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        fprintf(stderr, "lexgen: %s: %s\n", path, strerror(saved));
        remove(tmp);
        return EXIT_IO;
    }
    return 0;
}

/* The file name of bulletin index: DIR/YYYY/YYYY-MM-bulletin-NNNNN.txt. */
static bool
bulletin_path(char *buf, size_t size, const char *dir, int year, int month,
              unsigned index)
{
    int n = snprintf(buf, size, "%s/%d/%d-%02d-bulletin-%05u.txt", dir, year,
                     year, month, index);
    return n > 0 && (size_t)n < size;
}

/* The file name of the k-th file that change round `round` adds:
   DIR/YYYY/YYYY-MM-added-RRRRRR-KKKKK.txt. */
static bool
added_path(char *buf, size_t size, const char *dir, int year, int month,
           unsigned round, unsigned k)
{
    int n = snprintf(buf, size, "%s/%d/%d-%02d-added-%06u-%05u.txt", dir, year,
                     year, month, round, k);
    return n > 0 && (size_t)n < size;
}

/* The generator key of the k-th file added by a round: above 2^32, so it
   never meets an original file's index. */
static uint64_t
added_key(unsigned round, unsigned k)
{
    return ((uint64_t)round << 32) | k;
}

/* ---- modes ------------------------------------------------------------ */

/* Writes files [0, n_files) into dir; 0 or an exit status. */
static int
create_corpus(const gen_args_t *g, unsigned n_files, const char *dir)
{
    lex_buf_t text = LEX_BUF_INIT;
    bool year_made[N_YEARS] = {false};
    char path[4096];
    int status = make_dirs(dir);
    unsigned written = 0;
    unsigned long items = 0;

    for (unsigned i = 0; i < n_files && !status; i++) {
        int year, month;
        unsigned n = generate_bulletin(g, i, 0, &text, &year, &month);
        if (lex_buf_failed(&text)) {
            fprintf(stderr, "lexgen: %s: out of memory\n", dir);
            status = EXIT_IO;
            break;
        }
        if (!year_made[year - FIRST_YEAR]) {
            snprintf(path, sizeof path, "%s/%d", dir, year);
            status = make_dirs(path);
            year_made[year - FIRST_YEAR] = true;
        }
        if (!status && !bulletin_path(path, sizeof path, dir, year, month, i)) {
            fprintf(stderr, "lexgen: %s: path too long\n", dir);
            status = EXIT_IO;
        }
        if (!status)
            status = write_file(path, text.data, text.len);
        if (!status) {
            written++;
            items += n;
        }
    }
    lex_buf_free(&text);
    printf("lexgen: %s: %u files written, %lu items\n", dir, written, items);
    return status;
}

/* What a change round did, for its report line. */
typedef struct {
    unsigned modified, added, deleted, current;
} change_counts_t;

/*
 * Writes text to path unless the file already holds exactly that text
 * (then *current is set); 0 or an exit status.  A missing file is
 * written: a file deleted by an earlier round comes back.
 */
static int
write_if_changed(const char *path, const lex_buf_t *text, bool *current)
{
    struct stat st;
    *current = false;
    if (lex_buf_failed(text)) {
        fprintf(stderr, "lexgen: %s: out of memory\n", path);
        return EXIT_IO;
    }
    if (stat(path, &st) == 0) {
        char *old;
        size_t len;
        lex_err_t err;
        if (lex_read_file(path, LEX_MAX_FILE_BYTES, &old, &len, &err) !=
            LEX_OK) {
            fprintf(stderr, "lexgen: %s\n", err.msg);
            return EXIT_IO;
        }
        *current = len == text->len && !memcmp(old, text->data, len);
        free(old);
        if (*current)
            return 0;
    }
    return write_file(path, text->data, text->len);
}

/* Deletes original file i of the corpus; *gone is set when it was
   deleted already.  0 or an exit status. */
static int
delete_file(const gen_args_t *g, const char *dir, unsigned i, lex_buf_t *text,
            bool *gone)
{
    char path[4096];
    int year, month;
    generate_bulletin(g, i, 0, text, &year, &month); /* for the name */
    if (!bulletin_path(path, sizeof path, dir, year, month, i)) {
        fprintf(stderr, "lexgen: %s: path too long\n", dir);
        return EXIT_IO;
    }
    *gone = false;
    if (remove(path) != 0) {
        if (errno == ENOENT) {
            *gone = true;
            return 0;
        }
        fprintf(stderr, "lexgen: %s: %s\n", path, strerror(errno));
        return EXIT_IO;
    }
    return 0;
}

/*
 * Modifies or deletes the files that change round `round` picks: mod +
 * del of the n_files originals, chosen by selection sampling (Knuth's
 * algorithm S) from a stream of its own, so each round picks the same
 * files every time it is run; of those, del are deleted, chosen the same
 * way from a second stream.  A modified file holds its original text plus
 * this round's sentence.
 */
static int
modify_and_delete(const gen_args_t *g, unsigned n_files, const char *dir,
                  unsigned mod, unsigned del, unsigned round,
                  change_counts_t *counts)
{
    lex_buf_t text = LEX_BUF_INIT;
    char path[4096];
    rng_t pick, kill;
    unsigned needed = mod + del, picked = 0, to_delete = del;
    int status = 0;

    rng_seed(&pick, g->seed, 0xC4A46E00u, round);
    rng_seed(&kill, g->seed, 0xDE1E7E00u, round);
    for (unsigned i = 0; i < n_files && needed > 0 && !status; i++) {
        if (rng_below(&pick, n_files - i) >= needed)
            continue;
        needed--;
        unsigned left = mod + del - picked++;
        if (rng_below(&kill, left) < to_delete) {
            to_delete--;
            bool gone;
            status = delete_file(g, dir, i, &text, &gone);
            if (!status && gone)
                counts->current++;
            else if (!status)
                counts->deleted++;
            continue;
        }
        int year, month;
        generate_bulletin(g, i, round, &text, &year, &month);
        if (!bulletin_path(path, sizeof path, dir, year, month, i)) {
            fprintf(stderr, "lexgen: %s: path too long\n", dir);
            status = EXIT_IO;
            break;
        }
        bool current;
        status = write_if_changed(path, &text, &current);
        if (!status && current)
            counts->current++;
        else if (!status)
            counts->modified++;
    }
    lex_buf_free(&text);
    return status;
}

/* Writes the add new files of change round `round`; 0 or an exit status. */
static int
add_files(const gen_args_t *g, const char *dir, unsigned add, unsigned round,
          change_counts_t *counts)
{
    lex_buf_t text = LEX_BUF_INIT;
    char path[4096];
    int status = 0;

    for (unsigned k = 0; k < add && !status; k++) {
        int year, month;
        generate_bulletin(g, added_key(round, k), 0, &text, &year, &month);
        snprintf(path, sizeof path, "%s/%d", dir, year);
        status = make_dirs(path);
        if (!status &&
            !added_path(path, sizeof path, dir, year, month, round, k)) {
            fprintf(stderr, "lexgen: %s: path too long\n", dir);
            status = EXIT_IO;
        }
        bool current = false;
        if (!status)
            status = write_if_changed(path, &text, &current);
        if (!status && current)
            counts->current++;
        else if (!status)
            counts->added++;
    }
    lex_buf_free(&text);
    return status;
}

/*
 * Change round `round` over count files of an n_files corpus: a fifth of
 * them (rounded down) are deleted, as many new files are added, and the
 * rest are modified.  0 or an exit status.
 */
static int
change_corpus(const gen_args_t *g, unsigned n_files, const char *dir,
              unsigned count, unsigned round)
{
    struct stat st;
    change_counts_t counts = {0, 0, 0, 0};
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr,
                "lexgen: %s: not a directory (generate the corpus "
                "first)\n",
                dir);
        return EXIT_IO;
    }
    unsigned del = count / 5, add = del, mod = count - del - add;
    int status = modify_and_delete(g, n_files, dir, mod, del, round, &counts);
    if (!status)
        status = add_files(g, dir, add, round, &counts);
    printf("lexgen: %s: round %u: %u modified, %u added, %u deleted "
           "(of %u files)",
           dir, round, counts.modified, counts.added, counts.deleted, n_files);
    if (counts.current)
        printf(", %u already as this round leaves them", counts.current);
    printf("\n");
    return status;
}

/* ---- command line ----------------------------------------------------- */

/* Prints the help text to f. */
static void
usage(FILE *f)
{
    fputs("usage: lexgen [--files N] [--items M] [--seed S] [--data DIR] "
          "[--change PERCENT [--round R]] OUTDIR\n"
          "Writes N synthetic bulletins (default 100) of M items (default:\n"
          "20 to 30, drawn per file) to "
          "OUTDIR/YYYY/YYYY-MM-bulletin-NNNNN.txt,\n"
          "deterministically from S (default 1), with agencies and laws "
          "from\n"
          "DIR/agencies.tsv and DIR/laws.tsv (default " LEXGEN_DATADIR ").\n"
          "With --change, changes PERCENT% of the files of an existing "
          "corpus\n"
          "made with the same N, M, S and DIR: a fifth are deleted, as many "
          "new\n"
          "files are added, the rest get one sentence more; R (default 1)\n"
          "selects which files and text.\n",
          f);
}
/* Parses a whole decimal number in [lo, hi]; false if s is not one. */
static bool
parse_uint(const char *s, unsigned long long lo, unsigned long long hi,
           unsigned long long *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* Parses a percentage greater than 0 and at most 100. */
static bool
parse_percent(const char *s, double *out)
{
    char *end;
    if ((*s < '0' || *s > '9') && *s != '.')
        return false;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || !(v > 0.0 && v <= 100.0))
        return false;
    *out = v;
    return true;
}

/* Parses the command line and runs the chosen mode. */
int
main(int argc, char **argv)
{
    gen_args_t g = {1, 0, NULL};
    unsigned long long files = 100, items = 0, seed = 1, round = 1;
    const char *data_dir = LEXGEN_DATADIR;
    double percent = 0.0;
    bool change = false, round_given = false;
    const char *dir = NULL;

    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        if (!strcmp(opt, "-h") || !strcmp(opt, "--help")) {
            usage(stdout);
            return 0;
        }
        if (opt[0] != '-' || !strcmp(opt, "-")) {
            if (dir) {
                fprintf(stderr, "lexgen: %s: only one DIR may be given\n", opt);
                return EXIT_USAGE;
            }
            dir = opt;
            continue;
        }
        if (!strcmp(opt, "--")) {
            if (i + 2 != argc || dir) {
                fprintf(stderr, "lexgen: exactly one DIR must be given\n");
                return EXIT_USAGE;
            }
            dir = argv[++i];
            continue;
        }
        bool known = !strcmp(opt, "--files") || !strcmp(opt, "--items") ||
                     !strcmp(opt, "--seed") || !strcmp(opt, "--change") ||
                     !strcmp(opt, "--round") || !strcmp(opt, "--data");
        if (!known) {
            fprintf(stderr, "lexgen: %s: unknown option (see lexgen --help)\n",
                    opt);
            return EXIT_USAGE;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "lexgen: %s: missing value\n", opt);
            return EXIT_USAGE;
        }
        const char *val = argv[++i];
        bool ok;
        if (!strcmp(opt, "--data")) {
            data_dir = val;
            ok = *val != '\0';
        } else if (!strcmp(opt, "--files")) {
            ok = parse_uint(val, 1, MAX_FILES, &files);
        } else if (!strcmp(opt, "--items")) {
            ok = parse_uint(val, 1, MAX_ITEMS, &items);
        } else if (!strcmp(opt, "--seed")) {
            ok = parse_uint(val, 0, UINT64_MAX, &seed);
        } else if (!strcmp(opt, "--round")) {
            ok = parse_uint(val, 1, 1000000, &round);
            round_given = true;
        } else {
            ok = parse_percent(val, &percent);
            change = true;
        }
        if (!ok) {
            static const char *const ranges[][2] = {
                {"--files", "a whole number from 1 to 100000"},
                {"--items", "a whole number from 1 to 999"},
                {"--seed", "a whole number from 0 to 18446744073709551615"},
                {"--round", "a whole number from 1 to 1000000"},
                {"--change", "a percentage above 0 and at most 100"},
                {"--data", "a directory"},
            };
            const char *want = "valid";
            for (size_t k = 0; k < COUNT(ranges); k++)
                if (!strcmp(opt, ranges[k][0]))
                    want = ranges[k][1];
            fprintf(stderr, "lexgen: %s: '%s' is not %s\n", opt, val, want);
            return EXIT_USAGE;
        }
    }
    if (!dir || !*dir) {
        fprintf(stderr, "lexgen: missing DIR (see lexgen --help)\n");
        return EXIT_USAGE;
    }
    if (round_given && !change) {
        fprintf(stderr, "lexgen: --round: only meaningful with --change\n");
        return EXIT_USAGE;
    }
    gazetteer_t gaz;
    int status = load_gazetteer(data_dir, &gaz);
    if (status) {
        free_gazetteer(&gaz);
        return status;
    }
    zipf_init();
    g.seed = (uint64_t)seed;
    g.items = (unsigned)items;
    g.gaz = &gaz;
    if (!change) {
        status = create_corpus(&g, (unsigned)files, dir);
    } else {
        unsigned count = (unsigned)((double)files * percent / 100.0 + 0.5);
        if (count == 0)
            count = 1;
        status =
            change_corpus(&g, (unsigned)files, dir, count, (unsigned)round);
    }
    free_gazetteer(&gaz);
    return status;
}
