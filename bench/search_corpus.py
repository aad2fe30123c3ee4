"""A search bench corpus: regulations, cases and interview guides of real-looking Chinese text, all marked 示例.

Every sentence is composed here from parts written for this bench (subjects, duties, conditions, outcomes,
lists of circumstances) in a dozen sentence shapes, so articles read like county inspection rules without
repeating one template, and word frequencies spread as in a real library: 巡察 and 整改 are everywhere,
问题线索 is frequent, 低保 and 三资 are rare, 技术 is common enough to be a common word, and 区块链 never
appears (the absent word of the question set). Nothing here is copied from a published document.

Used by bench/search_backends.py and bench/search_rebuild.py::

    from bench.search_corpus import build_corpus
    build_corpus(10000)   # after migrate, on a throwaway database

One edition in five is marked revised (a superseded edition the site leaves out by default), so the
searches exercise the edition filter; one case per 100 articles and one interview guide per 200.
"""

from __future__ import annotations

import random

__all__ = ["ARTICLES_PER_REGULATION", "QUERIES", "article_text", "build_corpus", "sentence"]

ARTICLES_PER_REGULATION = 300

SUBJECTS = [
    "巡察组", "被巡察党组织", "县委巡察办", "巡察干部", "乡镇党委", "村党组织", "县直部门党组", "派驻纪检监察组",
    "组织部门", "审计机关", "整改责任单位", "主要负责人", "领导班子成员", "巡察组组长", "联络员", "财政部门",
    "驻村工作队", "国有企业党委", "学校党组织", "医院党委",
]  # fmt: skip
MODALS = ["应当", "应当及时", "可以", "应当如实", "负责", "须", "应当按规定", "依规依纪", "应当主动", "可以视情"]
DUTIES = [
    "开展个别谈话", "调阅会议记录", "核查问题线索", "移交问题线索", "督促整改落实", "报告巡察情况", "听取工作汇报",
    "走访基层群众", "检查财务账目", "抽查项目资料", "受理来信来访", "建立整改台账", "开展专项检查", "落实主体责任",
    "执行民主集中制", "规范选人用人工作", "公开三资管理情况", "落实三重一大决策制度", "推进信息技术保障",
    "加强网络安全技术防护", "保守工作秘密", "执行回避规定", "审核低保对象", "清理违规发放的补贴", "整理巡察底稿",
    "列席领导班子会议", "召开整改专题民主生活会", "复核整改销号材料", "发放问卷调查", "回访反映问题的群众",
    "开展技术培训", "核对工程项目结算", "梳理干部选拔任用程序", "检查公务用车使用情况", "落实意识形态工作责任制",
]  # fmt: skip
CONDITIONS = [
    "发现重大问题的", "对群众反映强烈的问题", "在巡察进驻期间", "整改不到位的", "涉及领导干部的", "情况紧急的",
    "经巡察组组长同意后", "巡察结束后", "对久拖不决的信访事项", "发现违规决策苗头的", "对集体研究事项",
    "需要调取电子数据的", "涉及技术性较强的专业问题的", "对作风方面的突出问题", "反馈意见送达后",
]  # fmt: skip
OUTCOMES = [
    "并在五个工作日内书面报告", "确保整改取得实效", "防止问题反弹回潮", "做到件件有着落", "形成书面材料备查",
    "按程序报批", "主动接受群众监督", "并录入巡察信息系统", "由两人以上共同进行", "不得泄露谈话内容",
    "相关情况纳入年度考核", "必要时可以请专业技术人员协助", "做到边巡边改、立行立改", "并将结果向巡察组反馈",
    "对敷衍整改的严肃追责问责",
]  # fmt: skip
TIMES = ["进驻前", "进驻期间", "反馈后三十日内", "每季度", "年度考核时", "整改期限届满前", "巡察报告形成前", "换届前"]
MISCONDUCT = [
    "擅自扩大知情范围", "以会议代替整改", "虚报整改完成情况", "隐瞒问题线索", "打击报复反映问题的干部群众",
    "违规插手工程项目", "违规发放津贴补贴", "在选人用人中搞暗箱操作", "借调研之名公款旅游", "变相规避集体决策",
]  # fmt: skip
CIRCUMSTANCES = [
    "拒不提供有关材料", "阻挠干部群众反映问题", "对巡察反馈意见拒不整改", "整改弄虚作假", "泄露巡察工作秘密",
    "违规使用信息技术手段删改数据", "重大事项未经集体研究", "三资管理台账缺失", "低保对象认定把关不严",
    "会议记录事后补写",
]  # fmt: skip
SYSTEMS = [
    "问题线索管理制度", "整改台账管理制度", "巡察信息技术保障机制", "谈话工作规范", "巡察成果运用机制",
    "整改督办机制", "回避和保密制度", "巡察档案管理办法", "上下联动工作机制",
]  # fmt: skip


