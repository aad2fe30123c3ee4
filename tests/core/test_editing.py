"""Editors work in the admin: they create a case as a draft, submit it, and it goes live on approval.

Scheduled publishing and the audit log are part of the same promise.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cases.models import CasePage, DiscoveryMethod, ProblemCategory
from core.models import UnitType
from tests.factories import CaseIndexPageFactory, CasePageFactory, RegulationArticleFactory, RegulationIndexPageFactory

pytestmark = pytest.mark.django_db


def _case_form(article) -> dict:
    data = nested_form_data(
        {
            "title": "编辑新建的案例（测试）",
            "slug": "editor-case",
            "summary": "某局会议记录事后补写。",
            "unit_type": UnitType.objects.get(slug="county-department").pk,
            "tags": "会议记录",
            "facts": rich_text("某局党组会议记录系事后补写。"),
            "characterisation": "民主集中制执行不到位。",
            "characterisation_basis": rich_text("依据示例办法有关规定。"),
            "rectification": rich_text(""),
            "inspection_tips": rich_text(""),
            "article_links": inline_formset([{"article": article.pk}]),
            "comments": inline_formset([]),
        }
    )
    # Multiple-choice fields post one value per box, which nested_form_data would flatten away.
    data["categories"] = [ProblemCategory.objects.get(slug="party-leadership").pk]
    data["discovery_methods"] = [DiscoveryMethod.objects.get(slug="document-review").pk]
    return data


def test_editor_creates_a_case_in_the_admin_and_submits_it_for_review(editor, reviewer):
    index = CaseIndexPageFactory()
    article = RegulationArticleFactory(regulation__parent=RegulationIndexPageFactory())
    client = Client()
    client.force_login(editor)

    add_url = reverse("wagtailadmin_pages:add", args=("cases", "casepage", index.pk))
    form_page = client.get(add_url)
    assert form_page.status_code == 200
    assert "定性依据" in form_page.content.decode()

    data = _case_form(article)
    data["action-submit"] = "submit"
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response

    case = CasePage.objects.get(slug="editor-case")
    assert not case.live
    assert case.current_workflow_state is not None
    revision_case = case.get_latest_revision_as_object()
    assert [link.article for link in revision_case.article_links.all()] == [article]

    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    state = case.current_workflow_task_state
    approve_url = reverse("wagtailadmin_pages:workflow_action", args=(case.pk, "approve", state.pk))
    assert reviewer_client.post(approve_url, {"comment": ""}).status_code in (200, 302)
    case.refresh_from_db()
    assert case.live
    assert case.article_links.get().article == article
    actions = set(PageLogEntry.objects.filter(page=case).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.workflow.start", "wagtail.publish"} <= actions


def test_scheduled_publishing_takes_effect_when_the_scheduler_runs():
    case = CasePageFactory(parent=CaseIndexPageFactory(), live=False)
    case.go_live_at = timezone.now() + timedelta(minutes=5)
    revision = case.save_revision()
    revision.publish()
    case.refresh_from_db()
    assert not case.live

    # Let the clock pass the scheduled time: move both the approval and the revision's own date back.
    past = timezone.now() - timedelta(seconds=1)
    revision.refresh_from_db()
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")
    case.refresh_from_db()
    assert case.live
