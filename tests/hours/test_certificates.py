"""结业证明: issued only once the round's track is complete, once per person, round and track; verified by code."""

import pytest
from django.utils import timezone

from hours import services
from hours.models import Certificate
from hours.selectors import find_certificate
from hours.services import CODE_ALPHABET, CertificateRefused, issue_certificate
from tests.factories import UserFactory
from tests.hours import factories as f

pytestmark = pytest.mark.django_db


def test_refused_before_the_track_is_complete_and_nothing_is_written():
    inspection_round, _lesson, user = f.round_with_one_lesson()
    with pytest.raises(CertificateRefused):
        issue_certificate(user=user, inspection_round=inspection_round)
    assert not Certificate.objects.exists()


def test_refused_to_someone_not_in_the_round():
    inspection_round, _lesson, _member = f.round_with_one_lesson()
    with pytest.raises(CertificateRefused):
        issue_certificate(user=UserFactory(), inspection_round=inspection_round)


def test_issued_once_complete_with_the_round_minutes_frozen_and_idempotent():
    inspection_round, lesson, user = f.round_with_one_lesson()
    f.studied(user, lesson, timezone.now())
    certificate, created = issue_certificate(user=user, inspection_round=inspection_round)
    assert created
    assert certificate.minutes == 30
    assert certificate.round_name == inspection_round.name
    assert certificate.track_name == inspection_round.track.name
    assert certificate.issued_on == timezone.localdate()
    assert len(certificate.code) == services.CODE_LENGTH and set(certificate.code) <= set(CODE_ALPHABET)
    again, created_again = issue_certificate(user=user, inspection_round=inspection_round)
    assert (again.pk, created_again) == (certificate.pk, False)
    assert Certificate.objects.count() == 1


def test_a_taken_code_is_drawn_again(monkeypatch):
    first_round, first_lesson, first = f.round_with_one_lesson()
    second_round, second_lesson, second = f.round_with_one_lesson()
    f.studied(first, first_lesson, timezone.now())
    f.studied(second, second_lesson, timezone.now())
    codes = iter(["AAAA2222", "AAAA2222", "BBBB3333"])
    monkeypatch.setattr(services, "new_code", lambda: next(codes))
    issue_certificate(user=first, inspection_round=first_round)
    certificate, created = issue_certificate(user=second, inspection_round=second_round)
    assert created and certificate.code == "BBBB3333"


def test_verification_finds_by_code_whatever_the_case_and_spaces():
    inspection_round, lesson, user = f.round_with_one_lesson()
    f.studied(user, lesson, timezone.now())
    certificate, _ = issue_certificate(user=user, inspection_round=inspection_round)
    typed = " " + certificate.code[:4].lower() + " " + certificate.code[4:] + " "
    assert find_certificate(code=typed) == certificate
    assert find_certificate(code="ZZZZ9999") is None
    assert find_certificate(code="   ") is None
