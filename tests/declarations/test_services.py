"""Agreeing: what is stored, what counts as current, and input that is refused without writing anything."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from core import roles
from declarations import selectors, services
from declarations.models import Acknowledgement, AcknowledgementKind, AcknowledgementText, RecusalEntry, RelationKind
from tests.declarations.factories import AcknowledgementTextFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONFIDENTIALITY = AcknowledgementKind.CONFIDENTIALITY
RECUSAL = AcknowledgementKind.RECUSAL
RELATIVE = {"relation": RelationKind.RELATIVE, "person_name": "张三", "relationship": "配偶", "unit_name": "城关镇"}
WORKPLACE = {"relation": RelationKind.FORMER_WORKPLACE, "unit_name": "县财政局", "position": "科员"}


def test_the_migration_seeds_version_one_of_both_texts_and_lets_staff_edit_them():
    for kind in (CONFIDENTIALITY, RECUSAL):
        text = selectors.current_text(kind)
        assert text.version == 1 and "示例" in text.title and len(text.body) > 100
    for role in roles.STAFF_ROLES:
        codenames = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        assert {"add_acknowledgementtext", "change_acknowledgementtext", "view_acknowledgementtext"} <= codenames
        assert "view_acknowledgement" in codenames
    trainee_codenames = Group.objects.get(name=roles.TRAINEE).permissions.values_list("codename", flat=True)
    assert not any("acknowledgement" in codename for codename in trainee_codenames)


def test_agreeing_stores_the_current_version_and_the_time(trainee):
    newer = AcknowledgementTextFactory(kind=CONFIDENTIALITY)
    when = timezone.now() - timedelta(hours=2)
    acknowledgement = services.agree(user=trainee, kind=CONFIDENTIALITY, now=when)
    acknowledgement.refresh_from_db()
    assert acknowledgement.text == newer and newer.version == 2
    assert acknowledgement.agreed_at == when
    assert not acknowledgement.nothing_to_declare
    assert selectors.current_acknowledgement(user=trainee, kind=CONFIDENTIALITY) == acknowledgement


def test_a_new_version_means_the_old_agreement_no_longer_counts(trainee):
    old = services.agree(user=trainee, kind=CONFIDENTIALITY)
    assert selectors.acknowledged_kinds(user_ids=[trainee.pk]) == {trainee.pk: {CONFIDENTIALITY}}
    AcknowledgementTextFactory(kind=CONFIDENTIALITY)
    assert selectors.current_acknowledgement(user=trainee, kind=CONFIDENTIALITY) is None
    assert selectors.latest_acknowledgement(user=trainee, kind=CONFIDENTIALITY) == old
    assert selectors.acknowledged_kinds(user_ids=[trainee.pk]) == {trainee.pk: set()}
    new = services.agree(user=trainee, kind=CONFIDENTIALITY)
    assert new.pk != old.pk and new.text.version == 2
    assert Acknowledgement.objects.filter(user=trainee).count() == 2


def test_nothing_to_declare_is_a_complete_recusal_declaration(trainee):
    acknowledgement = services.agree(user=trainee, kind=RECUSAL, nothing_to_declare=True)
    assert acknowledgement.nothing_to_declare and not acknowledgement.entries.exists()
    assert selectors.acknowledged_kinds(user_ids=[trainee.pk])[trainee.pk] == {RECUSAL}


def test_entries_are_stored_stripped(trainee):
    padded = {**RELATIVE, "unit_name": "  城关镇人民政府 ", "person_name": " 张三"}
    acknowledgement = services.agree(user=trainee, kind=RECUSAL, entries=[padded, WORKPLACE])
    stored = list(acknowledgement.entries.values("relation", "person_name", "relationship", "unit_name", "position"))
    assert stored == [
        {
            "relation": "relative",
            "person_name": "张三",
            "relationship": "配偶",
            "unit_name": "城关镇人民政府",
            "position": "",
        },
        {
            "relation": "former_workplace",
            "person_name": "",
            "relationship": "",
            "unit_name": "县财政局",
            "position": "科员",
        },
    ]


def test_agreeing_again_to_the_same_version_replaces_the_entries_and_the_time(trainee):
    first = services.agree(user=trainee, kind=RECUSAL, entries=[RELATIVE, WORKPLACE], now=timezone.now())
    later = timezone.now() + timedelta(days=1)
    second = services.agree(user=trainee, kind=RECUSAL, entries=[WORKPLACE], now=later)
    assert second.pk == first.pk
    assert Acknowledgement.objects.filter(user=trainee).count() == 1
    assert list(RecusalEntry.objects.values_list("unit_name", flat=True)) == ["县财政局"]
    second.refresh_from_db()
    assert second.agreed_at == later
    third = services.agree(user=trainee, kind=RECUSAL, nothing_to_declare=True)
    assert third.pk == first.pk and third.nothing_to_declare and not RecusalEntry.objects.exists()


@pytest.mark.parametrize(
    ("entries", "nothing_to_declare", "bad_fields"),
    [
        ([], False, {}),
        ([WORKPLACE], True, {}),
        ([{**RELATIVE, "person_name": ""}], False, {0: {"person_name"}}),
        ([{**RELATIVE, "relationship": "  "}], False, {0: {"relationship"}}),
        ([WORKPLACE, {**WORKPLACE, "unit_name": ""}], False, {1: {"unit_name"}}),
        ([{**WORKPLACE, "relation": "cousin"}], False, {0: {"relation"}}),
        ([{**WORKPLACE, "relation": ""}], False, {0: {"relation"}}),
        ([{**WORKPLACE, "unit_name": "单" * 121}], False, {0: {"unit_name"}}),
        ([{"relation": RelationKind.RELATIVE}], False, {0: {"unit_name", "person_name", "relationship"}}),
    ],
)
def test_refused_recusal_input_writes_nothing(trainee, entries, nothing_to_declare, bad_fields):
    with pytest.raises(services.DeclarationError) as refused:
        services.agree(user=trainee, kind=RECUSAL, entries=entries, nothing_to_declare=nothing_to_declare)
    assert {index: set(fields) for index, fields in refused.value.entry_errors.items()} == bad_fields
    assert refused.value.messages
    assert not Acknowledgement.objects.exists() and not RecusalEntry.objects.exists()


def test_a_refused_update_keeps_the_earlier_declaration(trainee):
    services.agree(user=trainee, kind=RECUSAL, entries=[WORKPLACE])
    with pytest.raises(services.DeclarationError):
        services.agree(user=trainee, kind=RECUSAL, entries=[WORKPLACE, {**RELATIVE, "person_name": ""}])
    assert list(RecusalEntry.objects.values_list("unit_name", flat=True)) == ["县财政局"]


def test_the_commitment_takes_no_entries_and_unknown_kinds_are_refused(trainee):
    with pytest.raises(services.DeclarationError):
        services.agree(user=trainee, kind=CONFIDENTIALITY, entries=[WORKPLACE])
    with pytest.raises(services.DeclarationError):
        services.agree(user=trainee, kind=CONFIDENTIALITY, nothing_to_declare=True)
    with pytest.raises(services.DeclarationError):
        services.agree(user=trainee, kind="loyalty")
    assert not Acknowledgement.objects.exists()


def test_a_kind_without_a_published_text_cannot_be_agreed(trainee):
    AcknowledgementText.objects.filter(kind=CONFIDENTIALITY).delete()
    with pytest.raises(services.DeclarationError):
        services.agree(user=trainee, kind=CONFIDENTIALITY)
    assert not Acknowledgement.objects.exists()


def test_acknowledged_kinds_runs_one_query_for_many_users(django_assert_max_num_queries):
    users = UserFactory.create_batch(30)
    for user in users[:10]:
        services.agree(user=user, kind=CONFIDENTIALITY)
    for user in users[5:15]:
        services.agree(user=user, kind=RECUSAL, nothing_to_declare=True)
    AcknowledgementTextFactory(kind=RECUSAL)
    for user in users[5:8]:
        services.agree(user=user, kind=RECUSAL, nothing_to_declare=True)
    with django_assert_max_num_queries(1):
        result = selectors.acknowledged_kinds(user_ids=[u.pk for u in users])
    assert result[users[0].pk] == {CONFIDENTIALITY}
    assert result[users[6].pk] == {CONFIDENTIALITY, RECUSAL}
    assert result[users[9].pk] == {CONFIDENTIALITY}  # agreed to recusal version 1 only
    assert result[users[12].pk] == set()
    assert result[users[29].pk] == set()
