"""The question bank: categories, questions, their options and accepted blank answers."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from core.taxonomy import TwoLevelCategory
from quizzes.indexing import per_object_indexing_is_suspended


class QuestionCategory(TwoLevelCategory):
    """Where a question belongs (巡察工作条例 > 巡察程序), two levels deep; draws pick from a category."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta(TwoLevelCategory.Meta):
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    FILL_BLANK = "fill_blank", _("Fill in the blank")
    ESSAY = "essay", _("Essay")


#: Kinds a person marks; every other kind is scored on the server when answered.
MANUALLY_MARKED = {QuestionKind.ESSAY}
#: Kinds whose options are Choice rows.
CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}


class Scoring(models.TextChoices):
    ALL_OR_NOTHING = "all", _("All or nothing")
    PARTIAL = "partial", _("Partial credit")


class ChoiceOrder(models.TextChoices):
    CONTENT = "content", _("As entered")
    RANDOM = "random", _("Shuffled for each attempt")


class Question(index.Indexed, ClusterableModel):
    """One question. It can sit in many categories and be used by many quizzes."""

    kind = models.CharField(_("question type"), max_length=12, choices=QuestionKind.choices)
    stem = models.TextField(
        _("question text"),
        help_text=_("For fill-in-the-blank questions mark each blank with ____ (two or more underscores)."),
    )
    figure = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("figure"),
    )
    explanation = models.TextField(_("explanation"), blank=True)
    categories = models.ManyToManyField(QuestionCategory, related_name="questions", verbose_name=_("categories"))
    articles = models.ManyToManyField(
        "regulations.RegulationArticle",
        blank=True,
        related_name="questions",
        verbose_name=_("regulation articles tested"),
    )
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    scoring = models.CharField(
        _("scoring"),
        max_length=8,
        choices=Scoring.choices,
        default=Scoring.ALL_OR_NOTHING,
        help_text=_("Multiple choice and fill-in-the-blank only."),
    )
    choice_order = models.CharField(
        _("option order"), max_length=8, choices=ChoiceOrder.choices, default=ChoiceOrder.CONTENT
    )
    true_false_answer = models.BooleanField(_("correct answer (true/false)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set by the revision impact list (revision_impact) while an article it tests was changed or removed by a
    # revision and nobody has checked the question yet: new quiz draws skip it (quizzes.services.draw_questions).
    withheld_from_draws = models.BooleanField(_("withheld from draws until checked"), default=False, editable=False)

    panels = [
        FieldPanel("kind"),
        FieldPanel("stem"),
        FieldPanel("figure"),
        FieldPanel("categories"),
        MultiFieldPanel(
            [FieldPanel("points"), FieldPanel("scoring"), FieldPanel("choice_order"), FieldPanel("true_false_answer")],
            heading=_("Answer and scoring"),
        ),
        InlinePanel("choices", heading=_("Options"), label=_("option")),
        InlinePanel("blanks", heading=_("Blanks"), label=_("blank")),
        FieldPanel("explanation"),
        FieldPanel("articles"),
    ]

    search_fields = [
        index.SearchField("stem"),
        index.SearchField("explanation"),
        index.AutocompleteField("stem"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["pk"]
        verbose_name = pgettext_lazy("quiz", "question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        stem = " ".join(self.stem.split())
        return stem if len(stem) <= 40 else stem[:39] + "…"

    def get_indexed_instance(self):
        # None: modelsearch's per-object signal handlers skip it while a bulk write indexes per batch.
        return None if per_object_indexing_is_suspended() else self

    @property
    def is_manually_marked(self) -> bool:
        return self.kind in MANUALLY_MARKED

    # What templates ask of a question's kind, so that none compares against a stored string.
    @property
    def is_single(self) -> bool:
        return self.kind == QuestionKind.SINGLE

    @property
    def is_multiple(self) -> bool:
        return self.kind == QuestionKind.MULTIPLE

    @property
    def has_choices(self) -> bool:
        """Its options are Choice rows (single or multiple choice)."""
        return self.kind in CHOICE_KINDS

    @property
    def has_options(self) -> bool:
        """Answered by choosing lettered options (single, multiple, true or false)."""
        return self.kind in (*CHOICE_KINDS, QuestionKind.TRUE_FALSE)

    @property
    def is_fill_blank(self) -> bool:
        return self.kind == QuestionKind.FILL_BLANK

    @property
    def is_essay(self) -> bool:
        return self.kind == QuestionKind.ESSAY


class Choice(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("option text"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)

    panels = [FieldPanel("text"), FieldPanel("is_correct")]

    class Meta(Orderable.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.text


class BlankAnswer(Orderable):
    """The accepted answers for one blank, in order of the blanks in the question."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="blanks")
    accepted = models.CharField(
        _("accepted answers"),
        max_length=500,
        help_text=_("Separate variants with |, for example 一把手|主要负责人."),
    )

    panels = [FieldPanel("accepted")]

    class Meta(Orderable.Meta):
        verbose_name = _("blank")
        verbose_name_plural = _("blanks")

    def __str__(self) -> str:
        return self.accepted

    @property
    def variants(self) -> list[str]:
        # Here, not at the top: scoring imports this module's QuestionKind.
        from quizzes.scoring import split_variants

        return split_variants(self.accepted)
