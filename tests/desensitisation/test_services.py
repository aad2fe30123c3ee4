"""Clearing a flag: reviewers only, with a reason, atomic, audited; it holds while the text stays the same."""

import pytest
from django.db import IntegrityError

from audit.models import AuditEntry
from core import roles
from desensitisation import services
from desensitisation.detect import FlagKind
from desensitisation.models import FlagClearance
from desensitisation.selectors import page_flags, text_flags, uncleared_count
from tests.desensitisation.factories import PlaceNameFactory
from tests.factories import CaseIndexPageFactory, CasePageFactory, UserFactory
from tests.rounds.factories import InspectedUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    page = CasePageFactory(parent=CaseIndexPageFactory(), facts="<p>会计刘芳虚报冒领，联系电话13812345678。</p>")
    page.save_revision()
    return page


@pytest.fixture
def reviewer_user():
    return UserFactory(role=roles.REVIEWER)


def test_a_reviewer_clears_a_flag_with_a_reason_and_it_is_audited(case, reviewer_user):
    assert uncleared_count(page=case) == 2
    clearance = services.clear_flag(
        page=case, kind=FlagKind.PERSON_NAME, text="刘芳", reason=" 虚构的 示例人名 ", reviewer=reviewer_user
    )
    assert clearance.reason == "虚构的 示例人名" and clearance.cleared_by == reviewer_user
    flags = {flag.text: flag for flag in page_flags(page=case)}
    assert flags["刘芳"].cleared and flags["刘芳"].reason == "虚构的 示例人名"
    assert not flags["13812345678"].cleared
    assert uncleared_count(page=case) == 1
    entry = AuditEntry.objects.get(action="desensitisation.flag_cleared")
    assert entry.detail["text"] == "刘芳" and entry.detail["page_id"] == case.pk


def test_a_second_tap_returns_the_first_clearance(case, reviewer_user):
    first = services.clear_flag(
        page=case, kind=FlagKind.PHONE, text="13812345678", reason="示例", reviewer=reviewer_user
    )
    again = services.clear_flag(
        page=case, kind=FlagKind.PHONE, text="13812345678", reason="再次", reviewer=reviewer_user
    )
    assert again.pk == first.pk and FlagClearance.objects.count() == 1
    assert AuditEntry.objects.filter(action="desensitisation.flag_cleared").count() == 1


def test_the_database_refuses_a_duplicate_clearance(case, reviewer_user):
    services.clear_flag(page=case, kind=FlagKind.PHONE, text="13812345678", reason="示例", reviewer=reviewer_user)
    with pytest.raises(IntegrityError):
        FlagClearance.objects.create(
            page=case,
            kind=FlagKind.PHONE,
            text="13812345678",
            reason="x",
            cleared_at=FlagClearance.objects.get().cleared_at,
        )


@pytest.mark.parametrize(
    ("role", "kind", "text", "reason", "message"),
    [
        (roles.EDITOR, FlagKind.PERSON_NAME, "刘芳", "示例", "只有审核人员"),
        (roles.REVIEWER, FlagKind.PERSON_NAME, "刘芳", "   ", "请说明理由"),
        (roles.REVIEWER, FlagKind.PERSON_NAME, "刘芳", "长" * 201, "理由太长"),
        (roles.REVIEWER, FlagKind.PERSON_NAME, "王五", "示例", "最新版本中已没有"),
        (roles.REVIEWER, "nonsense", "刘芳", "示例", "未知"),
    ],
)
def test_a_refused_clearance_writes_nothing(case, role, kind, text, reason, message):
    with pytest.raises(services.ClearanceError) as refused:
        services.clear_flag(page=case, kind=kind, text=text, reason=reason, reviewer=UserFactory(role=role))
    assert message in str(refused.value)
    assert not FlagClearance.objects.exists() and not AuditEntry.objects.filter(action__startswith="desens").exists()


def test_a_clearance_survives_a_new_revision_with_the_same_text_and_lapses_when_it_changes(case, reviewer_user):
    services.clear_flag(page=case, kind=FlagKind.PERSON_NAME, text="刘芳", reason="示例", reviewer=reviewer_user)
    case.summary = "另一段概要"
    case.save_revision()
    assert [flag.cleared for flag in page_flags(page=case) if flag.text == "刘芳"] == [True]
    case.facts = "<p>会计刘芳芳虚报冒领。</p>"
    case.save_revision()
    assert [(flag.text, flag.cleared) for flag in page_flags(page=case)] == [("刘芳芳", False)]


def test_withdrawing_makes_the_flag_count_again(case, reviewer_user):
    clearance = services.clear_flag(
        page=case, kind=FlagKind.PERSON_NAME, text="刘芳", reason="示例", reviewer=reviewer_user
    )
    with pytest.raises(services.ClearanceError):
        services.withdraw_clearance(page=case, clearance_id=clearance.pk, reviewer=UserFactory(role=roles.EDITOR))
    services.withdraw_clearance(page=case, clearance_id=clearance.pk, reviewer=reviewer_user)
    assert uncleared_count(page=case) == 2
    assert AuditEntry.objects.filter(action="desensitisation.clearance_withdrawn").count() == 1


def test_the_office_gazetteer_and_round_units_are_checked():
    PlaceNameFactory(name="青石镇")
    InspectedUnitFactory(name="青石镇财政所")
    InspectedUnitFactory(name="示例县财政局")
    assert [(flag.kind, flag.text) for flag in text_flags(text="青石镇的问题由青石镇财政所和示例县财政局整改")] == [
        (FlagKind.PLACE, "青石镇"),
        (FlagKind.UNIT, "青石镇财政所"),
    ]
