"""Factories for study series and their evenings."""

import datetime

import factory
from factory.django import DjangoModelFactory

from studysessions.models import StudySeries
from studysessions.schedule.services import materialise
from tests.factories import UserFactory

# 2026-11-03 is a Tuesday.
FIRST_TUESDAY = datetime.date(2026, 11, 3)


class StudySeriesFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"周二周四夜学{n}")
    place = "县委巡察办三楼会议室"
    host = factory.SubFactory(UserFactory)
    weekdays = "TU,TH"
    first_date = FIRST_TUESDAY
    start_time = datetime.time(19, 30)
    end_time = datetime.time(21, 30)

    class Meta:
        model = StudySeries


def evening(series: StudySeries, starts_at: datetime.datetime, *, agenda=None):
    """The stored evening at one of the series' starts, with an agenda given as (block type, value) pairs."""
    session = materialise(series=series, slot_start=starts_at)
    if agenda is not None:
        session.agenda = agenda
        session.save()
    return session
