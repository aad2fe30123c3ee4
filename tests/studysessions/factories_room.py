"""An evening ready for the room: two articles, a talk, then a closing quiz of two questions."""

import datetime
from zoneinfo import ZoneInfo

from core import roles
from quizzes.models import QuestionKind
from tests.factories import RegulationArticleFactory, RegulationIndexPageFactory, RegulationPageFactory, UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.studysessions.factories import FIRST_TUESDAY, StudySeriesFactory, evening

START = datetime.datetime.combine(FIRST_TUESDAY, datetime.time(19, 30), tzinfo=ZoneInfo("Asia/Shanghai"))
# Steps: 0-1 articles, 2 talk, 3 quiz intro, 4 single-choice question, 5 true/false question.
QUESTION_STEP, TRUE_FALSE_STEP = 4, 5


def room_evening(*, host=None, **series_fields):
    regulation = RegulationPageFactory(parent=RegulationIndexPageFactory())
    for n in (1, 2):
        RegulationArticleFactory(regulation=regulation, number=n, ordinal=n, text=f"第{n}条的条文：巡察工作要求{n}。")
    single = QuestionFactory(
        stem="巡察组进驻后首先做什么？", options=[("召开动员会", True), ("个别谈话", False), ("调阅资料", False)]
    )
    true_false = QuestionFactory(
        kind=QuestionKind.TRUE_FALSE, stem="巡察组可以接受被巡察单位宴请。", true_false_answer=False
    )
    quiz = QuizFactory(title="夜学测验", questions=[single, true_false])
    series = StudySeriesFactory(host=host or UserFactory(role=roles.TRAINEE), **series_fields)
    session = evening(
        series,
        START,
        agenda=[
            ("articles", {"regulation": regulation, "first": 1, "last": 2}),
            ("talk", {"speaker": "老巡察员", "topic": "第一次进驻", "notes": ""}),
            ("quiz", {"quiz": quiz}),
        ],
    )
    return session, quiz, single, true_false


def key_of(session) -> str:
    return f"{session.series_id}-{int(session.slot_start.timestamp())}"
