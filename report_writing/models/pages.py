"""报告写作's pages: the section, practice exercises built from cases, and the 范文 library."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.models import SectionIndexPage
from report_writing.blocks import (
    ExerciseMaterialBlock,
    ModelProblemBlock,
    ModelRecommendationBlock,
    ModelSectionBlock,
)
from report_writing.models.drafts import RUBRIC, RUBRIC_MAX
from report_writing.models.outline import DocumentKind, ReportOutline, SectionRole


class ReportWritingIndexPage(SectionIndexPage):
    subpage_types = ["report_writing.ReportExercisePage", "report_writing.ModelReportPage"]

    class Meta:
        verbose_name = _("report writing section")


class ReportExercisePage(Page):
    """A practice exercise: a scenario built from cases, with facts and evidence snippets to choose from, asking
    for one section of a report."""

    intro = models.TextField(_("short introduction"), max_length=500, blank=True)
    task = models.TextField(_("what to write"), help_text=_("The section asked for, and what a good answer covers."))
    section_role = models.CharField(
        _("section asked for"), max_length=20, choices=SectionRole.choices, default=SectionRole.PROBLEMS
    )
    outline = models.ForeignKey(
        ReportOutline,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("outline"),
        help_text=_("Empty: the default outline."),
    )
    cases = ParentalManyToManyField("cases.CasePage", blank=True, related_name="+", verbose_name=_("built from cases"))
    materials = StreamField(ExerciseMaterialBlock(), blank=True, verbose_name=_("facts and evidence to choose from"))
    #: A report_writing.ModelReportPage shown to the writer once their draft is marked.
    model_report = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("model report shown after marking"),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark"),
        default=RUBRIC_MAX * len(RUBRIC) * 2 // 3,
        help_text=_("Rubric total (out of 12) a marked draft needs for the exercise to count as completed."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("task"),
        MultiFieldPanel([FieldPanel("section_role"), FieldPanel("outline")], heading=_("the draft")),
        FieldPanel("cases"),
        FieldPanel("materials"),
        MultiFieldPanel([FieldPanel("model_report"), FieldPanel("pass_mark")], heading=_("marking")),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("task")]
    parent_page_types = ["report_writing.ReportWritingIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("report writing exercise")
        verbose_name_plural = _("report writing exercises")


class ModelReportPage(Page):
    """A 范文: a model report written for training, in the structure of a draft; publishing it requires every
    check to pass."""

    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices, default=DocumentKind.REPORT)
    summary = models.TextField(_("summary"), max_length=500, blank=True)
    sections = StreamField([("section", ModelSectionBlock())], verbose_name=_("sections"))
    problems = StreamField([("problem", ModelProblemBlock())], blank=True, verbose_name=_("problems"))
    recommendations = StreamField(
        [("recommendation", ModelRecommendationBlock())], blank=True, verbose_name=_("recommendations")
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("sections"),
        FieldPanel("problems"),
        FieldPanel("recommendations"),
    ]
    search_fields = Page.search_fields + [index.SearchField(f) for f in ("summary", "sections", "problems")]
    parent_page_types = ["report_writing.ReportWritingIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("model report")
        verbose_name_plural = _("model reports")
