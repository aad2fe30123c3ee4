"""Quizzes: which questions an attempt gets, when it can be taken, and what the taker may see."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from quizzes.models.bank import Question, QuestionCategory


class FeedbackMode(models.TextChoices):
    AT_END = "end", _("After the attempt is submitted")
    EACH_QUESTION = "each", _("After each question (the answer is then final)")


class Grading(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LAST = "last", _("Last attempt")


class Quiz(index.Indexed, ClusterableModel):
    title = models.CharField(_("title"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        QuestionCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quizzes",
        verbose_name=_("category"),
    )
    is_draft = models.BooleanField(
        _("draft"), default=False, help_text=_("A draft quiz can only be taken by people who can edit quizzes.")
    )

    random_order = models.BooleanField(_("random question order"), default=False)
    max_questions = models.PositiveSmallIntegerField(
        _("maximum number of questions"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    feedback_mode = models.CharField(
        _("show answers"), max_length=4, choices=FeedbackMode.choices, default=FeedbackMode.AT_END
    )
    exam_paper = models.BooleanField(
        _("exam paper"),
        default=False,
        help_text=_(
            "Every submitted attempt waits in the marking queue; the result is final once a marker confirms it."
        ),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 means unlimited; 1 makes it a single-attempt quiz.")
    )
    grading = models.CharField(_("grade by"), max_length=8, choices=Grading.choices, default=Grading.HIGHEST)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=0, validators=[MaxValueValidator(100)], help_text=_("0 means no pass mark.")
    )
    success_text = models.TextField(_("text shown on passing"), blank=True)
    fail_text = models.TextField(_("text shown on failing"), blank=True)

    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)

    # What the taker may see right after submitting, and after the quiz closes.
    show_score_after = models.BooleanField(_("score"), default=True)
    show_correctness_after = models.BooleanField(_("right or wrong"), default=True)
    show_answers_after = models.BooleanField(_("correct answers"), default=True)
    show_explanations_after = models.BooleanField(_("explanations"), default=True)
    show_score_closed = models.BooleanField(_("score"), default=True)
    show_correctness_closed = models.BooleanField(_("right or wrong"), default=True)
    show_answers_closed = models.BooleanField(_("correct answers"), default=True)
    show_explanations_closed = models.BooleanField(_("explanations"), default=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("category"),
        FieldPanel("is_draft"),
        InlinePanel(
            "fixed_questions", heading=pgettext_lazy("quiz", "Questions"), label=pgettext_lazy("quiz", "question")
        ),
        InlinePanel("draws", heading=_("Questions drawn from categories"), label=_("draw")),
        MultiFieldPanel(
            [
                FieldPanel("random_order"),
                FieldPanel("max_questions"),
                FieldPanel("feedback_mode"),
                FieldPanel("exam_paper"),
            ],
            heading=_("Questions and answers"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("max_attempts"),
                FieldPanel("grading"),
                FieldPanel("pass_mark"),
                FieldPanel("success_text"),
                FieldPanel("fail_text"),
            ],
            heading=_("Attempts and passing"),
        ),
        MultiFieldPanel(
            [FieldPanel("time_limit_minutes"), FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
            heading=_("Time"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("show_score_after"),
                        FieldPanel("show_correctness_after"),
                        FieldPanel("show_answers_after"),
                        FieldPanel("show_explanations_after"),
                    ]
                )
            ],
            heading=_("Review right after submitting"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("show_score_closed"),
                        FieldPanel("show_correctness_closed"),
                        FieldPanel("show_answers_closed"),
                        FieldPanel("show_explanations_closed"),
                    ]
                )
            ],
            heading=_("Review after the quiz closes"),
        ),
    ]

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("is_draft"),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quizzes:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The quiz must close after it opens.")})

    @property
    def feedback_after_each(self) -> bool:
        return self.feedback_mode == FeedbackMode.EACH_QUESTION

    @property
    def has_pass_mark(self) -> bool:
        return self.pass_mark > 0

    @property
    def pass_mark_label(self) -> str:
        """The pass mark as every page states it ("及格线 80%": a share of the full score, as stored); "" for none."""
        return _("pass mark %(mark)s%%") % {"mark": self.pass_mark} if self.has_pass_mark else ""


class QuizQuestion(Orderable):
    """A question every attempt gets."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="fixed_questions")
    question = models.ForeignKey(
        Question,
        on_delete=models.PROTECT,
        related_name="quiz_placements",
        verbose_name=pgettext_lazy("quiz", "question"),
    )

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        verbose_name = pgettext_lazy("quiz", "question")
        verbose_name_plural = _("questions")
        constraints = [models.UniqueConstraint(fields=["quiz", "question"], name="unique_quiz_question")]


class QuizDraw(Orderable):
    """ "Eight questions from 巡察工作条例": drawn per attempt, preferring questions the taker has not seen."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="draws")
    category = models.ForeignKey(
        QuestionCategory, on_delete=models.PROTECT, related_name="draws", verbose_name=_("category")
    )
    count = models.PositiveSmallIntegerField(_("number of questions"), validators=[MinValueValidator(1)])

    panels = [FieldPanel("category"), FieldPanel("count")]

    class Meta(Orderable.Meta):
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
