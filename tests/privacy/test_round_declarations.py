"""Per-round confirmations and ties reported mid-round reach the person's export and the anonymising."""

import pytest

from core import roles
from declarations import services as declarations
from declarations.models import AcknowledgementKind, RecusalEntry, RelationKind, RoundDeclaration
from privacy import services
from privacy.selectors import personal_data
from tests.factories import UserFactory
from tests.rounds.factories import (
    InspectionRoundFactory,
    InspectionTeamFactory,
    RegionFactory,
    TeamMemberFactory,
    UnitSystemFactory,
)

pytestmark = pytest.mark.django_db

RELATIVE = "钱七示例"


def member_with_a_reported_tie():
    round_ = InspectionRoundFactory(name="本轮示例巡察")
    member = TeamMemberFactory(team=InspectionTeamFactory(round=round_)).user
    declarations.agree(user=member, kind=AcknowledgementKind.RECUSAL, nothing_to_declare=True, confirm_rounds=[round_])
    declarations.report_tie(
        user=member,
        inspection_round=round_,
        entry={
            "relation": RelationKind.RELATIVE,
            "unit_name": "县人民医院",
            "person_name": RELATIVE,
            "relationship": "姐姐",
            "system": UnitSystemFactory(name="卫健").pk,
            "region": RegionFactory(name="示例镇").pk,
        },
    )
    return member


def test_the_export_lists_the_confirmation_and_the_reported_tie():
    member = member_with_a_reported_tie()
    text = repr(personal_data(user=member))
    assert "本轮示例巡察" in text and "回避申报" in text
    assert RELATIVE in text and "卫健" in text and "示例镇" in text
    other = UserFactory()
    assert "本轮示例巡察" not in repr(personal_data(user=other))


def test_anonymising_replaces_the_relatives_name_and_keeps_the_confirmation():
    member = member_with_a_reported_tie()
    services.anonymise_person(subject=member, actor=UserFactory(role=roles.ADMINISTRATOR))
    tie = RecusalEntry.objects.get(unit_name="县人民医院")
    assert tie.person_name != RELATIVE and tie.reported_at is not None
    assert RoundDeclaration.objects.filter(user=member).count() == 1
    assert RELATIVE not in repr(personal_data(user=member))
