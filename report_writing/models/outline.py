"""What editors keep for report writing: the office's outlines, the list of vague wordings a team leader strikes
out, and the rule or article each check cites."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable


class DocumentKind(models.TextChoices):
    REPORT = "report", _("Inspection report")
    FEEDBACK = "feedback", _("Feedback opinion")


class SectionRole(models.TextChoices):
    """What a section of an outline is for; the checks and the lists read the roles, not the titles."""

    BASIC = "basic", _("Basic situation")
    PROBLEMS = "problems", _("Main problems found")
    CLUES = "clues", _("Problem leads handed over")
    PREVIOUS_ROUND = "previous_round", _("Rectification after the previous round")
    RECOMMENDATIONS = "recommendations", _("Opinions and recommendations")
    OTHER = "other", _("Other")


class ReportOutline(ClusterableModel):
    """An office's outline of a report: its sections in order. A draft copies the outline when it starts."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_default = models.BooleanField(
        _("default outline"), default=False, help_text=_("New drafts without an exercise use this outline.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("is_default"),
        InlinePanel("sections", label=_("sections"), min_num=1),
    ]

    class Meta:
        verbose_name = _("report outline")
        verbose_name_plural = _("report outlines")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="one_default_outline")
        ]

    def __str__(self) -> str:
        return self.name


class OutlineSection(Orderable):
    outline = ParentalKey(ReportOutline, on_delete=models.CASCADE, related_name="sections")
    #: Without its number: 一、二、… are added when a draft is shown or exported.
    title = models.CharField(_("title"), max_length=40)
    role = models.CharField(_("role"), max_length=20, choices=SectionRole.choices, default=SectionRole.OTHER)
    guidance = models.TextField(_("what to write here"), blank=True)
    in_feedback = models.BooleanField(
        _("in the feedback opinion"),
        default=True,
        help_text=_("Sections such as the leads handed over stay out of the feedback given to the unit."),
    )

    panels = [FieldPanel("title"), FieldPanel("role"), FieldPanel("guidance"), FieldPanel("in_feedback")]

    class Meta(Orderable.Meta):
        verbose_name = _("outline section")
        verbose_name_plural = _("outline sections")

    def __str__(self) -> str:
        return self.title


class VagueWording(models.Model):
    """A wording that judges instead of stating ("问题突出"): flagged when its sentence has no number or instance."""

    phrase = models.CharField(_("wording"), max_length=20, unique=True)
    suggestion = models.CharField(_("write instead"), max_length=200, blank=True)

    panels = [FieldPanel("phrase"), FieldPanel("suggestion")]

    class Meta:
        verbose_name = _("vague wording")
        verbose_name_plural = _("vague wordings")
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class CheckCode(models.TextChoices):
    """The checks a team leader makes on a draft (report_writing.checks)."""

    VAGUE_WORDING = "vague_wording", _("Adjectives instead of facts")
    NO_EVIDENCE = "no_evidence", _("Problem without evidence")
    SINGLE_SOURCE = "single_source", _("Problem resting on a single source")
    NO_ARTICLE = "no_article", _("Problem without an article")
    SEVERAL_DISCIPLINES = "several_disciplines", _("One problem tagged with several disciplines")
    UNANSWERED_RECOMMENDATION = "recommendation_without_problem", _("Recommendation answering no problem")
    PROBLEM_WITHOUT_RECOMMENDATION = "problem_without_recommendation", _("Problem without a recommendation")
    NO_PREVIOUS_ROUND = "no_previous_round", _("Missing rectification of the previous round")
    SUPERSEDED_ARTICLE = "superseded_article", _("Citation of a superseded edition")


class CheckBasis(models.Model):
    """The rule behind one check, as the office words it, and optionally the article it rests on."""

    code = models.CharField(_("check"), max_length=40, choices=CheckCode.choices, unique=True)
    rule = models.CharField(_("the rule behind it (one line)"), max_length=200)
    article = models.ForeignKey(
        "regulations.RegulationArticle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("article"),
    )

    panels = [FieldPanel("code"), FieldPanel("rule"), FieldPanel("article")]

    class Meta:
        verbose_name = _("check basis")
        verbose_name_plural = _("check bases")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.get_code_display()
