"""Who sees a 成长档案 and the 人才库: the person, 管理员 and round managers; everyone else a 404. Audited."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from core import roles
from tests.factories import UserFactory, client_for
from tests.rounds.factories import InspectionRoundFactory
from tests.talent.factories import round_with_lesson, serve

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def member():
    user = UserFactory(role=roles.TRAINEE, first_name="李")
    serve(user, round_with_lesson(starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=30)))
    return user


def record_url(user):
    return reverse("talent:person", args=[user.pk])


def manager():
    staff = UserFactory(role=roles.EDITOR)
    managed = InspectionRoundFactory()
    managed.managers.add(staff)
    managed.save()  # a ParentalManyToManyField writes on save
    return staff


@pytest.mark.parametrize("make", [lambda: UserFactory(role=roles.ADMINISTRATOR), manager])
def test_permitted_staff_read_a_record_and_each_view_is_audited(member, make):
    staff = make()
    response = client_for(staff).get(record_url(member))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="talent.record_viewed")
    assert entry.actor == staff and entry.subject == member
    assert list(entry.people.all()) == [member]
    assert client_for(staff).get(reverse("talent:search")).status_code == 200


@pytest.mark.parametrize(
    "role", [roles.TRAINEE, roles.EDITOR, roles.REVIEWER, roles.AUDITOR, roles.SYSTEM_ADMINISTRATOR]
)
def test_anyone_else_gets_404_for_a_record_and_the_pool(member, role):
    other = UserFactory(role=role)
    client = client_for(other)
    assert client.get(record_url(member)).status_code == 404
    assert client.get(reverse("talent:search")).status_code == 404
    assert client.post(reverse("talent:person_specialisms", args=[member.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="talent.record_viewed").exists()


def test_the_person_reads_their_own_record_without_an_audit_entry(member):
    client = client_for(member)
    assert client.get(record_url(member)).status_code == 302
    assert client.get(reverse("talent:me")).status_code == 200
    assert not AuditEntry.objects.filter(action="talent.record_viewed").exists()


def test_an_unknown_person_is_404_even_for_the_office():
    office = UserFactory(role=roles.ADMINISTRATOR)
    assert client_for(office).get(reverse("talent:person", args=[999999])).status_code == 404


def test_the_header_links_follow_the_same_rules(member):
    menu_of = lambda user: client_for(user).get(reverse("talent:me")).content.decode()  # noqa: E731
    assert reverse("talent:search") in menu_of(UserFactory(role=roles.ADMINISTRATOR))
    assert reverse("talent:search") in menu_of(manager())
    own = menu_of(member)
    assert f'href="{reverse("talent:me")}"' in own and f'href="{reverse("talent:search")}"' not in own
    stranger = menu_of(UserFactory(role=roles.TRAINEE))
    assert f'href="{reverse("talent:me")}"' not in stranger
