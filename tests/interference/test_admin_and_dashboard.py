"""The 审计员's read-only admin list, the counts on the round dashboard, and the person's own data (privacy)."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from interference import api
from interference.models import ApproachReport
from privacy import services as privacy_services
from privacy.selectors import personal_data
from tests.factories import UserFactory, client_for
from tests.interference.factories import ApproachReportFactory, build_register

pytestmark = pytest.mark.django_db


def test_the_auditor_reads_every_report_in_the_admin_and_it_is_audited():
    register = build_register()
    ApproachReportFactory(request="另一轮的说情（示例）")
    response = client_for(register.auditor).get(reverse("interference_audit_list"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "希望巡察组对某项目" in text and "另一轮的说情" in text
    entry = AuditEntry.objects.get(action="interference.audit_list_viewed")
    assert register.member.pk in set(entry.people.values_list("pk", flat=True))


@pytest.mark.parametrize("who", ["manager", "administrator", "editor", "leader"])
def test_no_one_else_opens_the_admin_list(who):
    register = build_register()
    response = client_for(getattr(register, who)).get(reverse("interference_audit_list"))
    assert response.status_code in (302, 403)
    assert "希望巡察组对某项目" not in response.content.decode()


def test_the_admin_list_offers_no_way_to_change_a_report():
    register = build_register()
    text = client_for(register.auditor).get(reverse("interference_audit_list")).content.decode()
    assert "/edit/" not in text and "/delete/" not in text


def test_the_dashboard_shows_the_counts_to_the_rounds_manager_with_a_link():
    register = build_register()
    ApproachReportFactory(round=register.round, reporter=register.other_member)
    ApproachReport.objects.filter(pk=register.report.pk).update(
        acknowledged_by=register.leader, acknowledged_at=register.report.created_at
    )
    response = client_for(register.manager).get(reverse("readiness:dashboard", args=[register.round.pk]))
    assert response.context["approaches"] == {
        "total": 2,
        "open": 1,
        "url": reverse("interference:round", args=[register.round.pk]),
    }
    assert 'data-testid="approach-counts"' in response.content.decode()


def test_a_round_without_reports_counts_zero_for_its_readers():
    register = build_register()
    ApproachReport.objects.all().delete()
    assert api.readable_counts(user=register.manager, round_ids=[register.round.pk]) == {register.round.pk: (0, 0)}


def test_someone_who_sees_the_dashboard_but_may_not_read_the_register_sees_no_count(django_user_model):
    from django.contrib.auth.models import Permission

    register = build_register()
    viewer = UserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_every_round"))
    response = client_for(viewer).get(reverse("readiness:dashboard", args=[register.round.pk]))
    assert response.status_code == 200
    assert response.context["approaches"] is None
    assert 'data-testid="approach-counts"' not in response.content.decode()
    assert api.readable_counts(user=register.other_manager, round_ids=[register.round.pk]) == {}


def test_counts_by_round_is_one_query(django_assert_num_queries):
    register = build_register()
    ApproachReportFactory(round=register.round, reporter=register.other_member)
    other = ApproachReportFactory()
    with django_assert_num_queries(1):
        counts = api.counts_by_round(round_ids=[register.round.pk, other.round_id])
    assert counts == {register.round.pk: (2, 2), other.round_id: (1, 1)}


def test_the_reporters_own_reports_are_in_their_export_and_no_one_elses():
    register = build_register()
    ApproachReportFactory(round=register.round, reporter=register.other_member, request="别人的登记")
    rows = personal_data(user=register.member)["打招呼说情登记"]
    assert len(rows) == 1
    assert "希望巡察组对某项目“高抬贵手”（示例）" in rows[0].values()


def test_anonymising_replaces_the_typed_text_and_keeps_the_record():
    register = build_register()
    ApproachReport.objects.filter(pk=register.report.pk).update(
        acknowledged_by=register.leader, acknowledged_at=register.report.created_at
    )
    actor = UserFactory(is_staff=True)
    changed = privacy_services.anonymise_person(subject=register.member, actor=actor)
    assert changed["approach_reports"] == 1
    report = ApproachReport.objects.get(pk=register.report.pk)
    assert report.request == privacy_services.PLACEHOLDER and report.response == ""
    assert report.approacher == privacy_services.PLACEHOLDER
    assert report.happened_on == register.report.happened_on and report.acknowledged_by == register.leader
    assert report.channel == register.report.channel
