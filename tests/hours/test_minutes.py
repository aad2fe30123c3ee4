"""学时 from the records: each kind once, with its minutes, summed per year and per round."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hours.api import minutes_by_person
from hours.credits import read_credits
from hours.models import HoursSettings
from studysessions.models import AttendanceStatus, SessionStatus
from tests.factories import UserFactory
from tests.hours import factories as f
from tests.rounds.factories import InspectionRoundFactory

pytestmark = pytest.mark.django_db


def test_a_lesson_counts_its_estimate_once():
    user = UserFactory()
    f.studied(user, f.lesson(25), f.at(2026, 3, 1))
    f.studied(user, f.lesson(40), f.at(2026, 3, 2))
    assert minutes_by_person(user_ids=[user.pk]) == {user.pk: 65}


def test_an_evening_attended_in_person_counts_its_length_absent_and_cancelled_do_not():
    present, late, absent = UserFactory(), UserFactory(), UserFactory()
    session = f.an_evening(f.at(2026, 11, 3))
    for user, status in ((present, AttendanceStatus.PRESENT), (late, AttendanceStatus.LATE)):
        f.attended(user, session, status)
    f.attended(absent, session, AttendanceStatus.ABSENT)
    cancelled = f.an_evening(f.at(2026, 11, 5))
    cancelled.status = SessionStatus.CANCELLED
    cancelled.save()
    f.attended(present, cancelled)
    totals = minutes_by_person(user_ids=[present.pk, late.pk, absent.pk])
    assert totals == {present.pk: 120, late.pk: 120, absent.pk: 0}


def test_a_drill_case_counts_once_at_its_first_answer():
    user = UserFactory()
    drills = f.DrillWorld()
    drills.answer(user, f.at(2025, 12, 30))
    drills.answer(user, f.at(2026, 1, 5))
    settings = HoursSettings.load()
    settings.drill_minutes = 12
    settings.save()
    assert minutes_by_person(user_ids=[user.pk]) == {user.pk: 12}
    assert minutes_by_person(user_ids=[user.pk], year=2025) == {user.pk: 12}
    # Answered again in 2026: not counted a second time.
    assert minutes_by_person(user_ids=[user.pk], year=2026) == {user.pk: 0}


def test_a_scenario_counts_once_when_completed_and_not_for_a_red_line():
    user, other = UserFactory(), UserFactory()
    page = f.scenario()
    f.scenario_run(user, page, f.at(2026, 2, 1))
    f.scenario_run(user, page, f.at(2026, 2, 2))
    f.scenario_run(other, page, f.at(2026, 2, 1), ending="red_leak")
    assert minutes_by_person(user_ids=[user.pk, other.pk]) == {user.pk: 20, other.pk: 0}


def test_a_report_exercise_counts_once_when_marked():
    user, waiting = UserFactory(), UserFactory()
    page = f.exercise()
    f.marked_draft(user, page, f.at(2026, 4, 1))
    f.marked_draft(user, page, f.at(2026, 4, 9))
    f.marked_draft(waiting, page, f.at(2026, 4, 1), marked=False)
    assert minutes_by_person(user_ids=[user.pk, waiting.pk]) == {user.pk: 60, waiting.pk: 0}


def test_years_follow_beijing_time():
    user = UserFactory()
    # 2025-12-31 23:30 in Beijing is still 2025 there (15:30 UTC).
    f.studied(user, f.lesson(30), f.at(2025, 12, 31, 23).replace(minute=30))
    f.studied(user, f.lesson(15), f.at(2026, 1, 1, 0).replace(minute=30))
    assert minutes_by_person(user_ids=[user.pk], year=2025) == {user.pk: 30}
    assert minutes_by_person(user_ids=[user.pk], year=2026) == {user.pk: 15}


def test_a_round_counts_its_study_period_from_creation_to_its_last_day():
    user = UserFactory()
    inspection_round = InspectionRoundFactory()
    inspection_round.created_at = f.at(2026, 3, 1, 9)
    inspection_round.ends_on = f.at(2026, 5, 31).date()
    inspection_round.save()
    f.studied(user, f.lesson(10), f.at(2026, 2, 28))  # before
    f.studied(user, f.lesson(20), f.at(2026, 3, 1, 10))  # in
    f.studied(user, f.lesson(40), f.at(2026, 5, 31, 23))  # last evening, in
    f.studied(user, f.lesson(80), f.at(2026, 6, 1, 0))  # after
    assert minutes_by_person(user_ids=[user.pk], inspection_round=inspection_round) == {user.pk: 60}


def test_credits_are_listed_newest_first_with_titles():
    user = UserFactory()
    old, new = f.lesson(10), f.lesson(20)
    f.studied(user, old, f.at(2026, 1, 1))
    f.studied(user, new, f.at(2026, 2, 1))
    credits = read_credits(user_ids=[user.pk])
    assert [(c.title, c.minutes) for c in credits] == [(new.title, 20), (old.title, 10)]


def _everyone_studies(count: int, drills) -> list[int]:
    lesson, page, ex = f.lesson(10), f.scenario(), f.exercise()
    session = f.an_evening(f.at(2026, 11, 3))
    ids = []
    for _ in range(count):
        user = UserFactory()
        f.studied(user, lesson, f.at(2026, 3, 1))
        f.attended(user, session)
        drills.answer(user, f.at(2026, 3, 2))
        f.scenario_run(user, page, f.at(2026, 3, 3))
        f.marked_draft(user, ex, f.at(2026, 3, 4))
        ids.append(user.pk)
    return ids


def test_minutes_by_person_takes_the_same_queries_for_5_and_50_people():
    drills = f.DrillWorld()
    few, many = _everyone_studies(5, drills), _everyone_studies(50, drills)
    HoursSettings.load()  # the settings row is made on first read
    counts = []
    for ids in (few, many):
        with CaptureQueriesContext(connection) as queries:
            totals = minutes_by_person(user_ids=ids, year=2026)
        counts.append(len(queries))
        assert set(totals.values()) == {10 + 120 + 10 + 20 + 60}
    assert counts[0] == counts[1]
