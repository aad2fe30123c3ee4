"""The 三张清单 page and the .docx downloads of a draft: the writer's, a marker's once submitted (and audited),
nobody else's (404); a GET writes nothing, not even the layout setting; a 范文 downloads for anyone signed in."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from audit.models import AuditCategory, AuditEntry
from core import roles
from core.models import OfficeDocumentLayout
from report_writing.models import DraftStatus
from report_writing.views_outputs import DRAFT_EXPORTED, LISTS_VIEWED
from tests.factories import ProblemCategoryFactory, UserFactory, client_for
from tests.report_writing.factories import (
    ModelReportPageFactory,
    ProblemEntryFactory,
    ProblemEvidenceFactory,
    RecommendationFactory,
    ReportDraftFactory,
)

pytestmark = pytest.mark.django_db

DOWNLOADS = ("report_docx", "feedback_docx", "lists_docx")
ALL = ("lists", *DOWNLOADS)


@pytest.fixture
def draft():
    draft = ReportDraftFactory(texts={"basic": "示例县某局共有干部职工32人。", "clues": "移交问题线索1件。"})
    category = ProblemCategoryFactory(name="示例公款吃喝", parent=ProblemCategoryFactory(name="示例纪律"))
    answered = ProblemEntryFactory(draft=draft, responsible_party="局党组", categories=[category])
    ProblemEvidenceFactory(problem=answered, source="document", count=3)
    ProblemEntryFactory(draft=draft, fact="理论学习中心组全年仅学习2次。")
    RecommendationFactory(draft=draft, problems=[answered], lead_party="局办公室")
    return draft


def personal_data_entries():
    """Views and exports of personal data (signing in leaves a security entry of its own)."""
    return AuditEntry.objects.filter(category__in=[AuditCategory.ACCESS, AuditCategory.EXPORT])


def submit(draft) -> None:
    draft.status = DraftStatus.SUBMITTED
    draft.submitted_at = timezone.now()
    draft.save(update_fields=["status", "submitted_at"])


def url(name: str, draft) -> str:
    return reverse(f"report_writing:{name}", args=[draft.pk])


def test_the_writer_sees_the_three_lists_with_the_downloads(draft):
    response = client_for(draft.writer).get(url("lists", draft))
    html = response.content.decode()
    assert response.status_code == 200
    for title in ("问题清单", "任务清单", "责任清单"):
        assert title in html
    assert "以“会议费”名义列支接待费用" in html and "示例纪律·示例公款吃喝" in html and "书证×3" in html
    assert "未提出整改建议" in html  # the second problem has no recommendation
    assert 'data-label="牵头整改"' in html  # each cell names its column for the phone cards
    assert 'data-testid="training-material-notice"' in html
    for name in DOWNLOADS:
        assert url(name, draft) in html
    assert f'href="{reverse("report_writing:draft", args=[draft.pk])}"' in html
    assert not personal_data_entries().exists()


@pytest.mark.parametrize("name", DOWNLOADS)
def test_the_writer_downloads_each_document_without_creating_anything(draft, name):
    response = client_for(draft.writer).get(url(name, draft))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and "filename*=utf-8''" in disposition
    document = Document(io.BytesIO(response.content))
    assert "训练材料" in document.sections[0].header.paragraphs[0].text
    assert OfficeDocumentLayout.objects.count() == 0  # the layout's defaults are read, no row is made
    assert not personal_data_entries().exists()


def test_the_report_download_holds_the_draft(draft):
    response = client_for(draft.writer).get(url("report_docx", draft))
    lines = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert lines[0] == draft.title
    assert "一、基本情况" in lines and "二、发现的主要问题" in lines and "（一）示例纪律" in lines


def test_the_feedback_download_leaves_out_the_leads_handed_over(draft):
    response = client_for(draft.writer).get(url("feedback_docx", draft))
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "移交问题线索1件。" not in text and "问题线索移交情况" not in text
    assert len(document.tables) == 3


def test_a_saved_layout_is_what_the_download_follows(draft):
    OfficeDocumentLayout.objects.create(margin_left=30, body_font="宋体")
    response = client_for(draft.writer).get(url("report_docx", draft))
    document = Document(io.BytesIO(response.content))
    assert round(document.sections[0].left_margin.mm) == 30
    assert document.styles["Normal"].font.name == "宋体"


@pytest.mark.parametrize("name", ALL)
def test_another_trainee_and_anonymous_get_nothing(draft, name):
    assert client_for(UserFactory(role=roles.TRAINEE)).get(url(name, draft)).status_code == 404
    assert client_for(UserFactory(role=roles.EDITOR)).get(url(name, draft)).status_code == 404
    assert Client().get(url(name, draft)).status_code == 302  # to the login page


@pytest.mark.parametrize("name", ALL)
def test_a_marker_reads_only_once_submitted(draft, name):
    marker = client_for(UserFactory(role=roles.REVIEWER))
    assert marker.get(url(name, draft)).status_code == 404
    submit(draft)
    assert marker.get(url(name, draft)).status_code == 200


@pytest.mark.parametrize("name", DOWNLOADS)
def test_a_markers_download_of_someone_elses_draft_is_audited(draft, name):
    submit(draft)
    reviewer = UserFactory(role=roles.REVIEWER)
    client_for(reviewer).get(url(name, draft))
    entry = AuditEntry.objects.get(action=DRAFT_EXPORTED)
    assert entry.category == AuditCategory.EXPORT and entry.detail == {"document": name.removesuffix("_docx")}
    assert (entry.actor, entry.subject, entry.object_id) == (reviewer, draft.writer, str(draft.pk))


def test_a_markers_view_of_the_lists_is_audited(draft):
    submit(draft)
    reviewer = UserFactory(role=roles.REVIEWER)
    response = client_for(reviewer).get(url("lists", draft))
    assert f'href="{reverse("report_writing:draft", args=[draft.pk])}"' not in response.content.decode()
    entry = AuditEntry.objects.get(action=LISTS_VIEWED)
    assert entry.category == AuditCategory.ACCESS and entry.subject == draft.writer


def test_a_post_is_refused(draft):
    assert client_for(draft.writer).post(url("report_docx", draft)).status_code == 405


def test_the_lists_page_reads_in_the_same_queries_whatever_the_size(draft):
    client = client_for(draft.writer)
    client.get(url("lists", draft))  # warm the caches (site root, session)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("lists", draft)).status_code == 200
        return len(queries)

    small = count()
    for n in range(6):
        problem = ProblemEntryFactory(draft=draft, fact=f"示例问题{n}。")
        ProblemEvidenceFactory(problem=problem)
        RecommendationFactory(draft=draft, problems=[problem])
    assert count() == small


def test_the_lists_page_is_bounded(draft, django_assert_max_num_queries):
    client = client_for(draft.writer)
    client.get(url("lists", draft))
    with django_assert_max_num_queries(16):
        client.get(url("lists", draft))


def test_a_model_report_downloads_for_anyone_signed_in_and_only_when_live():
    page = ModelReportPageFactory()
    address = reverse("report_writing:model_report_docx", args=[page.pk])
    response = client_for(UserFactory(role=roles.TRAINEE)).get(address)
    assert response.status_code == 200
    lines = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert lines[0] == page.title and "一、基本情况" in lines
    assert not personal_data_entries().exists()
    page.unpublish()
    assert client_for(UserFactory(role=roles.TRAINEE)).get(address).status_code == 404
    missing = reverse("report_writing:model_report_docx", args=[page.pk + 1000])
    assert client_for(UserFactory(role=roles.TRAINEE)).get(missing).status_code == 404
