"""A person downloads their own records: every section, only their rows, audited, never cached, POST only."""

import json
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditCategory, AuditEntry
from tests.factories import client_for
from tests.privacy.factories import ABSENCE_REASON, ESSAY_TEXT, RELATIVE_NAME, person_with_records

pytestmark = pytest.mark.django_db

URL = reverse("privacy:my_data")
#: Sheets where the person of the factory has exactly one record.
ONE_ROW_EACH = (
    "个人资料",
    "承诺与申报",
    "回避申报事项",
    "测验记录",
    "夜学考勤",
    "补学情况",
    "学习记录",
    "巡察组成员身份",
)


def _cells(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _all_text(book) -> str:
    return "\n".join(str(value) for sheet in book for row in _cells(sheet) for value in row if value is not None)


def test_get_shows_the_page_and_writes_nothing():
    me = person_with_records().user
    response = client_for(me).get(URL)
    assert response.status_code == 200
    assert reverse("privacy:my_data") in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert not AuditEntry.objects.filter(action__startswith="privacy.").exists()


def test_my_learning_links_to_the_page():
    me = person_with_records().user
    assert URL in client_for(me).get(reverse("readiness:my_learning")).content.decode()


def test_workbook_has_each_section_with_my_rows_only():
    me = person_with_records().user
    other = person_with_records(username="someone-else", first_name="王", email="wang@example.cn").user
    response = client_for(me).post(URL, {"format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    book = load_workbook(BytesIO(response.content))
    titles = book.sheetnames
    for title in (*ONE_ROW_EACH, "测验作答", "错题本", "反复学"):
        assert title in titles
    # One row each after the header, where the person has one record.
    for title in ONE_ROW_EACH:
        assert len(_cells(book[title])) == 2, title
    assert len(_cells(book["测验作答"])) == 3

    text = _all_text(book)
    assert me.username in text and "lisi@example.cn" in text
    assert RELATIVE_NAME in text and ESSAY_TEXT in text and ABSENCE_REASON in text and "巡察工作条例导读" in text
    assert "正确选项" in text  # a chosen option is shown by its text, not its id
    assert other.username not in text and "wang@example.cn" not in text


def test_formula_like_text_is_quoted_and_control_characters_stripped():
    records = person_with_records(first_name="李\x07")
    response = client_for(records.user).post(URL, {"format": "xlsx"})
    book = load_workbook(BytesIO(response.content))
    profile = _cells(book["个人资料"])
    assert profile[1][0] == "李 四"
    entries = book["回避申报事项"]
    note = next(cell for cell in entries[2] if cell.value and str(cell.value).startswith("=HYPERLINK"))
    assert note.data_type == "s" and note.quotePrefix


def test_json_twin_has_the_same_sections():
    me = person_with_records().user
    response = client_for(me).post(URL, {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    sections = next(value for value in document.values() if isinstance(value, dict))
    assert sections["回避申报事项"][0]["亲属姓名"] == RELATIVE_NAME
    assert len(sections["测验记录"]) == 1


def test_export_is_audited_with_whose_data_it_was():
    me = person_with_records().user
    client_for(me).post(URL, {"format": "xlsx"})
    entry = AuditEntry.objects.get(action__startswith="privacy.")
    assert (entry.category, entry.action) == (AuditCategory.EXPORT, "privacy.own_data_exported")
    assert entry.actor == me and entry.subject == me


def test_unknown_format_is_refused_in_chinese_and_not_audited():
    me = person_with_records().user
    response = client_for(me).post(URL, {"format": "pdf"}, follow=True)
    assert "请选择" in response.content.decode()
    assert not AuditEntry.objects.filter(action__startswith="privacy.").exists()


def test_anonymous_is_sent_to_log_in():
    response = Client().post(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
