"""Tables of this app: the specialisms editors keep, and the ones each person declares.

Everything else on a person's 成长档案 (rounds, readiness, 学时, scores, marked work) is read from the apps that
hold it; only the declared specialisms are stored here.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TaxonomyTerm

#: Office staff who read everyone's 成长档案 and search the 人才库 (管理员; round managers by appointment).
VIEW_PROFILES = "talent.view_profiles"
#: Office staff who correct another person's declared specialisms (the person edits their own).
EDIT_SPECIALISMS = "talent.change_personspecialism"


class Specialism(TaxonomyTerm):
    """A field of expertise a round is staffed by (财经、审计、法律、组织、纪检、信息化 …)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("specialism")
        verbose_name_plural = _("specialisms")
        permissions = [("view_profiles", _("Can view everyone's growth record and search the talent pool"))]


class PersonSpecialism(models.Model):
    """One specialism a person declared (or the office recorded for them): one row per (person, specialism)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="specialisms", verbose_name=_("person")
    )
    specialism = models.ForeignKey(
        Specialism, on_delete=models.CASCADE, related_name="people", verbose_name=_("specialism")
    )
    declared_at = models.DateTimeField(_("declared at"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("declared by"),
    )

    class Meta:
        verbose_name = _("declared specialism")
        verbose_name_plural = _("declared specialisms")
        ordering = ["specialism__sort_order", "specialism__name"]
        constraints = [models.UniqueConstraint(fields=["user", "specialism"], name="unique_person_specialism")]

    def __str__(self) -> str:
        return f"{self.user} · {self.specialism}"
