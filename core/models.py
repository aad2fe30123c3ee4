"""What several apps share: the home page, unit types, and each reader's display preference."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import StartStepBlock
from core.home_panels import first_panel


class TaxonomyTerm(models.Model):
    """An editor-managed term in a short, ordered list (unit types, discovery methods ...)."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class UnitType(TaxonomyTerm):
    """The kind of unit an inspection looks at (县直部门, 乡镇, 村 ...).

    Shared: cases are classified by it now, inspection rounds will list the units they inspect by it.
    """

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("unit type")
        verbose_name_plural = _("unit types")


class SectionIndexPage(Page):
    """A top-level section of the site (regulations, cases, guides): one of each, under the home page."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    max_count = 1

    class Meta:
        abstract = True


class HomePage(Page):
    """The landing page: tells a newcomer where to start."""

    intro = models.TextField(_("introduction"), blank=True)
    start_steps = StreamField(
        [("step", StartStepBlock())],
        verbose_name=_("where to start"),
        blank=True,
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("start_steps")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cases.CaseIndexPage",
        "guides.GuideIndexPage",
        "regulations.RegulationIndexPage",
        "courses.CourseIndexPage",
        "scenarios.ScenarioIndexPage",
        "supervision.SupervisionIndexPage",
        "drills.DrillIndexPage",
        "report_writing.ReportWritingIndexPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The reader's own next step (registered by an app above core), shown before the libraries.
        context["panel"] = first_panel(request=request)
        return context


class ReadingPreference(models.Model):
    """One row per user: kept on the server so the larger text follows the reader to any device."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reading_preference")
    large_text = models.BooleanField(_("larger text"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reading preference")
        verbose_name_plural = _("reading preferences")

    def __str__(self) -> str:
        return f"{self.user} large_text={self.large_text}"
