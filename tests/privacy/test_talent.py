"""Declared specialisms in a person's data: their own export lists them; anonymising removes them, and the
person leaves the talent pool."""

import pytest

from core import roles
from privacy import services
from privacy.selectors import personal_data
from talent.models import PersonSpecialism
from talent.selectors import PoolFilters, talent_pool
from tests.factories import UserFactory
from tests.talent.factories import PersonSpecialismFactory, specialism

pytestmark = pytest.mark.django_db


def test_the_own_export_lists_the_declared_specialisms_and_no_one_elses():
    person = UserFactory()
    PersonSpecialismFactory(user=person, specialism=specialism("财经"))
    PersonSpecialismFactory(user=UserFactory(), specialism=specialism("法律"))
    rows = personal_data(user=person)["申报的专长"]
    assert [row["专长"] for row in rows] == ["财经"]


def test_anonymising_removes_the_specialisms_and_the_person_from_the_pool():
    person = UserFactory()
    PersonSpecialismFactory(user=person, specialism=specialism("财经"))
    PersonSpecialismFactory(user=person, specialism=specialism("审计"))
    kept = PersonSpecialismFactory(specialism=specialism("财经"))
    changed = services.anonymise_person(subject=person, actor=UserFactory(role=roles.ADMINISTRATOR))
    assert changed["declared_specialisms"] == 2
    assert not PersonSpecialism.objects.filter(user=person).exists()
    assert PersonSpecialism.objects.filter(pk=kept.pk).exists()
    assert personal_data(user=person)["申报的专长"] == []
    assert person.pk not in {p.pk for p in talent_pool(filters=PoolFilters())}
