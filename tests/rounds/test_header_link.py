"""The header shows 准备情况 only to office staff who manage a round (or may see every round)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.rounds.factories import InspectionRoundFactory

pytestmark = pytest.mark.django_db


def header_has_dashboard(user) -> bool:
    client = Client()
    client.force_login(user)
    return reverse("readiness:round_list") in client.get(reverse("readiness:my_learning")).content.decode()


def test_only_managers_see_the_dashboard_link(trainee, editor):
    assert not header_has_dashboard(trainee)
    assert not header_has_dashboard(editor)
    round_ = InspectionRoundFactory()
    round_.managers.add(editor)
    round_.save()
    assert header_has_dashboard(editor)
