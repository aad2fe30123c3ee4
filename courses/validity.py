"""How long a completion counts for a round's readiness: one small value type for each criterion group of a module.

Stored on the module as a number of months (``Module.lessons_valid_months`` and its siblings): empty for
长期有效 (forever), 0 for 仅本轮 (done on or after the day the round was set up), N for N months (done no more
than N months before the round starts: completed_at + N months >= starts_on).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: What an editor picks from (a select, not a free number: the common windows read plainly).
MONTH_CHOICES = [
    (None, _("Forever")),
    (0, _("This round only")),
    (6, _("6 months")),
    (12, _("12 months")),
    (24, _("24 months")),
    (36, _("36 months")),
]

THIS_ROUND = 0


@dataclass(frozen=True, slots=True)
class Validity:
    """None: forever; 0: this round only; N: N months before the round starts."""

    months: int | None = None

    @property
    def forever(self) -> bool:
        return self.months is None

    @property
    def this_round(self) -> bool:
        return self.months == THIS_ROUND

    def valid_from(self, *, starts_on: date, round_created_at: datetime) -> datetime | None:
        """The earliest completion time that still counts for the round; None when every completion counts."""
        if self.months is None:
            return None
        if self.months == THIS_ROUND:
            return round_created_at
        day = starts_on - relativedelta(months=self.months)
        return timezone.make_aware(datetime.combine(day, time.min))

    @property
    def study_reason(self) -> str:
        """Why an expired study completion no longer counts, for the member's row and 我的学习."""
        if self.this_round:
            return str(_("This round asks you to study it again"))
        return str(_("Studied more than %(months)s months ago") % {"months": self.months})

    @property
    def quiz_reason(self) -> str:
        if self.this_round:
            return str(_("This round asks for the quiz again"))
        return str(_("Quiz passed more than %(months)s months ago") % {"months": self.months})


def strictest(validities) -> Validity:
    """The validity that asks most of these (this round only before months, fewer months before more)."""
    found = [v for v in validities if not v.forever]
    if not found:
        return Validity()
    return min(found, key=lambda v: v.months)
