"""The questions that test regulation articles, for the revision impact list (core.citing), and the switch
that keeps a question out of new quiz draws until someone has checked it against the revision."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.citing import CitingItem, repoint_many_to_many
from quizzes.models import Question, QuizQuestion

KIND = "question"

_Tested = Question.articles.through


def citations_of(*, article_ids: list[int]) -> list[CitingItem]:
    """One per (question, tested article) among these articles, noting the quizzes that always ask it:
    two queries."""
    links = list(
        _Tested.objects.filter(regulationarticle_id__in=article_ids)
        .select_related("question")
        .order_by("question_id", "regulationarticle_id")
    )
    quizzes: dict[int, list[str]] = defaultdict(list)
    placements = (
        QuizQuestion.objects.filter(question_id__in={link.question_id for link in links})
        .select_related("quiz")
        .order_by("quiz__title")
    )
    for placement in placements:
        quizzes[placement.question_id].append(placement.quiz.title)
    return [
        CitingItem(
            kind=KIND,
            object_id=link.question_id,
            title=str(link.question),
            edit_url=reverse("wagtailsnippets_quizzes_question:edit", args=[link.question_id]),
            article_id=link.regulationarticle_id,
            note=_("In quizzes: %(titles)s") % {"titles": "、".join(quizzes[link.question_id])}
            if quizzes[link.question_id]
            else "",
        )
        for link in links
    ]


def repoint(*, item_id: int, old_article_id: int, new_article_id: int, user) -> bool:
    """The question tests the new article instead of the old one."""
    with transaction.atomic():
        if not repoint_many_to_many(
            articles=Question.articles, item_id=item_id, old_article_id=old_article_id, new_article_id=new_article_id
        ):
            return False
        Question.objects.filter(pk=item_id).update(updated_at=timezone.now())
        return True


def withhold_questions(*, question_ids: list[int], withheld: bool) -> int:
    """Keep these questions out of new quiz draws (or let them back in); how many changed."""
    with transaction.atomic():
        return (
            Question.objects.filter(pk__in=question_ids)
            .exclude(withheld_from_draws=withheld)
            .update(withheld_from_draws=withheld)
        )


def withheld_question_ids(*, question_ids: list[int]) -> set[int]:
    """Those of these questions kept out of new draws."""
    return set(Question.objects.filter(pk__in=question_ids, withheld_from_draws=True).values_list("pk", flat=True))
