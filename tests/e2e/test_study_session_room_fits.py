"""Issue 15: every step kind fits a 1366×768 and a 1024×768 projector without scrolling, the controls
stay on screen, and an open question lists its options once."""

import re

import pytest
from playwright.sync_api import expect

from core import roles
from tests.factories import (
    CaseIndexPageFactory,
    CasePageFactory,
    GuideIndexPageFactory,
    InterviewGuidePageFactory,
    InterviewQuestionFactory,
    RegulationArticleFactory,
    RegulationIndexPageFactory,
    RegulationPageFactory,
    UserFactory,
)
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.studysessions.factories import StudySeriesFactory, evening
from tests.studysessions.factories_room import START, key_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SCREENS = [(1366, 768), (1024, 768)]
LONG = "巡察组应当坚持实事求是，深入了解被巡察党组织落实党的路线方针政策和党中央决策部署情况，" * 40
# Steps: 0 short article, 1 very long article, 2 changed article, 3 case, 4 guide question, 5 quiz intro,
# 6 question (opened, then revealed).
KINDS = {0: "article", 1: "long article", 2: "changed article", 3: "case", 4: "guide question"}
QUESTION = 6


def _evening(host):
    index = RegulationIndexPageFactory()
    regulation = RegulationPageFactory(parent=index)
    RegulationArticleFactory(regulation=regulation, number=1, ordinal=1, text="巡察工作坚持党的全面领导。")
    RegulationArticleFactory(regulation=regulation, number=2, ordinal=2, text=LONG)
    old = RegulationPageFactory(parent=index)
    new = RegulationPageFactory(parent=index, revises=old)
    RegulationArticleFactory(regulation=old, number=1, ordinal=1, text="巡察组应当在一个月内完成进驻。" * 6)
    RegulationArticleFactory(regulation=new, number=1, ordinal=1, text="巡察组应当在两个月内完成进驻和谈话。" * 6)
    case = CasePageFactory(parent=CaseIndexPageFactory(), summary="某村党支部书记在集体资产发包中优亲厚友。" * 5)
    guide = InterviewGuidePageFactory(parent=GuideIndexPageFactory())
    InterviewQuestionFactory(guide=guide, question="您所在单位落实主体责任有哪些具体做法？" * 2)
    question = QuestionFactory(
        stem="群众反映“有干部办事收钱收物”。下列追问最恰当的是？",
        options=[
            ("“这是您亲身经历的，还是听别人说的？还有谁知道这件事？”", True),
            ("“您确定吗？说错了是要负责任的。”", False),
            ("“是不是某某干的？”", False),
            ("“这事我们已经掌握了，您直接说吧。”", False),
        ],
    )
    quiz = QuizFactory(title="夜学测验", questions=[question])
    series = StudySeriesFactory(host=host)
    return evening(
        series,
        START,
        agenda=[
            ("articles", {"regulation": regulation, "first": 1, "last": 2}),
            ("changes", {"edition": new}),
            ("case", {"case": case, "prompt": "这个案例中问题的定性依据是什么？"}),
            ("guide", {"guide": guide, "section": "questions"}),
            ("quiz", {"quiz": quiz}),
        ],
    )


def _fits(page, label: str) -> None:
    page.wait_for_load_state("load")  # every press of the remote is a POST and a new page
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    assert page.evaluate("document.documentElement.scrollHeight") == height, label
    assert page.evaluate("window.innerHeight") == height, label
    assert page.evaluate("document.documentElement.scrollWidth") <= width, label
    for selector in ("button[data-key=prev]", "button[data-key=next]", ".room-end button"):
        box = page.locator(selector).bounding_box()
        assert box is not None, (label, selector)
        assert 0 <= box["y"] and box["y"] + box["height"] <= height, (label, selector, box)
        assert 0 <= box["x"] and box["x"] + box["width"] <= width, (label, selector, box)


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_step_kind_fits_the_projector(live_server, browser, size):
    from django.db import connections

    host = UserFactory(username="fit-host", role=roles.TRAINEE)
    session = _evening(host)
    key = key_of(session)
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    path = f"/sessions/{key}/present/"
    page.goto(live_server.url + path)
    page.fill("#id_username", "fit-host")
    page.fill("#id_password", "pw-for-tests")
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(path) + "$"))
    page.locator("[data-testid=open-room]").click()
    counter = page.locator("[data-testid=step-counter]")
    for index, kind in KINDS.items():
        expect(counter).to_have_text(f"{index + 1} / 7")
        _fits(page, kind)
        page.click("button[data-key=next]")

    page.fill(".room-goto input[name=index]", str(QUESTION + 1))
    page.click(".room-goto button")
    expect(counter).to_have_text(f"{QUESTION + 1} / 7")
    page.click("[data-testid=open-question]")
    expect(page.locator("[data-testid=reveal]")).to_be_visible()
    _fits(page, "live question open")
    assert page.locator("[data-testid=content]").get_by_text("是不是某某干的").count() == 1  # options once
    page.click("[data-testid=reveal]")
    expect(page.locator("[data-testid=distribution]")).to_be_visible()
    _fits(page, "live question revealed")
    box = page.locator("[data-testid=distribution]").bounding_box()
    assert box["y"] + box["height"] <= size[1]
    context.close()
    connections.close_all()
