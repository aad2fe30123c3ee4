"""The member's pages for a round: confirm in one step, update then confirm, report a tie found mid-round."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from core import roles
from declarations import selectors, services
from declarations.models import AcknowledgementKind, RecusalEntry, RelationKind, RoundDeclaration
from tests.declarations.test_views import recusal_post
from tests.factories import UserFactory, client_for
from tests.rounds.factories import (
    InspectedUnitFactory,
    InspectionRoundFactory,
    InspectionTeamFactory,
    TeamMemberFactory,
    UnitSystemFactory,
)

pytestmark = pytest.mark.django_db

RECUSAL = AcknowledgementKind.RECUSAL
INDEX = reverse("declarations:index")


@pytest.fixture
def setup():
    """A round managed by an editor, inspecting 县教育局 (教育) with one team; a member who declared last round."""
    education = UnitSystemFactory(name="教育")
    manager = UserFactory(role=roles.EDITOR)
    last_round, round_ = InspectionRoundFactory(), InspectionRoundFactory()
    round_.managers.add(manager)
    round_.save()
    unit = InspectedUnitFactory(round=round_, name="县教育局", system=education)
    team = InspectionTeamFactory(round=round_)
    team.units.add(unit)
    team.save()
    member = TeamMemberFactory(team=team).user
    TeamMemberFactory(team=InspectionTeamFactory(round=last_round), user=member)
    services.agree(user=member, kind=RECUSAL, nothing_to_declare=True, confirm_rounds=[last_round])
    return {
        "round": round_,
        "last": last_round,
        "unit": unit,
        "member": member,
        "manager": manager,
        "system": education,
    }


def confirm_url(round_):
    return reverse("declarations:round_confirm", kwargs={"round_pk": round_.pk})


def tie_url(round_):
    return reverse("declarations:report_tie", kwargs={"round_pk": round_.pk})


def test_a_new_round_asks_again_and_one_tap_confirms_it_unchanged(setup):
    client = client_for(setup["member"])
    statuses = {s.inspection_round.pk: s for s in client.get(INDEX).context["round_statuses"]}
    assert statuses[setup["round"].pk].can_confirm == [RECUSAL]
    assert statuses[setup["last"].pk].recusal is not None
    assert 'data-testid="confirm-recusal"' in client.get(INDEX).content.decode()
    response = client.post(confirm_url(setup["round"]), {"kind": RECUSAL})
    assert response.status_code == 302
    confirmation = RoundDeclaration.objects.get(inspection_round=setup["round"], user=setup["member"])
    assert confirmation.acknowledgement.nothing_to_declare
    page = client.get(INDEX).content.decode()
    assert "本轮已确认" in page and "报告新发现的关系" in page


def test_updating_the_declaration_confirms_it_for_the_current_rounds(setup):
    client = client_for(setup["member"])
    post = recusal_post(
        [
            {
                "relation": RelationKind.RELATIVE,
                "unit_name": "县第一中学",
                "person_name": "王五",
                "relationship": "配偶",
                "system": setup["system"].pk,
            }
        ]
    )
    assert client.post(reverse("declarations:recusal"), post).status_code == 302
    assert RoundDeclaration.objects.filter(inspection_round=setup["round"], user=setup["member"]).exists()
    conflict = selectors.recusal_conflicts(inspection_round=setup["round"])[setup["member"].pk][0]
    assert conflict.unit == setup["unit"] and conflict.reasons == ("同一系统：教育",) and conflict.pending


def test_other_rounds_answer_404_and_a_get_does_not_confirm(setup):
    outsider_round = InspectionRoundFactory()
    client = client_for(setup["member"])
    assert client.post(confirm_url(outsider_round), {"kind": RECUSAL}).status_code == 404
    assert client.get(tie_url(outsider_round)).status_code == 404
    assert client.get(confirm_url(setup["round"])).status_code == 405
    assert not RoundDeclaration.objects.filter(inspection_round=setup["round"]).exists()


def test_a_tie_found_mid_round_becomes_an_undecided_conflict_with_its_date(setup):
    member, round_ = setup["member"], setup["round"]
    services.confirm_for_round(user=member, inspection_round=round_, kind=RECUSAL)
    client = client_for(member)
    assert client.get(tie_url(round_)).status_code == 200
    response = client.post(
        tie_url(round_),
        {
            "relation": RelationKind.RELATIVE,
            "unit_name": "县实验小学",
            "person_name": "赵六",
            "relationship": "弟弟",
            "system": setup["system"].pk,
        },
    )
    assert response.status_code == 302
    tie = RecusalEntry.objects.get(unit_name="县实验小学")
    assert tie.reported_at is not None and not tie.acknowledgement.nothing_to_declare
    audit = AuditEntry.objects.get(action=services.TIE_REPORTED)
    assert audit.subject_id == member.pk
    conflicts = selectors.recusal_conflicts(inspection_round=round_)[member.pk]
    assert [(c.unit.pk, c.pending, c.reported_at) for c in conflicts] == [(setup["unit"].pk, True, tie.reported_at)]
    page = client_for(setup["manager"]).get(reverse("declarations:round_conflicts", kwargs={"round_pk": round_.pk}))
    html = page.content.decode()
    assert "同一系统：教育" in html and 'data-testid="reported-at"' in html
    # Last round is untouched by this round's tie.
    assert selectors.recusal_conflicts(inspection_round=setup["last"]) == {}


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"relation": RelationKind.RELATIVE, "unit_name": "县实验小学"}, "亲属"),
        ({"relation": RelationKind.FORMER_WORKPLACE, "unit_name": ""}, "单位"),
        ({"relation": RelationKind.FORMER_WORKPLACE, "unit_name": "县实验小学", "system": "999999"}, "列表"),
    ],
)
def test_a_refused_tie_says_why_in_chinese_and_writes_nothing(setup, post, message):
    member, round_ = setup["member"], setup["round"]
    services.confirm_for_round(user=member, inspection_round=round_, kind=RECUSAL)
    response = client_for(member).post(tie_url(round_), post)
    assert response.status_code == 400 and message in response.content.decode()
    assert not RecusalEntry.objects.exists()
    assert not AuditEntry.objects.filter(action=services.TIE_REPORTED).exists()


def test_a_tie_needs_the_declaration_confirmed_for_the_round_first(setup):
    response = client_for(setup["member"]).post(
        tie_url(setup["round"]), {"relation": RelationKind.FORMER_WORKPLACE, "unit_name": "县实验小学"}
    )
    assert response.status_code == 400 and "请先确认本轮回避申报" in response.content.decode()
    assert not RecusalEntry.objects.exists()
