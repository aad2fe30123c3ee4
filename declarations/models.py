"""Acknowledgements (保密承诺, 回避申报), each stored against the exact text version the person agreed to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class AcknowledgementKind(models.TextChoices):
    CONFIDENTIALITY = "confidentiality", _("Confidentiality commitment")
    RECUSAL = "recusal", _("Recusal declaration")


class AcknowledgementText(models.Model):
    """One version of a commitment's wording. A new version means everyone must agree again."""

    kind = models.CharField(_("kind"), max_length=16, choices=AcknowledgementKind.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=80)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    panels = [FieldPanel("kind"), FieldPanel("version"), FieldPanel("title"), FieldPanel("body")]

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("acknowledgement text")
        verbose_name_plural = _("acknowledgement texts")
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="unique_acknowledgement_version")]

    def __str__(self) -> str:
        return f"{self.title}（{self.version}）"


class Acknowledgement(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acknowledgements")
    text = models.ForeignKey(AcknowledgementText, on_delete=models.PROTECT, related_name="acknowledgements")
    agreed_at = models.DateTimeField(_("agreed"))
    #: 回避申报 only: the person declared they have nothing to declare.
    nothing_to_declare = models.BooleanField(_("nothing to declare"), default=False)

    class Meta:
        ordering = ["user", "-agreed_at"]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [models.UniqueConstraint(fields=["user", "text"], name="unique_user_acknowledgement")]

    def __str__(self) -> str:
        return f"{self.user} · {self.text}"


class RelationKind(models.TextChoices):
    RELATIVE = "relative", _("Relative")
    FORMER_WORKPLACE = "former_workplace", _("Former workplace")
    OTHER = "other", _("Other interest")


class RecusalEntry(models.Model):
    """One declared tie: a relative working at a unit, or a unit the person worked at."""

    acknowledgement = models.ForeignKey(Acknowledgement, on_delete=models.CASCADE, related_name="entries")
    relation = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)
    person_name = models.CharField(_("name of the relative"), max_length=40, blank=True)
    relationship = models.CharField(_("relationship"), max_length=20, blank=True)
    unit_name = models.CharField(_("unit"), max_length=120)
    position = models.CharField(_("position"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    system = models.ForeignKey(
        "rounds.UnitSystem", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("system")
    )
    region = models.ForeignKey(
        "rounds.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    #: Set for a tie reported during a round (报告新发现的关系): when it was reported.
    reported_at = models.DateTimeField(_("reported during the round"), null=True, blank=True)

    class Meta:
        ordering = ["acknowledgement", "pk"]
        verbose_name = _("recusal entry")
        verbose_name_plural = _("recusal entries")

    def __str__(self) -> str:
        return f"{self.get_relation_display()} · {self.unit_name}"


class RecusalOutcome(models.TextChoices):
    REASSIGNED = "reassigned", _("Duties reassigned")
    NOT_NEEDED = "not_needed", _("No recusal needed")


class RecusalDecision(models.Model):
    """What the office decided about a declared tie that meets a unit of a round (调整分工 / 无需回避).

    One per (round, person, unit): a conflict blocks the person's readiness for the round until it has one.
    A decision is about the unit, whatever ties of the person match it, and lasts for this round only.
    """

    inspection_round = models.ForeignKey(
        "rounds.InspectionRound", on_delete=models.CASCADE, related_name="recusal_decisions"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recusal_decisions")
    unit = models.ForeignKey("rounds.InspectedUnit", on_delete=models.CASCADE, related_name="recusal_decisions")
    outcome = models.CharField(_("decision"), max_length=16, choices=RecusalOutcome.choices)
    reason = models.CharField(_("reason"), max_length=300)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="recusal_decisions_made"
    )
    decided_at = models.DateTimeField(_("decided"))

    class Meta:
        ordering = ["inspection_round", "user", "unit"]
        verbose_name = _("recusal decision")
        verbose_name_plural = _("recusal decisions")
        constraints = [
            models.UniqueConstraint(fields=["inspection_round", "user", "unit"], name="unique_recusal_decision")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_outcome_display()}"


class RoundDeclaration(models.Model):
    """A member's confirmation, for one round, of their current agreement of a kind (本轮确认).

    An agreement counts for a round only once the person confirms it for that round, even when the text
    and the ties are unchanged since the last round. Ties reported during the round are added to the
    agreement this row confirms.
    """

    inspection_round = models.ForeignKey(
        "rounds.InspectionRound", on_delete=models.CASCADE, related_name="round_declarations"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="round_declarations")
    kind = models.CharField(_("kind"), max_length=16, choices=AcknowledgementKind.choices)
    acknowledgement = models.ForeignKey(Acknowledgement, on_delete=models.CASCADE, related_name="round_declarations")
    confirmed_at = models.DateTimeField(_("confirmed"))

    class Meta:
        ordering = ["inspection_round", "user", "kind"]
        verbose_name = _("confirmation for a round")
        verbose_name_plural = _("confirmations for a round")
        constraints = [
            models.UniqueConstraint(fields=["inspection_round", "user", "kind"], name="unique_round_declaration")
        ]

    def __str__(self) -> str:
        return f"{self.inspection_round} · {self.user} · {self.get_kind_display()}"
