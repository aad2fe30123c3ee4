"""The office dashboard: who may see which round, filters, the chart, conflict flags and the query bound."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import roles
from courses.models import CompletionRecord, ItemKind
from declarations.models import Acknowledgement, AcknowledgementKind, AcknowledgementText, RecusalEntry, RelationKind
from declarations.services import confirm_for_round
from readiness.rules import State
from rounds.models import TeamMember
from tests.factories import UserFactory, client_for
from tests.rounds.factories import (
    InspectedUnitFactory,
    InspectionRoundFactory,
    InspectionTeamFactory,
    ModuleFactory,
    TeamMemberFactory,
    add_lessons,
)

pytestmark = pytest.mark.django_db


def build_round(*, per_team: int = 2, modules: int = 2) -> dict:
    """A round managed by one office person: two teams, ``modules`` one-lesson modules, nothing studied."""
    manager = UserFactory(role=roles.EDITOR)
    round_ = InspectionRoundFactory()
    round_.managers.add(manager)
    round_.save()  # managers is a ParentalManyToManyField: saved with the round
    lessons = []
    for i in range(modules):
        module = ModuleFactory(track=round_.track, title=f"模块{i + 1}", sort_order=i)
        lessons += add_lessons(module)
    teams = [InspectionTeamFactory(round=round_, name=name) for name in ("第一巡察组", "第二巡察组")]
    members = [TeamMemberFactory(team=team) for team in teams for _ in range(per_team)]
    return {"round": round_, "manager": manager, "teams": teams, "members": members, "lessons": lessons}


def complete(user, lessons) -> None:
    # Written directly: courses.services.record_completion also schedules reviews, which is not under test.
    CompletionRecord.objects.bulk_create(
        [
            CompletionRecord(
                user=user,
                kind=ItemKind.LESSON,
                item_id=lesson.pk,
                completed_at=timezone.now(),
                last_completed_at=timezone.now(),
            )
            for lesson in lessons
        ]
    )


def declare(user, unit_name: str) -> None:
    text = AcknowledgementText.objects.filter(kind=AcknowledgementKind.RECUSAL).order_by("-version").first()
    if text is None:
        text = AcknowledgementText.objects.create(
            kind=AcknowledgementKind.RECUSAL, version=1, title="回避", body="正文"
        )
    acknowledgement = Acknowledgement.objects.create(user=user, text=text, agreed_at=timezone.now())
    RecusalEntry.objects.create(
        acknowledgement=acknowledgement, relation=RelationKind.FORMER_WORKPLACE, unit_name=unit_name
    )
    # A declaration counts for a round once confirmed for it (declarations, per round).
    for membership in TeamMember.objects.filter(user=user).select_related("team__round"):
        confirm_for_round(user=user, inspection_round=membership.team.round, kind=AcknowledgementKind.RECUSAL)


@pytest.fixture
def data():
    return build_round()


def dashboard_url(data, **query) -> str:
    url = reverse("readiness:dashboard", args=[data["round"].pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def shown_usernames(response) -> set[str]:
    return {row.member.user.username for row in response.context["page_obj"].object_list}


def test_the_manager_sees_every_member_of_the_round(data):
    response = client_for(data["manager"]).get(dashboard_url(data))
    assert response.status_code == 200
    assert shown_usernames(response) == {m.user.username for m in data["members"]}
    assert response.context["dashboard"].member_count == 4


def test_another_offices_manager_gets_404_on_the_dashboard_and_the_export(data):
    other = build_round()["manager"]
    client = client_for(other)
    assert client.get(dashboard_url(data)).status_code == 404
    assert client.post(reverse("readiness:export", args=[data["round"].pk])).status_code == 404


def test_a_trainee_on_the_round_gets_404_and_an_empty_list(data):
    trainee = data["members"][0].user
    trainee.groups.add(Group.objects.get(name=roles.TRAINEE))
    client = client_for(trainee)
    assert client.get(dashboard_url(data)).status_code == 404
    assert client.post(reverse("readiness:export", args=[data["round"].pk])).status_code == 404
    response = client.get(reverse("readiness:round_list"))
    assert response.status_code == 200
    assert response.context["summaries"] == []


def test_an_anonymous_visitor_is_sent_to_log_in(data):
    response = Client().get(dashboard_url(data))
    assert response.status_code == 302


def test_the_list_shows_managed_rounds_only_and_administrators_see_all(data):
    other = build_round()
    response = client_for(data["manager"]).get(reverse("readiness:round_list"))
    assert [s.inspection_round for s in response.context["summaries"]] == [data["round"]]
    assert {s.state: s.count for s in response.context["summaries"][0].state_counts}[State.NOT_STARTED] == 4
    administrator = UserFactory(role=roles.ADMINISTRATOR)
    response = client_for(administrator).get(reverse("readiness:round_list"))
    assert {s.inspection_round for s in response.context["summaries"]} == {data["round"], other["round"]}
    assert client_for(administrator).get(dashboard_url(other)).status_code == 200


def test_filter_by_team(data):
    team = data["teams"][1]
    response = client_for(data["manager"]).get(dashboard_url(data, team=team.pk))
    assert shown_usernames(response) == {m.user.username for m in data["members"] if m.team == team}
    assert not response.context["invalid_filters"]


def test_filter_by_state_keeps_counts_for_every_state(data):
    ready, studying = data["members"][0].user, data["members"][1].user
    complete(ready, data["lessons"])
    complete(studying, data["lessons"][:1])
    response = client_for(data["manager"]).get(dashboard_url(data, state=State.READY))
    assert shown_usernames(response) == {ready.username}
    counts = {s.state: s.count for s in response.context["dashboard"].state_counts}
    assert counts == {
        State.NOT_STARTED: 2,
        State.IN_PROGRESS: 1,
        State.REFRESHER: 0,
        State.RETAKE: 0,
        State.RECUSAL_PENDING: 0,
        State.READY: 1,
    }
    [row] = response.context["page_obj"].object_list
    assert row.readiness.reached_at is not None


def test_team_and_state_filters_combine(data):
    first_team = data["members"][0]
    complete(first_team.user, data["lessons"])
    complete(data["members"][2].user, data["lessons"])  # ready, but in the other team
    response = client_for(data["manager"]).get(dashboard_url(data, team=first_team.team.pk, state=State.READY))
    assert shown_usernames(response) == {first_team.user.username}


@pytest.mark.parametrize("query", [{"team": "999999"}, {"team": "abc"}, {"state": "done"}])
def test_unknown_filter_values_show_a_notice_and_are_ignored(data, query):
    response = client_for(data["manager"]).get(dashboard_url(data, **query))
    assert response.status_code == 200
    assert response.context["invalid_filters"] == list(query)
    assert 'class="message warning"' in response.content.decode()
    assert len(shown_usernames(response)) == 4


def test_a_team_of_another_round_is_an_unknown_value(data):
    other_team = build_round()["teams"][0]
    response = client_for(data["manager"]).get(dashboard_url(data, team=other_team.pk))
    assert response.context["invalid_filters"] == ["team"]
    assert len(shown_usernames(response)) == 4


def test_the_chart_has_one_bar_per_module_with_escaped_labels(data):
    ModuleFactory(track=data["round"].track, title="<script>alert(1)</script>", sort_order=99)
    complete(data["members"][0].user, data["lessons"][:1])
    response = client_for(data["manager"]).get(dashboard_url(data))
    html = response.content.decode()
    assert html.count('class="chart-bar"') == 3
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html
    first = response.context["dashboard"].modules[0]
    assert (first.completed, first.total, first.percent) == (1, 4, 25)


def test_blocking_reasons_are_cut_to_the_first_few_with_a_count(data):
    lessons = [data["lessons"][0], *add_lessons(data["lessons"][0].module_placements.get().module, 4)]
    assert len(lessons) == 5
    response = client_for(data["manager"]).get(dashboard_url(data))
    row = response.context["page_obj"].object_list[0]
    assert len(row.readiness.missing) == 6
    assert len(row.missing_shown) == 3 and row.missing_more == 3


def test_a_declared_tie_with_a_unit_of_the_round_is_flagged(data):
    unit = InspectedUnitFactory(round=data["round"], name="城关镇人民政府")
    data["teams"][0].units.add(unit)
    flagged = data["members"][0].user
    declare(flagged, "城关镇")
    declare(data["members"][1].user, "东风村")
    response = client_for(data["manager"]).get(dashboard_url(data))
    rows = {row.member.user.username: row for row in response.context["page_obj"].object_list}
    assert [c.unit for c in rows[flagged.username].conflicts] == [unit]
    assert all(not row.conflicts for name, row in rows.items() if name != flagged.username)
    html = response.content.decode()
    assert html.count('data-testid="conflict"') == 1
    assert "城关镇人民政府" in html


def _page_queries(django_assert_max_num_queries, client, url, bound):
    with django_assert_max_num_queries(bound) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# Practice pages are read only for modules that ask for some (courses.api.track_modules); +1 for the round's
# 打招呼/说情 register counts (interference.api.readable_counts, one query whatever the size of the round).
QUERY_BOUND = 31


def test_the_dashboard_runs_the_same_queries_for_5_and_40_members(django_assert_max_num_queries):
    small, large = build_round(per_team=2), build_round(per_team=20)
    small["members"].append(TeamMemberFactory(team=small["teams"][0]))
    for data in (small, large):
        InspectedUnitFactory(round=data["round"])
        for member in data["members"][::3]:
            complete(member.user, data["lessons"][:1])
            declare(member.user, "某某单位")
    # The first page served in a process fills Wagtail's site-root cache (lesson URLs); measure after it.
    client_for(small["manager"]).get(dashboard_url(small))
    counts = [
        _page_queries(django_assert_max_num_queries, client_for(d["manager"]), dashboard_url(d), QUERY_BOUND)
        for d in (small, large)
    ]
    assert len(small["members"]) == 5 and len(large["members"]) == 40
    assert counts[0] == counts[1]


def test_members_are_paged_and_the_pager_keeps_the_filters():
    data = build_round(per_team=26)
    client = client_for(data["manager"])
    first = client.get(dashboard_url(data, state=State.NOT_STARTED))
    assert len(first.context["page_obj"].object_list) == 50
    assert f"state={State.NOT_STARTED}&amp;page=2" in first.content.decode()
    second = client.get(dashboard_url(data, state=State.NOT_STARTED, page=2))
    assert len(second.context["page_obj"].object_list) == 2
    assert second.context["dashboard"].member_count == 52  # counts and chart cover every page


def test_the_list_counts_states_only_for_rounds_that_have_not_ended(data):
    ended = build_round()
    ended["round"].starts_on, ended["round"].ends_on = datetime.date(2020, 1, 1), datetime.date(2020, 3, 1)
    ended["round"].save()
    ended["round"].managers.add(data["manager"])
    ended["round"].save()
    response = client_for(data["manager"]).get(reverse("readiness:round_list"))
    summaries = {s.inspection_round: s for s in response.context["summaries"]}
    assert summaries[ended["round"]].ended and summaries[ended["round"]].member_count == 4
    assert not summaries[data["round"]].ended
    assert sum(s.count for s in summaries[data["round"]].state_counts) == 4
    # The ended round's dashboard is still there.
    assert client_for(data["manager"]).get(dashboard_url(ended)).status_code == 200


def test_the_detail_is_read_for_the_members_of_the_page_shown(django_assert_num_queries):
    from readiness.dashboard import DashboardFilter, dashboard_page, round_dashboard

    data = build_round(per_team=26)
    dashboard = round_dashboard(inspection_round=data["round"], dashboard_filter=DashboardFilter())
    with django_assert_num_queries(1):  # the names of the page's people
        first = dashboard_page(dashboard=dashboard, number=1)
    with django_assert_num_queries(1):  # nothing was read for the counts and the chart; the page's detail at once
        for row in first.object_list:
            assert row.name and row.readiness.modules and row.missing_shown
    second = dashboard_page(dashboard=dashboard, number=2)
    with django_assert_num_queries(1):  # the second page's members had not been read
        assert second.object_list[0].readiness.modules
