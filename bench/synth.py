"""Synthetic Chinese text of the shapes the office writes: names, units, 事迹, stories.

The benchmark needs text that costs what real text costs: word segmentation
(jieba), Markdown and the search index all depend on real words and sentence
lengths, so everything here is assembled from phrases of real 事迹材料, with
numbers varied. Every function takes a seeded :class:`random.Random`, so a
generated data set is the same on every machine.
"""

from __future__ import annotations

import functools
import random
import re
from pathlib import Path

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力林斌宇浩凯鹏飞俊峰波宁晨雪琳婷颖倩欣怡"
         "佳嘉志国庆春海江河山川松柏兴旺德忠诚信义礼智仁安康泰和顺昌隆盛荣光亮新成东南西北中天地元")
ETHNICITIES = ("汉族",) * 18 + ("土家族", "苗族")
PLACES = ("渝", "巴", "嘉陵", "长江", "两江", "缙云", "歌乐", "南山", "北碚", "江津", "璧山", "涪江", "綦江", "大足",
          "铜梁", "荣昌", "永川", "合川", "潼南", "万州", "黔江", "武隆", "丰都", "忠州", "石柱", "秀山", "酉阳",
          "彭水", "梁平", "开州", "云阳", "奉节", "巫山", "城口", "垫江", "南川", "长寿", "巴南", "渝北", "九龙")
BRANDS = ("华", "鑫", "瑞", "恒", "宏", "兴", "达", "博", "信", "科", "智", "创", "远", "航", "宇", "泰", "隆", "盛",
          "康", "新", "精", "诚", "威", "驰", "凯", "腾", "翔", "锐", "通", "汇")
INDUSTRIES = ("汽车零部件", "智能装备", "电子科技", "新材料", "精密机械", "化工", "生物医药", "食品", "轨道交通装备",
              "摩托车", "铝业", "玻璃纤维", "新能源", "半导体", "仪器仪表", "电机", "模具", "纺织", "印刷包装", "钢结构")
UNIT_TYPES = ("enterprise",) * 16 + ("institution", "institution", "social-org", "other-organ")
COLLECTIVE_OFFICES = ("冲压车间", "焊装车间", "涂装车间", "总装车间", "机加工车间", "铸造车间", "热处理车间", "装配车间",
                      "智能制造事业部", "工程技术研究院", "工艺技术部", "质量管理部", "数字化工厂", "检测中心",
                      "研发中心", "动力车间", "电镀车间", "注塑车间", "模具车间", "维修车间")
PERSON_OFFICES = ("技术中心", "设备部", "质检中心", "生产管理部", "安全环保部", "信息化部", "采购部", "工程部",
                  "工艺所", "产品开发部", "计量室", "物流部")
POSITIONS = ("高级工程师", "工程师", "技术员", "班组长", "工段长", "车间主任", "工艺主管", "质量主管", "设备主管",
             "首席技师", "高级技师", "技术总监", "项目经理", "主任工程师", "检验组长")
POLITICAL = ("中共党员", "中共党员", "群众", "共青团员", "民盟盟员")
HONOUR_TITLES = ("重庆市五一劳动奖章", "重庆市劳动模范", "全市经济和信息化系统先进个人", "重庆市技术能手",
                 "重庆英才·技术技能领军人才", "区县先进工作者", "重庆市三八红旗手", "全国五一劳动奖章")
HONOUR_LEVELS = {"重庆市五一劳动奖章": "provincial", "重庆市劳动模范": "provincial", "全国五一劳动奖章": "national",
                 "全市经济和信息化系统先进个人": "econ-system"}

FOCI = ("技术攻关", "智能化改造", "绿色低碳", "质量提升", "人才培养", "安全生产", "数字化转型", "工艺创新",
        "降本增效", "国产化替代", "标准制定", "产学研合作")
