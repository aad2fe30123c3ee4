"""An agenda of a superseded edition says so (issue 14, links that follow): on the evening page, and on each
projector step, where the planned article stays and its citation names the article in force."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from studysessions.agenda.selectors import agenda_steps
from studysessions.models import StudySession
from tests.citation_chain import revise_again, revised_regulation
from tests.factories import UserFactory, client_for
from tests.studysessions.factories import StudySeriesFactory, evening
from tests.studysessions.factories_calendar import daily_series_around_today, tomorrow
from tests.studysessions.factories_room import START

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    return revised_regulation()


def _steps_html(session) -> list[str]:
    session = StudySession.objects.get(pk=session.pk)
    return [render_to_string(step.template, {"step": step}) for step in agenda_steps(session)]


def _range(chain, first, last):
    return [("articles", {"regulation": chain.old, "first": first, "last": last, "minutes": 30})]


def test_each_planned_article_of_an_old_edition_is_marked_with_the_article_in_force(chain):
    session = evening(StudySeriesFactory(), START, agenda=_range(chain, 2, 4))
    steps = agenda_steps(session)
    assert all("已修订" in step.heading for step in steps)
    second, third, fourth = _steps_html(session)
    # The planned article stays on the screen, its citation says where the rule stands now.
    assert "第二条" in second and "巡察组应当在十个工作日内报告。" in second
    assert "现行《巡察办法（2025）》第三条" in second and "原第二条" in second and "内容有修改" in second
    assert f'href="{chain.new.url}#article-3"' in second
    assert "现行《巡察办法（2025）》第四条" in third and "内容未变" in third
    assert "该条已在现行版本中删除" in fourth and "本办法由县委巡察办负责解释。" in fourth


def test_an_article_range_of_the_edition_in_force_is_not_marked(chain):
    session = evening(
        StudySeriesFactory(), START, agenda=[("articles", {"regulation": chain.new, "first": 1, "last": 2})]
    )
    assert not any("已修订" in step.heading for step in agenda_steps(session))
    assert not any('data-testid="step-citation"' in html for html in _steps_html(session))


def test_the_changes_of_a_revision_since_revised_again_cite_the_articles_in_force(chain):
    revise_again(chain.new)  # 2025 第三条's time limit changes again, 2025 第二条 goes
    session = evening(StudySeriesFactory(), START, agenda=[("changes", {"edition": chain.new})])
    steps = agenda_steps(StudySession.objects.get(pk=session.pk))
    assert steps and all("已修订" in step.heading for step in steps)
    html = "".join(_steps_html(session))
    # 2025 第三条 (fifteen days) is 2026 第二条 (twenty days); 2025 第二条 (added in 2025) is gone again.
    assert "现行《巡察办法（2026）》第二条" in html and "原第三条" in html
    assert "该条已在现行版本中删除" in html


def test_the_evening_page_says_the_edition_is_revised_and_names_the_one_in_force(chain, trainee):
    series = daily_series_around_today(trainee)
    evening(series, tomorrow(), agenda=_range(chain, 1, 3))
    key = f"{series.pk}-{int(tomorrow().timestamp())}"
    html = client_for(trainee).get(reverse("studysessions:detail", args=[key])).content.decode()
    assert "已修订" in html
    assert f'<a href="{chain.new.url}">《巡察办法（2025）》</a>' in html


def test_the_projector_shows_the_mark_and_the_article_in_force(chain):
    host = UserFactory()
    session = evening(StudySeriesFactory(host=host), START, agenda=_range(chain, 2, 3))
    key = f"{session.series_id}-{int(session.slot_start.timestamp())}"
    html = client_for(host).post(reverse("studysessions:present", args=[key]), follow=True).content.decode()
    assert "已修订" in html
    assert "巡察组应当在十个工作日内报告。" in html and "现行《巡察办法（2025）》第三条" in html


def test_the_steps_cost_the_same_queries_for_one_and_five_articles(chain):
    one = evening(StudySeriesFactory(), START, agenda=_range(chain, 1, 1))
    five = evening(StudySeriesFactory(), START, agenda=_range(chain, 1, 5))
    _steps_html(one)  # warm the site's root paths

    def count(session) -> int:
        with CaptureQueriesContext(connection) as queries:
            rendered = _steps_html(session)
        assert all("现行" in html for html in rendered)
        return len(queries)

    assert count(five) == count(one)
