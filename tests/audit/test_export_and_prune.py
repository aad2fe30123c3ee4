"""The audit log's export (formula-safe, itself recorded) and its retention (180 days at least)."""

from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit import checks, services
from audit.models import AuditCategory, AuditEntry
from audit.selectors import action_label
from tests.audit.factories import AuditEntryFactory, auditor, signed_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def sheet_rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_export_holds_the_filtered_entries_and_is_itself_recorded():
    person = UserFactory(username="person")
    shown = AuditEntryFactory(actor=UserFactory(username="viewer"), object_repr="第一轮", detail={"conflicts": 1})
    shown.people.set([person])
    AuditEntryFactory(category=AuditCategory.SECURITY, action="login.failed", actor_name="guess")
    reader = auditor()
    response = signed_in(reader).post(f"{reverse('audit_export')}?subject={person.pk}", REMOTE_ADDR="10.9.9.9")
    header, *rows = sheet_rows(response)
    assert len(header) == 11
    assert len(rows) == 1
    row = rows[0]
    assert row[1] == str(AuditCategory.ACCESS.label) and row[2] == str(action_label("readiness.dashboard_viewed"))
    assert row[3] == "viewer" and row[4] == "10.0.0.1" and row[7] == "第一轮" and row[9] == "person"
    assert '"conflicts": 1' in row[10]
    recorded = AuditEntry.objects.get(action=services.EXPORT_ACTION)
    assert recorded.category == AuditCategory.EXPORT
    assert recorded.actor == reader and recorded.address == "10.9.9.9"
    assert recorded.detail == {"rows": 1, "filters": {"subject": str(person.pk)}}


def test_an_export_by_get_is_refused_and_writes_nothing():
    assert signed_in(auditor()).get(reverse("audit_export")).status_code == 405
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_formula_like_text_is_quoted_and_stays_text(text):
    AuditEntryFactory(actor_name=text, object_repr=text)
    response = signed_in(auditor()).post(reverse("audit_export"))
    sheet_rows(response)
    row = load_workbook(BytesIO(response.content)).worksheets[0][2]
    for cell in (row[3], row[7]):
        assert cell.value == text
        assert cell.data_type == "s" and cell.quotePrefix  # Excel's leading ': shown as typed, never run


def test_ordinary_text_is_written_as_it_is():
    AuditEntryFactory(object_repr="第一巡察组 a-b")
    response = signed_in(auditor()).post(reverse("audit_export"))
    sheet_rows(response)
    cell = load_workbook(BytesIO(response.content)).worksheets[0][2][7]
    assert cell.value == "第一巡察组 a-b" and not cell.quotePrefix


def test_control_characters_are_stripped():
    AuditEntryFactory(object_repr="张三\x07的\x1b记录", actor_name="a\x0bb")  # NUL: see test_services
    _header, row = sheet_rows(signed_in(auditor()).post(reverse("audit_export")))
    assert row[7] == "张三的记录" and row[3] == "ab"


def test_too_large_an_export_is_refused_with_a_message(monkeypatch):
    monkeypatch.setattr(services, "EXPORT_LIMIT", 1)
    AuditEntryFactory()
    AuditEntryFactory()
    response = signed_in(auditor()).post(reverse("audit_export"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("audit_log"))
    (message,) = response.context["messages"]
    assert "2" in str(message)
    assert not AuditEntry.objects.filter(action=services.EXPORT_ACTION).exists()


def _ages(*days) -> list[AuditEntry]:
    now = timezone.now()
    return [AuditEntryFactory(at=now - timedelta(days=d)) for d in days]


def test_prune_keeps_180_days_and_records_itself(settings):
    settings.AUDIT_RETENTION_DAYS = 180
    kept_a, kept_b, gone, _gone_too = _ages(0, 179, 181, 400)
    gone.people.set([UserFactory()])
    out = StringIO()
    call_command("prune_audit_log", stdout=out)
    assert "2" in out.getvalue()
    remaining = set(AuditEntry.objects.exclude(action=services.PRUNE_ACTION).values_list("pk", flat=True))
    assert remaining == {kept_a.pk, kept_b.pk}
    pruned = AuditEntry.objects.get(action=services.PRUNE_ACTION)
    assert pruned.category == AuditCategory.SECURITY
    assert pruned.detail["deleted"] == 2 and pruned.detail["retention_days"] == 180
    assert not AuditEntry.people.through.objects.filter(auditentry_id=gone.pk).exists()


def test_prune_works_in_batches():
    _ages(200, 201, 202, 203, 204)
    kept = _ages(10)
    assert services.prune_entries(days=180, batch_size=2) == 5
    assert set(AuditEntry.objects.exclude(action=services.PRUNE_ACTION)) == set(kept)


def test_a_longer_retention_keeps_more(settings):
    settings.AUDIT_RETENTION_DAYS = 365
    kept = _ages(200, 300)
    _ages(400)
    call_command("prune_audit_log", stdout=StringIO())
    assert set(AuditEntry.objects.exclude(action=services.PRUNE_ACTION)) == set(kept)


@pytest.mark.parametrize("days", [179, 30, 0, -1, "180"])
def test_less_than_180_days_is_refused_in_chinese_and_deletes_nothing(settings, days):
    settings.AUDIT_RETENTION_DAYS = days
    entries = _ages(1, 200)
    with pytest.raises(CommandError) as refused:
        call_command("prune_audit_log")
    assert "180" in str(refused.value) and "审计" in str(refused.value)
    assert set(AuditEntry.objects.all()) == set(entries)


def test_the_service_refuses_a_short_period_too():
    with pytest.raises(services.AuditError):
        services.prune_entries(days=90)


def test_a_short_retention_fails_the_system_check(settings):
    settings.AUDIT_RETENTION_DAYS = 90
    (error,) = checks.retention_is_long_enough(None)
    assert error.id == "audit.E001" and "180" in error.msg
    settings.AUDIT_RETENTION_DAYS = 365
    assert checks.retention_is_long_enough(None) == []