ACHIEVEMENTS = (
    "主持研发{p}关键工艺，产品合格率由{a}%提高到{b}%",
    "牵头实施智能化改造项目{n}项，生产效率提高{a}%，运营成本降低{c}%",
    "建成数字化车间，设备联网率达到{b}%，产品研制周期缩短{a}%",
    "推行精益生产管理，年节约成本{m}万元",
    "突破{p}“卡脖子”技术难题，填补国内空白",
    "获得发明专利{n}项、实用新型专利{k}项，参与制定行业标准{n}项",
    "实施节能降碳技术改造，单位产值能耗下降{c}%，年减少二氧化碳排放{m}吨",
    "带出徒弟{k}名，其中{n}人成长为高级技师",
    "建立全过程质量追溯体系，客户投诉率下降{a}%",
    "攻克{p}装配难题，单台装配工时缩短{c}%",
)
PRODUCTS = ("新能源汽车电驱", "高端数控机床", "工业机器人减速器", "功率半导体", "玻璃纤维拉丝", "航空发动机叶片",
            "轨道车辆转向架", "锂电池隔膜", "智能网联终端", "高强度铝合金", "生物制药发酵", "精密齿轮")
OPENINGS = (
    "近年来，{who}深入学习贯彻习近平新时代中国特色社会主义思想，认真落实市委、市政府关于建设制造强市的决策部署，"
    "坚持智能化、绿色化、融合化发展方向，各项工作取得显著成效。",
    "{who}扎根制造业一线，爱岗敬业、勇于创新，在推动企业转型升级和高质量发展中发挥了重要作用。",
)
POINT_LEADS = ("一是", "二是", "三是", "四是")
POINT_BODIES = (
    "坚持创新驱动，提升自主创新能力。围绕产业发展急需，组建攻关团队开展关键技术攻关，{ach}。",
    "加快数字化转型，推动智能制造。以智能工厂建设为抓手，推动生产设备、管理系统互联互通，{ach}。",
    "坚持绿色发展，推动节能降碳。把绿色低碳作为转型升级的重要方向，加快推进清洁生产，{ach}。",
    "坚持质量第一，持续提升产品竞争力。健全全员、全过程、全方位质量管理体系，{ach}。",
    "甘为人梯，倾心培养技能人才。毫无保留地传授技术和经验，{ach}。",
)
CLOSINGS = (
    "{who}遵守廉洁自律准则，贯彻落实中央八项规定及其实施细则精神，无违纪违法行为，无不良信用记录。",
    "近5年未发生重大安全、质量等责任事故，无不良信用记录，在干部职工中树立了良好榜样。",
)
STORY_HEADINGS = ("从“跟跑”到“领跑”", "一线攻坚", "数字赋能", "绿色转型", "匠心传承", "团队的力量", "走向市场",
                  "把难题变成课题", "车间里的课堂", "一组数字的变化", "守正创新", "一张蓝图干到底", "小改革大效益",
                  "质量是生命线", "人才是第一资源", "敢啃硬骨头")
STORY_SCENES = (
    "清晨七点，{place}的厂区已经热闹起来。{who}走进车间，先看一眼中控室大屏上跳动的数据，再沿着生产线走上一圈。",
    "走进{unit}的生产车间，机械臂有序挥舞，自动导引车穿梭往来，屏幕上实时显示着每一道工序的运行状态。",
    "“干制造业，就是要把每一个细节做到极致。”{who}说这话时，手里还拿着刚刚下线的一件样品。",
    "几年前，这里还是另一番景象：设备老旧、工序分散，旺季时车间里挤满了临时工，产品质量时有波动。",
)
# Story sentences are assembled from slots, so that clauses (the runs between punctuation that
# search segments) are mostly unique, as in real reporting; fixed sentences would flatter any cache.
TIMES = ("去年", "今年以来", "近三年来", "在项目攻坚阶段", "每逢生产旺季", "在新产品试制期间", "面对订单激增",
         "在设备升级过程中", "这几年", "今年一季度", "在技术改造中", "自投产以来", "在质量攻关中", "面对市场变化",
         "在疫情防控期间", "去年下半年", "建厂之初", "进入新赛道后")
