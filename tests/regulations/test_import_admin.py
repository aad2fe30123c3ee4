"""Editors import in the admin: upload, check the parsed structure, confirm; nothing is written before that."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from regulations.models import ImportStatus, RegulationImport, RegulationPage

pytestmark = pytest.mark.django_db

TEXT = "第一章　总则\n第一条　为了规范巡察工作，制定本办法。\n第二条　本办法自印发之日起施行。\n"


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def test_upload_preview_confirm_creates_a_draft_for_review(editor_client: Client, editor):
    response = editor_client.post(
        reverse("regulation_import"),
        {"file": SimpleUploadedFile("办法.txt", TEXT.encode("gbk")), "title": "测试办法"},
    )
    attempt = RegulationImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "regulation_import_preview", args=[attempt.pk]
    )
    assert not RegulationPage.objects.exists()

    preview = editor_client.get(response["Location"]).content.decode()
    assert "第一章" in preview and "为了规范巡察工作，制定本办法。" in preview

    # Confirming queues the write; the test settings' immediate backend has run it by the redirect.
    confirmed = editor_client.post(response["Location"])
    assert confirmed["Location"] == reverse("regulation_import_job", args=[attempt.pk])
    regulation = RegulationPage.objects.get()
    assert not regulation.live and regulation.owner == editor
    attempt.refresh_from_db()
    assert attempt.status == ImportStatus.IMPORTED and attempt.regulation == regulation
    job_page = editor_client.get(confirmed["Location"]).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[regulation.pk]) in job_page
    # Confirming twice (double tap) does not import twice.
    editor_client.post(response["Location"])
    assert RegulationPage.objects.count() == 1


def test_a_bad_file_is_refused_with_the_reason_and_the_attempt_is_kept(editor_client: Client):
    response = editor_client.post(
        reverse("regulation_import"),
        {"file": SimpleUploadedFile("空.txt", b"   \n"), "title": "空文件"},
    )
    assert response.status_code == 200
    assert "文件为空" in response.content.decode()
    assert RegulationImport.objects.get().status == ImportStatus.FAILED
    assert not RegulationPage.objects.exists()
    # The failed attempt and its reason stay listed on the import page for the office.
    listing = editor_client.get(reverse("regulation_import")).content.decode()
    assert "空.txt" in listing and listing.count("文件为空") >= 1


def test_trainees_cannot_import(trainee_client: Client):
    assert trainee_client.get(reverse("regulation_import")).status_code == 403
