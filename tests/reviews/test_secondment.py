"""Nothing is due after the secondment ends; no secondment, no schedule; a new secondment brings cards back."""

import datetime

import pytest

from reviews import services
from reviews.models import Rating, ReviewCard, ReviewLog
from tests.factories import RegulationArticleFactory
from tests.reviews.support import NOW, TOMORROW, local, second

pytestmark = pytest.mark.django_db


def _card(user, now=NOW):
    (card,) = services.schedule_articles(user=user, article_ids=[RegulationArticleFactory().pk], now=now)
    return card


def test_a_rating_that_would_pass_the_secondment_end_retires_the_card(trainee):
    second(trainee, ends_on=datetime.date(2025, 3, 10))
    card = services.rate_article(card=_card(trainee), rating=Rating.EASY, now=local(4, 9))  # FSRS says 12 March
    assert card.due is None
    assert card.stop_at == datetime.date(2025, 3, 10)
    assert card.memory["due"].startswith("2025-03-12")  # FSRS's own date is kept
    log = ReviewLog.objects.get()
    assert (log.due_before, log.due_after) == (TOMORROW, None)


def test_the_last_day_of_the_secondment_may_still_be_due(trainee):
    second(trainee, ends_on=datetime.date(2025, 3, 12))
    card = services.rate_article(card=_card(trainee), rating=Rating.EASY, now=local(4, 9))
    assert card.due == local(12, 9)


def test_the_member_s_own_earlier_end_caps_before_the_round_s(trainee):
    second(trainee, ends_on=datetime.date(2025, 6, 30), own_end=datetime.date(2025, 3, 5))
    card = services.rate_article(card=_card(trainee), rating=Rating.GOOD, now=local(4, 9))  # FSRS says 6 March
    assert card.due is None
    assert card.stop_at == datetime.date(2025, 3, 5)


def test_a_secondment_ending_today_schedules_nothing(trainee):
    second(trainee, ends_on=NOW.date())
    card = _card(trainee)
    assert (card.due, card.stop_at) == (None, NOW.date())


def test_without_a_secondment_cards_are_kept_but_never_due(trainee):
    card = _card(trainee)
    assert (card.due, card.stop_at) == (None, None)
    # An ended round is no secondment either.
    second(trainee, ends_on=datetime.date(2025, 3, 1))
    assert _card(trainee).due is None


def test_scheduling_again_on_a_new_secondment_brings_a_retired_card_back(trainee):
    card = _card(trainee)
    second(trainee, ends_on=datetime.date(2025, 6, 30))
    services.schedule_articles(user=trainee, article_ids=[card.article_id], now=local(20, 9))
    card.refresh_from_db()
    # Its first date (4 March) has passed: it is due straight away.
    assert (card.due, card.stop_at) == (TOMORROW, datetime.date(2025, 6, 30))


def test_a_longer_secondment_brings_a_card_back_only_if_it_reaches_the_fsrs_date(trainee):
    member = second(trainee, ends_on=datetime.date(2025, 3, 10))
    card = services.rate_article(card=_card(trainee), rating=Rating.EASY, now=local(4, 9))  # FSRS: 12 March
    assert card.due is None

    member.secondment_ends_on = datetime.date(2025, 3, 11)
    member.team.round.ends_on = datetime.date(2025, 3, 11)
    member.team.round.save()
    services.schedule_articles(user=trainee, article_ids=[card.article_id], now=local(5, 9))
    card.refresh_from_db()
    assert (card.due, card.stop_at) == (None, datetime.date(2025, 3, 11))

    second(trainee, ends_on=datetime.date(2025, 4, 30))
    services.schedule_articles(user=trainee, article_ids=[card.article_id], now=local(5, 9))
    card.refresh_from_db()
    assert (card.due, card.stop_at) == (local(12, 9), datetime.date(2025, 4, 30))


def test_refresh_applies_a_shortened_or_extended_secondment_to_every_card(trainee):
    member = second(trainee, ends_on=datetime.date(2025, 6, 30))
    good = services.rate_article(card=_card(trainee), rating=Rating.GOOD, now=local(4, 9))  # 6 March
    easy = services.rate_article(card=_card(trainee), rating=Rating.EASY, now=local(4, 9))  # 12 March

    member.secondment_ends_on = datetime.date(2025, 3, 8)
    member.save()
    assert services.refresh_schedule(user=trainee, now=local(5, 9)) == 2
    good.refresh_from_db()
    easy.refresh_from_db()
    assert (good.due, easy.due) == (local(6, 9), None)

    member.secondment_ends_on = None
    member.save()
    assert services.refresh_schedule(user=trainee, now=local(5, 9)) == 2
    assert ReviewCard.objects.get(pk=easy.pk).due == local(12, 9)
    assert services.refresh_schedule(user=trainee, now=local(5, 9)) == 0
