"""A trainee writes a problem entry of a practice report on a 375 px phone and on a 1366 px screen, sees the team
leader's checks fire beside it (one source, no article), fixes them (a second source, an article found by 第X条),
sees a vague wording flagged while typing without saving, and downloads the report as .docx (issue 18)."""

import io
import re

import pytest

from core import roles
from report_writing.models import ProblemEntry
from tests.drills.factories import articles
from tests.factories import UserFactory
from tests.report_writing.factories import ReportDraftFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def finding(page, key: str, code: str):
    return page.locator(f"[data-findings-for='{key}'] li.finding[data-code='{code}']")


@pytest.mark.parametrize("width", [375, 1366])
def test_write_a_problem_see_the_checks_fix_them_and_export(live_server, browser, width):
    from django.db import connections

    tenth = articles(10, text="巡察组应当如实报告发现的问题。")[9]
    user = UserFactory(username=f"writer-{width}", role=roles.TRAINEE)
    draft = ReportDraftFactory(
        writer=user, texts={"basic": "巡察组个别谈话32人次。", "previous_round": "上轮反馈问题12个，已整改10个。"}
    )
    path = f"/reports/drafts/{draft.pk}/"
    context = browser.new_context(viewport={"width": width, "height": 800}, accept_downloads=True)
    page = context.new_page()
    violations, requested = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(live_server.url + path)
        page.fill("#id_username", user.username)
        page.fill("#id_password", "pw-for-tests")
        page.click("form.stacked-form button[type=submit]")
        page.wait_for_url(re.compile(re.escape(path) + "$"))
        assert page.locator("[data-testid=training-material-notice]").is_visible()

        # A problem with one source and no article.
        page.click("[data-testid=add-problem]")
        page.wait_for_url(re.compile(r"/problems/new/$"))
        assert page.locator("[data-testid=training-material-notice]").is_visible()
        page.fill("#id_fact", "2025年示例局3次以会议费名义列支接待费用共计4.2万元。")
        page.select_option("select[name=evidence-0-source]", "interview")
        page.fill("input[name=evidence-0-count]", "1")
        page.click("[data-testid=save-problem]")
        page.wait_for_url(re.compile(re.escape(path) + r"#problem-\d+$"))
        entry = ProblemEntry.objects.get(draft=draft)
        key = f"problem-{entry.pk}"
        single, no_article = finding(page, key, "single_source"), finding(page, key, "no_article")
        assert "只有1个证据来源（谈话记录）" in single.inner_text()
        assert no_article.is_visible()
        # Beside the item: a right-hand column on a wide screen, directly under it on a phone.
        body = page.locator(f"#{key} .item-body").bounding_box()
        aside = page.locator(f"[data-findings-for='{key}']").bounding_box()
        if width >= 900:
            assert aside["x"] >= body["x"] + body["width"] - 1 and abs(aside["y"] - body["y"]) < 40
        else:
            assert aside["y"] >= body["y"] + body["height"] - 1
            assert page.evaluate("document.documentElement.scrollWidth") <= width

        # Fix it: a second source and the article found by 第十条.
        page.locator(f"#{key} a.entry-edit").click()
        page.wait_for_url(re.compile(rf"/problems/{entry.pk}/$"))
        page.select_option("select[name=evidence-1-source]", "document")
        page.fill("input[name=evidence-1-note]", "报销凭证")
        page.fill("#id_q", "第十条")
        page.click("button[name=action][value=search]")
        found = page.locator("[data-testid=found-articles] label.option", has_text="第十条").first
        found.click()
        assert page.input_value("#id_fact").startswith("2025年示例局3次")
        page.click("[data-testid=save-problem]")
        page.wait_for_url(re.compile(re.escape(path) + r"#problem-\d+$"))
        assert single.count() == 0 and no_article.count() == 0
        assert list(entry.articles.values_list("pk", flat=True)) == [tenth.pk]

        # A vague wording typed into a section is flagged without saving.
        page.fill("#id_section-0", "该局作风建设方面问题突出")
        vague = finding(page, "section-0", "vague_wording")
        vague.wait_for(timeout=5000)
        assert "问题突出" in vague.inner_text()
        assert "还有" in page.inner_text("[data-findings-summary]")
        draft.sections.get(position=0).refresh_from_db()
        assert draft.sections.get(position=0).text == "巡察组个别谈话32人次。"

        # The report as .docx.
        with page.expect_download() as info:
            page.click("[data-testid=report-docx]")
        download = info.value
        assert download.suggested_filename.endswith(".docx")
        import docx

        with open(download.path(), "rb") as handle:
            document = docx.Document(io.BytesIO(handle.read()))
        assert any("会议费" in p.text for p in document.paragraphs)
        assert violations == []
        assert all(url.startswith(live_server.url) for url in requested)
    finally:
        connections.close_all()
        context.close()


def test_the_editor_works_at_360_px_without_javascript(live_server, browser):
    from django.db import connections

    user = UserFactory(username="writer-nojs", role=roles.TRAINEE)
    draft = ReportDraftFactory(writer=user)
    path = f"/reports/drafts/{draft.pk}/"
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + path)
        page.fill("#id_username", user.username)
        page.fill("#id_password", "pw-for-tests")
        page.click("form.stacked-form button[type=submit]")
        page.wait_for_url(re.compile(re.escape(path) + "$"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        save = page.locator("[data-testid=save-sections]")
        assert save.bounding_box()["height"] >= 44
        page.fill("#id_section-0", "该局作风建设方面问题突出")
        save.click()
        page.wait_for_url(re.compile(re.escape(path) + "$"))
        assert "问题突出" in page.inner_text("[data-findings-for='section-0']")
        assert draft.sections.get(position=0).text == "该局作风建设方面问题突出"
    finally:
        connections.close_all()
        context.close()
