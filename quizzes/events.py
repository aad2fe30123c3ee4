"""What the quizzes app announces to the apps above it (the review queue listens). Nothing here calls up.

``questions_missed``: a person got these questions wrong (an attempt was scored, or a row of the
wrong-answer book was created or missed again elsewhere). Sent inside the writing transaction with
``user``, ``question_ids`` and ``now``; receivers that write join that transaction.
"""

from django.db.models.signals import post_save
from django.dispatch import Signal

from quizzes.models import MissedQuestion

questions_missed = Signal()


def _on_missed_row(sender, instance: MissedQuestion, created: bool, raw: bool = False, update_fields=None, **kwargs):
    # The scoring service writes the book with update()/bulk_create() and sends the event itself; this
    # covers rows created or saved one by one elsewhere (the admin, demo content).
    if raw:
        return
    if not created and update_fields is not None and "times_missed" not in update_fields:
        return  # e.g. marked mastered: nothing was missed
    questions_missed.send(
        sender=MissedQuestion, user=instance.user, question_ids=[instance.question_id], now=instance.last_missed_at
    )


def connect() -> None:
    post_save.connect(_on_missed_row, sender=MissedQuestion, dispatch_uid="quizzes.missed_question_event")
