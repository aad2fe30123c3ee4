"""情景演练 in the room: the path the whole room takes through a scenario on an evening (or in its rehearsal), and
each person's vote at each step.

One ``RoomScenarioStep`` per step the room reached: the step's key, once the host showed the vote its
distribution (kept as counted at that moment), once the host applied a choice a copy of it (label,
consequence, rule, ending), so the record still reads right after an editor changes the scenario. Votes are
practice in the room only: they are not runs in the person's own scenario history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RoomScenarioStep(models.Model):
    session = models.ForeignKey(
        "studysessions.StudySession",
        on_delete=models.CASCADE,
        related_name="scenario_steps",
        verbose_name=_("session"),
    )
    #: Set for the host's rehearsal: its rows are never the evening's, and go with the rehearsal.
    rehearsal = models.ForeignKey(
        "studysessions.Rehearsal", on_delete=models.CASCADE, null=True, blank=True, related_name="scenario_steps"
    )
    #: The agenda item (from 0) of the scenario block.
    item = models.PositiveSmallIntegerField(_("agenda item"))
    scenario = models.ForeignKey(
        "scenarios.ScenarioPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("scenario")
    )
    position = models.PositiveSmallIntegerField(_("position in the room's path"))
    step_key = models.CharField(_("step"), max_length=40)
    revealed_at = models.DateTimeField(_("votes shown at"), null=True, blank=True)
    #: Choice id → votes, as counted when the host showed them.
    distribution = models.JSONField(_("votes per choice"), default=dict, blank=True)
    voters = models.PositiveIntegerField(_("people who voted"), default=0)
    choice_id = models.CharField(max_length=64, blank=True)
    choice_label = models.CharField(_("choice applied"), max_length=200, blank=True)
    consequence = models.TextField(_("consequence"), blank=True)
    rule = models.CharField(_("the rule behind it"), max_length=300, blank=True)
    ending = models.CharField(_("ending"), max_length=20, blank=True)
    ending_note = models.CharField(_("why it ended"), max_length=200, blank=True)
    applied_at = models.DateTimeField(_("choice applied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("scenario step in the room")
        verbose_name_plural = _("scenario steps in the room")
        ordering = ["session", "item", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "item", "position"],
                condition=Q(rehearsal__isnull=True),
                name="unique_room_scenario_step",
            ),
            models.UniqueConstraint(
                fields=["rehearsal", "item", "position"],
                condition=Q(rehearsal__isnull=False),
                name="unique_rehearsal_scenario_step",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.item} · {self.position} {self.step_key}"

    @property
    def applied(self) -> bool:
        return self.applied_at is not None


class RoomScenarioVote(models.Model):
    """A person's vote at one step of the room's scenario: one per person and step, changed by a second tap
    until the host shows the votes."""

    step = models.ForeignKey(RoomScenarioStep, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="room_scenario_votes", verbose_name=_("person")
    )
    choice_id = models.CharField(max_length=64)
    choice_label = models.CharField(_("choice voted for"), max_length=200)
    voted_at = models.DateTimeField(_("voted at"))

    class Meta:
        verbose_name = _("scenario vote in the room")
        verbose_name_plural = _("scenario votes in the room")
        constraints = [models.UniqueConstraint(fields=["step", "user"], name="unique_room_scenario_vote")]

    def __str__(self) -> str:
        return f"{self.step} · {self.user}"
