"""Attempts (sittings), one saved answer per question of an attempt, and the wrong-answer book."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quizzes.models.bank import Question
from quizzes.models.quiz import Quiz


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_MARKING = "awaiting", _("Awaiting marking")
    COMPLETED = "completed", _("Completed")


class CloseReason(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    DEADLINE = "deadline", _("Closed at the time limit")


class Attempt(models.Model):
    """One person's sitting of one quiz. The questions it drew are its AttemptAnswer rows."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("quiz"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts", verbose_name=_("user")
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    status = models.CharField(
        _("status"), max_length=12, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    close_reason = models.CharField(_("closed by"), max_length=10, choices=CloseReason.choices, blank=True)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, default=0)
    max_score = models.DecimalField(_("maximum score"), max_digits=7, decimal_places=2, default=0)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True)

    class Meta:
        ordering = ["quiz", "user", "number"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        permissions = [
            ("mark_attempt", _("Can mark attempts")),
            ("view_all_results", _("Can see everyone's quiz results, not only those of rounds one manages")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "user", "number"], name="unique_attempt_number"),
            # Two tabs pressing "start" together get the same attempt, not two.
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=Q(status="in_progress"),
                name="one_open_attempt_per_quiz",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="attempt_status_deadline")]

    def __str__(self) -> str:
        return f"{self.quiz} · {self.user} · #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.IN_PROGRESS

    @property
    def is_awaiting_marking(self) -> bool:
        return self.status == AttemptStatus.AWAITING_MARKING

    @property
    def closed_at_deadline(self) -> bool:
        return self.close_reason == CloseReason.DEADLINE

    def is_past_deadline(self, now) -> bool:
        """Still open although its time is up: the next request (or the sweep) closes it."""
        return self.is_open and self.deadline is not None and now >= self.deadline


class MarkingStatus(models.TextChoices):
    AUTO = "auto", _("Scored automatically")
    PENDING = "pending", _("Awaiting a marker")
    MARKED = "marked", _("Marked")


class AttemptAnswer(models.Model):
    """The taker's answer to one question of one attempt, saved each time it is given."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="attempt_answers")
    position = models.PositiveSmallIntegerField(_("position"))
    points = models.PositiveSmallIntegerField(_("points"))
    #: Option ids in the order this taker sees them (shuffled once, then stable on resume).
    choice_order = models.JSONField(default=list, blank=True)
    #: {"choices": [ids]}, {"value": true}, {"blanks": ["..."]} or {"text": "..."}.
    response = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    #: Answer shown with its feedback (feedback after each question): it can no longer change.
    locked = models.BooleanField(default=False)
    awarded = models.DecimalField(_("awarded"), max_digits=6, decimal_places=2, null=True, blank=True)
    is_correct = models.BooleanField(_("correct"), null=True)
    marking = models.CharField(_("marking"), max_length=8, choices=MarkingStatus.choices, default=MarkingStatus.AUTO)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(null=True, blank=True)
    marker_comment = models.TextField(_("marker's comment"), blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="unique_attempt_question"),
            models.UniqueConstraint(fields=["attempt", "position"], name="unique_attempt_position"),
        ]
        indexes = [models.Index(fields=["marking"], name="answer_marking")]

    def __str__(self) -> str:
        return f"{self.attempt} · {self.position}"

    @property
    def awaits_marker(self) -> bool:
        return self.marking == MarkingStatus.PENDING

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class MissedQuestion(models.Model):
    """错题本: one row per (user, question) the user got wrong, until they answer it right in review."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="missed_questions")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="missed_by")
    times_missed = models.PositiveIntegerField(_("times missed"), default=1)
    first_missed_at = models.DateTimeField(_("first missed"))
    last_missed_at = models.DateTimeField(_("last missed"))
    last_attempt = models.ForeignKey(Attempt, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    mastered_at = models.DateTimeField(_("mastered"), null=True, blank=True)

    class Meta:
        ordering = ["-last_missed_at"]
        verbose_name = _("missed question")
        verbose_name_plural = _("missed questions")
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="unique_missed_question")]

    def __str__(self) -> str:
        return f"{self.user} · {self.question}"
