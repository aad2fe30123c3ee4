"""Hardening details of issue 13: demo loader guard, Cache-Control, export cells, GETs that write nothing."""

import re
from io import BytesIO
from pathlib import Path

import pytest
import wagtail_factories
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.shortcuts import resolve_url
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.blocks import StreamBlock
from wagtail.models import ModelLogEntry, Page

from core import roles
from core.middleware import IncompleteAdminPostMiddleware
from fixtures.loader import DemoReport
from quizzes.report_export import results_workbook
from quizzes.reports import quiz_report
from quizzes.spreadsheets import export_question_bank
from tests.factories import UserFactory, client_for
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.test_reports import make_attempt
from tests.readiness.test_dashboard import build_round

pytestmark = pytest.mark.django_db


# load_demo creates a superuser with a published password: never by accident in production.


def test_load_demo_refuses_under_production_settings(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("XCXT_ALLOW_DEMO", raising=False)
    with pytest.raises(CommandError) as excinfo:
        call_command("load_demo")
    assert "拒绝运行" in str(excinfo.value) and "--allow-in-production" in str(excinfo.value)
    assert not get_user_model().objects.filter(username="guanli").exists()


def test_load_demo_runs_with_the_environment_variable(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setenv("XCXT_ALLOW_DEMO", "1")
    call_command("load_demo")
    assert get_user_model().objects.filter(username="guanli", is_superuser=True).exists()


@pytest.mark.parametrize(("debug", "args"), [(True, []), (False, ["--allow-in-production"])])
def test_load_demo_runs_under_debug_or_with_the_flag(settings, monkeypatch, capsys, debug, args):
    settings.DEBUG = debug
    monkeypatch.delenv("XCXT_ALLOW_DEMO", raising=False)
    loads = []
    monkeypatch.setattr(
        "fixtures.management.commands.load_demo.load_demo_content",
        lambda: loads.append(1) or DemoReport(created=[], users=[]),
    )
    call_command("load_demo", *args)
    assert loads == [1]
    assert "示例内容已存在" in capsys.readouterr().out


# Exports: hostile names and questions are written as quoted text without control characters.

HOSTILE_NAME = '=HYPERLINK("http://x")\x07'


def _quoted_cells(content: bytes, text: str) -> list:
    book = load_workbook(BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value == text]


def test_the_quiz_results_export_survives_a_control_character_and_quotes_formulas():
    question = QuestionFactory(points=10, stem="-1 是负数吗\x1f")
    quiz = QuizFactory(questions=[question])
    make_attempt(quiz, UserFactory(first_name=HOSTILE_NAME, last_name=""), credits=[(question, 10)])
    content = results_workbook(quiz_report(quiz=quiz))
    names = _quoted_cells(content, '=HYPERLINK("http://x")')
    stems = _quoted_cells(content, "-1 是负数吗")
    assert names and stems
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in names + stems)


def test_the_question_bank_export_quotes_formulas_and_strips_control_characters():
    QuestionFactory(stem="@SUM(A1)\x0b 是什么")
    cells = _quoted_cells(export_question_bank(), "@SUM(A1) 是什么")
    assert cells and all(cell.quotePrefix for cell in cells)


# Cache-Control: nothing a signed-in user receives may be kept by a browser or proxy.


def _no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.mark.parametrize("name", ["readiness:my_learning", "quizzes:list", "declarations:index", "search"])
def test_pages_for_signed_in_users_are_private_no_store(trainee_client, name):
    response = trainee_client.get(reverse(name))
    assert response.status_code == 200
    assert _no_store(response)


def test_the_home_page_and_an_admin_page_are_private_no_store(trainee_client, editor):
    assert _no_store(trainee_client.get("/"))
    assert _no_store(client_for(editor).get(reverse("wagtailadmin_home")))


def test_exports_are_private_no_store(editor):
    response = client_for(editor).get(reverse("quizzes_export_bank"))
    assert response.status_code == 200
    assert _no_store(response)


def test_a_response_that_sets_its_own_cache_control_keeps_it(trainee_client):
    # Django's login view is never_cache: its own directives stay (they include no-store and private).
    response = trainee_client.get(reverse("login"))
    assert "max-age=0" in response["Cache-Control"]


def test_anonymous_responses_are_left_alone(client):
    assert "Cache-Control" not in client.get(reverse("healthz"))


# Content-Security-Policy: enforced on the site's pages, the admin's own looser policy under /admin/.


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def test_site_pages_forbid_inline_script_and_style(trainee_client):
    policy = _policy(trainee_client.get(reverse("readiness:my_learning")))
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["frame-ancestors"] == ["'self'"]
    assert policy["form-action"] == ["'self'"] and policy["img-src"] == ["'self'", "data:"]


def test_the_login_page_has_the_site_policy(client):
    assert _policy(client.get(resolve_url(settings.LOGIN_URL)))["script-src"] == ["'self'"]


def test_the_admin_has_its_own_policy(editor):
    policy = _policy(client_for(editor).get(reverse("wagtailadmin_home"), follow=True))
    assert "'unsafe-inline'" in policy["script-src"]
    sources = " ".join(source for values in policy.values() for source in values)
    assert "'self'" in policy["default-src"] and "http" not in sources


_INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>|<style\b|\sstyle=|\son[a-z]+=\"", re.I
)


