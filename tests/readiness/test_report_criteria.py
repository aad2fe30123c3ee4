"""A report writing exercise as a module criterion: done when a draft handed in since the round was created is marked
at the exercise's pass mark or above; awaiting marking and below the pass mark show as for a quiz. Read for the whole
round in a fixed number of queries, and a track without exercises costs no query more."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core import roles
from readiness.rules import State, readiness_for_round
from report_writing.api import exercise_standings
from report_writing.marking import mark_draft
from report_writing.models import DraftStatus
from report_writing.models.drafts import RUBRIC
from tests.factories import CaseIndexPageFactory, UserFactory, client_for
from tests.readiness.test_dashboard import build_round, complete, dashboard_url
from tests.report_writing.factories import ReportDraftFactory, ReportExercisePageFactory
from tests.rounds.factories import InspectionRoundFactory, InspectionTeamFactory, ModuleFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def hand_in(user, exercise, *, at=None):
    return ReportDraftFactory(
        writer=user,
        exercise=exercise,
        status=DraftStatus.SUBMITTED,
        submitted_at=at or timezone.now(),
        texts={"problems": "2025年该局3次超标准接待。"},
    )


def mark(draft, total, *, at=None):
    scores = {name: 0 for name, _label in RUBRIC}
    for name, _label in RUBRIC:
        scores[name] = min(2, total)
        total -= scores[name]
    return mark_draft(
        draft=draft, marker=UserFactory(role=roles.REVIEWER), scores=scores, comment="", inline_comments={}, now=at
    )


@pytest.fixture
def report_round():
    round_ = InspectionRoundFactory()
    exercise = ReportExercisePageFactory(title="写问题部分", pass_mark=8)
    module = ModuleFactory(track=round_.track, title="报告写作")
    module.report_exercises.add(exercise)
    module.save()  # a ParentalManyToManyField writes on save
    member = TeamMemberFactory(team=InspectionTeamFactory(round=round_))
    return {"round": round_, "module": module, "exercise": exercise, "user": member.user}


def only(round_):
    [result] = readiness_for_round(inspection_round=round_)
    return result


def test_the_criterion_follows_the_draft_from_handed_in_to_marked_at_the_pass_mark(report_round):
    user, exercise, round_ = report_round["user"], report_round["exercise"], report_round["round"]
    [criterion] = only(round_).modules[0].criteria
    assert not criterion.started and criterion.url == exercise.url
    assert exercise.title in criterion.label and "8" in criterion.label

    first = hand_in(user, exercise)
    [criterion] = only(round_).modules[0].criteria
    assert criterion.awaiting_marking and not criterion.done and not criterion.failed

    mark(first, 7)
    [criterion] = only(round_).modules[0].criteria
    assert criterion.failed and not criterion.done and only(round_).state == State.RETAKE

    second = hand_in(user, exercise)
    [criterion] = only(round_).modules[0].criteria
    assert criterion.awaiting_marking and not criterion.failed

    mark(second, 8)
    result = only(round_)
    assert result.modules[0].criteria[0].done and result.state == State.READY


def test_only_drafts_since_the_round_was_created_count(report_round):
    user, exercise, round_ = report_round["user"], report_round["exercise"], report_round["round"]
    earlier = round_.created_at - datetime.timedelta(days=3)
    mark(hand_in(user, exercise, at=earlier), 12, at=earlier)
    assert not only(round_).modules[0].criteria[0].started
    other_exercise = ReportExercisePageFactory()
    mark(hand_in(user, other_exercise), 12)  # another exercise does not count for this one
    assert not only(round_).modules[0].criteria[0].started


def test_standings_are_one_query_for_the_whole_round(django_assert_num_queries, report_round):
    exercise, since = report_round["exercise"], report_round["round"].created_at
    users = [UserFactory() for _ in range(5)]
    for n, user in enumerate(users):
        draft = hand_in(user, exercise)
        if n % 2:
            mark(draft, 4 + 2 * n)
    with django_assert_num_queries(1):
        found = exercise_standings(user_ids=[u.pk for u in users], since=since, page_ids=[exercise.pk])
    assert [found[u.pk][exercise.pk] for u in users] == ["awaiting", "below", "awaiting", "passed", "awaiting"]


def test_my_learning_links_the_exercise_and_shows_it_awaiting_marking(report_round):
    user, exercise = report_round["user"], report_round["exercise"]
    hand_in(user, exercise)
    response = client_for(user).get(reverse("readiness:my_learning"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "写问题部分" in html and "待阅卷" in html


def test_the_dashboard_counts_exercises_with_a_constant_number_of_queries(django_assert_max_num_queries):
    counts = []
    for per_team in (2, 20):
        data = build_round(per_team=per_team)
        module = ModuleFactory(track=data["round"].track, title="报告", sort_order=9)
        exercise = ReportExercisePageFactory()
        module.report_exercises.add(exercise)
        module.save()
        for member in data["members"][::3]:
            complete(member.user, data["lessons"][:1])
            mark(hand_in(member.user, exercise), 12)
        client = client_for(data["manager"])
        client.get(dashboard_url(data))  # fills Wagtail's site-root cache
        with django_assert_max_num_queries(34) as captured:
            response = client.get(dashboard_url(data))
        assert response.status_code == 200
        counts.append(len(captured))
        left = next(r.readiness for r in response.context["dashboard"].rows if r.member == data["members"][1])
        assert any(exercise.title in line for line in left.missing)
    assert counts[0] == counts[1]


def test_the_admin_refuses_a_page_that_is_not_a_report_exercise():
    exercise = ReportExercisePageFactory()
    other = CaseIndexPageFactory()
    round_ = InspectionRoundFactory()
    data = {
        "track": round_.track_id,
        "title": "报告练习",
        "sort_order": 1,
        "min_drills_correct": 0,
        "min_sessions_attended": 0,
        "lessons-TOTAL_FORMS": 0,
        "lessons-INITIAL_FORMS": 0,
        "lessons-MIN_NUM_FORMS": 0,
        "lessons-MAX_NUM_FORMS": 1000,
        "report_exercises": [exercise.pk, other.pk],
    }
    client = client_for(UserFactory(role=roles.ADMINISTRATOR))
    form = client.get(reverse("wagtailsnippets_courses_module:add")).content.decode()
    assert exercise.title in form and other.title not in form  # only exercise pages are offered
    response = client.post(reverse("wagtailsnippets_courses_module:add"), data)
    assert response.status_code == 200
    assert "report_exercises" in response.context["form"].errors
    data["report_exercises"] = [exercise.pk]
    response = client.post(reverse("wagtailsnippets_courses_module:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert [p.pk for p in round_.track.modules.get(title="报告练习").report_exercises.all()] == [exercise.pk]
