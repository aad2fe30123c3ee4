"""Who sees what: 我的学时 for oneself, the certificate for its owner only, lookup with the permission, a round's
学时 for its managers; each view of others' data audited."""

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from core import roles
from hours.services import issue_certificate
from tests.factories import UserFactory, client_for
from tests.hours import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued():
    inspection_round, lesson, user = f.round_with_one_lesson()
    f.studied(user, lesson, timezone.now())
    certificate, _ = issue_certificate(user=user, inspection_round=inspection_round)
    return certificate


def test_my_hours_lists_credits_and_offers_the_certificate_once_complete():
    inspection_round, lesson, user = f.round_with_one_lesson()
    client = client_for(user)
    page = client.get(reverse("hours:mine")).content.decode()
    assert "出具我的结业证明" not in page
    f.studied(user, lesson, timezone.now())
    page = client.get(reverse("hours:mine")).content.decode()
    assert lesson.title in page and "0.5" in page
    response = client.post(reverse("hours:issue", args=[inspection_round.pk]))
    certificate = user.certificates.get()
    assert response.url == reverse("hours:certificate", args=[certificate.pk])
    client.post(reverse("hours:issue", args=[inspection_round.pk]))
    assert user.certificates.count() == 1


def test_issue_refused_with_a_message_before_the_track_is_complete():
    inspection_round, _lesson, user = f.round_with_one_lesson()
    response = client_for(user).post(reverse("hours:issue", args=[inspection_round.pk]), follow=True)
    assert "请先完成本轮培训路径的全部模块" in response.content.decode()
    assert not user.certificates.exists()


def test_the_certificate_page_is_its_owners_only(issued):
    url = reverse("hours:certificate", args=[issued.pk])
    page = client_for(issued.user).get(url).content.decode()
    assert "结业证明" in page and issued.code in page and issued.round_name in page
    assert client_for(UserFactory(role=roles.ADMINISTRATOR)).get(url).status_code == 404


def test_lookup_needs_the_permission_and_audits_a_find(issued):
    url = reverse("hours:verify")
    assert client_for(UserFactory(role=roles.TRAINEE)).get(url, {"code": issued.code}).status_code == 404
    office = client_for(UserFactory(role=roles.ADMINISTRATOR))
    page = office.get(url, {"code": issued.code.lower()}).content.decode()
    assert issued.holder_name in page and issued.track_name in page
    entry = AuditEntry.objects.get(action="hours.certificate_verified")
    assert entry.subject_id == issued.user_id
    missing = office.get(url, {"code": "ZZZZ9999"}).content.decode()
    assert "查无此证" in missing
    assert AuditEntry.objects.filter(action="hours.certificate_verified").count() == 1


def test_a_rounds_hours_are_for_its_managers_and_audited(issued, django_assert_max_num_queries):
    inspection_round = issued.inspection_round
    url = reverse("hours:round", args=[inspection_round.pk])
    assert client_for(issued.user).get(url).status_code == 404
    manager = UserFactory(role=roles.EDITOR)
    inspection_round.managers.add(manager)
    inspection_round.save()
    client = client_for(manager)
    with django_assert_max_num_queries(40):
        page = client.get(url).content.decode()
    assert issued.code in page
    assert AuditEntry.objects.filter(action="hours.round_viewed").exists()
    export = client.post(reverse("hours:round_export", args=[inspection_round.pk]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEntry.objects.filter(action="hours.round_exported").exists()
