"""The project's own query set: questions a trainee asks, each answered in the top 3 of its type, on every backend.

The library is the demo regulation (46 articles) and the demo cases, written through the factories so that the
index is built by the backend under test. ``hit@3`` is the share of questions whose expected article or case is
among the first three results of that type in ``/api/search/``, what the search page shows.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from fixtures.demo.cases import CASES
from fixtures.demo.regulation import REGULATION
from tests.factories import (
    CaseIndexPageFactory,
    CasePageFactory,
    RegulationArticleFactory,
    RegulationIndexPageFactory,
    RegulationPageFactory,
)

pytestmark = pytest.mark.django_db

TITLE = REGULATION["title"]


def _article(number: int) -> str:
    from regulations.numerals import article_label

    return f"《{TITLE}》{article_label(number)}"


#: (query, result type, acceptable answers): what a trainee types, and the article or case that answers it.
QUERY_SET: list[tuple[str, str, set[str]]] = [
    ("个别谈话由几个人进行", "article", {_article(21)}),
    ("个别谈话的对象", "article", {_article(22)}),
    ("进驻后召开动员会", "article", {_article(19)}),
    ("巡察干部回避", "article", {_article(12)}),
    ("保密纪律", "article", {_article(40)}),
    ("问题线索移交", "article", {_article(31)}),
    ("收到反馈意见后多久制定整改方案", "article", {_article(34)}),
    ("整改报告包括哪些内容", "article", {_article(35)}),
    ("调阅资料", "article", {_article(23)}),
    ("走访暗访", "article", {_article(24)}),
    ("来信来访怎么处理", "article", {_article(25)}),
    ("巡察全覆盖", "article", {_article(5)}),
    ("巡察干部人才库", "article", {_article(11)}),
    ("立卷归档", "article", {_article(32)}),
    ("整改第一责任人", "article", {_article(33)}),
    ("领导小组组长由谁担任", "article", {_article(7)}),
    ("回头看", "article", {_article(5), _article(37)}),
    ("低保优亲厚友", "case", {"C村低保评定优亲厚友问题（示例）"}),
    ("三重一大", "case", {"某局“三重一大”事项个人说了算问题（示例）"}),
    ("鱼塘发包", "case", {"B村集体鱼塘低价发包给村干部亲属问题（示例）"}),
    ("套取医保基金", "case", {"某乡镇卫生院违规收费套取医保基金问题（示例）"}),
    ("纸面整改", "case", {"某局上轮巡察反馈问题“纸面整改”问题（示例）"}),
    ("统一口径对抗巡察", "case", {"某县属国企负责人干扰巡察、组织统一口径问题（示例）"}),
    ("一把手个人说了算", "case", {"某局“三重一大”事项个人说了算问题（示例）"}),
]


@pytest.fixture
def library(search_settings):
    regulation = RegulationPageFactory(parent=RegulationIndexPageFactory(), title=TITLE)
    for chapter in REGULATION["chapters"]:
        for section in chapter["sections"]:
            for article in section["articles"]:
                RegulationArticleFactory(
                    regulation=regulation, number=article["number"], text="\n".join(article["paragraphs"])
                )
    cases = CaseIndexPageFactory()
    for case in CASES:
        CasePageFactory(
            parent=cases,
            title=case["title"],
            summary=case["summary"],
            facts="".join(f"<p>{p}</p>" for p in case["facts"]),
            rectification="".join(f"<p>{p}</p>" for p in case["rectification"]),
            inspection_tips="".join(f"<p>{p}</p>" for p in case["inspection_tips"]),
        )
    return search_settings.SEARCH_BACKEND


def top_three(client: Client, query: str, result_type: str) -> list[str]:
    response = client.get("/api/search/", {"q": query, "type": result_type})
    assert response.status_code == 200
    return [hit["title"] for hit in json.loads(response.content)["results"][:3]]


def hit_at_3(client: Client) -> tuple[float, list[tuple[str, list[str]]]]:
    misses = []
    for query, result_type, answers in QUERY_SET:
        found = top_three(client, query, result_type)
        if not answers & set(found):
            misses.append((query, found))
    return 1 - len(misses) / len(QUERY_SET), misses


def test_every_question_of_the_query_set_is_answered_in_the_top_three(library, trainee_client: Client):
    score, misses = hit_at_3(trainee_client)
    print(f"hit@3 on {library}: {score:.3f} ({len(QUERY_SET) - len(misses)}/{len(QUERY_SET)})")
    assert misses == []


def test_a_question_no_document_answers_finds_nothing_relevant_at_the_top(library, trainee_client: Client):
    # Not a word of the library: nothing may be presented as its answer.
    assert top_three(trainee_client, "区块链", "article") == []
    assert top_three(trainee_client, "区块链", "case") == []
