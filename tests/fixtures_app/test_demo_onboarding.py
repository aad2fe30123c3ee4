"""The demo onboarding track, lessons and round (示例): six modules in order, lessons that quote the edition in
force, two teams with every readiness state, a recusal conflict, and a second load that changes nothing."""

from datetime import timedelta
from itertools import pairwise

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from core import roles
from courses.models import CompletionRecord, CourseIndexPage, LessonPage, Module, ModuleLesson, Track
from declarations.api import recusal_conflicts
from declarations.models import Acknowledgement, RecusalEntry
from fixtures.demo.round import MEMBERS, ROUND
from fixtures.demo.track import LESSONS, TRACK
from fixtures.loader import load_demo_content
from fixtures.quiz_loader import edition_in_force
from quizzes.models import Attempt
from readiness.rules import State, readiness_for_round
from regulations.models import RegulationPage
from rounds.models import InspectionRound, InspectionTeam, StudyPack, TeamMember
from tests.factories import UserFactory

MODULE_TITLES = ["条例与规程", "政治巡察定位", "个别谈话", "查阅资料与发现线索", "问题定性与报告撰写", "纪律与回避"]


@pytest.fixture
def demo_round(demo, db):
    return InspectionRound.objects.get(name=ROUND["name"])


@pytest.fixture
def readiness(demo_round):
    return readiness_for_round(inspection_round=demo_round)


def test_the_data_modules_agree_with_themselves():
    slugs = [lesson["slug"] for lesson in LESSONS]
    assert len(set(slugs)) == len(slugs) >= 8
    placed = [slug for module in TRACK["modules"] for slug in module["lessons"]]
    assert sorted(placed) == sorted(slugs), "every lesson sits in exactly one module"
    assert "示例" in TRACK["name"] and all("示例" in lesson["title"] for lesson in LESSONS)
    assert not any(module.get("min_sessions_attended") for module in TRACK["modules"])
    teams = {team["name"] for team in ROUND["teams"]}
    assert {team for _u, _n, team, _r, _p in MEMBERS} == teams


def test_the_track_has_the_six_modules_in_order_each_after_the_one_before(demo, db):
    track = Track.objects.get(slug=TRACK["slug"])
    modules = list(track.modules.order_by("sort_order").prefetch_related("prerequisites", "lessons"))
    assert [m.title for m in modules] == MODULE_TITLES
    assert list(modules[0].prerequisites.all()) == []
    for before, module in pairwise(modules):
        assert list(module.prerequisites.all()) == [before]
    assert all(m.lessons.count() >= 1 for m in modules)
    assert all(m.min_sessions_attended == 0 for m in modules)
    last = modules[-1]
    assert last.requires_confidentiality and last.requires_recusal
    assert last.quiz.slug == "demo-onboarding-exam"
    assert any(m.due_days_before_start is not None for m in modules)


def test_lessons_are_published_under_the_course_section_and_quote_the_edition_in_force(demo, db, client):
    index = CourseIndexPage.objects.get(slug="courses")
    assert index.live and index.show_in_menus and index.title == "学习课程"
    lessons = list(LessonPage.objects.child_of(index).live())
    assert len(lessons) >= 8
    in_force = edition_in_force(RegulationPage.objects.get(revises=None, title__contains="实施办法"))
    # A reader on no round: nothing is locked for them (xueyuan's later modules are locked until the first is done).
    client.force_login(UserFactory(role=roles.TRAINEE))
    for lesson in lessons:
        kinds = [block.block_type for block in lesson.body]
        assert lesson.summary and lesson.estimated_minutes, lesson.slug
        assert "text" in kinds, lesson.slug
        articles = [block.value["article"] for block in lesson.body if block.block_type == "article"]
        assert 1 <= len(articles) <= 4, lesson.slug
        assert {a.regulation_id for a in articles} == {in_force.pk}, lesson.slug
        assert lesson.linked_article_ids() == [a.pk for a in articles]
        for block in lesson.body:
            if block.block_type == "reading":
                assert block.value["page"].live, lesson.slug
        response = client.get(lesson.url)
        assert response.status_code == 200, lesson.slug
        assert articles[0].label in response.content.decode()
    assert any(block.block_type == "reading" for lesson in lessons for block in lesson.body)
    assert any(block.block_type == "quiz" for lesson in lessons for block in lesson.body)


