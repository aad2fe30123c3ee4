"""Issue 16, point 1: a site search scores the index once, falls back once for the whole query, and the
fallback's minimum-match rule keeps one common word from listing unrelated documents by the hundred."""

import json

import pytest
from django.test import Client
from modelsearch.query import Or, PlainText

from search import whoosh_internals
from search.selectors import fallback_query
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
def library(whoosh_settings):
    regulation = RegulationPageFactory(parent=RegulationIndexPageFactory(), title="巡察工作办法")
    RegulationArticleFactory(regulation=regulation, number=1, text="巡察组发现的问题线索，应当按规定移交有关部门。")
    RegulationArticleFactory(regulation=regulation, number=2, text="巡察组应当开展个别谈话，谈话由两人进行。")
    # 技术 in more than COMMON_MIN_DOCS articles: a common word of this library.
    for n in range(3, 30):
        RegulationArticleFactory(regulation=regulation, number=n, text=f"示例：第{n}项信息技术保障工作按计划推进。")
    CasePageFactory(parent=CaseIndexPageFactory(), title="某局一把手违规决策问题", summary="一把手个人说了算。")
    InterviewGuidePageFactory(parent=GuideIndexPageFactory(), title="与一把手谈话指南", summary="了解主体责任。")
    return regulation


def api(client: Client, **params) -> dict:
    response = client.get("/api/search/", params)
    assert response.status_code == 200
    return json.loads(response.content)


def passes_of(client: Client, **params) -> tuple[int, dict]:
    before = whoosh_internals.passes()
    data = api(client, **params)
    return whoosh_internals.passes() - before, data


def test_a_search_of_every_type_scores_the_index_once(library, trainee_client: Client):
    # Six querysets (articles and regulations in two tiers each, cases, guides), one scoring pass.
    passes, data = passes_of(trainee_client, q="谈话")
    assert passes == 1
    assert {r["type"] for r in data["results"]} == {"article", "guide"}
    assert data["fallback"] is False
    # Tiers and pages of one type share it too.
    passes, data = passes_of(trainee_client, q="一把手", type="case")
    assert passes == 1 and [r["title"] for r in data["results"]] == ["某局一把手违规决策问题"]


def test_the_fallback_is_one_more_pass_for_the_whole_query(library, trainee_client: Client):
    passes, data = passes_of(trainee_client, q="问题线索怎么处理")
    assert passes == 2
    assert data["fallback"] is True
    assert [r["title"] for r in data["results"]] == ["《巡察工作办法》第一条"]
    html = trainee_client.get("/search/", {"q": "问题线索怎么处理"}).content.decode()
    assert "部分" in html


def test_the_flag_reflects_the_whole_query_not_one_type(library, trainee_client: Client):
    # Only guides hold both words: the other types stay empty instead of falling back by themselves.
    data = api(trainee_client, q="一把手 主体责任")
    assert data["fallback"] is False
    assert [r["title"] for r in data["results"]] == ["与一把手谈话指南"]


def test_an_absent_word_and_a_common_word_find_nothing_unrelated(library, trainee_client: Client):
    assert api(trainee_client, q="技术")["total"] == 27  # the common word alone finds its articles
    data = api(trainee_client, q="区块链技术")
    assert data["total"] == 0 and data["results"] == []
    assert data["fallback"] is False
    html = trainee_client.get("/search/", {"q": "区块链技术"}).content.decode()
    assert "没有找到" in html


def groups(query) -> list[str] | None:
    """The word groups a fallback query asks for (each group: all its words)."""
    if query is None:
        return None
    parts = query.subqueries if isinstance(query, Or) else [query]
    assert all(isinstance(part, PlainText) and part.operator == "and" for part in parts)
    return [part.query_string for part in parts]


def test_minimum_match_needs_half_the_words_and_one_that_is_not_common():
    assert groups(fallback_query(["问题线索", "处理"])) == ["问题线索", "处理"]
    # Two of three, in every pair; single characters do not count as words.
    assert groups(fallback_query(["巡察", "整改", "台账", "查"])) == ["巡察 整改", "巡察 台账", "整改 台账"]
    # With frequencies: a pair of common words alone does not qualify, nor does a lone common word.
    frequencies = (10000, {"巡察": 4000, "整改": 3000, "台账": 5})
    assert groups(fallback_query(["巡察", "整改", "台账"], frequencies)) == ["巡察 台账", "整改 台账"]
    assert groups(fallback_query(["区块链", "技术"], (10000, {"区块链": 0, "技术": 900}))) == ["区块链"]
    assert groups(fallback_query(["技术", "工作"], (10000, {"技术": 900, "工作": 5000}))) is None
    # Small libraries: nothing held by 20 documents or fewer is common.
    assert groups(fallback_query(["区块链", "技术"], (100, {"区块链": 0, "技术": 20}))) == ["区块链", "技术"]
