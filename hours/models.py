"""Tables of this app: the minutes a practice earns (a site setting) and the 结业证明 issued when a track is done.

学时 themselves are never stored: they are computed from the records the other apps keep (hours.credits).
A certificate freezes what it certified (the minutes, the round's and track's names, the day) so it reads the
same whatever is edited later.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

VERIFY_CERTIFICATE = "hours.verify_certificate"


def _minutes(verbose_name, default: int, help_text):
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=default,
        validators=[MinValueValidator(0), MaxValueValidator(600)],
        help_text=help_text,
    )


@register_setting(icon="time")
class HoursSettings(BaseGenericSetting):
    """How many minutes a practice counts for (a lesson counts its own estimate, an evening its length)."""

    drill_minutes = _minutes(
        _("minutes per drill case"), 10, _("Counted once per case, the first time the person answers it.")
    )
    scenario_minutes = _minutes(
        _("minutes per scenario"), 20, _("Counted once per scenario, the first time the person completes it.")
    )
    report_exercise_minutes = _minutes(
        _("minutes per report writing exercise"),
        60,
        _("Counted once per exercise, the first time the person's draft for it is marked."),
    )
    office_name = models.CharField(
        _("office name on certificates"),
        max_length=60,
        default="县委巡察工作领导小组办公室",
        help_text=_("Printed at the foot of each certificate of completion (结业证明)."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("drill_minutes"), FieldPanel("scenario_minutes"), FieldPanel("report_exercise_minutes")],
            heading=_("Minutes credited for practice"),
        ),
        FieldPanel("office_name"),
    ]

    class Meta:
        verbose_name = _("study hours")

    @classmethod
    def current(cls) -> "HoursSettings":
        """The saved values, or the defaults while nobody has saved the setting. Not ``load()``: that creates
        the row, and a GET (我的学时) must never write."""
        return cls.objects.order_by("pk").first() or cls()


class Certificate(models.Model):
    """结业证明: one per person, round and track, issued by the person once the track is complete."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("person")
    )
    inspection_round = models.ForeignKey(
        "rounds.InspectionRound",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("round"),
    )
    track = models.ForeignKey(
        "courses.Track", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("track")
    )
    holder_name = models.CharField(_("holder's name"), max_length=150)
    round_name = models.CharField(_("round"), max_length=80)
    track_name = models.CharField(_("track"), max_length=80)
    minutes = models.PositiveIntegerField(_("minutes of study"))
    issued_on = models.DateField(_("certificate issued on"))
    code = models.CharField(_("verification code"), max_length=12, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("certificate of completion")
        verbose_name_plural = _("certificates of completion")
        constraints = [
            models.UniqueConstraint(fields=["user", "inspection_round", "track"], name="hours_one_certificate"),
        ]
        permissions = [("verify_certificate", _("Can look up a certificate by its verification code"))]

    def __str__(self) -> str:
        return f"{self.code} · {self.round_name}"

    @property
    def hours(self) -> str:
        return format_hours(self.minutes)


def format_hours(minutes: int) -> str:
    """学时 as hours with one decimal (90 minutes → "1.5")."""
    return f"{minutes / 60:.1f}"
