"""Preparing, checking, approving, downloading and deleting an export through the admin pages."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from core import roles
from packages import selectors
from packages.models import ExportStatus, ItemClearance, OfficeIdentity, PackageExport
from tests.factories import CaseIndexPageFactory, CasePageFactory, UserFactory, client_for
from tests.packages.sending import SENDER, be

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return be(SENDER)


@pytest.fixture
def case():
    page = CasePageFactory(parent=CaseIndexPageFactory(), title="示例案例：违规收受礼金", summary="某局干部收受礼金")
    page.save_revision().publish()
    return page


@pytest.fixture
def flagged_case():
    page = CasePageFactory(parent=CaseIndexPageFactory(), title="示例案例：带电话", summary="举报电话13812345678已核实")
    page.save_revision().publish()
    return page


def _new_export(client, *items, title="示例内容包", key=""):
    data = {"title": title, "note": "示例说明", "key": key}
    for kind, pk in items:
        data.setdefault(f"items_{kind}", []).append(pk)
    return client.post(reverse("packages:export_new"), data)


def _body(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("role", [None, roles.TRAINEE, roles.AUDITOR, roles.SYSTEM_ADMINISTRATOR])
def test_people_without_the_permission_cannot_prepare_a_package(role, case):
    client = client_for(UserFactory(role=role)) if role else Client()
    assert client.get(reverse("packages:export_new")).status_code in (302, 403)
    response = _new_export(client, ("case", case.pk))
    assert response.status_code in (302, 403)
    assert not PackageExport.objects.exists()


def test_an_editor_prepares_a_package_from_published_items(editor, case):
    client = client_for(editor)
    page = client.get(reverse("packages:export_new"))
    assert page.status_code == 200
    assert "示例案例：违规收受礼金" in _body(page)

    response = _new_export(client, ("case", case.pk))

    export = PackageExport.objects.get()
    assert response.status_code == 302 and response.url == reverse("packages:export_detail", args=[export.pk])
    assert export.items == [{"kind": "case", "id": case.pk}] and export.created_by == editor
    assert export.status == ExportStatus.DRAFT and export.version == 1


def test_a_later_version_keeps_the_package_key(editor, case):
    client = client_for(editor)
    _new_export(client, ("case", case.pk), title="示例内容包")
    first = PackageExport.objects.get()
    _new_export(client, ("case", case.pk), title="示例内容包（补充）", key=first.key)
    later = PackageExport.objects.exclude(pk=first.pk).get()
    assert (later.key, later.version) == (first.key, 2)


def test_a_package_without_items_is_refused_with_the_reason(editor):
    response = _new_export(client_for(editor), title="空内容包")
    assert response.status_code == 200
    assert "至少" in _body(response) or "选择" in _body(response)
    assert not PackageExport.objects.exists()


def test_an_editor_sees_the_flags_but_may_neither_clear_nor_approve(editor, reviewer, flagged_case, office):
    client = client_for(editor)
    _new_export(client, ("case", flagged_case.pk))
    export = PackageExport.objects.get()

    body = _body(client.get(reverse("packages:export_detail", args=[export.pk])))
    assert "<mark>13812345678</mark>" in body
    assert "还有 1 处疑似未脱敏内容未处理" in body
    assert 'name="reason"' not in body
    assert reverse("wagtailadmin_pages:edit", args=[flagged_case.pk]) in body

    refused = client.post(reverse("packages:export_approve", args=[export.pk]))
    assert refused.status_code in (302, 403)
    cleared = client.post(
        reverse("packages:export_clear", args=[export.pk]),
        {"kind": "case", "object_id": flagged_case.pk, "flag_kind": "phone", "text": "13812345678", "reason": "x"},
    )
    assert cleared.status_code in (302, 403)
    export.refresh_from_db()
    assert export.status == ExportStatus.DRAFT


def test_approval_is_refused_while_a_flag_is_uncleared(editor, reviewer, flagged_case, office):
    _new_export(client_for(editor), ("case", flagged_case.pk))
    export = PackageExport.objects.get()
    client = client_for(reviewer)

    detail = _body(client.get(reverse("packages:export_detail", args=[export.pk])))
    assert 'name="reason"' in detail
    assert 'class="button" disabled>审核通过并生成内容包' in detail

    response = client.post(reverse("packages:export_approve", args=[export.pk]), follow=True)

    assert "处疑似未脱敏内容未修改也未确认" in _body(response)
    export.refresh_from_db()
    assert export.status == ExportStatus.DRAFT and not export.file


def test_the_preparer_cannot_approve_their_own_package(reviewer, case, office):
    client = client_for(reviewer)
    _new_export(client, ("case", case.pk))
    export = PackageExport.objects.get()

    response = client.post(reverse("packages:export_approve", args=[export.pk]), follow=True)

    assert "内容包须由准备人以外的另一人审核批准" in _body(response)
    export.refresh_from_db()
    assert export.status == ExportStatus.DRAFT


def test_create_clear_approve_and_download(editor, reviewer, flagged_case, office):
    _new_export(client_for(editor), ("case", flagged_case.pk))
    export = PackageExport.objects.get()
    client = client_for(reviewer)
    (flag,) = selectors.export_report(export=export).entries[0].flags

    cleared = client.post(
        reverse("packages:export_clear", args=[export.pk]),
        {
            "kind": "case",
            "object_id": flagged_case.pk,
            "flag_kind": flag.kind,
            "text": flag.text,
            "reason": "示例号码，非真实",
        },
        follow=True,
    )
    assert "示例号码，非真实" in _body(cleared)
    assert 'class="button">审核通过并生成内容包' in _body(cleared)

    approved = client.post(reverse("packages:export_approve", args=[export.pk]), follow=True)
    export.refresh_from_db()
    assert export.status == ExportStatus.APPROVED and export.approved_by == reviewer
    body = _body(approved)
    assert export.file_sha256 in body
    assert reverse("packages:export_download", args=[export.pk]) in body

    download = client_for(editor).get(reverse("packages:export_download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert "attachment" in download["Content-Disposition"]
    assert download.content == bytes(export.file)
    assert AuditEntry.objects.filter(action="packages.export_downloaded", object_id=str(export.pk)).count() == 1


def test_a_draft_cannot_be_downloaded(editor, case):
    _new_export(client_for(editor), ("case", case.pk))
    export = PackageExport.objects.get()
    assert client_for(editor).get(reverse("packages:export_download", args=[export.pk])).status_code == 404


def test_approval_needs_the_office_name(editor, reviewer, case):
    _new_export(client_for(editor), ("case", case.pk))
    export = PackageExport.objects.get()
    client = client_for(reviewer)
    assert "本办" in _body(client.get(reverse("packages:export_detail", args=[export.pk])))
    client.post(reverse("packages:export_approve", args=[export.pk]))
    export.refresh_from_db()
    assert export.status == ExportStatus.DRAFT and not OfficeIdentity.objects.exists()


def test_a_draft_can_be_deleted_and_an_approved_package_cannot(editor, reviewer, case, office):
    client = client_for(editor)
    _new_export(client, ("case", case.pk), title="草稿一")
    draft = PackageExport.objects.get()
    assert client.post(reverse("packages:export_delete", args=[draft.pk])).status_code == 302
    assert not PackageExport.objects.exists()

    _new_export(client, ("case", case.pk), title="草稿二")
    export = PackageExport.objects.get()
    client_for(reviewer).post(reverse("packages:export_approve", args=[export.pk]))
    client.post(reverse("packages:export_delete", args=[export.pk]))
    assert PackageExport.objects.filter(pk=export.pk, status=ExportStatus.APPROVED).exists()


def test_the_clearance_of_a_question_is_kept_for_the_item(editor, reviewer, office):
    from tests.quizzes.factories import QuestionFactory

    question = QuestionFactory(stem="请拨打13812345678咨询的做法是否正确？")
    _new_export(client_for(editor), ("question", question.pk))
    export = PackageExport.objects.get()
    client_for(reviewer).post(
        reverse("packages:export_clear", args=[export.pk]),
        {"kind": "question", "object_id": question.pk, "flag_kind": "phone", "text": "13812345678", "reason": "示例"},
    )
    assert ItemClearance.objects.filter(object_id=question.pk, text="13812345678").exists()
