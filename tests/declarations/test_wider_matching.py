"""Ties meet a round's units by name, by the same system and by region (a township and its villages)."""

import pytest

from declarations import selectors, services
from declarations.matching import Place, Term, UnitName, match_reasons
from declarations.models import AcknowledgementKind, RelationKind
from tests.declarations.test_conflicts import confirm_everywhere
from tests.rounds.factories import (
    InspectedUnitFactory,
    InspectionRoundFactory,
    InspectionTeamFactory,
    RegionFactory,
    TeamMemberFactory,
    UnitSystemFactory,
)

RECUSAL = AcknowledgementKind.RECUSAL
EDUCATION = Term(id=1, name="教育")
HEALTH = Term(id=2, name="卫健")
TOWN = Term(id=10, name="示例镇")
VILLAGE = Term(id=11, name="示例村", parent_id=10, parent_name="示例镇")
OTHER_VILLAGE = Term(id=12, name="另一村", parent_id=10, parent_name="示例镇")
OTHER_TOWN = Term(id=20, name="别的镇")


def place(name="某单位", system=None, region=None):
    return Place(name=UnitName(name), system=system, region=region)


def test_the_same_name_gives_its_reason():
    assert match_reasons(place("城关镇"), place("城关镇人民政府")) == ["单位名称相同"]


def test_the_same_system_gives_its_reason():
    assert match_reasons(place("县第一中学", EDUCATION), place("县教育局", EDUCATION)) == ["同一系统：教育"]
    assert match_reasons(place("县第一中学", EDUCATION), place("县卫健局", HEALTH)) == []
    assert match_reasons(place("县第一中学"), place("县教育局", EDUCATION)) == []


def test_the_same_region_gives_its_reason():
    assert match_reasons(place("甲", region=TOWN), place("乙单位", region=TOWN)) == ["同一区域：示例镇"]


def test_a_village_and_its_township_meet_either_way():
    assert match_reasons(place("甲", region=VILLAGE), place("乙单位", region=TOWN)) == ["同一区域：示例镇（含示例村）"]
    assert match_reasons(place("甲", region=TOWN), place("乙单位", region=VILLAGE)) == ["同一区域：示例镇（含示例村）"]


def test_two_villages_of_a_township_or_another_township_do_not_meet():
    assert match_reasons(place("甲", region=VILLAGE), place("乙单位", region=OTHER_VILLAGE)) == []
    assert match_reasons(place("甲", region=VILLAGE), place("乙单位", region=OTHER_TOWN)) == []
    assert match_reasons(place("甲", region=TOWN), place("乙单位")) == []


def test_every_reason_is_given_in_order():
    declared = place("城关镇中心小学", EDUCATION, VILLAGE)
    unit = place("城关镇中心小学", EDUCATION, TOWN)
    assert match_reasons(declared, unit) == ["单位名称相同", "同一系统：教育", "同一区域：示例镇（含示例村）"]


@pytest.mark.django_db
def test_conflicts_carry_the_reasons_from_the_editors_lists(django_assert_max_num_queries):
    education = UnitSystemFactory(name="教育")
    town = RegionFactory(name="示例镇")
    village = RegionFactory(name="示例村", parent=town)
    round_ = InspectionRoundFactory()
    school = InspectedUnitFactory(round=round_, name="县第二中学", system=education)
    town_hall = InspectedUnitFactory(round=round_, name="示例镇人民政府", region=town)
    InspectedUnitFactory(round=round_, name="县审计局")
    team = InspectionTeamFactory(round=round_)
    team.units.add(school)
    team.save()
    member = TeamMemberFactory(team=team).user
    services.agree(
        user=member,
        kind=RECUSAL,
        entries=[
            {
                "relation": RelationKind.RELATIVE,
                "person_name": "王五",
                "relationship": "配偶",
                "unit_name": "县第一中学",
                "system": education.pk,
            },
            {"relation": RelationKind.FORMER_WORKPLACE, "unit_name": "示例村村委会", "region": village.pk},
        ],
    )
    confirm_everywhere(member)
    with django_assert_max_num_queries(5):
        found = selectors.recusal_conflicts(inspection_round=round_)[member.pk]
        rows = sorted((c.entry.unit_name, c.unit.name, c.by_own_team, c.reasons) for c in found)
    assert rows == [
        ("县第一中学", school.name, True, ("同一系统：教育",)),
        ("示例村村委会", town_hall.name, False, ("同一区域：示例镇（含示例村）",)),
    ]
    assert all(c.pending for c in found)
