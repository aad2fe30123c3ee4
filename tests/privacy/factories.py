"""One person with a record in every section of their data, written with the apps' own models."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from courses.models import CompletionRecord, ItemKind
from declarations.models import Acknowledgement, AcknowledgementKind, RecusalEntry, RelationKind
from quizzes.models import Attempt, AttemptAnswer, AttemptStatus, QuestionKind
from studysessions.models import Attendance, AttendanceMethod, AttendanceStatus, MakeUp
from tests.declarations.factories import AcknowledgementTextFactory
from tests.factories import UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.rounds.factories import LessonPageFactory, TeamMemberFactory
from tests.studysessions.factories import FIRST_TUESDAY, StudySeriesFactory, evening

ESSAY_TEXT = "我在谈话中发现的问题"
RELATIVE_NAME = "张三"
ABSENCE_REASON = "住院治疗"


@dataclass
class PersonRecords:
    user: object
    recusal_entry: RecusalEntry
    essay_answer: AttemptAnswer
    absence: Attendance


def person_with_records(**user_fields) -> PersonRecords:
    """A trainee who declared a relative, wrote an essay answer, missed an evening with a reason, studied a
    lesson and is on a team."""
    user = UserFactory(**{"first_name": "李", "last_name": "四", "email": "lisi@example.cn", **user_fields})
    now = timezone.now()

    recusal_text = AcknowledgementTextFactory(kind=AcknowledgementKind.RECUSAL)
    acknowledgement = Acknowledgement.objects.create(user=user, text=recusal_text, agreed_at=now)
    entry = RecusalEntry.objects.create(
        acknowledgement=acknowledgement,
        relation=RelationKind.RELATIVE,
        person_name=RELATIVE_NAME,
        relationship="配偶",
        unit_name="县财政局",
        position="科长",
        note='=HYPERLINK("http://x")',
    )

    essay = QuestionFactory(kind=QuestionKind.ESSAY)
    single = QuestionFactory(kind=QuestionKind.SINGLE)
    quiz = QuizFactory(questions=[essay, single])
    attempt = Attempt.objects.create(
        quiz=quiz,
        user=user,
        number=1,
        status=AttemptStatus.COMPLETED,
        started_at=now,
        finished_at=now,
        score=5,
        max_score=10,
        percent=50,
        passed=False,
    )
    essay_answer = AttemptAnswer.objects.create(
        attempt=attempt,
        question=essay,
        position=1,
        points=5,
        response={"text": ESSAY_TEXT},
        answered_at=now,
        awarded=3,
    )
    choice = single.choices.get(is_correct=True)
    AttemptAnswer.objects.create(
        attempt=attempt,
        question=single,
        position=2,
        points=5,
        response={"choices": [choice.pk]},
        answered_at=now,
        awarded=2,
        is_correct=True,
    )

    series = StudySeriesFactory()
    starts = timezone.make_aware(datetime.datetime.combine(FIRST_TUESDAY, series.start_time))
    session = evening(series, starts)
    absence = Attendance.objects.create(
        session=session,
        user=user,
        status=AttendanceStatus.ABSENT,
        method=AttendanceMethod.ROSTER,
        reason=ABSENCE_REASON,
    )
    MakeUp.objects.create(session=session, user=user, started_at=now, completed_at=now)

    lesson = LessonPageFactory(title="巡察工作条例导读")
    CompletionRecord.objects.create(user=user, kind=ItemKind.LESSON, item_id=lesson.pk, completed_at=now)
    TeamMemberFactory(user=user)
    return PersonRecords(user=user, recusal_entry=entry, essay_answer=essay_answer, absence=absence)
