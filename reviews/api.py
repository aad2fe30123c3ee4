"""What other apps may call in the review queue. Keep it small and stable.

- courses: ``schedule_articles(user=..., article_ids=[...], now=...)`` when articles are studied;
- quizzes: ``schedule_questions(user=..., question_ids=[...], now=...)`` when answers are missed;
- rounds: ``refresh_schedule(user=...)`` after a person's secondment dates change.
"""

from reviews.selectors import review_summary
from reviews.services import refresh_schedule, schedule_articles, schedule_questions

__all__ = ["refresh_schedule", "review_summary", "schedule_articles", "schedule_questions"]
