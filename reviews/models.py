"""Review cards: one per (person, article) or (person, question), with its FSRS memory and when it is due."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Rating(models.IntegerChoices):
    """The four FSRS ratings (fsrs.Rating has the same values)."""

    AGAIN = 1, _("Forgot")
    HARD = 2, _("Hazy")
    GOOD = 3, _("Remembered")
    EASY = 4, _("Know it well")


class ReviewCard(models.Model):
    """Something one person reviews again and again: a regulation article they studied or a question they missed.

    ``memory`` is the FSRS card (``fsrs.Card.to_dict()`` without its id, which is this row's pk); its
    ``due`` is when FSRS would show the card next. ``due`` here is what the queue uses: the same time,
    or None once that time falls after ``stop_at`` (the end of the person's secondment) or when the
    person has no secondment. Such a card is retired until a later secondment brings it back.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards", verbose_name=_("person")
    )
    article = models.ForeignKey(
        "regulations.RegulationArticle",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_cards",
        verbose_name=_("regulation article"),
    )
    question = models.ForeignKey(
        "quizzes.Question",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_cards",
        verbose_name=pgettext_lazy("quiz", "question"),
    )
    memory = models.JSONField(_("FSRS state"), default=dict)
    due = models.DateTimeField(_("due"), null=True, blank=True)
    stop_at = models.DateField(_("last day it may be due"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    reviews_count = models.PositiveIntegerField(_("times reviewed"), default=0)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("review card")
        verbose_name_plural = _("review cards")
        constraints = [
            models.CheckConstraint(
                condition=(Q(article__isnull=False) & Q(question__isnull=True))
                | (Q(article__isnull=True) & Q(question__isnull=False)),
                name="review_card_article_or_question",
            ),
            models.UniqueConstraint(
                fields=["user", "article"], condition=Q(article__isnull=False), name="unique_review_card_article"
            ),
            models.UniqueConstraint(
                fields=["user", "question"], condition=Q(question__isnull=False), name="unique_review_card_question"
            ),
        ]
        indexes = [models.Index(fields=["user", "due"], name="review_card_user_due")]

    def __str__(self) -> str:
        return f"{self.user} · {self.article or self.question}"

    @property
    def is_article(self) -> bool:
        return self.article_id is not None


class ReviewLog(models.Model):
    """One review of one card: the rating given and how it moved the card."""

    card = models.ForeignKey(ReviewCard, on_delete=models.CASCADE, related_name="logs", verbose_name=_("card"))
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)
    reviewed_at = models.DateTimeField(_("reviewed"))
    due_before = models.DateTimeField(_("due before"), null=True, blank=True)
    due_after = models.DateTimeField(_("due after"), null=True, blank=True)

    class Meta:
        ordering = ["card", "reviewed_at", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=4), name="review_log_rating_1_4")]

    def __str__(self) -> str:
        return f"{self.card} · {self.get_rating_display()} · {self.reviewed_at:%Y-%m-%d}"

    @property
    def was_early(self) -> bool:
        """Reviewed before it was due (an early review is allowed and counted)."""
        return self.due_before is not None and self.reviewed_at < self.due_before
