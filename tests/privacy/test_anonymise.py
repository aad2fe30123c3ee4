"""Anonymising one person: identity and own words replaced, records and statistics kept, all or nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditCategory, AuditEntry
from courses.models import CompletionRecord
from privacy import services
from privacy.selectors import personal_data
from quizzes.models import Attempt, AttemptAnswer
from rounds.models import TeamMember
from studysessions.models import Attendance, AttendanceStatus, MakeUp
from tests.factories import UserFactory, client_for
from tests.privacy.factories import ABSENCE_REASON, ESSAY_TEXT, RELATIVE_NAME, person_with_records

pytestmark = pytest.mark.django_db


def _counts(user) -> dict:
    return {
        "attempts": Attempt.objects.filter(user=user).count(),
        "answers": AttemptAnswer.objects.filter(attempt__user=user).count(),
        "attendance": Attendance.objects.filter(user=user, status=AttendanceStatus.ABSENT).count(),
        "make_ups": MakeUp.objects.filter(user=user).count(),
        "completions": CompletionRecord.objects.filter(user=user).count(),
        "memberships": TeamMember.objects.filter(user=user).count(),
    }


def _with_devices(user):
    TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
    StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)


def test_personal_fields_replaced_and_records_kept():
    records = person_with_records()
    person, admin = records.user, UserFactory()
    _with_devices(person)
    before = _counts(person)
    score = records.essay_answer.attempt.score

    changed = services.anonymise_person(subject=person, actor=admin)

    person = get_user_model().objects.get(pk=person.pk)
    assert person.username == f"已注销用户-{person.pk}"
    assert (person.first_name, person.last_name, person.email) == ("", "", "")
    assert not person.is_active and not person.has_usable_password()
    records.recusal_entry.refresh_from_db()
    assert records.recusal_entry.person_name == services.PLACEHOLDER
    assert records.recusal_entry.relationship == services.PLACEHOLDER
    assert records.recusal_entry.unit_name == "县财政局"  # a unit, kept for the conflict statistics
    records.absence.refresh_from_db()
    assert records.absence.reason == services.PLACEHOLDER and records.absence.status == AttendanceStatus.ABSENT
    records.essay_answer.refresh_from_db()
    assert records.essay_answer.response == {"text": services.PLACEHOLDER}
    assert records.essay_answer.awarded == 3 and records.essay_answer.attempt.score == score
    assert not TOTPDevice.objects.filter(user=person).exists() and not StaticDevice.objects.filter(user=person).exists()
    assert _counts(person) == before
    assert changed["essay_answers"] == 1 and changed["absence_reasons"] == 1 and changed["second_factor_devices"] == 2


def test_no_trace_of_the_words_left_in_the_own_export():
    records = person_with_records()
    services.anonymise_person(subject=records.user, actor=UserFactory())
    text = repr(personal_data(user=get_user_model().objects.get(pk=records.user.pk)))
    for removed in (RELATIVE_NAME, ESSAY_TEXT, ABSENCE_REASON, "lisi@example.cn", "李"):
        assert removed not in text


def test_sessions_end():
    person = person_with_records().user
    client = client_for(person)
    assert client.get(reverse("readiness:my_learning")).status_code == 200
    assert Session.objects.count() == 1

    services.anonymise_person(subject=person, actor=UserFactory())

    assert Session.objects.count() == 0
    response = client.get(reverse("readiness:my_learning"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_audited_as_a_security_event():
    person, admin = person_with_records().user, UserFactory()
    services.anonymise_person(subject=person, actor=admin)
    entry = AuditEntry.objects.get(action="privacy.person_anonymised")
    assert entry.category == AuditCategory.SECURITY and entry.actor == admin
    assert entry.object_id == str(person.pk) and entry.detail["essay_answers"] == 1
    assert "lisi" not in str(entry.detail)


def test_a_failure_midway_changes_nothing(monkeypatch):
    records = person_with_records()
    person = records.user
    _with_devices(person)

    def fail(**kwargs):
        raise RuntimeError("disk full")

    # Declarations and attendance are already rewritten when the answers fail.
    monkeypatch.setattr(services, "anonymise_answers", fail)
    with pytest.raises(RuntimeError):
        services.anonymise_person(subject=person, actor=UserFactory())

    person.refresh_from_db()
    assert person.username.startswith("user") and person.email == "lisi@example.cn" and person.is_active
    assert person.check_password("pw-for-tests")
    records.recusal_entry.refresh_from_db()
    assert records.recusal_entry.person_name == RELATIVE_NAME
    records.absence.refresh_from_db()
    assert records.absence.reason == ABSENCE_REASON
    records.essay_answer.refresh_from_db()
    assert records.essay_answer.response == {"text": ESSAY_TEXT}
    assert TOTPDevice.objects.filter(user=person).count() == 1
    assert not AuditEntry.objects.filter(action__startswith="privacy.").exists()


def test_a_failure_at_the_very_end_changes_nothing(monkeypatch):
    records = person_with_records()

    def fail(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "record_security_event", fail)
    with pytest.raises(RuntimeError):
        services.anonymise_person(subject=records.user, actor=UserFactory())
    records.user.refresh_from_db()
    assert records.user.is_active and records.user.first_name == "李"
    records.essay_answer.refresh_from_db()
    assert records.essay_answer.response == {"text": ESSAY_TEXT}


def test_refuses_own_account_and_superusers():
    admin = UserFactory()
    with pytest.raises(services.PrivacyError) as refused:
        services.anonymise_person(subject=admin, actor=admin)
    assert "自己" in refused.value.messages[0]
    superuser = UserFactory(is_superuser=True)
    with pytest.raises(services.PrivacyError):
        services.anonymise_person(subject=superuser, actor=admin)
    admin.refresh_from_db()
    assert admin.is_active
