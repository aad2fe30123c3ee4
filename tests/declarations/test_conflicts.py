"""Declared ties that meet the units a round inspects, flagged for the office in a bounded number of queries."""

import pytest

from declarations import selectors, services
from declarations.models import AcknowledgementKind, RelationKind
from rounds.models import TeamMember
from tests.declarations.factories import AcknowledgementTextFactory
from tests.factories import UnitTypeFactory
from tests.rounds.factories import (
    InspectedUnitFactory,
    InspectionRoundFactory,
    InspectionTeamFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db

RECUSAL = AcknowledgementKind.RECUSAL


def confirm_everywhere(user):
    """Confirm the person's current recusal declaration for every round they are a member of."""
    for membership in TeamMember.objects.filter(user=user).select_related("team__round"):
        services.confirm_for_round(user=user, inspection_round=membership.team.round, kind=RECUSAL)


def declare(user, *units, relation=RelationKind.FORMER_WORKPLACE):
    entries = [{"relation": relation, "unit_name": unit} for unit in units]
    if relation == RelationKind.RELATIVE:
        entries = [{**e, "person_name": "李四", "relationship": "父亲"} for e in entries]
    acknowledgement = services.agree(user=user, kind=RECUSAL, entries=entries)
    confirm_everywhere(user)
    return acknowledgement


@pytest.fixture
def round_setup():
    """A round inspecting 城关镇人民政府 (team 1) and 县财政局 (team 2); 县教育局 belongs to another round."""
    unit_type = UnitTypeFactory()
    round_ = InspectionRoundFactory()
    town = InspectedUnitFactory(round=round_, name="城关镇人民政府", unit_type=unit_type)
    finance = InspectedUnitFactory(round=round_, name="某某县财政局", unit_type=unit_type)
    InspectedUnitFactory(name="县教育局", unit_type=unit_type)
    first, second = InspectionTeamFactory(round=round_), InspectionTeamFactory(round=round_)
    # Parental many-to-many values reach the database when the team is saved.
    first.units.add(town)
    first.save()
    second.units.add(finance)
    second.save()
    return {"round": round_, "town": town, "finance": finance, "first": first, "second": second}


def test_a_declared_unit_of_the_round_is_flagged_with_the_unit_and_team(round_setup):
    member = TeamMemberFactory(team=round_setup["first"]).user
    acknowledgement = declare(member, "城关镇", "财政局", relation=RelationKind.RELATIVE)
    conflicts = selectors.recusal_conflicts(inspection_round=round_setup["round"])
    found = {(c.entry.unit_name, c.unit.name, c.by_own_team) for c in conflicts[member.pk]}
    assert found == {("城关镇", "城关镇人民政府", True), ("财政局", "某某县财政局", False)}
    assert {c.entry.acknowledgement_id for c in conflicts[member.pk]} == {acknowledgement.pk}


def test_units_of_other_rounds_and_unrelated_names_are_not_flagged(round_setup):
    member = TeamMemberFactory(team=round_setup["first"]).user
    declare(member, "县教育局", "城关村", "人民政府")
    nothing = TeamMemberFactory(team=round_setup["second"]).user
    services.agree(user=nothing, kind=RECUSAL, nothing_to_declare=True)
    confirm_everywhere(nothing)
    assert selectors.recusal_conflicts(inspection_round=round_setup["round"]) == {}


def test_the_declaration_confirmed_for_the_round_counts_until_another_is_confirmed(round_setup):
    member = TeamMemberFactory(team=round_setup["first"]).user
    declare(member, "城关镇")
    AcknowledgementTextFactory(kind=RECUSAL)
    # Not re-signed yet: the declaration confirmed for the round still describes real ties.
    assert list(selectors.recusal_conflicts(inspection_round=round_setup["round"])) == [member.pk]
    services.agree(user=member, kind=RECUSAL, nothing_to_declare=True)
    assert list(selectors.recusal_conflicts(inspection_round=round_setup["round"])) == [member.pk]
    confirm_everywhere(member)
    assert selectors.recusal_conflicts(inspection_round=round_setup["round"]) == {}


def test_a_declaration_not_confirmed_for_this_round_is_not_read(round_setup):
    last_round = InspectionRoundFactory()
    member = TeamMemberFactory(team=InspectionTeamFactory(round=last_round)).user
    declare(member, "城关镇")  # confirmed for last round only
    TeamMemberFactory(team=round_setup["first"], user=member)
    assert selectors.recusal_conflicts(inspection_round=round_setup["round"]) == {}
    confirm_everywhere(member)
    assert list(selectors.recusal_conflicts(inspection_round=round_setup["round"])) == [member.pk]


def test_user_ids_choose_whom_to_check(round_setup):
    member = TeamMemberFactory(team=round_setup["first"]).user
    other = TeamMemberFactory(team=round_setup["second"]).user
    declare(member, "城关镇")
    declare(other, "县财政局")
    conflicts = selectors.recusal_conflicts(inspection_round=round_setup["round"], user_ids=[other.pk])
    assert list(conflicts) == [other.pk]
    assert [(c.unit.name, c.by_own_team, c.reasons) for c in conflicts[other.pk]] == [
        ("某某县财政局", True, ("单位名称相同",))
    ]


def test_many_members_are_checked_in_a_fixed_number_of_queries(round_setup, django_assert_max_num_queries):
    members = [TeamMemberFactory(team=round_setup["first" if i % 2 else "second"]).user for i in range(40)]
    for index, user in enumerate(members):
        declare(user, "城关镇" if index % 3 == 0 else "县审计局", f"第{index}中学")
    for _ in range(20):
        InspectedUnitFactory(round=round_setup["round"], unit_type=round_setup["town"].unit_type)
    # units, members, teams, entries, decisions
    with django_assert_max_num_queries(5):
        conflicts = selectors.recusal_conflicts(inspection_round=round_setup["round"])
        units = [c.unit.name for found in conflicts.values() for c in found]
    assert len(conflicts) == 14 and set(units) == {"城关镇人民政府"}
    assert selectors.recusal_conflicts(inspection_round=InspectionRoundFactory()) == {}
