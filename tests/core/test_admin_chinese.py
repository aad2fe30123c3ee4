"""The admin in Chinese for editors and reviewers (issue 15, point 9): the JavaScript strings, the Pages menu,
the help link to our own editor guide, and approving with a confirmation and a message."""

import html
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from wagtail.models import TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cases.models import CasePage, DiscoveryMethod, ProblemCategory
from tests.factories import CaseIndexPageFactory, CasePageFactory, client_for

pytestmark = pytest.mark.django_db


def test_the_admin_javascript_catalogue_has_our_chinese_for_the_editing_screens(editor):
    response = client_for(editor).get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    body = response.content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", body, re.S).group(1))
    assert catalogue["Write something or type ‘/’ to insert a block"] == "输入文字，或输入“/”插入内容块"
    assert catalogue["Changes have been autosaved."] == "修改已自动保存。"
    assert catalogue["Insert a block"] == "插入内容块"
    assert catalogue["Pages"] == "页面"  # Wagtail's own entry is still there under ours


def test_the_pages_menu_reads_pages_not_pagination(editor):
    response = client_for(editor).get(reverse("wagtailadmin_home"))
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', response.content.decode(), re.S
    )
    labels = re.findall(r'"label": "([^"]*)"', json.dumps(json.loads(props.group(1)), ensure_ascii=False))
    assert "页面" in labels
    assert "分页" not in labels


