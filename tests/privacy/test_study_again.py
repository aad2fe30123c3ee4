"""Studying again: the latest date of a completion reaches the person's own export, beside the first."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import ItemKind
from courses.services import record_completion
from privacy.selectors import personal_data
from tests.factories import UserFactory
from tests.rounds.factories import LessonPageFactory

pytestmark = pytest.mark.django_db


def test_the_export_shows_the_first_and_the_latest_study_date_of_ones_own_records_only():
    person, other = UserFactory(), UserFactory()
    lesson = LessonPageFactory(title="个别谈话要点")
    first = timezone.now() - datetime.timedelta(days=400)
    again = timezone.now() - datetime.timedelta(days=1)
    record_completion(user=person, kind=ItemKind.LESSON, item_id=lesson.pk, when=first)
    record_completion(user=person, kind=ItemKind.LESSON, item_id=lesson.pk, when=again)
    record_completion(user=other, kind=ItemKind.LESSON, item_id=lesson.pk, when=again)
    [row] = personal_data(user=person)[_("Study history")]
    assert row[_("Title")] == "个别谈话要点"
    assert first in row.values() and again in row.values()
    assert row[_("last studied")] == again