SUBJECTS = ("攻关小组", "车间团队", "技术骨干们", "一线工人", "项目组", "年轻的工程师们", "老师傅们", "质量团队",
            "研发人员", "班组成员", "工艺团队", "设备维护组", "生产管理人员", "青年突击队", "创新工作室", "劳模工作室")
ADVERBS = ("反复", "持续", "率先", "主动", "集中", "大胆", "连续", "逐项", "全面", "深入", "系统", "精准")
VERBS = ("试验", "攻关", "优化", "改进", "重构", "升级", "验证", "梳理", "排查", "调整", "研究", "打磨")
OBJECTS = ("关键工艺参数", "生产线布局", "检测方法", "设备控制系统", "模具设计方案", "焊接工艺", "装配流程",
           "质量管理体系", "能耗监测平台", "数字化管理系统", "物料配送方式", "工装夹具", "涂装工艺", "热处理曲线",
           "供应链协同机制", "在线检测装置")
RESULTS = ("产品一次合格率大幅提升", "生产节拍明显缩短", "单位能耗持续下降", "客户满意度不断提高", "设备故障率显著降低",
           "交付周期大大缩短", "废品率降到历史最低", "生产成本明显下降", "产能翻了一番", "安全事故实现零发生",
           "新产品顺利量产", "订单量稳步增长", "核心部件实现自主可控", "工艺水平跻身行业前列", "团队能力得到全面提升")
QUOTES = ("把每一件产品当作艺术品来做", "过去凭经验现在看数据", "标准定了就要不折不扣执行", "难题就是课题",
          "创新不是喊出来的而是干出来的", "质量没有差不多", "设备会说话关键是听得懂", "徒弟超过师傅才算本事",
          "车间就是我们的考场", "数字化转型转的是思路", "一颗螺丝也马虎不得", "客户的要求就是我们的标准")
SPEAKERS = ("一位老师傅", "车间主任", "企业负责人", "一名青年技术员", "同事们", "项目负责人", "班组长", "质检员")
STORY_FORMS = (
    "{time}，{subject}{adverb}{verb}{product}{object}，使{n1}{result}。",
    "{subject}围绕{n1}和{n2}{adverb}{verb}，{result}，{n3}{v1}有了新的变化。",
    "“{quote}。”{speaker}说，{subject}{v1}{n1}的劲头，{who}看在眼里、记在心上。",
    "数据显示，{ach}，这组数字背后，是{subject}在{n1}上无数个日夜的坚守和付出。",
    "在{place}，{subject}把{n1}{object}作为突破口，{adverb}{verb}{n2}，{result}。",
    "{time}，{who}带领{subject}{v1}{n1}，{ach}。",
    "{subject}先后{v1}{n1}、{v2}{n2}，又围绕{n3}{adverb}{verb}，{result}。",
)


