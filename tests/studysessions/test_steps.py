"""An agenda unrolled into projector steps: one article, one change, one question per step."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from studysessions.agenda.selectors import agenda_steps, covered_article_ids, session_quiz
from tests.factories import RegulationArticleFactory, RegulationIndexPageFactory, RegulationPageFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.studysessions.factories import FIRST_TUESDAY, StudySeriesFactory, evening

pytestmark = pytest.mark.django_db
START = datetime.datetime.combine(FIRST_TUESDAY, datetime.time(19, 30), tzinfo=ZoneInfo("Asia/Shanghai"))


def test_article_range_quiz_and_talk_become_steps_in_order():
    regulation = RegulationPageFactory(parent=RegulationIndexPageFactory())
    articles = [RegulationArticleFactory(regulation=regulation, number=n, ordinal=n) for n in range(1, 6)]
    questions = [QuestionFactory(stem="巡察组进驻后首先做什么？"), QuestionFactory(stem="谈话前要做哪些准备？")]
    quiz = QuizFactory(questions=questions)
    session = evening(
        StudySeriesFactory(),
        START,
        agenda=[
            ("articles", {"regulation": regulation, "first": 2, "last": 4, "minutes": 40}),
            ("talk", {"speaker": "老巡察员", "topic": "第一次个别谈话", "notes": "", "minutes": 20}),
            ("quiz", {"quiz": quiz, "minutes": 10}),
        ],
    )
    steps = agenda_steps(session)
    assert [s.kind for s in steps] == ["articles"] * 3 + ["talk"] + ["quiz"] * 3
    assert [s.context["article"].number for s in steps[:3]] == [2, 3, 4]
    assert [s.index for s in steps] == list(range(7))
    assert [s.minutes for s in steps[:3]] == [40, None, None]
    assert [s.question_id for s in steps[4:]] == [None, questions[0].pk, questions[1].pk]
    assert covered_article_ids(steps) == [articles[1].pk, articles[2].pk, articles[3].pk]
    assert covered_article_ids(steps, up_to=1) == [articles[1].pk, articles[2].pk]
    assert session_quiz(session) == quiz


def test_what_changed_walks_the_changed_articles_only():
    index = RegulationIndexPageFactory()
    old = RegulationPageFactory(parent=index)
    new = RegulationPageFactory(parent=index, revises=old)
    RegulationArticleFactory(regulation=old, number=1, ordinal=1, text="巡察工作坚持党的领导。")
    RegulationArticleFactory(regulation=new, number=1, ordinal=1, text="巡察工作坚持党的领导。")
    RegulationArticleFactory(regulation=old, number=2, ordinal=2, text="巡察组应当在一个月内完成进驻。")
    changed = RegulationArticleFactory(regulation=new, number=2, ordinal=2, text="巡察组应当在两个月内完成进驻。")
    session = evening(StudySeriesFactory(), START, agenda=[("changes", {"edition": new})])
    steps = agenda_steps(session)
    assert len(steps) == 1
    assert steps[0].context["change"].new.number == 2
    assert steps[0].article_ids == (changed.pk,)
