"""Each writer's drafts: the sections copied from an outline, the problem entries with their evidence and
articles, the recommendations tied to the problems they answer, and a marker's rubric and inline comments.

Drafts are training material only (practice scenarios built from cases); they are written only by
report_writing.services."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.rubric import RubricMarked
from report_writing.models.outline import DocumentKind, ReportOutline, SectionRole

MARK_PERMISSION = "report_writing.mark_report_draft"
FACT_MAX_LENGTH = 300
RUBRIC_MAX = 2


class DraftStatus(models.TextChoices):
    WRITING = "writing", _("Writing")
    SUBMITTED = "submitted", _("Awaiting marking")
    MARKED = "marked", _("Marked")


class Severity(models.TextChoices):
    GENERAL = "general", _("General")
    SERIOUS = "serious", _("Serious")
    GRAVE = "grave", _("Grave")


class EvidenceSource(models.TextChoices):
    INTERVIEW = "interview", _("Interview record")
    DOCUMENT = "document", _("Documentary evidence")
    PHYSICAL = "physical", _("Physical evidence")
    AUDIT = "audit", _("Audit")
    VISIT = "visit", _("Visit")


class Responsibility(models.TextChoices):
    PRINCIPAL = "principal", _("Principal responsibility")
    SUPERVISORY = "supervisory", _("Supervisory responsibility")
    FIRST = "first", _("First person responsible")
    DIRECT = "direct", _("Directly responsible")
    LEADING = "leading", _("Leadership responsibility")


class RectificationDeadline(models.TextChoices):
    IMMEDIATE = "immediate", _("Rectify at once")
    ONE_MONTH = "one_month", _("Within one month")
    THREE_MONTHS = "three_months", _("Within three months")
    LONG_TERM = "long_term", _("Keep at it long term")


#: The fixed rubric of a report draft, in the order markers and writers read it.
RUBRIC = [
    ("facts_clear", _("Facts clear")),
    ("evidence_sufficient", _("Evidence sufficient")),
    ("characterisation_accurate", _("Characterisation accurate")),
    ("basis_accurate", _("Basis accurate")),
    ("recommendations_targeted", _("Recommendations targeted")),
    ("wording_standard", _("Wording standard")),
]


class ReportDraft(RubricMarked):
    rubric = RUBRIC

    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_drafts", verbose_name=_("writer")
    )
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices, default=DocumentKind.REPORT)
    #: The outline it was started from; its sections are copied into DraftSection, so later edits of the outline
    #: do not move a writer's text.
    outline = models.ForeignKey(
        ReportOutline, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("outline")
    )
    #: A report_writing.ReportExercisePage, or empty for free practice.
    exercise = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("exercise"),
    )
    status = models.CharField(_("status"), max_length=10, choices=DraftStatus.choices, default=DraftStatus.WRITING)
    created_at = models.DateTimeField(_("started at"))
    updated_at = models.DateTimeField(_("last saved at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    # The marker's rubric (each 0–2), filled by report_writing.services.mark_draft.
    facts_clear = models.PositiveSmallIntegerField(_("facts clear"), null=True, blank=True)
    evidence_sufficient = models.PositiveSmallIntegerField(_("evidence sufficient"), null=True, blank=True)
    characterisation_accurate = models.PositiveSmallIntegerField(_("characterisation accurate"), null=True, blank=True)
    basis_accurate = models.PositiveSmallIntegerField(_("basis accurate"), null=True, blank=True)
    recommendations_targeted = models.PositiveSmallIntegerField(_("recommendations targeted"), null=True, blank=True)
    wording_standard = models.PositiveSmallIntegerField(_("wording standard"), null=True, blank=True)

    class Meta:
        verbose_name = _("report draft")
        verbose_name_plural = _("report drafts")
        ordering = ["-updated_at", "-pk"]
        permissions = [("mark_report_draft", "Can mark report exercise drafts")]
        constraints = [
            # One draft in writing per exercise and writer: a double tap on 开始写作 finds the first.
            models.UniqueConstraint(
                fields=["writer", "exercise"],
                condition=Q(status="writing", exercise__isnull=False),
                name="one_open_draft_per_exercise",
            )
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="report_draft_marking")]

    def __str__(self) -> str:
        return self.title


class DraftSection(models.Model):
    """One section of a draft: a copy of the outline's section and the writer's text."""

    draft = models.ForeignKey(ReportDraft, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=40)
    role = models.CharField(_("role"), max_length=20, choices=SectionRole.choices)
    guidance = models.TextField(_("what to write here"), blank=True)
    in_feedback = models.BooleanField(_("in the feedback opinion"), default=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("draft section")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["draft", "position"], name="unique_draft_section_position")]

    def __str__(self) -> str:
        return self.title


class ProblemEntry(models.Model):
    """One problem: a one-sentence fact, its evidence, the articles, category and severity, and who answers for it
    (a body or post, never a name)."""

    draft = models.ForeignKey(ReportDraft, on_delete=models.CASCADE, related_name="problems")
    position = models.PositiveSmallIntegerField(_("position"))
    fact = models.CharField(_("fact (one sentence)"), max_length=FACT_MAX_LENGTH)
    categories = models.ManyToManyField(
        "cases.ProblemCategory", blank=True, related_name="+", verbose_name=_("problem categories")
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.GENERAL)
    articles = models.ManyToManyField(
        "regulations.RegulationArticle", blank=True, related_name="+", verbose_name=_("articles")
    )
    responsible_party = models.CharField(
        _("responsible body or post"), max_length=60, blank=True, help_text=_("A body or post, never a name.")
    )
    responsibility = models.CharField(
        _("kind of responsibility"), max_length=12, choices=Responsibility.choices, blank=True
    )

    class Meta:
        verbose_name = _("problem entry")
        verbose_name_plural = _("problem entries")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.fact


class ProblemEvidence(models.Model):
    problem = models.ForeignKey(ProblemEntry, on_delete=models.CASCADE, related_name="evidence")
    source = models.CharField(_("source type"), max_length=10, choices=EvidenceSource.choices)
    count = models.PositiveSmallIntegerField(
        _("how many sources"), default=1, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    note = models.CharField(_("what it shows"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} × {self.count}"


class Recommendation(models.Model):
    draft = models.ForeignKey(ReportDraft, on_delete=models.CASCADE, related_name="recommendations")
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("recommendation"), max_length=500)
    problems = models.ManyToManyField(
        ProblemEntry, blank=True, related_name="recommendations", verbose_name=_("problems it answers")
    )
    deadline = models.CharField(
        _("time limit"),
        max_length=12,
        choices=RectificationDeadline.choices,
        default=RectificationDeadline.THREE_MONTHS,
    )
    lead_party = models.CharField(_("lead body or post"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class DraftComment(models.Model):
    """A marker's comment on one section, problem or recommendation of a submitted draft (none: on the whole)."""

    draft = models.ForeignKey(ReportDraft, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(DraftSection, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    problem = models.ForeignKey(ProblemEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    text = models.CharField(_("comment"), max_length=500)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("marker's comment")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(section__isnull=True, problem__isnull=True)
                    | Q(section__isnull=True, recommendation__isnull=True)
                    | Q(problem__isnull=True, recommendation__isnull=True)
                ),
                name="draft_comment_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.text