@functools.cache
def vocabulary() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Common nouns and verbs of jieba's own dictionary (2–4 字, frequency ≥ 100), in file order.

    Drawn into every clause so that, as in real reporting, most clauses occur once:
    the cost of segmenting them is then what real stories cost.
    """
    import jieba

    nouns, verbs = [], []
    han = re.compile(r"[\u4e00-\u9fff]{2,4}")
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as words:
        for line in words:
            word, freq, tag = line.split()
            if int(freq) >= 100 and han.fullmatch(word):
                (nouns if tag == "n" else verbs if tag == "v" else []).append(word)
    return tuple(nouns), tuple(verbs)


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def unit_name(rng: random.Random) -> str:
    return f"重庆{rng.choice(PLACES)}{rng.choice(BRANDS)}{rng.choice(BRANDS)}{rng.choice(INDUSTRIES)}有限公司"


def _numbers(rng: random.Random) -> dict[str, object]:
    a = rng.randint(12, 60)
    return {"a": a, "b": rng.randint(90, 99), "c": rng.randint(8, 35), "n": rng.randint(2, 9),
            "k": rng.randint(10, 40), "m": rng.randint(120, 9800), "p": rng.choice(PRODUCTS)}


def achievement(rng: random.Random) -> str:
    return rng.choice(ACHIEVEMENTS).format(**_numbers(rng))


def summary(rng: random.Random, who: str) -> str:
    """A 简要事迹 of 90–160 字: two achievements and the usual closing clause."""
    return (f"{who}聚焦{rng.choice(FOCI)}和{rng.choice(FOCI)}，{achievement(rng)}；{achievement(rng)}，"
            f"为建设制造强市作出了突出贡献。")


def deeds(rng: random.Random, who: str) -> str:
    """A 事迹材料 of 600–800 字 in the office's usual shape: opening, 一是 to 四是, closing."""
    parts = [rng.choice(OPENINGS).format(who=who)]
    bodies = rng.sample(POINT_BODIES, 4)
    for lead, body in zip(POINT_LEADS, bodies, strict=False):
        parts.append(lead + body.format(ach=f"{achievement(rng)}，{achievement(rng)}") + "相关经验做法在行业内推广应用。")
    parts.append(rng.choice(CLOSINGS).format(who=who))
    return "\n\n".join(parts)


def _clause(rng: random.Random) -> str:
    """Three to five dictionary words: a clause that, like most clauses of real reporting, occurs once."""
    nouns, verbs = vocabulary()
    shape = rng.choice(("nvn", "tnvn", "nvnn", "anvn", "nnvn", "vnn"))
    pick = {"n": nouns, "v": verbs, "t": TIMES, "a": ADVERBS}
    return "".join(rng.choice(pick[slot]) for slot in shape)


def story_sentence(rng: random.Random, who: str, place: str) -> str:
    """Mostly clauses of dictionary words; one sentence in four from the reporting templates, with numbers."""
    if rng.random() < 0.75:
        return "，".join(_clause(rng) for _ in range(rng.randint(2, 4))) + "。"
    results = rng.sample(RESULTS, 2)
    nouns, verbs = vocabulary()
    return rng.choice(STORY_FORMS).format(
        n1=rng.choice(nouns), n2=rng.choice(nouns), n3=rng.choice(nouns), v1=rng.choice(verbs), v2=rng.choice(verbs),
        time=rng.choice(TIMES), subject=rng.choice(SUBJECTS), adverb=rng.choice(ADVERBS), verb=rng.choice(VERBS),
        product=rng.choice(PRODUCTS), object=rng.choice(OBJECTS), result=results[0], result2=results[1],
        quote=rng.choice(QUOTES), speaker=rng.choice(SPEAKERS), ach=achievement(rng), who=who, place=place)


def story_body(rng: random.Random, who: str, unit: str, target: int = 1500) -> str:
    """A story of about ``target`` 字: a scene, then sections of two or three paragraphs each."""
    place = rng.choice(PLACES)
    out = [rng.choice(STORY_SCENES).format(who=who, unit=unit, place=place)]
    size = len(out[0])
    headings = rng.sample(STORY_HEADINGS, len(STORY_HEADINGS))
    while size < target:
        out.append(f"## {headings[len(out) % len(headings)]}")
        for _ in range(rng.randint(2, 3)):
            paragraph = "".join(story_sentence(rng, who, place) for _ in range(rng.randint(3, 5)))
            out.append(paragraph)
            size += len(paragraph)
    return "\n\n".join(out) + "\n"


def id_number(rng: random.Random, born: str) -> str:
    """A mainland ID number with a valid GB 11643 check digit (fictional, never published)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    body = f"500{rng.randint(100, 240):03d}{born.replace('-', '')}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"
