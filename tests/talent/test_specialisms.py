"""Declared specialisms: the person ticks their own; office staff with the right correct anyone's (audited)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.models import AuditEntry
from core import roles
from talent.models import PersonSpecialism
from talent.services import set_specialisms
from tests.factories import UserFactory, client_for
from tests.rounds.factories import InspectionRoundFactory
from tests.talent.factories import specialism

pytestmark = pytest.mark.django_db


def declared(user) -> set[str]:
    return set(PersonSpecialism.objects.filter(user=user).values_list("specialism__name", flat=True))


def test_the_person_ticks_and_unticks_their_own():
    person = UserFactory(role=roles.TRAINEE)
    finance, law = specialism("财经"), specialism("法律")
    client = client_for(person)
    response = client.post(reverse("talent:me"), {"specialisms": [finance.pk, law.pk]})
    assert response.status_code == 302
    assert declared(person) == {"财经", "法律"}
    client.post(reverse("talent:me"), {"specialisms": [law.pk]})
    assert declared(person) == {"法律"}
    client.post(reverse("talent:me"), {})
    assert declared(person) == set()
    assert not AuditEntry.objects.filter(action="talent.specialisms_changed").exists()


def test_a_double_tap_changes_nothing_twice():
    person = UserFactory()
    finance = specialism("财经")
    assert set_specialisms(person=person, specialisms=[finance], actor=person) is True
    assert set_specialisms(person=person, specialisms=[finance], actor=person) is False
    assert PersonSpecialism.objects.filter(user=person).count() == 1


def test_an_unknown_specialism_is_refused_and_nothing_changes():
    person = UserFactory()
    finance = specialism("财经")
    set_specialisms(person=person, specialisms=[finance], actor=person)
    client_for(person).post(reverse("talent:me"), {"specialisms": [finance.pk, 999999]})
    assert declared(person) == {"财经"}


def test_nobody_edits_someone_elses_without_the_right():
    person = UserFactory()
    round_manager = UserFactory(role=roles.EDITOR)
    managed = InspectionRoundFactory()
    managed.managers.add(round_manager)  # reads the record, does not correct it
    managed.save()
    for actor in (UserFactory(role=roles.TRAINEE), round_manager):
        with pytest.raises(PermissionDenied):
            set_specialisms(person=person, specialisms=[specialism("财经")], actor=actor)
    assert (
        client_for(round_manager)
        .post(reverse("talent:person_specialisms", args=[person.pk]), {"specialisms": [specialism("财经").pk]})
        .status_code
        == 404
    )
    assert declared(person) == set()


def test_the_office_corrects_anyones_and_it_is_audited():
    person = UserFactory()
    office = UserFactory(role=roles.ADMINISTRATOR)
    response = client_for(office).post(
        reverse("talent:person_specialisms", args=[person.pk]), {"specialisms": [specialism("审计").pk]}
    )
    assert response.status_code == 302
    assert declared(person) == {"审计"}
    entry = AuditEntry.objects.get(action="talent.specialisms_changed")
    assert entry.subject == person and entry.actor == office and entry.detail["added"] == ["审计"]
