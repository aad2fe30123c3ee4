"""What a member is reminded of, read from their readiness in one round: a pure function, no queries of its own.

Three kinds of item, each with a key that stays the same while the item is open (the e-mails are sent at most
once per key and ISO week):

- ``module:<id>:not_started``: a module due within ``within_days`` days (its due date is the round's start
  minus the module's "days before start") that the member has not started;
- ``module:<id>:overdue``: a module past its due date and not complete;
- ``ack:<kind>``: a commitment the track asks for (保密承诺, 回避申报) not signed yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from readiness.api import Readiness, State

#: Criteria keys of the commitments a module may ask for (readiness.criteria.module_specs: "ack:<kind>").
ACKNOWLEDGEMENT_PREFIX = "ack:"
DEFAULT_WITHIN_DAYS = 14


@dataclass(frozen=True, slots=True)
class Reminder:
    #: Stable per item: "module:<id>:not_started", "module:<id>:overdue", "ack:<kind>".
    key: str
    text: str
    url: str
    due: date | None
    overdue: bool = False


def _date(day: date) -> str:
    return formats.date_format(day, "Y-m-d")


def reminders_for(readiness: Readiness, *, today: date, within_days: int = DEFAULT_WITHIN_DAYS) -> list[Reminder]:
    """The items the member is behind on in this round, commitments first, then modules in track order."""
    if readiness.state == State.READY:
        return []
    learning = reverse("readiness:my_learning")
    starts_on = readiness.member.team.round.starts_on
    acks: dict[str, Reminder] = {}
    modules: list[Reminder] = []
    horizon = today + timedelta(days=within_days)
    for status in readiness.modules:
        for criterion in status.criteria:
            if not criterion.key.startswith(ACKNOWLEDGEMENT_PREFIX) or criterion.done:
                continue
            due = min(status.due, starts_on) if status.due else starts_on
            known = acks.get(criterion.key)
            if known is None or due < known.due:
                acks[criterion.key] = Reminder(
                    key=criterion.key,
                    text=_("%(what)s (due by %(date)s)") % {"what": criterion.label, "date": _date(due)},
                    url=criterion.url or learning,
                    due=due,
                    overdue=due < today,
                )
        if status.due is None or status.complete:
            continue
        title = status.module.title
        if status.due < today:
            text = _("Module “%(module)s” was due by %(date)s and is not complete") % {
                "module": title,
                "date": _date(status.due),
            }
            modules.append(Reminder(f"module:{status.module.pk}:overdue", text, learning, status.due, overdue=True))
        elif status.due <= horizon and not any(c.started or c.done for c in status.criteria):
            text = _("Module “%(module)s” is due by %(date)s and not started yet") % {
                "module": title,
                "date": _date(status.due),
            }
            modules.append(Reminder(f"module:{status.module.pk}:not_started", text, learning, status.due))
    return sorted(acks.values(), key=lambda r: (r.due, r.key)) + modules
