"""The person profile (手机号, 工号, 原单位) reaches the person's own export and the administrator's anonymising
(through accounts.api, which privacy already lists)."""

import pytest
from django.contrib.auth import get_user_model

from accounts import api
from accounts.models import PersonProfile
from privacy.selectors import personal_data
from privacy.services import anonymise_person
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _enrol_one() -> api.IssuedPassword:
    (issued,) = api.create_people(
        people=[api.NewPerson(name="张示例", username="13900000001", phone="13900000001", home_unit="示例局")]
    )
    return issued


def test_profile_reaches_the_own_export_and_anonymising_clears_it():
    issued = _enrol_one()
    person = get_user_model().objects.get(pk=issued.user_id)
    records = personal_data(user=person)
    (row,) = next(rows for rows in records.values() if rows and "示例局" in rows[0].values())
    assert "13900000001" in row.values()
    changed = anonymise_person(subject=person, actor=UserFactory())
    assert changed["profiles"] == 1
    profile = PersonProfile.objects.get(user=person)
    assert (profile.phone, profile.staff_number, profile.home_unit) == ("", "", "")