def sentence(rng: random.Random) -> str:
    """One sentence in one of twelve shapes."""
    s, m, d, d2 = rng.choice(SUBJECTS), rng.choice(MODALS), rng.choice(DUTIES), rng.choice(DUTIES)
    c, o, t = rng.choice(CONDITIONS), rng.choice(OUTCOMES), rng.choice(TIMES)
    shape = rng.randrange(12)
    if shape == 0:
        return f"{c}，{s}{m}{d}，{o}。"
    if shape == 1:
        return f"{s}{m}{d}和{d2}。"
    if shape == 2:
        return f"{s}在{t}{m}{d}，{o}。"
    if shape == 3:
        return f"{s}不得{rng.choice(MISCONDUCT)}；{c}，依规依纪严肃处理。"
    if shape == 4:
        return f"{s}{m}建立健全{rng.choice(SYSTEMS)}，{o}。"
    if shape == 5:
        items = rng.sample(CIRCUMSTANCES, 3)
        return f"有下列情形之一的，{s}{m}{d}：（一）{items[0]}；（二）{items[1]}；（三）{items[2]}。"
    if shape == 6:
        return f"{s}{d}，{m}坚持实事求是，{o}。"
    if shape == 7:
        return f"对{rng.choice(CIRCUMSTANCES)}的，{s}{m}{d}。"
    if shape == 8:
        return f"{s}{m}于{t}向{rng.choice(SUBJECTS)}报告{rng.choice(SYSTEMS)}执行情况。"
    if shape == 9:
        return f"{c}，{s}{m}会同{rng.choice(SUBJECTS)}{d}。"
    if shape == 10:
        return f"{s}{d}时，{o}，{rng.choice(OUTCOMES)}。"
    return f"{t}，{s}{m}{d}，并对{rng.choice(CIRCUMSTANCES)}等问题开展自查。"


def article_text(rng: random.Random) -> str:
    return "".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def build_corpus(articles: int, *, seed: int = 20261205, cases: bool = True) -> dict:
    """``articles`` articles in editions of ``ARTICLES_PER_REGULATION`` (bulk_create: nothing is indexed yet),
    plus cases and interview guides as live pages. Returns what was made."""
    from regulations.models import RegulationArticle, RegulationPage, RegulationStatus
    from regulations.numerals import article_label
    from regulations.services import create_regulation, ensure_library

    rng = random.Random(seed)
    library = ensure_library()
    editions = 0
    for first in range(0, articles, ARTICLES_PER_REGULATION):
        editions += 1
        regulation = create_regulation(
            library=library,
            title=f"示例县巡察工作规定（第{editions}号）",
            slug=f"bench-regulation-{editions}",
            drafts=[],
            issuing_body="示例县委巡察工作领导小组",
            preamble=article_text(rng),
        )
        if editions % 5 == 0:
            RegulationPage.objects.filter(pk=regulation.pk).update(status=RegulationStatus.REVISED)
        RegulationArticle.objects.bulk_create(
            RegulationArticle(
                regulation=regulation, ordinal=n, number=n, label=article_label(n), text=article_text(rng)
            )
            for n in range(1, min(ARTICLES_PER_REGULATION, articles - first) + 1)
        )
    made = {"articles": articles, "editions": editions, "cases": 0, "guides": 0}
    if cases:
        made.update(_pages(rng, articles))
    return made


def _pages(rng: random.Random, articles: int) -> dict:
    # Factories make valid pages with every required field; the bench is dev tooling, like the tests.
    from tests.factories import (
        CaseIndexPageFactory,
        CasePageFactory,
        GuideIndexPageFactory,
        InterviewGuidePageFactory,
    )

    case_index, guide_index = CaseIndexPageFactory(), GuideIndexPageFactory()
    n_cases, n_guides = max(1, articles // 100), max(1, articles // 200)
    for n in range(n_cases):
        CasePageFactory(
            parent=case_index,
            title=f"示例：某{rng.choice(['局', '镇', '村', '公司', '学校'])}{rng.choice(CIRCUMSTANCES)}问题（{n + 1}）",
            summary=sentence(rng),
            facts="".join(f"<p>{sentence(rng)}</p>" for _ in range(3)),
            characterisation=sentence(rng),
        )
    for n in range(n_guides):
        InterviewGuidePageFactory(
            parent=guide_index,
            title=f"示例：{rng.choice(DUTIES)}谈话指南（{n + 1}）",
            topic=rng.choice(DUTIES),
            summary=sentence(rng),
        )
    return {"cases": n_cases, "guides": n_guides}


#: What people type: single words, pairs and 2–3 words, questions, and rare or absent words (40).
QUERIES = [
    # single words
    "谈话", "巡察", "整改", "问题线索", "一把手", "三重一大", "选人用人", "低保", "回避", "保密",
    "台账", "民主集中制", "主体责任", "移交", "技术",
    # pairs and a few words
    "巡察 整改", "个别谈话 记录", "问题线索 移交", "整改 台账", "选人用人 暗箱操作", "三资 管理",
    "会议 记录", "主体责任 落实", "来信 来访", "财务 账目", "巡察组 进驻 谈话", "整改 不到位 问责",
    "领导班子 民主集中制 执行",
    # questions
    "巡察组发现问题线索怎么移交", "被巡察单位不配合怎么处理", "个别谈话需要几个人", "整改不到位如何问责",
    "一把手谈话要注意什么", "巡察报告应当包括哪些内容", "村级三资管理有哪些问题", "低保对象审核不严怎么办",
    # rare and absent words
    "区块链技术", "元宇宙", "人工智能 监管", "量子 通信",
]  # fmt: skip
