"""Child rows (interview questions, case tags) are in the index as soon as the page is published."""

from __future__ import annotations

import pytest
from wagtail.models import Page

from cases.models import CasePage
from guides.models import InterviewQuestion
from tests.factories import CaseIndexPageFactory, CasePageFactory, GuideIndexPageFactory, InterviewGuidePageFactory

pytestmark = pytest.mark.django_db


def titles(results) -> list[str]:
    return [page.title for page in results]


@pytest.fixture
def publish(search_settings, django_capture_on_commit_callbacks):
    def publish(page) -> None:
        """What the admin's Publish button does: a revision of the edited page, published and committed."""
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()

    return publish


def test_questions_added_in_the_editor_are_found_after_publishing(publish):
    guide = InterviewGuidePageFactory(parent=GuideIndexPageFactory(), title="谈话提纲", summary="提纲。")
    guide.questions = [InterviewQuestion(question="您如何看待巡察反馈的意见？", watch_for="回避问题。")]
    publish(guide)
    assert titles(Page.objects.live().search("反馈")) == ["谈话提纲"]

    guide.questions = [InterviewQuestion(question="本单位选人用人情况如何？")]
    publish(guide)
    assert titles(Page.objects.live().search("选人用人")) == ["谈话提纲"]
    assert list(Page.objects.live().search("反馈")) == []


def test_tags_added_in_the_editor_are_found_after_publishing(publish):
    case = CasePageFactory(parent=CaseIndexPageFactory(), title="某局违规问题", summary="问题。")
    case.tags.add("公车私用")
    publish(case)
    assert titles(CasePage.objects.live().search("公车私用")) == ["某局违规问题"]
