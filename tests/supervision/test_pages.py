"""The 监督要点 library's pages: the index with its GET filters and the member's link to their team's pack, a
point with its documents, questions, red flags, article citations and example cases."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailPageTestCase

from core import roles
from core.models import HomePage, UnitType
from rounds.models import TeamMember
from supervision.models import SupervisionIndexPage, SupervisionPointPage
from tests.factories import (
    CaseIndexPageFactory,
    CasePageFactory,
    GuideIndexPageFactory,
    InterviewGuidePageFactory,
    InterviewQuestionFactory,
    ProblemCategoryFactory,
    RegulationArticleFactory,
    UserFactory,
    client_for,
)
from tests.supervision.factories import make_point, supervision_index, team_with_units

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    def test_the_index_sits_under_the_home_page_and_holds_points(self):
        self.assertAllowedParentPageTypes(SupervisionIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(SupervisionIndexPage, {SupervisionPointPage})
        self.assertAllowedSubpageTypes(SupervisionPointPage, set())


@pytest.fixture
def library():
    top = ProblemCategoryFactory(name="测试大类", sort_order=1)
    child = ProblemCategoryFactory(name="测试子类", parent=top)
    other = ProblemCategoryFactory(name="另一大类", sort_order=2)
    village, soe = UnitType.objects.get(name="村"), UnitType.objects.get(name="国企")
    make_point(title="村务公开要点", category=child, unit_types=[village])
    make_point(title="国企招聘要点", category=other, unit_types=[soe])
    make_point(title="草稿不显示", category=child, unit_types=[village], live=False)
    return {"top": top, "other": other, "village": village, "soe": soe}


def titles_on(client, query: dict) -> list[str]:
    page = client.get(supervision_index().url, query)
    assert page.status_code == 200
    return [p.title for p in page.context["points"]]


def test_the_index_lists_live_points_and_filters_them_by_unit_type_and_top_category(
    library, django_assert_max_num_queries
):
    client = client_for(UserFactory(role=roles.TRAINEE))
    assert sorted(titles_on(client, {})) == ["国企招聘要点", "村务公开要点"]
    assert titles_on(client, {"unit_type": library["village"].slug}) == ["村务公开要点"]
    # A point of a sub-type is found under its top-level category.
    assert titles_on(client, {"category": library["top"].slug}) == ["村务公开要点"]
    assert titles_on(client, {"category": library["other"].slug, "unit_type": library["village"].slug}) == []
    unknown = client.get(supervision_index().url, {"unit_type": "no-such-type"})
    assert unknown.context["invalid_filters"] == ["unit_type"]


def test_the_index_takes_no_more_queries_for_more_points(library, django_assert_max_num_queries):
    client = client_for(UserFactory(role=roles.TRAINEE))
    with CaptureQueriesContext(connection) as few:
        client.get(supervision_index().url)
    for n in range(6):
        make_point(title=f"更多要点{n}", category=library["other"], unit_types=[library["village"], library["soe"]])
    with django_assert_max_num_queries(len(few)):
        page = client.get(supervision_index().url)
    assert len(page.context["points"]) == 8


def test_the_index_links_a_round_member_to_their_teams_pack(library):
    member = UserFactory(role=roles.TRAINEE)
    team = team_with_units(library["village"])
    TeamMember.objects.create(team=team, user=member)
    page = client_for(member).get(supervision_index().url).content.decode()
    assert f"/supervision/teams/{team.pk}/" in page
    stranger_page = client_for(UserFactory(role=roles.TRAINEE)).get(supervision_index().url).content.decode()
    assert "/supervision/teams/" not in stranger_page


def test_a_point_shows_what_to_request_ask_and_watch_for_its_articles_and_cases():
    guide = InterviewGuidePageFactory(parent=GuideIndexPageFactory())
    question = InterviewQuestionFactory(guide=guide, question="集体资产怎样发包？")
    article = RegulationArticleFactory(text="巡察组可以调阅有关资料。")
    case = CasePageFactory(parent=CaseIndexPageFactory(), title="某村鱼塘低价发包案")
    point = make_point(
        title="集体资产发包",
        unit_types=[UnitType.objects.get(name="村")],
        documents=[("承包合同", "看期限和价格")],
        red_flags=["承包价明显低于周边"],
        questions=[question],
        articles=[article],
        cases=[case],
    )
    page = client_for(UserFactory(role=roles.TRAINEE)).get(point.url)
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("承包合同", "看期限和价格", "承包价明显低于周边", "集体资产怎样发包？", "某村鱼塘低价发包案"):
        assert text in html
    assert f"《{article.regulation.title}》{article.label}" in html