def test_no_site_template_has_inline_script_or_style():
    """Templates outside the admin carry no inline script, <style>, style="" or on*="" handler."""
    root = Path(settings.BASE_DIR)
    offenders = []
    for path in [
        *root.glob("*/templates/**/*.html"),
        *root.glob("*/templates/**/*.svg"),
        *root.glob("site/templates/**/*"),
    ]:
        relative = path.relative_to(root).as_posix()
        if not path.is_file() or "/admin/" in relative or "/wagtailadmin/" in relative or relative.startswith(".venv"):
            continue
        if _INLINE.search(path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert offenders == []


# Exports that write audit entries are POSTs; a GET shows what would be exported and the button.


def test_the_quiz_results_export_asks_before_it_exports():
    quiz = QuizFactory(questions=[QuestionFactory()])
    client = client_for(UserFactory(role=roles.ADMINISTRATOR))
    url = reverse("quizzes_export_results", args=(quiz.pk,))
    page = client.get(url)
    assert page.status_code == 200 and b'data-testid="export"' in page.content
    assert not ModelLogEntry.objects.filter(action="quizzes.export_results").exists()
    response = client.post(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ModelLogEntry.objects.filter(action="quizzes.export_results").count() == 1


def test_the_round_export_asks_before_it_exports():
    data = build_round()
    client = client_for(data["manager"])
    url = reverse("readiness:export", args=[data["round"].pk])
    page = client.get(url)
    assert page.status_code == 200 and b'data-testid="export"' in page.content
    assert not ModelLogEntry.objects.exists()
    dashboard = client.get(reverse("readiness:dashboard", args=[data["round"].pk])).content.decode()
    assert f'method="post" class="actions no-print" action="{url}"' in dashboard
    assert client.post(url)["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ModelLogEntry.objects.exists()


# Deleting a row that others protect gives a Chinese message, not a 500, and deletes nothing.


def test_deleting_a_signed_acknowledgement_text_is_refused_with_the_reason():
    from django.contrib.messages import get_messages
    from django.utils import timezone

    from declarations.models import Acknowledgement, AcknowledgementKind, AcknowledgementText

    text = AcknowledgementText.objects.create(
        kind=AcknowledgementKind.CONFIDENTIALITY, version=9, title="保密承诺", body="正文"
    )
    signer = UserFactory(username="zhangsan")
    Acknowledgement.objects.create(user=signer, text=text, agreed_at=timezone.now())
    client = client_for(UserFactory(is_superuser=True, is_staff=True))
    url = reverse(text.snippet_viewset.get_url_name("delete"), args=[text.pk])
    response = client.post(url, HTTP_REFERER="http://testserver" + url)
    assert response.status_code == 302 and response["Location"].endswith(url)
    assert AcknowledgementText.objects.filter(pk=text.pk).exists()
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "zhangsan" in message and "1" in message


# A malformed POST to Wagtail's own admin code: a 400 in Chinese; a fault of ours still raises.


def _raised(function):
    try:
        function()
    except (KeyError, AttributeError) as error:
        return error
    raise AssertionError("expected an exception")


def _admin_post(path="/admin/snippets/studysessions/studysession/edit/1/"):
    request = RequestFactory().post(path, {})
    request.user = UserFactory(role=roles.EDITOR)
    request.session = {}
    request._messages = None
    return request


def test_a_post_missing_a_wagtail_forms_fields_gets_a_400_in_chinese(editor):
    """An empty POST to copying a page: Wagtail reads request.POST["new_parent_page"] unchecked."""
    editor.is_superuser = True
    editor.save()
    page = wagtail_factories.PageFactory(parent=Page.objects.get(depth=1), title="示例")
    response = client_for(editor).post(reverse("wagtailadmin_pages:copy", args=[page.pk]), {})
    assert response.status_code == 400
    assert "提交的内容不完整" in response.content.decode()


def test_only_wagtails_own_slips_under_the_admin_become_a_400(db):
    middleware = IncompleteAdminPostMiddleware(lambda request: None)
    wagtails = _raised(lambda: StreamBlock().value_from_datadict({}, {}, "agenda"))
    assert middleware.process_exception(_admin_post(), wagtails).status_code == 400

    def ours():
        raise KeyError("agenda-count")

    assert middleware.process_exception(_admin_post(), _raised(ours)) is None
    assert middleware.process_exception(_admin_post("/quizzes/"), wagtails) is None
    request = _admin_post()
    request.method = "GET"
    assert middleware.process_exception(request, wagtails) is None
