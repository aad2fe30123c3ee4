"""The office's gazetteer and the reviewers' decisions that a flagged text is not real personal data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from desensitisation.detect import FlagKind

CLEAR_PERMISSION = "desensitisation.clear_flag"


class PlaceKind(models.TextChoices):
    COUNTY = "county", _("County or district")
    TOWNSHIP = "township", _("Township or street")
    VILLAGE = "village", _("Village or community")
    OTHER = "other", _("Other place")


class PlaceName(models.Model):
    """A real place name of the office's area that must not appear in content meant to be anonymised."""

    name = models.CharField(_("place name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PlaceKind.choices, default=PlaceKind.TOWNSHIP)
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("note")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("place name")
        verbose_name_plural = _("gazetteer")

    def __str__(self) -> str:
        return self.name


class FlagClearance(models.Model):
    """A reviewer decided that this matched text on this page is not real personal data (a fictional name in a
    示例 case, say). It holds for every later revision of the page while the page still says the same thing."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))
    kind = models.CharField(_("kind"), max_length=20, choices=FlagKind.choices)
    text = models.CharField(_("flagged text"), max_length=200)
    reason = models.CharField(_("reason"), max_length=200)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("cleared by"),
    )
    cleared_at = models.DateTimeField(_("cleared at"))

    class Meta:
        ordering = ["page_id", "kind", "text"]
        verbose_name = _("cleared flag")
        verbose_name_plural = _("cleared flags")
        permissions = [("clear_flag", _("Can clear anonymisation flags"))]
        constraints = [
            models.UniqueConstraint(fields=["page", "kind", "text"], name="desensitisation_one_clearance_per_text")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.text}"
