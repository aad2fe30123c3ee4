"""Old editions read as old: each article of a revised or repealed edition carries its own marker, so a reader
who arrives at #article-N (as every case link does) is told where the rule stands now."""

import re

import pytest
from django.test import Client

from regulations.models import RegulationStatus
from tests.citation_chain import NEW_TEXT, OLD_TEXT, edition, revised_regulation

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    """2023 → 2025 (tests.citation_chain): a new article 2 pushes the rest down, the time limit changes, article
    4 goes, article 1 stays."""
    revised = revised_regulation()
    return revised.old, revised.new


def _sections(html: str) -> dict[int, str]:
    found = re.findall(r'<section class="article" id="article-(\d+)">(.*?)</section>', html, re.S)
    return {int(number): body for number, body in found}


def test_each_article_of_a_revised_edition_says_where_it_stands_now(chain, trainee_client: Client):
    old, new = chain
    sections = _sections(trainee_client.get(old.url).content.decode())
    assert len(sections) == 5
    assert all('class="article-status"' in body and "已修订" in body for body in sections.values())
    # Changed and renumbered: the current article, its old number and a link to the comparison.
    changed = sections[2]
    assert f'href="{new.url}#article-3"' in changed
    assert "现行《巡察办法（2025）》第三条" in changed
    assert "原第二条" in changed and "内容有修改" in changed
    assert f'href="{new.url}changes/#change-3"' in changed
    # Renumbered only.
    assert "现行《巡察办法（2025）》第四条" in sections[3] and "内容未变" in sections[3]
    # Removed: said so, with the edition in force to read instead.
    assert "该条已在现行版本中删除" in sections[4]
    assert f'href="{new.url}"' in sections[4] and "现行版本：《巡察办法（2025）》" in sections[4]
    # The marker comes before the article's text, next to its number.
    assert sections[2].index("article-status") < sections[2].index("十个工作日")


def test_the_edition_in_force_has_no_markers(chain, trainee_client: Client):
    _, new = chain
    html = trainee_client.get(new.url).content.decode()
    assert len(_sections(html)) == 5
    assert 'class="article-status"' not in html


def test_a_repealed_edition_marks_every_article_repealed(trainee_client: Client):
    repealed = edition(OLD_TEXT, "巡察暂行办法")
    repealed.status = RegulationStatus.REPEALED
    repealed.save_revision().publish()
    sections = _sections(trainee_client.get(repealed.url).content.decode())
    assert len(sections) == 5
    assert all("已废止" in body and "已修订" not in body for body in sections.values())


def test_the_markers_cost_no_query_per_article(chain, trainee_client: Client, django_assert_max_num_queries):
    old, _ = chain
    trainee_client.get(old.url)  # warm the site's root paths and other per-process caches
    with django_assert_max_num_queries(20) as small:
        trainee_client.get(old.url)
    queries = len(small)  # now: the next request resets the connection's query log
    longer = "".join(f"第{n}条　巡察组应当开展第{n}项工作。\n" for n in "六七八九")
    bigger = edition(OLD_TEXT + longer, "大办法（2023）")
    edition(NEW_TEXT + longer.replace("工作。", "工作，并报告。"), "大办法（2025）", revises=bigger)
    trainee_client.get(bigger.url)
    with django_assert_max_num_queries(queries):
        response = trainee_client.get(bigger.url)
    assert len(_sections(response.content.decode())) == 9
