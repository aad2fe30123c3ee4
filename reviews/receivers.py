"""The review queue listens to the apps below it; none of them calls it.

- quizzes ``questions_missed``: missed questions come back in the queue;
- courses ``articles_studied``: studied articles come back in the queue (反复学);
- drills ``articles_missed``: articles a 定性 drill left out come back in the queue;
- rounds ``secondment_changed``: the person's cards are re-capped at their secondment's end.
"""

from django.db import transaction

from courses.api import articles_studied
from drills.api import articles_missed
from quizzes.api import questions_missed
from reviews.services import refresh_schedule, schedule_articles, schedule_questions
from rounds.api import secondment_changed


def _on_questions_missed(sender, *, user, question_ids, now, **kwargs) -> None:
    schedule_questions(user=user, question_ids=question_ids, now=now)


def _on_articles_studied(sender, *, user, article_ids, now, **kwargs) -> None:
    schedule_articles(user=user, article_ids=article_ids, now=now)


def _on_articles_missed(sender, *, user, article_ids, now, **kwargs) -> None:
    schedule_articles(user=user, article_ids=article_ids, now=now)


def _on_secondment_changed(sender, *, user, **kwargs) -> None:
    # After commit: the secondment's dates are read back from the database.
    transaction.on_commit(lambda: refresh_schedule(user=user))


def connect() -> None:
    questions_missed.connect(_on_questions_missed, dispatch_uid="reviews.questions_missed")
    articles_studied.connect(_on_articles_studied, dispatch_uid="reviews.articles_studied")
    articles_missed.connect(_on_articles_missed, dispatch_uid="reviews.drills_articles_missed")
    secondment_changed.connect(_on_secondment_changed, dispatch_uid="reviews.secondment_changed")
