"""guides.selectors.guides_by_role called directly: what the guide library lists, grouped and ordered."""

import pytest

from guides.models import IntervieweeRole
from guides.selectors import guides_by_role
from tests.factories import GuideIndexPageFactory, InterviewGuidePageFactory

pytestmark = pytest.mark.django_db


def _listing(groups: list[dict]) -> list[tuple[str, list[str]]]:
    return [(group["role"], [guide.title for guide in group["guides"]]) for group in groups]


def test_live_guides_are_grouped_by_role_in_the_role_order_and_by_title_within_a_role():
    index = GuideIndexPageFactory()
    # Created out of order on purpose: neither the roles nor the titles come back in creation order.
    InterviewGuidePageFactory(parent=index, title="Public 谈话", interviewee_role=IntervieweeRole.PUBLIC)
    InterviewGuidePageFactory(parent=index, title="B 一把手谈话", interviewee_role=IntervieweeRole.TOP_LEADER)
    InterviewGuidePageFactory(parent=index, title="Staff 谈话", interviewee_role=IntervieweeRole.STAFF)
    InterviewGuidePageFactory(parent=index, title="A 一把手谈话", interviewee_role=IntervieweeRole.TOP_LEADER)

    assert _listing(guides_by_role(index_page=index)) == [
        (IntervieweeRole.TOP_LEADER, ["A 一把手谈话", "B 一把手谈话"]),
        (IntervieweeRole.STAFF, ["Staff 谈话"]),
        (IntervieweeRole.PUBLIC, ["Public 谈话"]),
    ]


def test_groups_follow_the_declared_role_order_for_every_role():
    index = GuideIndexPageFactory()
    for role in reversed(IntervieweeRole):
        InterviewGuidePageFactory(parent=index, title=f"guide for {role.value}", interviewee_role=role)

    groups = guides_by_role(index_page=index)

    assert [group["role"] for group in groups] == list(IntervieweeRole)
    assert all([guide.interviewee_role for guide in group["guides"]] == [group["role"]] for group in groups)


def test_drafts_and_other_libraries_guides_are_left_out_and_empty_roles_are_not_listed():
    index = GuideIndexPageFactory()
    other_index = GuideIndexPageFactory(title="另一个指南库", slug="other-guides")
    InterviewGuidePageFactory(parent=index, title="已发布", interviewee_role=IntervieweeRole.MIDDLE_MANAGER)
    InterviewGuidePageFactory(parent=index, title="草稿", interviewee_role=IntervieweeRole.MIDDLE_MANAGER, live=False)
    InterviewGuidePageFactory(parent=index, title="只有草稿", interviewee_role=IntervieweeRole.RETIRED, live=False)
    InterviewGuidePageFactory(parent=other_index, title="别处的指南", interviewee_role=IntervieweeRole.STAFF)
    unpublished = InterviewGuidePageFactory(parent=index, title="已撤回", interviewee_role=IntervieweeRole.STAFF)
    unpublished.unpublish()

    assert _listing(guides_by_role(index_page=index)) == [(IntervieweeRole.MIDDLE_MANAGER, ["已发布"])]
    assert _listing(guides_by_role(index_page=other_index)) == [(IntervieweeRole.STAFF, ["别处的指南"])]


def test_a_library_without_live_guides_lists_nothing():
    index = GuideIndexPageFactory()
    InterviewGuidePageFactory(parent=index, live=False)
    assert guides_by_role(index_page=index) == []
