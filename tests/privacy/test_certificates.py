"""结业证明 in the person's own export, and their name taken off the certificate when they are anonymised."""

import pytest
from django.utils import timezone

from hours.models import Certificate
from hours.selectors import find_certificate
from hours.services import issue_certificate
from privacy.selectors import personal_data
from privacy.services import PLACEHOLDER, anonymise_person
from tests.factories import UserFactory
from tests.hours import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    inspection_round, lesson, user = f.round_with_one_lesson()
    user.first_name = "张示例"
    user.save()
    f.studied(user, lesson, timezone.now())
    return issue_certificate(user=user, inspection_round=inspection_round)[0]


def test_own_export_lists_the_certificate(certificate):
    rows = personal_data(user=certificate.user)["结业证明"]
    assert [list(row.values()) for row in rows] == [
        ["张示例", certificate.round_name, certificate.track_name, 30, certificate.issued_on, certificate.code]
    ]
    assert personal_data(user=UserFactory())["结业证明"] == []


def test_anonymising_takes_the_name_off_and_keeps_the_certificate(certificate):
    changed = anonymise_person(subject=certificate.user, actor=UserFactory())
    assert changed["certificate_names"] == 1
    kept = Certificate.objects.get(pk=certificate.pk)
    assert kept.holder_name == PLACEHOLDER and kept.minutes == 30
    assert find_certificate(code=certificate.code).holder_name == PLACEHOLDER
