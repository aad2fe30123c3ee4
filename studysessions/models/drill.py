"""定性练习 in the room: one answer per person and drill item of an evening (the category their phone chose).

Practice in the room only: it is not an attempt in the person's own drill history (drills.DrillAttempt needs the
articles and a 定性 sentence, which a tap in the room does not give)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoomDrillAnswer(models.Model):
    session = models.ForeignKey(
        "studysessions.StudySession", on_delete=models.CASCADE, related_name="drill_answers", verbose_name=_("session")
    )
    #: The agenda item (from 0) of the drill block; with the case, what the answers are counted for.
    item = models.PositiveSmallIntegerField(_("agenda item"))
    case = models.ForeignKey("cases.CasePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("case"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="room_drill_answers", verbose_name=_("person")
    )
    category = models.ForeignKey(
        "cases.ProblemCategory", on_delete=models.PROTECT, related_name="+", verbose_name=_("chosen category")
    )
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("characterisation answer in the room")
        verbose_name_plural = _("characterisation answers in the room")
        constraints = [
            models.UniqueConstraint(fields=["session", "item", "user"], name="unique_room_drill_answer"),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.item} · {self.user}"
