"""The home page starts with the reader's own next step (readiness registers the panel; core imports nothing
above it): what to do, in which round, by when, with one big button; everyone on no round sees the page as
before. The query count does not grow with the round's size or the number of steps."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats

from core import home_panels, roles
from core.home_panels import HomePanel
from tests.factories import RegulationIndexPageFactory, UserFactory, client_for, home_page
from tests.rounds.factories import InspectionTeamFactory, ModuleFactory, TeamMemberFactory, TrackFactory, add_lessons

pytestmark = pytest.mark.django_db

LEARNING = "/learning/"


def _round(*, members: int = 1, modules: int = 2, due_days: int | None = 3):
    track = TrackFactory()
    created = []
    for number in range(modules):
        module = ModuleFactory(
            track=track, title=f"岗前模块{number + 1}", sort_order=number, due_days_before_start=due_days
        )
        [lesson] = add_lessons(module)
        lesson.title = f"第{number + 1}课（主页）"
        lesson.save_revision().publish()
        created.append(module)
    team = InspectionTeamFactory(round__track=track, round__name="第九轮巡察（主页）", name="第一巡察组")
    people = [UserFactory(role=roles.TRAINEE) for _ in range(members)]
    for person in people:
        TeamMemberFactory(team=team, user=person)
    return team.round, people


def _panel(html: str) -> str:
    start = html.index('data-testid="next-step"')
    return html[start : html.index("</section>", start)]


def test_a_trainee_sees_their_next_lesson_its_due_date_and_one_big_button_first():
    inspection_round, [trainee] = _round()
    html = client_for(trainee).get("/").content.decode()
    panel = _panel(html)
    assert html.index('data-testid="next-step"') < html.index('class="hero"')  # before the libraries
    assert "第1课（主页）" in panel and "岗前模块1" in panel and inspection_round.name in panel
    due = formats.date_format(inspection_round.starts_on - datetime.timedelta(days=3))
    assert due in panel
    assert panel.count('class="button big"') == 1
    assert 'class="button big" href="/courses/' in panel


def test_the_panel_moves_on_when_the_lesson_is_studied():
    from courses.api import ItemKind, record_completion
    from courses.models import LessonPage

    _unused, [trainee] = _round()
    first = LessonPage.objects.get(title="第1课（主页）")
    record_completion(user=trainee, kind=ItemKind.LESSON, item_id=first.pk)
    panel = _panel(client_for(trainee).get("/").content.decode())
    assert "第2课（主页）" in panel and "第1课（主页）" not in panel


def test_a_module_due_the_day_the_round_starts_says_before_the_round_starts():
    inspection_round, [trainee] = _round(due_days=0)
    panel = _panel(client_for(trainee).get("/").content.decode())
    assert "进驻前" in panel and formats.date_format(inspection_round.starts_on) in panel


def test_the_steps_lead_to_my_learning_for_a_trainee_on_a_round():
    _unused, [trainee] = _round()
    home = home_page()
    home.start_steps = [("step", {"title": "先学办法", "text": "", "page": RegulationIndexPageFactory()})]
    home.save_revision().publish()
    html = client_for(trainee).get("/").content.decode()
    steps = html[html.index('id="start-heading"') :]
    assert steps.index(f'href="{LEARNING}"') < steps.index("先学办法")


@pytest.mark.parametrize("role", [roles.EDITOR, roles.TRAINEE])
def test_someone_on_no_round_sees_the_page_as_before(role):
    html = client_for(UserFactory(role=role)).get("/").content.decode()
    assert 'data-testid="next-step"' not in html
    assert 'data-testid="own-step"' not in html


def test_a_trainee_with_nothing_left_sees_that_and_the_way_to_my_learning():
    _unused, [trainee] = _round(modules=0)
    panel = _panel(client_for(trainee).get("/").content.decode())
    assert "已就绪" in panel and f'href="{LEARNING}"' in panel


def test_the_first_provider_that_answers_fills_the_panel(monkeypatch):
    """Registered providers are asked in order; one that answers None leaves the place to the next."""
    monkeypatch.setattr(home_panels, "_providers", [])
    home_panels.register(lambda request: None)
    home_panels.register(lambda request: HomePanel("readiness/home_panel.html", {}, start_step=None))
    home_panels.register(lambda request: pytest.fail("asked after a provider answered"))
    html = client_for(UserFactory(role=roles.EDITOR)).get("/").content.decode()
    assert 'data-testid="next-step"' in html


def _home_queries(client) -> int:
    client.get("/")  # warm the site root paths and the header menu
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_the_home_page_reads_the_same_number_of_queries_for_a_small_and_a_large_round():
    _small, [one] = _round(members=1, modules=1)
    _large, many = _round(members=12, modules=6)
    assert _home_queries(client_for(one)) == _home_queries(client_for(many[0]))


def test_the_panel_costs_a_bounded_number_of_queries():
    _unused, [trainee] = _round(modules=6)
    bystander = UserFactory(role=roles.TRAINEE)
    with_panel, without = _home_queries(client_for(trainee)), _home_queries(client_for(bystander))
    # The readiness of one round (rounds, modules with lessons and quizzes, packs, records, times), read once
    # per request: the next step and the reminders section share it (readiness.api.readiness_for_request).
    assert with_panel - without <= 22, (with_panel, without)
