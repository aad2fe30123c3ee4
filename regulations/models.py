"""Regulation editions as pages, and their articles as first-class rows.

Articles are what cases, quiz questions, study-session agendas and the review queue point at,
so each one is its own record with a stable id, URL and anchor, not text inside a page.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from core.models import SectionIndexPage


class RegulationIndexPage(SectionIndexPage):
    subpage_types = ["regulations.RegulationPage"]

    class Meta:
        verbose_name = _("regulation library")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["regulations"] = RegulationPage.objects.child_of(self).live().order_by("title")
        return context


class RegulationStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    REVISED = "revised", _("Revised")
    REPEALED = "repealed", _("Repealed")
    NOT_YET_IN_FORCE = "pending", _("Not yet in force")


class RegulationPage(Page):
    """One edition of a regulation document (法规)."""

    issuing_body = models.CharField(_("issuing body"), max_length=120, blank=True)
    document_number = models.CharField(_("document number"), max_length=80, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    status = models.CharField(
        _("validity status"), max_length=16, choices=RegulationStatus, default=RegulationStatus.IN_FORCE
    )
    preamble = models.TextField(_("preamble"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("issuing_body"),
        FieldPanel("document_number"),
        FieldPanel("effective_date"),
        FieldPanel("status"),
        FieldPanel("preamble"),
    ]
    search_fields = Page.search_fields + [index.SearchField("issuing_body"), index.SearchField("preamble")]
    parent_page_types = ["regulations.RegulationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = self.articles.order_by("ordinal")
        return context


class RegulationArticle(index.Indexed, models.Model):
    """One article (条) of one regulation edition."""

    regulation = models.ForeignKey(
        RegulationPage, on_delete=models.CASCADE, related_name="articles", verbose_name=_("regulation")
    )
    ordinal = models.PositiveIntegerField(_("position"))
    number = models.PositiveIntegerField(_("article number"))
    label = models.CharField(_("number as written"), max_length=20)
    chapter = models.CharField(_("chapter"), max_length=120, blank=True)
    section = models.CharField(_("section"), max_length=120, blank=True)
    text = models.TextField(_("text"), help_text=_("Paragraphs are separated by a blank line."))

    search_fields = [
        index.SearchField("label", boost=3),
        index.SearchField("text"),
        index.FilterField("regulation"),
    ]

    class Meta:
        ordering = ["regulation", "ordinal"]
        verbose_name = _("regulation article")
        verbose_name_plural = _("regulation articles")
        constraints = [
            models.UniqueConstraint(fields=["regulation", "ordinal"], name="unique_article_position"),
            models.UniqueConstraint(fields=["regulation", "number"], name="unique_article_number"),
        ]

    def __str__(self) -> str:
        return f"{self.regulation.title} {self.label}"

    @property
    def anchor(self) -> str:
        return f"article-{self.number}"

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]

    def get_url(self, request=None) -> str:
        return f"{self.regulation.get_url(request)}#{self.anchor}"
