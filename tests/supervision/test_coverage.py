"""Coverage ticks during stationing: members tick and untick, double taps are safe, other teams get 404,
managers read the coverage (audited) but cannot tick."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from core import roles
from core.models import UnitType
from rounds.models import TeamMember, TeamRole
from supervision import services
from supervision.models import CoverageTick
from tests.factories import ProblemCategoryFactory, UserFactory, client_for
from tests.supervision.factories import make_point, team_with_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    township = UnitType.objects.get(name="乡镇")
    village = UnitType.objects.get(name="村")
    point = make_point(title="三资管理", category=ProblemCategoryFactory(), unit_types=[township])
    village_point = make_point(title="村务公开", category=ProblemCategoryFactory(), unit_types=[village])
    team = team_with_units(township, name="第一组")
    other_team = team_with_units(village, round=team.round, name="第二组")
    member = UserFactory(role=roles.TRAINEE, first_name="组员甲")
    leader = UserFactory(role=roles.TRAINEE)
    outsider = UserFactory(role=roles.TRAINEE)
    TeamMember.objects.create(team=team, user=member, role=TeamRole.MEMBER)
    TeamMember.objects.create(team=team, user=leader, role=TeamRole.LEADER)
    TeamMember.objects.create(team=other_team, user=outsider, role=TeamRole.MEMBER)
    manager = UserFactory(role=roles.EDITOR)
    team.round.managers.add(manager)
    team.round.save()
    unit = team.units.get()
    return {
        "team": team,
        "unit": unit,
        "point": point,
        "village_point": village_point,
        "member": member,
        "leader": leader,
        "outsider": outsider,
        "manager": manager,
    }


def tick_url(team) -> str:
    return reverse("supervision:tick", args=[team.pk])


def pack_url(team) -> str:
    return reverse("supervision:team_pack", args=[team.pk])


def post_tick(client, s, *, covered="1", point=None):
    data = {"unit": s["unit"].pk, "point": (point or s["point"]).pk, "covered": covered}
    return client.post(tick_url(s["team"]), data)


def test_a_member_ticks_a_point_and_sees_it_ticked_and_can_untick_it(setup):
    s = setup
    client = client_for(s["member"])

    response = post_tick(client, s)
    assert response.status_code == 302
    assert response.url == f"{pack_url(s['team'])}#unit-{s['unit'].pk}-point-{s['point'].pk}"
    tick = CoverageTick.objects.get()
    assert (tick.team, tick.unit, tick.point, tick.ticked_by) == (s["team"], s["unit"], s["point"], s["member"])

    page = client.get(pack_url(s["team"]))
    assert page.status_code == 200
    assert 'data-testid="untick"' in page.content.decode()
    assert 'data-testid="training-material-notice"' in page.content.decode()
    # The pack says that it is ticked, not by whom (names are on the audited coverage page only).
    seen_by_leader = client_for(s["leader"]).get(pack_url(s["team"])).content.decode()
    assert 'data-testid="untick"' in seen_by_leader and "组员甲" not in seen_by_leader

    post_tick(client, s, covered="0")
    assert not CoverageTick.objects.exists()


def test_a_double_tap_leaves_one_tick(setup):
    s = setup
    client = client_for(s["member"])
    post_tick(client, s)
    post_tick(client, s)
    assert CoverageTick.objects.count() == 1
    assert (
        services.set_covered(
            team=s["team"], unit_id=s["unit"].pk, point_id=s["point"].pk, user=s["leader"], covered=True
        )
        is False
    )
    assert CoverageTick.objects.get().ticked_by == s["member"]


def test_a_point_that_does_not_apply_to_the_unit_is_refused_with_a_message(setup):
    s = setup
    response = post_tick(client_for(s["member"]), s, point=s["village_point"])
    assert response.status_code == 302
    assert not CoverageTick.objects.exists()
    page = client_for(s["member"]).get(response.url)
    assert page.status_code == 200


def test_a_bad_unit_value_is_refused_without_a_row(setup):
    s = setup
    response = client_for(s["member"]).post(tick_url(s["team"]), {"unit": "x", "point": s["point"].pk, "covered": "1"})
    assert response.status_code == 302
    assert not CoverageTick.objects.exists()


def test_a_member_of_another_team_gets_404_for_the_pack_the_tick_and_the_coverage(setup):
    s = setup
    client = client_for(s["outsider"])
    assert client.get(pack_url(s["team"])).status_code == 404
    assert post_tick(client, s).status_code == 404
    assert client.get(reverse("supervision:coverage", args=[s["team"].pk])).status_code == 404
    assert client.get(reverse("supervision:team_pack_docx", args=[s["team"].pk])).status_code == 404
    assert not CoverageTick.objects.exists()


def test_a_trainee_on_no_round_and_an_editor_managing_nothing_get_404(setup):
    s = setup
    for user in (UserFactory(role=roles.TRAINEE), UserFactory(role=roles.EDITOR)):
        assert client_for(user).get(pack_url(s["team"])).status_code == 404


def test_the_rounds_manager_reads_the_pack_and_coverage_but_cannot_tick(setup):
    s = setup
    post_tick(client_for(s["member"]), s)
    client = client_for(s["manager"])

    page = client.get(pack_url(s["team"]))
    assert page.status_code == 200
    assert 'data-testid="tick"' not in page.content.decode()
    assert post_tick(client, s, covered="0").status_code == 403
    assert CoverageTick.objects.count() == 1

    coverage = client.get(reverse("supervision:coverage", args=[s["team"].pk]))
    assert coverage.status_code == 200
    assert "组员甲" in coverage.content.decode()
    entry = AuditEntry.objects.get(action="supervision.coverage_viewed")
    assert entry.actor == s["manager"]
    assert list(entry.people.all()) == [s["member"]]


def test_the_team_leader_sees_coverage_and_a_member_does_not(setup):
    s = setup
    url = reverse("supervision:coverage", args=[s["team"].pk])
    assert client_for(s["leader"]).get(url).status_code == 200
    assert client_for(s["member"]).get(url).status_code == 404


def test_an_administrator_who_sees_every_round_opens_the_pack(setup):
    admin = UserFactory(role=roles.ADMINISTRATOR)
    assert client_for(admin).get(pack_url(setup["team"])).status_code == 200


def test_opening_the_pack_writes_nothing(setup):
    s = setup
    client = client_for(s["member"])  # the log-in is audited: count after it
    before = AuditEntry.objects.count()
    assert client.get(pack_url(s["team"])).status_code == 200
    assert AuditEntry.objects.count() == before
    assert not CoverageTick.objects.exists()
