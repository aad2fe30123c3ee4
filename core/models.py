"""What several apps share: the home page, unit types, each reader's display preference, and the office's
document layout (公文版式) every .docx export uses."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
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


def _points(verbose_name, default: str, *, low: str, high: str, help_text=""):
    """A size in points (磅) within a sane range; a Chinese message outside it."""
    return models.DecimalField(
        verbose_name,
        max_digits=4,
        decimal_places=1,
        default=Decimal(default),
        help_text=help_text,
        validators=[
            MinValueValidator(Decimal(low), message=_("Use at least %(limit_value)s pt.")),
            MaxValueValidator(Decimal(high), message=_("Use at most %(limit_value)s pt.")),
        ],
    )


def _millimetres(verbose_name, default: int, *, low: int, high: int):
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=default,
        validators=[
            MinValueValidator(low, message=_("Use at least %(limit_value)s mm.")),
            MaxValueValidator(high, message=_("Use at most %(limit_value)s mm.")),
        ],
    )


def _font_name(verbose_name, default: str):
    return models.CharField(
        verbose_name,
        max_length=40,
        default=default,
        help_text=_("The font's name as Word lists it; a computer without it shows a similar font."),
    )


@register_setting(icon="doc-full")
class OfficeDocumentLayout(BaseGenericSetting):
    """The office's document layout (公文版式) for every .docx the site writes; core.office_documents reads it.
    The defaults are the usual 公文 format: A4, margins 37/35/28/26 mm, 28 pt fixed line spacing."""

    title_font = _font_name(_("title font"), "方正小标宋简体")
    title_size = _points(_("title size (pt)"), "22", low="12", high="36")
    heading_font = _font_name(_("first-level heading font"), "黑体")
    heading_size = _points(_("first-level heading size (pt)"), "16", low="9", high="28")
    subheading_font = _font_name(_("second-level heading font"), "楷体_GB2312")
    subheading_size = _points(_("second-level heading size (pt)"), "16", low="9", high="28")
    body_font = _font_name(_("body font"), "仿宋_GB2312")
    body_size = _points(_("body size (pt)"), "16", low="9", high="28")
    table_size = _points(_("table text size (pt)"), "12", low="7.5", high="22")
    line_spacing = _points(
        _("line spacing (pt, fixed)"),
        "28",
        low="12",
        high="48",
        help_text=_("Fixed line spacing of body text; 28 pt gives the usual 22 lines a page."),
    )
    page_width = _millimetres(_("page width (mm)"), 210, low=100, high=420)
    page_height = _millimetres(_("page height (mm)"), 297, low=100, high=420)
    margin_top = _millimetres(_("top margin (mm)"), 37, low=10, high=80)
    margin_bottom = _millimetres(_("bottom margin (mm)"), 35, low=10, high=80)
    margin_left = _millimetres(_("left margin (mm)"), 28, low=10, high=80)
    margin_right = _millimetres(_("right margin (mm)"), 26, low=10, high=80)
    page_numbers = models.BooleanField(
        _("page numbers in the footer"), default=True, help_text=_("Shown as — 1 — at the foot of each page.")
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title_font"),
                FieldPanel("title_size"),
                FieldPanel("heading_font"),
                FieldPanel("heading_size"),
                FieldPanel("subheading_font"),
                FieldPanel("subheading_size"),
                FieldPanel("body_font"),
                FieldPanel("body_size"),
                FieldPanel("table_size"),
                FieldPanel("line_spacing"),
            ],
            heading=_("Fonts and spacing"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("page_width"),
                FieldPanel("page_height"),
                FieldPanel("margin_top"),
                FieldPanel("margin_bottom"),
                FieldPanel("margin_left"),
                FieldPanel("margin_right"),
                FieldPanel("page_numbers"),
            ],
            heading=_("Page"),
        ),
    ]

    class Meta:
        verbose_name = _("office document layout")

    def clean(self) -> None:
        super().clean()
        errors = {}
        width, height = self.page_width or 0, self.page_height or 0
        left, right = self.margin_left or 0, self.margin_right or 0
        top, bottom = self.margin_top or 0, self.margin_bottom or 0
        if width and width - left - right < 60:
            errors["margin_right"] = _("The left and right margins leave less than 60 mm for the text.")
        if height and height - top - bottom < 80:
            errors["margin_bottom"] = _("The top and bottom margins leave less than 80 mm for the text.")
        if self.line_spacing and self.body_size and self.line_spacing < self.body_size:
            errors["line_spacing"] = _("The line spacing must be at least the body size, or lines overlap.")
        if errors:
            raise ValidationError(errors)
