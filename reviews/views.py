"""The review queue on a phone: today's count and a start button, then one card per screen.

Thin: rules live in reviews.services and reviews.selectors. Every page works without JavaScript.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from quizzes.api import answered_view, practice_view, raw_answer
from regulations.api import citation_of
from reviews import selectors, services
from reviews.models import Rating, ReviewCard
from reviews.presentation import FEEDBACK_OPTIONS

DONE_MESSAGE = _("Today's review is done.")


def queue(request):
    context = {
        "summary": selectors.review_summary(user=request.user),
        "first_id": selectors.next_due_card_id(user=request.user),
        "upcoming": selectors.upcoming_cards(user=request.user),
    }
    return render(request, "reviews/queue.html", context)


def next_card(request):
    """Where "next" leads: the next card due today, or the queue page once today's review is done."""
    next_id = selectors.next_due_card_id(user=request.user)
    if next_id is None:
        messages.success(request, DONE_MESSAGE)
        return redirect("reviews:queue")
    return redirect("reviews:card", card_id=next_id)


def _seen(request) -> int | None:
    try:
        return int(request.POST.get("seen", ""))
    except ValueError:
        return None


def card(request, card_id):
    try:
        card_obj: ReviewCard = selectors.card_for_user(user=request.user, pk=card_id)
    except ReviewCard.DoesNotExist:
        raise Http404 from None
    if card_obj.is_article:
        return _article_card(request, card_obj)
    return _question_card(request, card_obj)


def _left(request) -> int:
    return selectors.review_summary(user=request.user).due_today


def _article_card(request, card_obj: ReviewCard):
    """Read the article, then one tap says how well it was remembered."""
    if request.method == "POST":
        try:
            rating = Rating(int(request.POST.get("rating", "")))
        except ValueError:
            return redirect("reviews:card", card_id=card_obj.pk)
        services.rate_article(card=card_obj, rating=rating, seen=_seen(request))
        return next_card(request)
    context = {
        "card": card_obj,
        "citation": citation_of(card_obj.article),
        "ratings": Rating.choices,
        "left": _left(request),
    }
    return render(request, "reviews/article_card.html", context)


def _question_card(request, card_obj: ReviewCard):
    """Answer the question again; the answer is scored and shown with its explanation."""
    question = card_obj.question
    context = {"card": card_obj, "answered": False}
    if request.method == "POST":
        raw = raw_answer(question.kind, request.POST)
        try:
            correct = services.answer_question(card=card_obj, raw=raw, seen=_seen(request))
        except services.ReviewError as error:
            messages.error(request, str(error))
            return redirect("reviews:card", card_id=card_obj.pk)
        context.update(
            view=answered_view(question=question, raw=raw, correct=correct),
            options=FEEDBACK_OPTIONS,
            answered=True,
            next_id=selectors.next_due_card_id(user=request.user),
        )
    else:
        context["view"] = practice_view(question)
    context["left"] = _left(request)
    return render(request, "reviews/question_card.html", context)
