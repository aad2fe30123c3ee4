"""The admin page for importing and exporting the question bank: editors use it, trainees are refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from quizzes import admin_spreadsheets
from quizzes import spreadsheet_format as fmt
from quizzes.models import Question
from tests.quizzes.factories import QuestionCategoryFactory, QuestionFactory
from tests.quizzes.workbooks import single_row, workbook

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
URL_NAMES = ["quizzes_import", "quizzes_import_template", "quizzes_export_bank"]


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def categories():
    parent = QuestionCategoryFactory(name="巡察工作条例")
    return parent, QuestionCategoryFactory(name="巡察程序", parent=parent)


def upload(data: bytes) -> dict:
    return {"file": SimpleUploadedFile("题库.xlsx", data, content_type=XLSX)}


def test_the_page_offers_the_template_the_export_and_the_upload(editor_client: Client):
    page = editor_client.get(reverse("quizzes_import")).content.decode()
    assert reverse("quizzes_import_template") in page and reverse("quizzes_export_bank") in page
    assert 'type="file"' in page


def test_the_template_and_the_export_download_as_workbooks(editor_client: Client, categories):
    question = QuestionFactory(stem="导出的题", categories=[categories[1]])
    for name in ("quizzes_import_template", "quizzes_export_bank"):
        response = editor_client.get(reverse(name))
        assert response.status_code == 200 and response["Content-Type"] == XLSX
        assert "attachment" in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content))[fmt.BANK_SHEET]
        assert [cell.value for cell in sheet[1]] == fmt.headers()
    assert sheet.cell(2, 1).value == question.pk


def test_an_upload_imports_and_says_how_many(editor_client: Client, categories):
    response = editor_client.post(reverse("quizzes_import"), upload(workbook(single_row())), follow=True)
    # The import runs as a background task (at once in tests); the editor lands on its progress page.
    [(url, status)] = response.redirect_chain
    assert status == 302 and url.startswith(reverse("quizzes_import")) and url != reverse("quizzes_import")
    assert Question.objects.filter(stem=single_row()[fmt.STEM]).count() == 1
    assert response.context["job"].created == 1 and response.context["job"].is_done


def test_a_bad_upload_lists_every_bad_row_and_imports_nothing(editor_client: Client, categories):
    data = workbook(
        single_row(**{fmt.KIND: "选择题"}), single_row(**{fmt.STEM: "好题"}), single_row(**{fmt.ANSWER: ""})
    )
    response = editor_client.post(reverse("quizzes_import"), upload(data))
    assert response.status_code == 200
    assert [(e.row, e.column) for e in response.context["errors"]] == [(2, fmt.KIND), (4, fmt.ANSWER)]
    page = response.content.decode()
    assert "<td>2</td>" in page and "<td>4</td>" in page
    assert not Question.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused_on_the_page(editor_client: Client):
    response = editor_client.post(reverse("quizzes_import"), upload(b"not a workbook"))
    assert response.status_code == 200 and [e.row for e in response.context["errors"]] == [None]


@pytest.mark.parametrize("name", URL_NAMES)
def test_trainees_are_refused(trainee_client: Client, name):
    assert trainee_client.get(reverse(name)).status_code == 403


def test_trainees_cannot_post_an_import(trainee_client: Client, categories):
    assert trainee_client.post(reverse("quizzes_import"), upload(workbook(single_row()))).status_code == 403
    assert not Question.objects.exists()


def test_the_menu_item_is_shown_to_editors_only(editor, trainee):
    item = admin_spreadsheets.menu_items[0]()
    request = RequestFactory().get("/admin/")
    request.user = editor
    assert item.is_shown(request)
    request.user = trainee
    assert not item.is_shown(request)