def test_the_help_menu_and_the_dashboard_lead_to_our_editor_guide(editor):
    guide_url = reverse("editor_guide")
    home = client_for(editor).get(reverse("wagtailadmin_home")).content.decode()
    assert "guide.wagtail.org" not in home
    assert home.count(f'href="{guide_url}"') >= 1
    assert guide_url in home.split('id="wagtail-sidebar-props"')[1].split("</script>")[0]

    response = client_for(editor).get(guide_url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "编辑指南" in text and "撰写案例" in text
    assert "<table>" in text  # the Markdown tables are rendered
    assert 'href="#section-' in text  # with a table of contents


def test_the_editor_guide_needs_an_admin_login(trainee_client):
    guide_url = reverse("editor_guide")
    anonymous = Client().get(guide_url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert trainee_client.get(guide_url).status_code in (302, 403)


def test_the_guide_escapes_html_written_in_the_markdown(editor, settings, tmp_path, monkeypatch):
    from core import editor_guide

    source = tmp_path / "guide.md"
    source.write_text("# 指南\n\n## 一、说明\n\n<script>alert(1)</script> 文字\n", encoding="utf-8")
    monkeypatch.setattr(editor_guide, "GUIDE_PATH", source)
    guide = editor_guide.editor_guide()
    assert guide.title == "指南"
    assert guide.sections == [("section-0", "一、说明")]
    assert "<script>" not in guide.html and "&lt;script&gt;" in guide.html


def _awaiting_review(editor) -> CasePage:
    page = CasePageFactory(parent=CaseIndexPageFactory())
    page.categories.set([ProblemCategory.objects.order_by("pk").first()])
    page.discovery_methods.set([DiscoveryMethod.objects.order_by("pk").first()])
    page.save()
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    return page


def test_a_reviewer_sees_approve_as_the_main_button_and_it_asks_first(editor, reviewer):
    page = _awaiting_review(editor)
    html = client_for(reviewer).get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    footer = html[html.index('class="footer__container"') :] if 'class="footer__container"' in html else html
    first_button = re.search(r"<button[^>]*data-workflow-action-name=\"(\w+)\"[^>]*>", footer)
    assert first_button.group(1) == "approve"
    assert "data-workflow-action-modal-url" in first_button.group(0)  # the approve dialog is the confirmation
    assert "批准并发布" in html
    assert html.count('data-workflow-action-name="approve"') == 1  # no second approve behind "…"


def test_the_approve_dialog_is_in_chinese(editor, reviewer):
    page = _awaiting_review(editor)
    url = reverse(
        "wagtailadmin_pages:collect_workflow_action_data",
        args=[page.pk, "approve", page.current_workflow_task_state.pk],
    )
    body = json.loads(client_for(reviewer).get(url).content)["html"]
    assert "批准" in body


def test_approving_says_it_was_approved_and_published(editor, reviewer):
    page = _awaiting_review(editor)
    client = client_for(reviewer)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = client.get(edit_url).context["form"]
    data = nested_form_data({k: v for k, v in form.initial.items() if isinstance(v, (str, int)) and v is not None})
    data.update(_case_fields(page))
    data.update(
        {"action-workflow-action": "true", "workflow-action-name": "approve", "workflow-action-extra-data": "{}"}
    )
    response = client.post(edit_url, data, follow=True)
    page.refresh_from_db()
    assert page.live and page.current_workflow_state is None, (
        response.context["form"].errors if response.context else ""
    )
    shown = [html.unescape(str(message)).strip() for message in response.context["messages"]]
    assert f"已批准《{page.title}》并发布。" in shown
    assert not any("已被更新" in message or "has been updated" in message for message in shown)


def _case_fields(page) -> dict:
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "unit_type": page.unit_type_id,
            "tags": "",
            "facts": rich_text("事实。"),
            "characterisation": page.characterisation or "定性。",
            "characterisation_basis": rich_text("依据。"),
            "rectification": rich_text(""),
            "inspection_tips": rich_text(""),
            "article_links": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    data["categories"] = list(page.categories.values_list("pk", flat=True))
    data["discovery_methods"] = list(page.discovery_methods.values_list("pk", flat=True))
    return data


# --- Approving from the dashboard's 等待你的审查 list: a dialog first, then a message ---------------------------


def _dashboard_buttons(client) -> list[dict]:
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content.decode(), "html.parser")
    panel = soup.find(id="awaiting-review-content") or soup.find(id="awaiting-review")
    assert panel is not None, "the reviewer's dashboard lists what awaits their review"
    return [
        {
            "label": button.get_text(strip=True),
            "url": button["data-workflow-action-url"],
            "dialog": button.has_attr("data-launch-modal"),
        }
        for button in panel.find_all("button", attrs={"data-workflow-action-url": True})
    ]


def test_the_dashboard_approves_through_a_dialog_not_at_one_click(editor, reviewer):
    page = _awaiting_review(editor)
    buttons = _dashboard_buttons(client_for(reviewer))
    action_url = reverse(
        "wagtailadmin_dashboard_workflow_action", args=[page.pk, "approve", page.current_workflow_task_state.pk]
    )
    approve = [button for button in buttons if "/approve/" in button["url"]]
    assert approve == [{"label": "批准", "url": action_url, "dialog": True}]  # once, and it asks first
    assert all(button["dialog"] for button in buttons)  # 请求修改 too


def test_the_dashboards_dialog_is_in_chinese_and_opening_it_changes_nothing(editor, reviewer):
    page = _awaiting_review(editor)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_dashboard_workflow_action", args=[page.pk, "approve", task_state.pk])
    response = client_for(reviewer).get(url, headers={"x-requested-with": "XMLHttpRequest"})
    body = json.loads(response.content)
    assert body["step"] == "action"
    assert "批准" in body["html"] and 'name="comment"' in body["html"]
    assert f'action="{url}"' in body["html"]  # the dialog posts back here, where the message is made
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS


def test_approving_in_the_dashboards_dialog_publishes_and_says_so(editor, reviewer):
    page = _awaiting_review(editor)
    client = client_for(reviewer)
    url = reverse(
        "wagtailadmin_dashboard_workflow_action", args=[page.pk, "approve", page.current_workflow_task_state.pk]
    )
    home = reverse("wagtailadmin_home")
    response = client.post(url, {"comment": "可以发布。", "next": home}, headers={"x-requested-with": "XMLHttpRequest"})
    assert json.loads(response.content) == {"step": "success", "redirect": home}
    page.refresh_from_db()
    assert page.live_revision_id == page.latest_revision_id and page.current_workflow_state is None
    shown = html.unescape(client.get(home).content.decode())
    assert f"已批准《{page.title}》并发布。" in shown


def test_sending_back_from_the_dashboard_says_so(editor, reviewer):
    page = _awaiting_review(editor)
    client = client_for(reviewer)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_dashboard_workflow_action", args=[page.pk, "reject", task_state.pk])
    response = client.post(url, {"comment": "请补充整改情况。"}, follow=True)
    assert response.status_code == 200
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_REJECTED
    shown = [html.unescape(str(message)).strip() for message in response.context["messages"]]
    assert f"已将《{page.title}》退回修改。" in shown


def test_an_editor_cannot_approve_through_the_dashboards_action(editor):
    page = _awaiting_review(editor)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_dashboard_workflow_action", args=[page.pk, "approve", task_state.pk])
    response = client_for(editor).post(url, {"comment": ""})
    assert response.status_code in (302, 403)
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert page.live_revision_id != page.latest_revision_id
