"""Expanding a series into evenings: the rule, cancelled and moved evenings, Asia/Shanghai wall-clock time."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from studysessions.models import StudySession
from studysessions.schedule import selectors, services
from studysessions.schedule.occurrences import occurrence_for_key, occurrences
from tests.studysessions.factories import FIRST_TUESDAY, StudySeriesFactory, evening

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = datetime.UTC


def at(day: datetime.date, hour=19, minute=30) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def window(days=14):
    start = at(FIRST_TUESDAY, 0, 0)
    return {"start": start, "end": start + datetime.timedelta(days=days)}


pytestmark = pytest.mark.django_db


def test_tuesdays_and_thursdays_at_half_past_seven_shanghai_time():
    series = StudySeriesFactory()
    found = occurrences([series], **window())
    starts = [o.starts_at.astimezone(SHANGHAI) for o in found]
    assert [(s.date().isoformat(), s.strftime("%a %H:%M")) for s in starts] == [
        ("2026-11-03", "Tue 19:30"),
        ("2026-11-05", "Thu 19:30"),
        ("2026-11-10", "Tue 19:30"),
        ("2026-11-12", "Thu 19:30"),
    ]
    # 19:30 in Shanghai is 11:30 UTC: the stored instant is right whatever zone reads it.
    assert found[0].starts_at.astimezone(UTC).hour == 11
    assert found[0].ends_at - found[0].starts_at == datetime.timedelta(hours=2)


def test_every_other_week_and_the_last_date():
    series = StudySeriesFactory(weekdays="TU", interval_weeks=2, last_date=FIRST_TUESDAY + datetime.timedelta(days=28))
    found = occurrences([series], **window(days=60))
    assert [o.starts_at.date().isoformat() for o in found] == ["2026-11-03", "2026-11-17", "2026-12-01"]


def test_a_cancelled_evening_is_marked_and_can_be_left_out():
    series = StudySeriesFactory()
    session = evening(series, at(datetime.date(2026, 11, 5)))
    services.cancel_session(session=session, note="与专题会冲突")
    found = occurrences([series], **window())
    cancelled = [o for o in found if o.cancelled]
    assert [o.slot_start for o in cancelled] == [at(datetime.date(2026, 11, 5))]
    assert len(occurrences([series], include_cancelled=False, **window())) == 3


def test_a_moved_evening_leaves_its_slot_and_appears_where_it_went():
    series = StudySeriesFactory()
    session = evening(series, at(datetime.date(2026, 11, 12)))
    services.move_session(
        session=session,
        starts_at=at(datetime.date(2026, 11, 16), 19, 0),
        ends_at=at(datetime.date(2026, 11, 16), 21, 0),
    )
    first_week = occurrences([series], **window(days=7))
    assert at(datetime.date(2026, 11, 12)) not in [o.starts_at for o in first_week]
    later = occurrences(
        [series], start=at(datetime.date(2026, 11, 13), 0, 0), end=at(datetime.date(2026, 11, 20), 0, 0)
    )
    moved = [o for o in later if o.session is not None]
    assert [(o.starts_at, o.slot_start, o.moved) for o in moved] == [
        (at(datetime.date(2026, 11, 16), 19, 0), at(datetime.date(2026, 11, 12)), True)
    ]
    # Its key still names the scheduled slot, so links and calendar entries keep pointing at it.
    assert occurrence_for_key(key=moved[0].key).session == session


def test_keys_round_trip_and_unknown_evenings_are_none():
    series = StudySeriesFactory()
    first = occurrences([series], **window())[0]
    assert occurrence_for_key(key=first.key).slot_start == first.slot_start
    assert occurrence_for_key(key=f"{series.pk}-{int(at(FIRST_TUESDAY, 20, 0).timestamp())}") is None
    assert occurrence_for_key(key="999-1") is None
    assert occurrence_for_key(key="abc") is None


def test_materialising_is_once_per_evening_and_only_on_the_rule():
    series = StudySeriesFactory()
    one = services.materialise(series=series, slot_start=at(FIRST_TUESDAY))
    assert services.materialise(series=series, slot_start=at(FIRST_TUESDAY)) == one
    assert StudySession.objects.count() == 1
    with pytest.raises(services.ScheduleError):
        services.materialise(series=series, slot_start=at(datetime.date(2026, 11, 4)))


def test_a_taken_place_evening_cannot_be_cancelled_or_moved():
    series = StudySeriesFactory()
    session = evening(series, at(FIRST_TUESDAY))
    session.closed_at = at(FIRST_TUESDAY, 21, 30)
    session.save()
    with pytest.raises(services.ScheduleError):
        services.cancel_session(session=session)
    with pytest.raises(services.ScheduleError):
        services.move_session(session=session, starts_at=at(FIRST_TUESDAY, 20), ends_at=at(FIRST_TUESDAY, 21))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"weekdays": ""}, "weekdays"),
        ({"weekdays": "XX"}, "weekdays"),
        ({"end_time": datetime.time(19, 0)}, "end_time"),
        ({"last_date": datetime.date(2026, 10, 1)}, "last_date"),
        ({"audience": "round"}, "round"),
        ({"audience": "team"}, "team"),
    ],
)
def test_the_series_refuses_rules_that_make_no_sense(changes, field):
    series = StudySeriesFactory.build(host=StudySeriesFactory().host, **changes)
    with pytest.raises(ValidationError) as error:
        series.full_clean()
    assert field in error.value.message_dict


def test_who_is_expected_matches_the_audience_list_for_every_kind_of_series():
    from studysessions.models import Audience
    from tests.factories import UserFactory
    from tests.rounds.factories import InspectionTeamFactory, TeamMemberFactory

    member = TeamMemberFactory()
    same_round = TeamMemberFactory(team=InspectionTeamFactory(round=member.team.round))
    outsider, inactive = UserFactory(), UserFactory(is_active=False)
    people = [member.user, same_round.user, outsider, inactive]
    for fields in (
        {"audience": Audience.TEAM, "team": member.team},
        {"audience": Audience.ROUND, "round": member.team.round},
        {"audience": Audience.EVERYONE},
    ):
        series = StudySeriesFactory(**fields)
        listed = selectors.audience_user_ids(series=series)
        assert [selectors.is_expected(series=series, user=u) for u in people] == [u.pk in listed for u in people]
        assert not selectors.is_expected(series=series, user=series.host)
    assert selectors.audience_user_ids(series=StudySeriesFactory(audience=Audience.TEAM, team=member.team)) == {
        member.user.pk
    }
