"""How a run ends: completed, or a red line crossed (and which one)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from scenarios.validation import GOOD_ENDING


class Ending(models.TextChoices):
    GOOD = GOOD_ENDING, pgettext_lazy("scenario ending", "Completed")
    INVESTIGATION = "red_investigation", _("Red line: investigating the case yourself")
    LEAK = "red_leak", _("Red line: leaking")
    EVIDENCE = "red_evidence", _("Red line: failing to fix the evidence")
    PROMISE = "red_promise", _("Red line: a private promise")


RED_LINES = frozenset(e for e in Ending if e != Ending.GOOD)
