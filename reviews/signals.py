"""A question that lands in (or comes back to) the wrong-answer book goes into the review queue.

quizzes.services raises ``times_missed`` with a queryset ``update()``, which sends no signal; that path
calls ``reviews.api.schedule_questions`` itself. This receiver covers rows created or saved elsewhere.
"""

from django.db.models.signals import post_save

from quizzes.models import MissedQuestion
from reviews.services import schedule_questions


def _on_missed(sender, instance: MissedQuestion, created: bool, raw: bool = False, update_fields=None, **kwargs):
    if raw:
        return
    if not created and update_fields is not None and "times_missed" not in update_fields:
        return  # e.g. marked mastered: nothing was missed
    schedule_questions(user=instance.user, question_ids=[instance.question_id], now=instance.last_missed_at)


def connect() -> None:
    post_save.connect(_on_missed, sender=MissedQuestion, dispatch_uid="reviews.schedule_missed_question")
