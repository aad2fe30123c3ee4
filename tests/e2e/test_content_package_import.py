"""An editor of a county office signs in (password and second factor), uploads the demo package into a site that has
only the demo regulations, reads the preview (what is new, which citations changed here) and imports it: the cases
arrive as drafts for the office's own review (issue 20)."""

import re
from pathlib import Path

import pytest

from cases.models import CasePage
from core import roles
from fixtures.loader import load_demo_regulations
from packages.models import ImportedItem
from tests.accounts.helpers import authenticator_of, enter_second_factor_in_browser
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PACKAGE = Path(__file__).resolve().parents[2] / "fixtures/demo/packages/shili-cases-and-questions-v1.zip"


def test_an_editor_previews_and_imports_the_demo_package(live_server, browser):
    from django.db import connections

    load_demo_regulations()
    editor = UserFactory(username="county-editor", role=roles.EDITOR)
    authenticator_of(editor)  # set up on their phone earlier
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(live_server.url + "/accounts/login/?next=/admin/packages/imports/new/")
        page.fill("#id_username", editor.username)
        page.fill("#id_password", "pw-for-tests")
        page.click("form.stacked-form button[type=submit]")
        enter_second_factor_in_browser(page, editor.username)
        page.wait_for_url(re.compile(r"/admin/packages/imports/new/$"))

        page.set_input_files("input[type=file][name=file]", str(PACKAGE))
        page.get_by_role("button", name="上传并预览").click()
        page.wait_for_url(re.compile(r"/admin/packages/imports/\d+/$"))
        counts = page.locator(".packages-counts").inner_text()
        assert "新增：125" in counts
        preview = page.locator(".packages-preview").inner_text()
        assert "已修改" in preview and "本站未找到" in preview
        assert ImportedItem.objects.count() == 0, "the preview writes nothing"

        page.get_by_role("button", name="导入", exact=True).click()
        page.wait_for_url(re.compile(r"/admin/packages/imports/\d+/$"))
        assert page.locator(".packages-result").is_visible()
        assert ImportedItem.objects.count() == 125
        assert CasePage.objects.count() == 16 and not CasePage.objects.filter(live=True).exists()
        assert violations == []
    finally:
        connections.close_all()
        context.close()
