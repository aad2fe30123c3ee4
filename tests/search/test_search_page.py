"""The search page and JSON API as a trainee uses them, on the Whoosh backend."""

import json

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.factories import (
    CaseIndexPageFactory,
    CasePageFactory,
    GuideIndexPageFactory,
    InterviewGuidePageFactory,
    RegulationArticleFactory,
    RegulationIndexPageFactory,
    RegulationPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(search_settings):
    regulation = RegulationPageFactory(parent=RegulationIndexPageFactory(), title="巡察工作办法")
    RegulationArticleFactory(regulation=regulation, number=10, text="巡察组发现的问题线索，应当按规定移交有关部门。")
    RegulationArticleFactory(regulation=regulation, number=11, text="巡察组应当开展个别谈话，谈话由两人进行。")
    cases = CaseIndexPageFactory()
    CasePageFactory(
        parent=cases, title="某局一把手违规决策问题", summary="一把手个人说了算。", facts="<p>会议记录补写。</p>"
    )
    CasePageFactory(parent=cases, title="草稿案例", summary="一把手草稿。", live=False)
    guide = InterviewGuidePageFactory(
        parent=GuideIndexPageFactory(), title="与一把手谈话指南", summary="了解主体责任。"
    )
    return {"regulation": regulation, "guide": guide}


def api(client: Client, **params) -> dict:
    response = client.get("/api/search/", params)
    assert response.status_code == 200
    return json.loads(response.content)


def test_two_character_word_inside_a_longer_word_is_found_and_marked(content, trainee_client: Client):
    data = api(trainee_client, q="谈话")
    titles = [r["title"] for r in data["results"]]
    assert "《巡察工作办法》第十一条" in titles
    article = next(r for r in data["results"] if r["type"] == "article")
    assert article["regulation"] == "巡察工作办法" and article["number"] == "第十一条"
    assert article["url"].endswith("#article-11")
    assert "<mark>谈话</mark>" in article["snippet"]


def test_results_come_from_every_type_and_drafts_never_appear(content, trainee_client: Client):
    data = api(trainee_client, q="一把手")
    types = {r["type"] for r in data["results"]}
    assert {"case", "guide"} <= types
    assert "草稿案例" not in [r["title"] for r in data["results"]]


def test_filter_by_type(content, trainee_client: Client):
    data = api(trainee_client, q="一把手", type="guide")
    assert [r["type"] for r in data["results"]] == ["guide"]
    assert data["page"] == 1


def test_question_with_words_no_document_has_falls_back_and_says_so(content, trainee_client: Client):
    data = api(trainee_client, q="问题线索怎么处理")
    assert data["fallback"] is True
    assert "《巡察工作办法》第十条" in [r["title"] for r in data["results"]]
    html = trainee_client.get("/search/", {"q": "问题线索怎么处理"}).content.decode()
    assert "results with some of them are shown" not in html  # translated
    assert "部分" in html


def test_nothing_found_page_offers_suggestions(content, trainee_client: Client):
    html = trainee_client.get("/search/", {"q": "完全不存在的词语组合"}).content.decode()
    assert "没有找到" in html and "问题线索" in html


def test_restricted_sections_stay_hidden_from_users_outside_the_group(content, trainee_client: Client):
    from django.contrib.auth.models import Group

    restriction = PageViewRestriction.objects.create(page=content["guide"], restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([Group.objects.get(name="审核")])
    titles = [r["title"] for r in api(trainee_client, q="一把手")["results"]]
    assert "与一把手谈话指南" not in titles


def test_search_needs_login(client: Client):
    assert client.get("/api/search/", {"q": "谈话"}).status_code == 302


def test_articles_of_the_edition_in_force_come_before_superseded_ones(search_settings, trainee_client: Client):
    from regulations.models import RegulationStatus

    library = RegulationIndexPageFactory()
    old = RegulationPageFactory(parent=library, title="旧办法", status=RegulationStatus.REVISED)
    new = RegulationPageFactory(parent=library, title="新办法", status=RegulationStatus.IN_FORCE)
    # The old article mentions the word twice, so on score alone it would come first.
    RegulationArticleFactory(regulation=old, number=1, text="个别谈话应当两人进行，个别谈话应当记录。")
    RegulationArticleFactory(regulation=new, number=1, text="个别谈话应当两人进行。")
    titles = [r["title"] for r in api(trainee_client, q="个别谈话", type="article", superseded="1")["results"]]
    assert titles == ["《新办法》第一条", "《旧办法》第一条"]


def test_synonyms_found_for_a_query_are_marked_in_the_snippet(search_settings, trainee_client: Client):
    regulation = RegulationPageFactory(parent=RegulationIndexPageFactory(), title="责任办法")
    RegulationArticleFactory(regulation=regulation, number=3, text="党组织书记是第一责任人。")
    article = api(trainee_client, q="一把手", type="article")["results"][0]
    assert "<mark>党组织书记</mark>" in article["snippet"]


def test_a_search_of_every_type_takes_a_bounded_number_of_queries(
    content, search_settings, trainee_client: Client, django_assert_max_num_queries
):
    # Session, user, view restrictions, editions, synonyms (once per request, not once per search), a filter
    # check for each filtered search that matched, the rows of the hits, and the site and pages for their URLs.
    # PostgreSQL: one ranked query per type and tier (pks, ranks and the count), then the rows of the types
    # with hits (two here) in a second one, so that no statement carries every match's row (search.postgres_backend):
    # eight types and tiers since 监督要点 and 范文 registered theirs (search.api.register_result_type).
    with django_assert_max_num_queries(10 if search_settings.SEARCH_BACKEND == "whoosh" else 14):
        data = api(trainee_client, q="谈话")
    assert data["total"] == 2
