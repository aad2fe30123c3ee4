"""A host's rehearsal of an evening (演练): the projector and the sign-in code tried out, apart from the evening.

One row per evening at most, with its own step, open question and code secret: nothing of the evening's
own state (opened, step, live question, attendance) is read or written by a rehearsal.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _new_secret() -> str:
    return secrets.token_hex(16)


class Rehearsal(models.Model):
    session = models.OneToOneField(
        "studysessions.StudySession", on_delete=models.CASCADE, related_name="rehearsal", verbose_name=_("session")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("rehearsal started"))
    current_step = models.PositiveIntegerField(_("current step"), default=0)
    live_question_id = models.PositiveIntegerField(_("open question"), null=True, blank=True)
    live_revealed = models.BooleanField(_("answers revealed"), default=False)
    # Signs the rehearsal's sign-in codes, which never sign anyone in to the evening itself.
    secret = models.CharField(max_length=32, default=_new_secret, editable=False)

    class Meta:
        verbose_name = _("rehearsal")
        verbose_name_plural = _("rehearsals")

    def __str__(self) -> str:
        return f"{self.session} ({self._meta.verbose_name})"
