"""监督要点: what to look at in a kind of unit, and the coverage a team ticks while stationed there.

A ``SupervisionPointPage`` belongs to one problem category (top level or sub-type) and applies to several unit
types. Its documents to request (看什么) make a team's 调阅清单, its linked interview-guide questions
(问什么) the interview outline by interviewee role, its red flags (红旗信号) the pack's list of warning
signs. ``CoverageTick`` is one row per (team, unit, point): training data, never findings, so it holds who
ticked and when and nothing else.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.models import SectionIndexPage


class SupervisionIndexPage(SectionIndexPage):
    subpage_types = ["supervision.SupervisionPointPage"]

    class Meta:
        verbose_name = _("supervision point library")

    def get_context(self, request, *args, **kwargs):
        # Here, not at the top: the selectors import this module's page models.
        from supervision.selectors import PointFilter, filtered_points, packs_of

        context = super().get_context(request, *args, **kwargs)
        context.update(filtered_points(index_page=self, point_filter=PointFilter.from_query(request.GET)))
        context["my_teams"] = packs_of(user=request.user)
        return context


class SupervisionPointPage(Page):
    category = models.ForeignKey(
        "cases.ProblemCategory",
        on_delete=models.PROTECT,
        related_name="supervision_points",
        verbose_name=_("problem category"),
    )
    unit_types = ParentalManyToManyField(
        "core.UnitType", related_name="supervision_points", verbose_name=_("unit types it applies to")
    )
    summary = models.CharField(_("summary"), max_length=200)
    common_signs = RichTextField(_("common manifestations"), blank=True, features=["bold", "ol", "ul"])
    questions = ParentalManyToManyField(
        "guides.InterviewQuestion",
        blank=True,
        related_name="+",
        verbose_name=_("interview questions to ask"),
        help_text=_("Questions of the interview guides; their guide's interviewee role places them in the outline."),
    )
    example_cases = ParentalManyToManyField(
        "cases.CasePage", blank=True, related_name="+", verbose_name=_("example cases")
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("category", widget=forms.Select),
                FieldPanel("unit_types", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Classification"),
        ),
        InlinePanel("documents", heading=_("What to look at: documents to request"), label=_("document")),
        FieldPanel("questions"),
        FieldPanel("common_signs"),
        InlinePanel("red_flags", heading=_("Red flags"), label=_("red flag")),
        InlinePanel("article_links", heading=_("Articles it rests on"), label=_("article")),
        FieldPanel("example_cases"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("common_signs"),
        index.FilterField("category"),
        index.RelatedFields("documents", [index.SearchField("name"), index.SearchField("note")]),
        index.RelatedFields("red_flags", [index.SearchField("text")]),
    ]
    parent_page_types = ["supervision.SupervisionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("supervision point")
        verbose_name_plural = _("supervision points")

    def get_context(self, request, *args, **kwargs):
        from supervision.selectors import point_details  # here: the selectors import this module

        context = super().get_context(request, *args, **kwargs)
        context.update(point_details(point=self))
        return context


class PointDocument(Orderable):
    """A document to request (看什么): one line of the 调阅清单."""

    point = ParentalKey(SupervisionPointPage, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("document"), max_length=120)
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("Optional: what to look for in it."))

    panels = [FieldPanel("name"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("document to request")
        verbose_name_plural = _("documents to request")

    def __str__(self) -> str:
        return self.name


class PointRedFlag(Orderable):
    """A red flag (红旗信号), one line."""

    point = ParentalKey(SupervisionPointPage, on_delete=models.CASCADE, related_name="red_flags")
    text = models.CharField(_("red flag"), max_length=200)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("red flag")
        verbose_name_plural = _("red flags")

    def __str__(self) -> str:
        return self.text


class PointArticleLink(Orderable):
    """A regulation article the point rests on; shown with its citation, so it follows editions."""

    point = ParentalKey(SupervisionPointPage, on_delete=models.CASCADE, related_name="article_links")
    article = models.ForeignKey(
        "regulations.RegulationArticle", on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("article it rests on")
        constraints = [models.UniqueConstraint(fields=["point", "article"], name="unique_point_article")]


class CoverageTick(models.Model):
    """A team member's tick: this point was covered at this unit. No text: coverage is training data."""

    team = models.ForeignKey(
        "rounds.InspectionTeam", on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    unit = models.ForeignKey("rounds.InspectedUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    point = models.ForeignKey(
        SupervisionPointPage, on_delete=models.CASCADE, related_name="coverage_ticks", verbose_name=_("point")
    )
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("ticked by")
    )
    ticked_at = models.DateTimeField(_("ticked at"))

    class Meta:
        verbose_name = _("coverage tick")
        verbose_name_plural = _("coverage ticks")
        constraints = [models.UniqueConstraint(fields=["team", "unit", "point"], name="unique_coverage_tick")]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.unit_id}/{self.point_id}"
