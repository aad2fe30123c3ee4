"""成长档案: what one person's record shows, after a secondment has ended too."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import PersonProfile
from quizzes import services as quiz_services
from rounds.models import TeamRole
from talent.selectors import growth_record
from tests.factories import UserFactory, client_for
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.report_writing.factories import ReportDraftFactory
from tests.talent.factories import PersonSpecialismFactory, round_with_lesson, serve, specialism, study

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def take_quiz(quiz, user, *, right: bool):
    attempt = quiz_services.start_attempt(quiz=quiz, user=user)
    for answer in attempt.answers.select_related("question"):
        choices = [c.pk for c in answer.question.choices.all() if c.is_correct == right][:1]
        quiz_services.save_answer(attempt=attempt, position=answer.position, raw={"choices": choices})
    return quiz_services.submit_attempt(attempt=attempt)


@pytest.fixture
def person():
    return UserFactory(first_name="王", last_name="")


def test_the_record_keeps_an_ended_round_with_its_team_role_and_ready_date(person):
    last_year = round_with_lesson(
        starts_on=TODAY - datetime.timedelta(days=400), ends_on=TODAY - datetime.timedelta(days=340), name="去年一轮"
    )
    member = serve(person, last_year, role=TeamRole.DEPUTY, team_name="第一巡察组")
    member.secondment_ends_on = last_year.ends_on
    member.save()
    studied = timezone.now() - datetime.timedelta(days=410)
    study(person, last_year, when=studied)
    current = round_with_lesson(starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=60), name="本轮")
    serve(person, current, role=TeamRole.LEADER)

    record = growth_record(user=person)

    assert [r.round_name for r in record.rounds] == ["本轮", "去年一轮"]
    old = record.rounds[1]
    assert old.ended and old.team_name == "第一巡察组" and old.role == TeamRole.DEPUTY
    assert old.ready_at == studied
    assert record.rounds[0].ready_at is None and not record.rounds[0].ended

    page = client_for(person).get(reverse("talent:me"))
    assert page.status_code == 200
    assert "去年一轮" in page.content.decode() and "第一巡察组" in page.content.decode()


def test_best_score_per_quiz_and_marked_work_in_numbers_not_texts(person):
    quiz = QuizFactory(title="条例测验", questions=[QuestionFactory()], pass_mark=60, max_attempts=0)
    take_quiz(quiz, person, right=False)
    take_quiz(quiz, person, right=True)
    now = timezone.now()
    ReportDraftFactory(writer=person, marked_at=now, facts_clear=2, evidence_sufficient=2, wording_standard=1)
    ReportDraftFactory(writer=person, marked_at=now, facts_clear=1)
    ReportDraftFactory(writer=person)  # not marked: not counted
    ReportDraftFactory(marked_at=now, facts_clear=2)  # someone else's

    record = growth_record(user=person)

    [score] = record.quiz_scores
    assert score.title == "条例测验" and score.best_percent == 100 and score.attempts == 2
    assert record.reports.count == 2
    assert record.reports.average == pytest.approx(3.0)  # (5 + 1) / 2
    assert record.reports.maximum == 12  # six criteria of 0–2
    assert record.drills.count == 0 and record.drills.average is None


def test_hours_per_year_and_declared_specialisms(person):
    PersonSpecialismFactory(user=person, specialism=specialism("财经"))
    record = growth_record(user=person)
    assert record.hours_by_year[0] == (TODAY.year, 0)
    assert [s.name for s in record.specialisms] == ["财经"]


def test_the_home_unit_from_the_profile_shows_when_the_office_recorded_one(person):
    assert growth_record(user=person).home_unit == ""
    PersonProfile.objects.create(user=person, home_unit="示例县财政局")
    assert growth_record(user=person).home_unit == "示例县财政局"
    assert "示例县财政局" in client_for(person).get(reverse("talent:me")).content.decode()
