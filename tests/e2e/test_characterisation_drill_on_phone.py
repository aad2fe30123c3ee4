"""A trainee on a 375 px phone, with JavaScript off, takes a 定性 drill: picks a category, finds an article by
第X条 through the form's own search button, writes the sentence, submits and reads the result beside the case's
own characterisation (issue 17, the 定性 trainer)."""

import re

import pytest

from core import roles
from drills.models import DrillAttempt
from tests.drills.factories import DrillIndexPageFactory, articles, drill_case, taxonomy
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_take_a_drill_on_a_phone_without_javascript(live_server, browser):
    from django.db import connections

    tax = taxonomy()
    index = DrillIndexPageFactory()
    twelfth = articles(12, text="巡察组应当公开公正地听取群众意见。")[11]
    case = drill_case(
        categories=[tax.mass],
        articles=[twelfth],
        facts="<p>某村把三户干部亲属纳入低保，群众多次反映无人理会。（示例）</p>",
        characterisation="定性：村干部优亲厚友，违反群众纪律。（示例）",
    )
    UserFactory(username="drill-trainee", role=roles.TRAINEE)
    context = browser.new_context(viewport={"width": 375, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + index.url)
        page.fill("#id_username", "drill-trainee")
        page.fill("#id_password", "pw-for-tests")
        page.click("form.stacked-form button[type=submit]")
        page.wait_for_url(re.compile(re.escape(index.url) + "$"))

        page.locator("a.drill-link").first.click()
        page.wait_for_url(re.compile(rf"/drills/cases/{case.pk}/$"))
        assert "某村把三户干部亲属纳入低保" in page.inner_text("article.drill")
        assert "优亲厚友，违反群众纪律" not in page.content()
        assert page.locator("[data-testid=training-material-notice]").is_visible()

        page.locator("label.option", has_text=tax.mass.name).click()
        page.fill("#id_sentence", "村干部为亲属违规办理低保，违反群众纪律。")
        page.fill("#id_q", "第十二条")
        page.click("button[name=action][value=search]")
        found = page.locator("[data-testid=found-articles] label.option").first
        assert "第十二条" in found.inner_text()
        # The search kept the category and the sentence.
        assert page.locator(f"input[name=category][value='{tax.mass.pk}']").is_checked()
        assert page.input_value("#id_sentence") == "村干部为亲属违规办理低保，违反群众纪律。"
        found.click()
        submit = page.locator("button[name=action][value=submit]")
        box = submit.bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= 375
        submit.click()

        page.wait_for_url(re.compile(r"/drills/attempts/\d+/$"))
        assert "类别" in page.inner_text("[data-testid=category-result]")
        assert "正确" in page.inner_text("[data-testid=category-result]")
        assert "选对 1 条，漏选 0 条，多选 0 条" in page.inner_text("[data-testid=article-result]")
        assert page.inner_text("[data-testid=my-sentence]") == "村干部为亲属违规办理低保，违反群众纪律。"
        assert "优亲厚友，违反群众纪律" in page.inner_text("[data-testid=case-characterisation]")
        # Nothing wider than the phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        attempt = DrillAttempt.objects.get()
        assert (attempt.category_id, attempt.articles_hit) == (tax.mass.pk, 1)
    finally:
        connections.close_all()
        context.close()


def test_with_javascript_the_articles_are_found_while_typing(live_server, phone):
    from django.db import connections

    tax = taxonomy()
    (first, second) = articles(2, text="巡察组应当如实报告。")
    case = drill_case(categories=[tax.mass], articles=[second])
    UserFactory(username="drill-typist", role=roles.TRAINEE)
    page = phone
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        url = f"/drills/cases/{case.pk}/"
        page.goto(live_server.url + url)
        page.fill("#id_username", "drill-typist")
        page.fill("#id_password", "pw-for-tests")
        page.click("form.stacked-form button[type=submit]")
        page.wait_for_url(re.compile(re.escape(url) + "$"))
        page.fill("#id_sentence", "先写的半句。")
        page.locator("#id_q").press_sequentially(second.label, delay=30)
        found = page.locator("[data-testid=found-articles] label.option").first
        found.wait_for()
        assert second.label in found.inner_text()
        # The page was not reloaded: what was typed stays, and the search box keeps the focus.
        assert page.url.endswith(url)
        assert page.input_value("#id_sentence") == "先写的半句。"
        assert page.evaluate("document.activeElement.id") == "id_q"
        assert first.pk != second.pk
        assert violations == []  # the page's style and script come from files (CSP: no inline)
    finally:
        connections.close_all()
