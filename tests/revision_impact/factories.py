"""Things that cite the 2023 edition of tests.citation_chain (revised by its 2025 one): the revision impact
list's fixtures."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from cases.models import CaseArticleLink, CasePage
from cases.models import CaseIndexPage as CaseIndex
from courses.models import LessonPage
from quizzes.models import Question, Quiz
from regulations.models import RegulationPage
from revision_impact.models import ImpactItem
from rounds.models import StudyPack
from studysessions.models import StudySession
from tests.citation_chain import article
from tests.factories import CaseIndexPageFactory, CasePageFactory
from tests.quizzes.factories import QuestionCategoryFactory, QuestionFactory, QuizFactory
from tests.rounds.factories import LessonPageFactory, StudyPackFactory
from tests.studysessions.factories import StudySeriesFactory, evening


@dataclass
class Citing:
    case: CasePage
    question: Question
    quiz: Quiz
    lesson: LessonPage
    evening: StudySession
    pack: StudyPack


def next_tuesday_evening() -> datetime.datetime:
    today = timezone.localdate()
    day = today + datetime.timedelta(days=(1 - today.weekday()) % 7 or 7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(19, 30)))


def citing_items(first: RegulationPage) -> Citing:
    """One of each kind citing the 2023 edition: the case 第二条 and 第四条, the question 第二条, the lesson
    第三条, the evening 第一条 to 第四条, the study pack 第三条 and 第五条."""
    case = CasePageFactory(parent=case_index())
    CaseArticleLink.objects.create(case=case, article=article(first, 2), sort_order=0)
    CaseArticleLink.objects.create(case=case, article=article(first, 4), sort_order=1)
    case.save_revision().publish()
    category = QuestionCategoryFactory()
    question = QuestionFactory(stem="巡察组应当在几个工作日内报告？", categories=[category])
    question.articles.add(article(first, 2))
    quiz = QuizFactory(title="巡察程序测验", questions=[question])
    lesson = LessonPageFactory(body=[("text", "<p>导语</p>"), ("article", {"article": article(first, 3), "note": ""})])
    lesson.save_revision().publish()
    start = next_tuesday_evening()
    series = StudySeriesFactory(first_date=start.date(), weekdays="TU")
    session = evening(series, start, agenda=[("articles", {"regulation": first, "first": 1, "last": 4, "minutes": 20})])
    pack = StudyPackFactory()
    pack.articles.add(article(first, 3), article(first, 5))
    pack.save()
    return Citing(case=case, question=question, quiz=quiz, lesson=lesson, evening=session, pack=pack)


def case_index():
    return CaseIndex.objects.first() or CaseIndexPageFactory()


def impact_row(kind: str, number: int) -> ImpactItem:
    """The impact list's one row of that kind about the 2023 article of that number."""
    return ImpactItem.objects.get(kind=kind, article__number=number)
