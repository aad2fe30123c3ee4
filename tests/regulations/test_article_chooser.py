"""Editors pick current articles: the article chooser lists editions in force first, marks each row with its
edition and status, and finds an article by 第十五条, 第15条 or 15 as well as by words; the question form's
article list does the same."""

import json
import re

import pytest
from django.urls import reverse

from core import roles
from core.choosers import ScopedSnippetChooserViewSet
from quizzes.models import Question
from regulations.models import RegulationArticle, RegulationStatus
from regulations.selectors import parse_article_query
from tests.factories import (
    RegulationArticleFactory,
    RegulationIndexPageFactory,
    RegulationPageFactory,
    UserFactory,
    client_for,
)

pytestmark = pytest.mark.django_db


def _url(name: str) -> str:
    return reverse(f"{RegulationArticle.snippet_viewset.get_chooser_admin_url_namespace()}:{name}")


@pytest.fixture
def editions():
    library = RegulationIndexPageFactory()
    made = {}
    # Created oldest first, so an ordering by creation or title would put the old ones first.
    for title, status in [
        ("甲办法（2019，已废止）", RegulationStatus.REPEALED),
        ("巡察办法（2023）", RegulationStatus.REVISED),
        ("巡察办法（2025）", RegulationStatus.IN_FORCE),
        ("巡察办法（2027 草案）", RegulationStatus.NOT_YET_IN_FORCE),
    ]:
        edition = RegulationPageFactory(parent=library, title=title, status=status)
        for number in (14, 15):
            RegulationArticleFactory(
                regulation=edition, number=number, ordinal=number, text=f"{title}的条文：巡察组开展个别谈话。"
            )
        made[status] = edition
    return made


def _rows(html: str) -> list[tuple[str, str, str]]:
    """(article cell, edition, status) of each row, in order."""
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        cells = [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if len(cells) == 3:
            rows.append(tuple(cells))
    return rows


def _choose(client, **params) -> list[tuple[str, str, str]]:
    response = client.get(_url("choose_results"), params)
    assert response.status_code == 200
    return _rows(response.content.decode())


def test_the_chooser_keeps_the_scope_check_and_refuses_the_auditor(editions):
    assert isinstance(RegulationArticle.snippet_viewset.chooser_viewset, ScopedSnippetChooserViewSet)
    auditor = client_for(UserFactory(role=roles.AUDITOR))
    assert auditor.get(_url("choose")).status_code == 403
    assert auditor.get(_url("choose_results"), {"q": "第十五条"}).status_code == 403
    # The office opens it, words searched through the configured backend (here Wagtail's database one).
    editor = client_for(UserFactory(role=roles.EDITOR))
    assert editor.get(_url("choose_results"), {"q": "谈话"}).status_code == 200


def test_articles_of_the_edition_in_force_come_first_each_row_with_its_edition_and_status(editions):
    client = client_for(UserFactory(role=roles.EDITOR))
    response = client.get(_url("choose"))
    assert response.status_code == 200
    html = json.loads(response.content)["html"]  # the modal's workflow step
    assert "<th" in html and "版本" in html and "条文" in html and "条号（如第十五条、15）或关键词" in html
    rows = _choose(client)
    assert [(edition, status) for _, edition, status in rows] == [
        ("巡察办法（2025）", "现行有效"),
        ("巡察办法（2025）", "现行有效"),
        ("巡察办法（2027 草案）", "尚未生效"),
        ("巡察办法（2027 草案）", "尚未生效"),
        ("巡察办法（2023）", "已修订"),
        ("巡察办法（2023）", "已修订"),
        ("甲办法（2019，已废止）", "已废止"),
        ("甲办法（2019，已废止）", "已废止"),
    ]
    assert rows[0][0].startswith("第十四条") and "巡察组开展个别谈话" in rows[0][0]
    assert rows[1][0].startswith("第十五条")


@pytest.mark.parametrize("query", ["第十五条", "第15条", "15", "第 15 条", "十五条"])
def test_an_article_number_finds_that_article_of_every_edition_current_first(editions, query):
    rows = _choose(client_for(UserFactory(role=roles.EDITOR)), q=query)
    assert [cell[:4] for cell, _, _ in rows] == ["第十五条"] * 4
    assert [status for _, _, status in rows] == ["现行有效", "尚未生效", "已修订", "已废止"]


def test_a_number_and_words_find_the_articles_of_that_number_with_those_words(editions):
    rows = _choose(client_for(UserFactory(role=roles.EDITOR)), q="第十五条 2023")
    assert [(cell[:4], edition) for cell, edition, _ in rows] == [("第十五条", "巡察办法（2023）")]


def test_words_are_searched_editions_in_force_first(editions, settings, tmp_path):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backend", "INDEX_DIR": str(tmp_path / "index"), "WRITE_TIMEOUT": 10}
    }
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    rows = _choose(client_for(UserFactory(role=roles.EDITOR)), q="谈话")
    assert len(rows) == 8
    assert [status for _, _, status in rows] == ["现行有效"] * 2 + ["尚未生效"] * 2 + ["已修订"] * 2 + ["已废止"] * 2
    assert _choose(client_for(UserFactory(role=roles.EDITOR)), q="审计署") == []


def test_queries_that_are_not_article_numbers_stay_words():
    assert parse_article_query("第一责任人").number is None
    assert parse_article_query("两条线").number is None
    assert parse_article_query("谈话第15条") == parse_article_query("第十五条 谈话")
    assert parse_article_query("第十五条 谈话").words == ["谈话"]


def test_the_question_form_lists_articles_in_force_first_labelled_with_their_edition_and_status(editions):
    form_class = Question.snippet_viewset.get_edit_handler().get_form_class()
    field = form_class(instance=Question())["articles"].field
    labels = [label for _, label in field.choices]
    assert labels[:3] == [
        "《巡察办法（2025）》第十四条（现行有效）",
        "《巡察办法（2025）》第十五条（现行有效）",
        labels[2],
    ]
    assert labels[2].endswith("（尚未生效）") and labels[-1].endswith("（已废止）")
