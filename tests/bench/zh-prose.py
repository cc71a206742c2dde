#!/usr/bin/env python3
# zh-prose.py - writes CHARS characters (default 10,000) of Chinese
# regulatory-news prose, as a user would paste it into a query: sentences
# with full-width punctuation, dates, figures, some ASCII (App, SDK,
# GB/T numbers) and the Chinese names of the agencies and laws of the
# gazetteer (corpus/agencies.tsv, corpus/laws.tsv).
#
#   tests/bench/zh-prose.py [CHARS] [DATADIR] > prose.txt
#
# The sentences are templates written for this bench (no bulletin text);
# the slots are filled from a fixed seed, so the output is the same on
# every run. tests/bench/run and bench-cjk.sh time it as one query.
import random
import sys

chars = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
datadir = sys.argv[2] if len(sys.argv) > 2 else "corpus"


def names(path, column):
    """The first Chinese name of each line of a gazetteer file."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) > column and cols[column] != "-":
                out.append(cols[column].split("|")[0])
    return out


agencies = names(datadir + "/agencies.tsv", 5)
laws = names(datadir + "/laws.tsv", 3)

topics = [
    "个人信息出境", "数据分类分级", "算法推荐服务", "未成年人网络保护",
    "人脸识别技术应用", "关键信息基础设施安全保护", "网络安全等级保护",
    "生成式人工智能服务", "移动互联网应用程序", "汽车数据安全",
    "金融数据安全", "健康医疗数据", "跨境电子商务", "网络直播营销",
    "电信网络诈骗", "数据安全风险评估", "重要数据目录", "个人信息保护认证",
    "深度合成服务", "网络平台账号管理", "商业秘密保护", "公共数据开放",
]
actors = [
    "网络运营者", "个人信息处理者", "平台企业", "App运营者", "SDK提供者",
    "数据处理者", "商业银行", "网约车平台", "短视频平台", "电商平台",
    "地方政府部门", "科技公司", "外资企业", "医疗机构", "在线教育机构",
]
acts = [
    "过度收集用户信息", "未经同意向第三方提供数据", "违规开展数据出境",
    "未履行安全评估义务", "强制用户授权", "未设置个人信息保护负责人",
    "违规使用人脸识别", "未按规定报告安全事件", "利用算法实施价格歧视",
    "超范围索取权限",
]
cities = ["北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉", "天津", "重庆"]
ascii_bits = [
    "App", "SDK", "API", "5G", "AI", "GB/T 35273", "TC260", "ISO 27001",
    "IPv6", "RMB", "PIPL", "DSL",
]

templates = [
    "{d}，{a}发布《{l}》配套规定，明确{t}的具体要求，自{d2}起施行。",
    "{a}有关负责人表示，{x}在处理{t}时应当遵循合法、正当、必要和诚信原则，不得{c}。",
    "据介绍，本次专项行动为期{n}个月，重点整治{x}{c}等突出问题，共检查{m}款{b}。",
    "{city}市{a}通报了{n}起典型案例，涉及{t}领域，其中一家{x}因{c}被处以{m}万元罚款。",
    "根据《{l}》第{n}条的规定，{x}向境外提供{t}相关数据前，应当通过{a}组织的安全评估。",
    "{a}、{a2}联合印发通知，要求各地加强{t}监管，建立健全投诉举报处理机制。",
    "业内人士认为，新规对{x}提出了更高要求，企业需要尽快完成{b}合规自查。",
    "截至{d}，全国已有{m}家{x}完成{t}备案，{a}将于下半年组织抽查。",
    "征求意见稿共{n}章{m}条，就{t}、{t2}以及法律责任等作出规定，公众可在{n}日内反馈意见。",
    "{a}指出，{x}应当定期开展{t}审计，并将结果报送所在地{a2}。",
    "{city}法院审理的一起案件中，被告{x}因{c}，被判令赔礼道歉并赔偿损失{m}元。",
    "会议强调，要统筹发展和安全，以《{l}》和《{l2}》为依据，推动{t}工作走深走实。",
    "此前，{a}已就{t}发布国家标准{b}，对企业的技术措施提出指引。",
    "{d}，{a}召开新闻发布会，介绍{t}工作进展，并回答记者提问。",
    "监管部门提醒，{x}不得以改善服务质量为由{c}，用户有权拒绝并要求删除。",
]


def sentence(rnd):
    t = rnd.choice(templates)
    y = rnd.randint(2017, 2025)
    return t.format(
        a=rnd.choice(agencies), a2=rnd.choice(agencies),
        l=rnd.choice(laws), l2=rnd.choice(laws),
        t=rnd.choice(topics), t2=rnd.choice(topics),
        x=rnd.choice(actors), c=rnd.choice(acts),
        city=rnd.choice(cities), b=rnd.choice(ascii_bits),
        n=rnd.randint(2, 60), m=rnd.randint(10, 9000),
        d="%d年%d月%d日" % (y, rnd.randint(1, 12), rnd.randint(1, 28)),
        d2="%d年%d月%d日" % (y + 1, rnd.randint(1, 12), 1),
    )


rnd = random.Random(18)
text = ""
while len(text) < chars:
    text += sentence(rnd)
sys.stdout.write(text[:chars])