def test_the_demo_round_has_two_teams_a_manager_and_a_village_pack(demo_round):
    today = timezone.localdate()
    assert demo_round.track.slug == TRACK["slug"]
    assert demo_round.starts_on == today + timedelta(days=ROUND["starts_in_days"])
    assert demo_round.ends_on > demo_round.starts_on
    assert [u.username for u in demo_round.managers.all()] == ["bianji"]
    teams = list(demo_round.teams.order_by("name").prefetch_related("units__unit_type"))
    assert [t.name for t in teams] == ["第一巡察组", "第二巡察组"]
    assert {u.unit_type.slug for u in teams[0].units.all()} == {"county-department", "township"}
    assert {u.unit_type.slug for u in teams[1].units.all()} == {"village"}
    pack = StudyPack.objects.get(round=demo_round)
    assert pack.unit_type.slug == "village" and pack.quiz.slug == "demo-village-pack"
    assert pack.articles.exists() and pack.cases.exists() and pack.guides.exists()


def test_every_readiness_state_occurs_in_each_team(readiness):
    by_team: dict[str, set[str]] = {}
    for r in readiness:
        by_team.setdefault(r.member.team.name, set()).add(r.state)
    learning = set(State.ORDER) - {State.RECUSAL_PENDING}
    assert by_team == {"第一巡察组": set(State.ORDER), "第二巡察组": learning}
    # The second team's leader declared a tie with a village it inspects; the office decided 无需回避.
    leader = next(r for r in readiness if r.member.user.username == "demo-member-05")
    assert leader.state == State.READY and [c.decision.outcome for c in leader.conflicts] == ["not_needed"]
    pending = next(r for r in readiness if r.member.user.username == "demo-member-02")
    assert pending.state == State.RECUSAL_PENDING and pending.pending_conflicts
    # The village team's ready member finished the study pack too; a member who failed it must retake it.
    village = [r for r in readiness if r.member.team.name == "第二巡察组"]
    assert all(r.pack for r in village)
    assert any(r.state == State.READY and all(c.done for c in r.pack) for r in village)
    assert any(r.state == State.RETAKE and any(c.failed for c in r.pack) for r in village)


def test_the_demo_trainee_is_studying_with_work_left(readiness):
    mine = next(r for r in readiness if r.member.user.username == "xueyuan")
    assert mine.state == State.IN_PROGRESS
    assert mine.member.team.name == "第一巡察组"
    assert mine.modules[0].done_count >= 1 and not mine.modules[0].complete
    assert mine.missing
    assert mine.member.user.has_usable_password()


def test_the_demo_trainee_sees_the_round_and_the_next_step_in_my_learning(demo_round, client):
    client.force_login(get_user_model().objects.get(username="xueyuan"))
    page = client.get(reverse("readiness:my_learning")).content.decode()
    assert demo_round.name in page and "第一巡察组" in page
    assert "state-in_progress" in page and 'class="next-step"' in page


def test_demo_members_cannot_log_in_and_ready_members_signed_and_passed(readiness):
    for r in readiness:
        user = r.member.user
        if user.username != "xueyuan":
            assert not user.has_usable_password() and user.first_name.startswith("示例组员"), user.username
        if r.state == State.READY:
            assert Acknowledgement.objects.filter(user=user).count() == 2
            assert r.reached_at is not None and r.reached_at <= timezone.now()


def test_declared_former_workplaces_conflict_with_units_of_the_round_one_decided(demo_round):
    conflicts = recusal_conflicts(inspection_round=demo_round)
    usernames = dict(get_user_model().objects.filter(pk__in=conflicts).values_list("pk", "username"))
    found = {usernames[user_id]: found for user_id, found in conflicts.items()}
    assert set(found) == {"demo-member-02", "demo-member-05"}
    assert [(c.unit.name, c.by_own_team, c.pending) for c in found["demo-member-02"]] == [("城关镇", True, True)]
    assert [(c.unit.name, c.pending) for c in found["demo-member-05"]] == [("柳林村", False)]
    assert found["demo-member-05"][0].decision.decided_by.username == "bianji"
    assert {c.entry.relation for cs in found.values() for c in cs} == {"former_workplace"}


def test_the_demo_editor_manages_the_round_and_its_dashboard_shows_every_state_and_the_conflict(demo_round, client):
    client.force_login(get_user_model().objects.get(username="bianji"))
    response = client.get(reverse("readiness:dashboard", args=[demo_round.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert all(f"state-{state}" in page for state in State.ORDER)
    assert page.count('data-testid="conflict"') == 2 and "城关镇" in page
    assert "待巡察办决定" in page and "已决定：无需回避" in page


def _snapshot():
    models = (
        LessonPage,
        Track,
        Module,
        ModuleLesson,
        InspectionRound,
        InspectionTeam,
        TeamMember,
        StudyPack,
        CompletionRecord,
        Attempt,
        Acknowledgement,
        RecusalEntry,
        get_user_model(),
    )
    return tuple(m.objects.count() for m in models)


def test_loading_again_duplicates_nothing(demo, db):
    before = _snapshot()
    report = load_demo_content()
    assert _snapshot() == before
    assert report.created == []
