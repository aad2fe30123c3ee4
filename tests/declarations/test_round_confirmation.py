"""A declaration counts for a round only once the member confirms it for that round (本轮确认)."""

import pytest

from declarations import api, services
from declarations.models import AcknowledgementKind, RoundDeclaration
from tests.declarations.factories import AcknowledgementTextFactory
from tests.factories import UserFactory
from tests.rounds.factories import InspectionRoundFactory, InspectionTeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

RECUSAL = AcknowledgementKind.RECUSAL
CONFIDENTIALITY = AcknowledgementKind.CONFIDENTIALITY


def member_of(round_, user=None):
    team = InspectionTeamFactory(round=round_)
    return TeamMemberFactory(team=team, **({"user": user} if user else {})).user


def test_times_are_per_round_and_every_user_is_present(django_assert_num_queries):
    last, this = InspectionRoundFactory(), InspectionRoundFactory()
    signed, unsigned = member_of(last), member_of(this)
    member_of(this, user=signed)
    services.agree(user=signed, kind=RECUSAL, nothing_to_declare=True)
    services.agree(user=signed, kind=CONFIDENTIALITY)
    confirmed = services.confirm_for_round(user=signed, inspection_round=last, kind=RECUSAL)
    services.confirm_for_round(user=signed, inspection_round=last, kind=CONFIDENTIALITY)

    with django_assert_num_queries(2):
        times = api.round_acknowledgement_times(inspection_round=last, user_ids=[signed.pk, unsigned.pk])
    assert set(times) == {signed.pk, unsigned.pk}
    assert set(times[signed.pk]) == {RECUSAL, CONFIDENTIALITY}
    assert times[signed.pk][RECUSAL] == confirmed.confirmed_at
    assert times[unsigned.pk] == {}
    # Last round's confirmation does not count for this round, though the text is unchanged.
    assert api.round_acknowledgement_times(inspection_round=this, user_ids=[signed.pk]) == {signed.pk: {}}


def test_the_query_count_does_not_grow_with_the_people(django_assert_num_queries):
    round_ = InspectionRoundFactory()
    people = [member_of(round_) for _ in range(5)]
    for person in people:
        services.agree(user=person, kind=CONFIDENTIALITY)
        services.confirm_for_round(user=person, inspection_round=round_, kind=CONFIDENTIALITY)
    with django_assert_num_queries(2):
        times = api.round_acknowledgement_times(inspection_round=round_, user_ids=[p.pk for p in people])
    assert all(set(times[p.pk]) == {CONFIDENTIALITY} for p in people)


def test_no_users_asks_nothing(django_assert_num_queries):
    round_ = InspectionRoundFactory()
    with django_assert_num_queries(0):
        assert api.round_acknowledgement_times(inspection_round=round_, user_ids=[]) == {}


def test_a_new_text_version_asks_the_round_again():
    round_ = InspectionRoundFactory()
    person = member_of(round_)
    services.agree(user=person, kind=CONFIDENTIALITY)
    services.confirm_for_round(user=person, inspection_round=round_, kind=CONFIDENTIALITY)
    AcknowledgementTextFactory(kind=CONFIDENTIALITY)
    assert api.round_acknowledgement_times(inspection_round=round_, user_ids=[person.pk]) == {person.pk: {}}


def test_confirming_needs_membership_and_a_current_agreement():
    round_ = InspectionRoundFactory()
    outsider = UserFactory()
    services.agree(user=outsider, kind=RECUSAL, nothing_to_declare=True)
    with pytest.raises(services.DeclarationError) as refused:
        services.confirm_for_round(user=outsider, inspection_round=round_, kind=RECUSAL)
    assert "不是本轮" in str(refused.value.messages)
    member = member_of(round_)
    with pytest.raises(services.DeclarationError) as refused:
        services.confirm_for_round(user=member, inspection_round=round_, kind=RECUSAL)
    assert "先" in str(refused.value.messages)
    assert not RoundDeclaration.objects.exists()


def test_confirming_twice_keeps_one_row_with_the_later_time():
    round_ = InspectionRoundFactory()
    person = member_of(round_)
    services.agree(user=person, kind=RECUSAL, nothing_to_declare=True)
    first = services.confirm_for_round(user=person, inspection_round=round_, kind=RECUSAL)
    second = services.confirm_for_round(user=person, inspection_round=round_, kind=RECUSAL)
    assert first.pk == second.pk
    assert second.confirmed_at >= first.confirmed_at
    assert RoundDeclaration.objects.count() == 1
