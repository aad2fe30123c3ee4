"""The case library (案例库): structured, anonymised inspection cases."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cases.forms import CasePageForm
from core.models import SectionIndexPage, TaxonomyTerm
from core.taxonomy import TwoLevelCategory


class ProblemCategory(TwoLevelCategory):
    """Editor-managed taxonomy of problems, two levels deep (违反六项纪律 > 廉洁纪律)."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)

    class Meta(TwoLevelCategory.Meta):
        verbose_name = _("problem category")
        verbose_name_plural = _("problem categories")


class DiscoveryMethod(TaxonomyTerm):
    """How a problem was found (个别谈话, 查阅资料 ...)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("discovery method")
        verbose_name_plural = _("discovery methods")


class CaseIndexPage(SectionIndexPage):
    subpage_types = ["cases.CasePage"]

    class Meta:
        verbose_name = _("case library")

    def get_context(self, request, *args, **kwargs):
        # Here, not at the top: the selectors import this module's page models.
        from cases.selectors import CaseFilter, filtered_cases

        context = super().get_context(request, *args, **kwargs)
        case_filter = CaseFilter.from_query(request.GET)
        context.update(filtered_cases(index_page=self, case_filter=case_filter))
        return context


class CaseTag(TaggedItemBase):
    content_object = ParentalKey("cases.CasePage", on_delete=models.CASCADE, related_name="tagged_items")


class CasePage(Page):
    base_form_class = CasePageForm

    unit_type = models.ForeignKey(
        "core.UnitType", on_delete=models.PROTECT, related_name="cases", verbose_name=_("unit type")
    )
    categories = ParentalManyToManyField(ProblemCategory, related_name="cases", verbose_name=_("problem categories"))
    discovery_methods = ParentalManyToManyField(
        DiscoveryMethod, related_name="cases", verbose_name=_("how it was found")
    )
    summary = models.CharField(_("summary"), max_length=200)
    facts = RichTextField(_("facts (anonymised)"), features=["bold", "italic", "ol", "ul"])
    characterisation = models.TextField(_("characterisation"))
    characterisation_basis = RichTextField(_("basis of the characterisation"), features=["bold", "ol", "ul", "link"])
    rectification = RichTextField(_("rectification outcome"), blank=True, features=["bold", "ol", "ul"])
    inspection_tips = RichTextField(_("lessons for inspectors"), blank=True, features=["bold", "ol", "ul"])
    tags = ClusterTaggableManager(through=CaseTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("unit_type", widget=forms.Select),
                # Tick boxes: a short list, easier than a multi-select for editors on any device.
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("discovery_methods", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("Classification"),
        ),
        FieldPanel("facts"),
        FieldPanel("characterisation"),
        FieldPanel("characterisation_basis"),
        InlinePanel("article_links", heading=_("Related regulation articles"), label=_("article")),
        FieldPanel("rectification"),
        FieldPanel("inspection_tips"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("facts"),
        index.SearchField("characterisation"),
        index.SearchField("characterisation_basis"),
        index.SearchField("rectification"),
        index.SearchField("inspection_tips"),
        index.FilterField("unit_type"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["cases.CaseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def get_context(self, request, *args, **kwargs):
        from cases.selectors import related_articles  # here: the selectors import this module

        context = super().get_context(request, *args, **kwargs)
        context["article_links"] = related_articles(case=self)
        return context


class CaseArticleLink(Orderable):
    """A regulation article a case turns on: the basis of its characterisation."""

    case = ParentalKey(CasePage, on_delete=models.CASCADE, related_name="article_links")
    article = models.ForeignKey(
        "regulations.RegulationArticle",
        on_delete=models.CASCADE,
        related_name="case_links",
        verbose_name=_("article"),
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")
        constraints = [models.UniqueConstraint(fields=["case", "article"], name="unique_case_article")]
