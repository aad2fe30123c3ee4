"""An approach (打招呼、说情) made to a member during a round, as the member recorded it. Real records of a round,
not training material: the fewest fields that say who, how, what and when; read by the round's leaders only
(interference.selectors is the one rule)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

APPROACHER_MAX_LENGTH = 60
REQUEST_MAX_LENGTH = 300
RESPONSE_MAX_LENGTH = 100
NOTE_MAX_LENGTH = 200


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    MESSAGE = "message", _("By text or WeChat message")
    INTERMEDIARY = "intermediary", _("Through someone else")
    HOSPITALITY = "hospitality", _("At a meal or with a gift")
    OTHER = "other", _("Other")


class ApproachReport(models.Model):
    round = models.ForeignKey(
        "rounds.InspectionRound",
        on_delete=models.PROTECT,
        related_name="approach_reports",
        verbose_name=_("round"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    happened_on = models.DateField(_("when it happened"))
    channel = models.CharField(_("how"), max_length=20, choices=Channel.choices)
    approacher = models.CharField(
        _("who approached you"),
        max_length=APPROACHER_MAX_LENGTH,
        help_text=_("Their position and unit are enough, no name needed."),
    )
    request = models.TextField(_("what they asked for"), max_length=REQUEST_MAX_LENGTH)
    response = models.CharField(_("how you answered"), max_length=RESPONSE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    leader_note = models.CharField(_("leader's note"), max_length=NOTE_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("approach report")
        verbose_name_plural = _("approach reports")
        indexes = [models.Index(fields=["round", "acknowledged_at"], name="interference_round_ack")]
        permissions = [("read_every_report", _("Can read every round's approach register"))]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.happened_on:%Y-%m-%d} · {self.get_channel_display()}"

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None
