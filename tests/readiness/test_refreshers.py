"""Refreshers: a revised article makes exactly the lesson quoting it need a refresher of exactly that article;
studying it on the refresher page clears it; a removed article does not ask for one."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import CompletionRecord, ItemKind
from courses.services import record_completion
from readiness.rules import State, readiness_for_round
from tests.citation_chain import article, old_edition, revise
from tests.factories import client_for
from tests.readiness.factories import lesson_citing, one_module_round
from tests.rounds.factories import InspectionTeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Lessons quoting the 2023 edition, studied yesterday; then the 2025 revision goes in force (now).

    2023 第二条 became 第三条 with a new time limit (changed); 第四条 was removed; 第一条 and 第五条 stayed."""
    old = old_edition()
    changed = lesson_citing(article(old, 1), article(old, 2))
    removed = lesson_citing(article(old, 4))
    unchanged = lesson_citing(article(old, 5))
    setup = one_module_round(lessons=[changed, removed, unchanged])
    yesterday = timezone.now() - datetime.timedelta(days=1)
    for lesson in setup.lessons:
        record_completion(user=setup.user, kind=ItemKind.LESSON, item_id=lesson.pk, when=yesterday)
    new = revise(old)
    return setup, new


def readiness_of(setup):
    [result] = readiness_for_round(inspection_round=setup.round)
    return result


def test_only_the_lesson_quoting_the_changed_article_needs_a_refresher(world):
    setup, new = world
    result = readiness_of(setup)
    assert result.state == State.REFRESHER
    changed, removed, unchanged = result.modules[0].criteria
    assert not changed.done and removed.done and unchanged.done
    assert changed.refresh == f"《{new.title}》第三条已修订"
    assert changed.refresher_url == reverse("readiness:refresher", args=[setup.lessons[0].pk])
    assert result.refresh_reasons == (changed.refresh,)


def test_the_refresher_lists_exactly_that_article_and_studying_it_clears_it(world):
    setup, new = world
    client = client_for(setup.user)
    url = reverse("readiness:refresher", args=[setup.lessons[0].pk])
    response = client.get(url)
    revisions = response.context["revisions"]
    assert [r.article.pk for r in revisions] == [article(new, 3).pk]
    html = response.content.decode()
    assert "十个工作日" in html and "<ins>" in html  # the old text, and the new one with what changed
    assert not CompletionRecord.objects.filter(kind=ItemKind.ARTICLE).exists()  # a GET writes nothing

    response = client.post(url)
    assert response.status_code == 302
    assert CompletionRecord.objects.filter(user=setup.user, kind=ItemKind.ARTICLE, item_id=article(new, 3).pk).exists()
    assert readiness_of(setup).state == State.READY
    # Twice: nothing more is due, nothing more is written.
    client.post(url)
    assert CompletionRecord.objects.filter(kind=ItemKind.ARTICLE).count() == 1
    assert client.get(url).context["revisions"] == []


def test_a_lesson_studied_after_the_revision_needs_no_refresher(world):
    setup, _new = world
    record_completion(user=setup.user, kind=ItemKind.LESSON, item_id=setup.lessons[0].pk)
    assert readiness_of(setup).state == State.READY


def test_a_lesson_quoting_only_a_removed_article_needs_no_refresher(world):
    setup, _new = world
    response = client_for(setup.user).get(reverse("readiness:refresher", args=[setup.lessons[1].pk]))
    assert response.context["revisions"] == []


def test_another_persons_refresher_shows_only_their_own_due_articles(world):
    setup, _new = world
    other = one_module_round(lessons=setup.lessons).user  # never studied the lessons
    response = client_for(other).get(reverse("readiness:refresher", args=[setup.lessons[0].pk]))
    assert response.status_code == 200 and response.context["revisions"] == []


def test_my_learning_and_the_dashboard_show_the_reason(world, django_user_model):
    setup, new = world
    reason = f"《{new.title}》第三条已修订"
    html = client_for(setup.user).get(reverse("readiness:my_learning")).content.decode()
    assert reason in html and reverse("readiness:refresher", args=[setup.lessons[0].pk]) in html
    admin = django_user_model.objects.create_superuser("x1-admin", password="x")
    response = client_for(admin).get(reverse("readiness:dashboard", args=[setup.round.pk]))
    page = response.content.decode()
    assert 'data-testid="refresh-reasons"' in page and reason in page
    counts = {s.state: s.count for s in response.context["dashboard"].state_counts}
    assert counts[State.REFRESHER] == 1
    filtered = client_for(admin).get(reverse("readiness:dashboard", args=[setup.round.pk]), {"state": State.REFRESHER})
    assert [row.member.pk for row in filtered.context["page_obj"].object_list] == [setup.member.pk]


def _round_with_members(count: int, lessons, yesterday):
    setup = one_module_round(lessons=lessons, lessons_valid_months=12)
    team = InspectionTeamFactory(round=setup.round)
    for _ in range(count - 1):
        member = TeamMemberFactory(team=team)
        for lesson in lessons:
            record_completion(user=member.user, kind=ItemKind.LESSON, item_id=lesson.pk, when=yesterday)
    return setup


def test_readiness_with_windows_and_refreshers_costs_the_same_queries_for_5_and_50_members():
    old = old_edition()
    lessons = [lesson_citing(article(old, 2)), lesson_citing(article(old, 5))]
    yesterday = timezone.now() - datetime.timedelta(days=1)
    small = _round_with_members(5, lessons, yesterday)
    large = _round_with_members(50, lessons, yesterday)
    revise(old)
    readiness_for_round(inspection_round=small.round)  # warms the caches a first read fills (the site's root)
    counts = []
    for setup in (small, large):
        with CaptureQueriesContext(connection) as captured:
            results = readiness_for_round(inspection_round=setup.round)
            assert {r.state for r in results if r.member.pk != setup.member.pk} == {State.REFRESHER}
        counts.append(len(captured))
    assert counts[0] == counts[1]
