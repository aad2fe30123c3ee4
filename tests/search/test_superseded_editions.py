"""Search leaves revised and repealed editions out unless the reader includes them; included, each such hit
is labelled and an article says where it stands in the edition in force."""

import json
import re

import pytest
from django.test import Client

from regulations.models import RegulationStatus
from search import selectors
from tests.citation_chain import edition

pytestmark = pytest.mark.django_db

E2023 = """第一条　为了规范巡察工作，制定本办法。
第二条　巡察组应当在十个工作日内报告个别谈话情况。
第三条　巡察组开展个别谈话，不得干预被巡察单位的正常工作。
第四条　个别谈话记录由县委巡察办负责保管。
"""
E2025 = """第一条　为了规范巡察工作，制定本办法。
第二条　巡察工作应当与其他监督贯通协调。
第三条　巡察组应当在十五个工作日内报告个别谈话情况。
第四条　巡察组开展个别谈话，不得干预被巡察单位的正常工作。
"""


@pytest.fixture
def chain(search_settings):
    old = edition(E2023, "巡察办法（2023）")
    new = edition(E2025, "巡察办法（2025）", revises=old)
    old.refresh_from_db()
    repealed = edition("第一条　个别谈话应当由两人进行。\n", "谈话暂行规定")
    repealed.status = RegulationStatus.REPEALED
    repealed.save_revision().publish()
    return old, new, repealed


def api(client: Client, **params) -> dict:
    response = client.get("/api/search/", params)
    assert response.status_code == 200
    return json.loads(response.content)


def test_by_default_no_article_or_edition_of_a_revised_or_repealed_edition_is_found(chain, trainee_client: Client):
    data = api(trainee_client, q="个别谈话")
    titles = [r["title"] for r in data["results"]]
    assert titles == ["《巡察办法（2025）》第三条", "《巡察办法（2025）》第四条"]
    assert data["total"] == 2 and data["include_superseded"] is False
    assert all(r["superseded"] is False and r["edition_status_label"] == "现行有效" for r in data["results"])
    # Paged by type, the count is the count of what is shown (filtered in the query, not after).
    paged = api(trainee_client, q="个别谈话", type="article")
    assert paged["total"] == 2 and paged["pages"] == 1 and len(paged["results"]) == 2
    regulations = api(trainee_client, q="巡察办法", type="regulation")
    assert [r["title"] for r in regulations["results"]] == ["巡察办法（2025）"]


def test_the_toggle_includes_them_after_the_edition_in_force_each_labelled(chain, trainee_client: Client):
    _, new, _ = chain
    data = api(trainee_client, q="个别谈话", type="article", superseded="1")
    titles = [r["title"] for r in data["results"]]
    assert titles[:2] == ["《巡察办法（2025）》第三条", "《巡察办法（2025）》第四条"]
    assert set(titles[2:]) == {
        "《巡察办法（2023）》第二条",
        "《巡察办法（2023）》第三条",
        "《巡察办法（2023）》第四条",
        "《谈话暂行规定》第一条",
    }
    assert data["total"] == 6
    hits = {r["title"]: r for r in data["results"]}
    changed = hits["《巡察办法（2023）》第二条"]
    assert changed["superseded"] is True and changed["edition_status_label"] == "已修订"
    assert changed["current"] == {
        "title": "《巡察办法（2025）》第三条",
        "url": f"{new.url}#article-3",
        "change": "renumbered_changed",
    }
    assert hits["《巡察办法（2023）》第四条"]["removed_from_edition_in_force"] is True
    assert "current" not in hits["《巡察办法（2023）》第四条"]
    assert hits["《谈话暂行规定》第一条"]["edition_status_label"] == "已废止"


def _hits(html: str) -> dict[str, str]:
    found = re.findall(r'<li class="card search-hit[^"]*"><h3><a href="[^"]*">([^<]*)</a></h3>(.*?)</li>', html, re.S)
    return dict(found)


def test_the_page_offers_the_toggle_and_labels_what_it_adds(chain, trainee_client: Client):
    _, new, _ = chain
    html = trainee_client.get("/search/", {"q": "个别谈话"}).content.decode()
    assert "包括已修订、已废止的版本" in html
    assert 'name="superseded" value="1">' in html  # not checked
    assert "2023" not in html and "谈话暂行规定" not in html
    html = trainee_client.get("/search/", {"q": "个别谈话", "superseded": "1"}).content.decode()
    assert 'name="superseded" value="1" checked>' in html
    hits = _hits(html)
    assert 'class="badge superseded">已修订</span>' in hits["《巡察办法（2023）》第二条"]
    assert f'href="{new.url}#article-3"' in hits["《巡察办法（2023）》第二条"]
    assert "现行《巡察办法（2025）》第三条" in hits["《巡察办法（2023）》第二条"]
    assert "该条已在现行版本中删除" in hits["《巡察办法（2023）》第四条"]
    assert 'class="badge superseded">已废止</span>' in hits["《谈话暂行规定》第一条"]
    assert "badge superseded" not in hits["《巡察办法（2025）》第三条"]
    # The tabs and "all results" links keep the toggle.
    assert "&amp;type=article&amp;superseded=1" in html


def test_pages_of_one_type_count_and_page_only_what_is_shown(chain, trainee_client: Client, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    default = api(trainee_client, q="个别谈话", type="article")
    assert default["pages"] == 2
    second = api(trainee_client, q="个别谈话", type="article", page=2)
    assert [r["title"] for r in second["results"]] == ["《巡察办法（2025）》第四条"]
    included = api(trainee_client, q="个别谈话", type="article", superseded="1")
    assert included["pages"] == 6
    html = trainee_client.get("/search/", {"q": "个别谈话", "type": "article", "superseded": "1"}).content.decode()
    assert "&amp;page=2&amp;superseded=1" in html
