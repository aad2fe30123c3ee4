"""A recusal conflict blocks readiness until the round's managers record a decision (调整分工 / 无需回避)."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from core import roles
from declarations import services
from declarations.models import RecusalDecision, RecusalOutcome
from readiness.rules import State, readiness_for_round
from tests.declarations.test_conflicts import declare
from tests.factories import UserFactory, client_for
from tests.readiness.test_dashboard import build_round, complete, dashboard_url
from tests.rounds.factories import InspectedUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    """A round whose first member studied everything and declared a tie with a unit their own team inspects."""
    data = build_round(per_team=1, modules=1)
    unit = InspectedUnitFactory(round=data["round"], name="城关镇人民政府")
    data["teams"][0].units.add(unit)
    data["teams"][0].save()
    member = data["members"][0].user
    complete(member, data["lessons"])
    declare(member, "城关镇")
    return {**data, "unit": unit, "member": member}


def state_of(data, user) -> str:
    return next(r for r in readiness_for_round(inspection_round=data["round"]) if r.member.user_id == user.pk).state


def decide(
    data, *, by=None, outcome=RecusalOutcome.NOT_NEEDED, reason="曾在该镇工作，已调离五年，与现任班子无利害关系"
):
    return services.decide_conflict(
        inspection_round=data["round"],
        user_id=data["member"].pk,
        unit_id=data["unit"].pk,
        outcome=outcome,
        reason=reason,
        decided_by=by or data["manager"],
    )


def test_a_conflict_blocks_readiness_until_the_office_decides(data):
    assert state_of(data, data["member"]) == State.RECUSAL_PENDING
    result = next(
        r for r in readiness_for_round(inspection_round=data["round"]) if r.member.user_id == data["member"].pk
    )
    assert result.reached_at is None
    assert "巡察办" in result.missing[-1]
    decide(data, outcome=RecusalOutcome.REASSIGNED, reason="调整到第二组，不参与该镇巡察")
    assert state_of(data, data["member"]) == State.READY


def test_a_member_still_studying_keeps_their_learning_state_and_shows_the_conflict(data):
    other = data["members"][1].user
    declare(other, "城关镇")
    results = {r.member.user_id: r for r in readiness_for_round(inspection_round=data["round"])}
    assert results[other.pk].state == State.NOT_STARTED
    assert [c.pending for c in results[other.pk].conflicts] == [True]


def test_the_decision_is_audited_with_the_person_it_concerns_and_can_be_changed(data):
    first = decide(data)
    changed = decide(data, outcome=RecusalOutcome.REASSIGNED, reason="改为调整分工")
    assert changed.pk == first.pk and RecusalDecision.objects.count() == 1
    entries = AuditEntry.objects.filter(action=services.RECUSAL_DECIDED).order_by("pk")
    assert [(e.subject_id, e.actor_id, e.detail["outcome"], e.detail["changed"]) for e in entries] == [
        (data["member"].pk, data["manager"].pk, "not_needed", False),
        (data["member"].pk, data["manager"].pk, "reassigned", True),
    ]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"by": "outsider"}, "只有本轮巡察的管理人员"),
        ({"reason": "   "}, "理由"),
        ({"outcome": "ignored"}, "请选择决定"),
        ({"unit": "other"}, "没有申报"),
    ],
)
def test_refused_decisions_say_why_in_chinese_and_write_nothing(data, change, message):
    kwargs = {}
    if change.get("by") == "outsider":
        kwargs["by"] = UserFactory(role=roles.EDITOR)
    if "reason" in change:
        kwargs["reason"] = change["reason"]
    if "outcome" in change:
        kwargs["outcome"] = change["outcome"]
    if change.get("unit") == "other":
        data = {**data, "unit": InspectedUnitFactory(round=data["round"], name="县财政局")}
    with pytest.raises(services.DeclarationError) as refused:
        decide(data, **kwargs)
    assert message in " ".join(refused.value.messages)
    assert not RecusalDecision.objects.exists()
    assert not AuditEntry.objects.filter(action=services.RECUSAL_DECIDED).exists()


def test_the_manager_decides_on_the_conflict_page_and_the_dashboard_shows_it(data):
    client = client_for(data["manager"])
    dashboard = client.get(dashboard_url(data)).content.decode()
    conflicts_url = reverse("declarations:round_conflicts", args=[data["round"].pk])
    assert conflicts_url in dashboard and 'data-testid="pending-conflicts"' in dashboard
    assert "回避待定" in dashboard and "已就绪" not in dashboard.split("<tbody>")[1]

    page = client.get(conflicts_url)
    assert page.status_code == 200 and page.content.decode().count('data-testid="pending"') == 1
    assert AuditEntry.objects.filter(action="declarations.round_conflicts_viewed").count() == 1

    empty = client.post(conflicts_url, {"user": data["member"].pk, "unit": data["unit"].pk, "outcome": "not_needed"})
    assert empty.status_code == 400 and "请用一句话写明决定的理由" in empty.content.decode()
    assert not RecusalDecision.objects.exists()

    done = client.post(
        conflicts_url,
        {"user": data["member"].pk, "unit": data["unit"].pk, "outcome": "reassigned", "reason": "调到第二组"},
    )
    assert done.status_code == 302
    assert RecusalDecision.objects.get().decided_by == data["manager"]
    dashboard = client.get(dashboard_url(data)).content.decode()
    assert "已决定：调整分工（调到第二组" in dashboard and 'data-testid="pending-conflicts"' not in dashboard


def test_people_who_do_not_manage_the_round_get_a_404(data):
    conflicts_url = reverse("declarations:round_conflicts", args=[data["round"].pk])
    for user in (data["member"], UserFactory(role=roles.EDITOR)):
        client = client_for(user)
        assert client.get(conflicts_url).status_code == 404
        post = {"user": data["member"].pk, "unit": data["unit"].pk, "outcome": "reassigned", "reason": "x"}
        assert client.post(conflicts_url, post).status_code == 404
    assert not RecusalDecision.objects.exists()


def test_the_member_is_told_on_my_learning_and_home_why_they_are_not_ready_yet(data):
    client = client_for(data["member"])
    learning = client.get(reverse("readiness:my_learning")).content.decode()
    assert 'data-testid="recusal-pending"' in learning and "回避待定" in learning
    decide(data)
    learning = client.get(reverse("readiness:my_learning")).content.decode()
    assert 'data-testid="recusal-pending"' not in learning and "已就绪" in learning


def test_a_lesson_pages_lock_does_not_read_recusal_conflicts(data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from readiness.path import lesson_lock

    lesson = data["lessons"][0]
    with CaptureQueriesContext(connection) as queries:
        assert lesson_lock(user=data["member"], lesson_id=lesson.pk) is None
    assert queries.captured_queries
    assert not [q["sql"] for q in queries.captured_queries if "declarations_recusal" in q["sql"]]
    # The readiness the dashboard reads still holds the conflict.
    assert state_of(data, data["member"]) == State.RECUSAL_PENDING
