"""Reads: who is behind in the rounds that have not ended, what each person sees on the home page, and what
the round's reminders page shows (who was reminded this week, the last digest)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Max

from readiness.api import Readiness, readiness_for_round
from reminders.models import DigestSent, ReminderSent
from reminders.rules import DEFAULT_WITHIN_DAYS, Reminder, reminders_for
from rounds.api import InspectionRound, TeamMember, rounds_visible_to

#: The backend that sends nothing: the e-mail settings' way of saying "no mail here" (docs/deployment.md).
NO_MAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


def mail_configured() -> bool:
    """Whether e-mails go anywhere: every backend but the dummy one (a bare SMTP default is tried, as for 夜学)."""
    return settings.EMAIL_BACKEND != NO_MAIL_BACKEND


def within_days() -> int:
    """How many days ahead a module's due date makes it worth a reminder (REMINDERS_WITHIN_DAYS, default 14)."""
    return int(getattr(settings, "REMINDERS_WITHIN_DAYS", DEFAULT_WITHIN_DAYS))


def iso_week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Behind:
    member: TeamMember
    reminders: list[Reminder]


def current_rounds(*, today: date) -> list[InspectionRound]:
    """Rounds that have not ended, oldest start first."""
    return list(InspectionRound.objects.filter(ends_on__gte=today).order_by("starts_on", "pk"))


def behind_in_round(*, inspection_round: InspectionRound, today: date) -> list[Behind]:
    """Every member of the round with at least one item, in the dashboard's order: a fixed number of queries."""
    days = within_days()
    # Recusal conflicts do not make a reminder (the office decides them), so they are not read.
    found = []
    for readiness in readiness_for_round(inspection_round=inspection_round, with_conflicts=False):
        reminders = reminders_for(readiness, today=today, within_days=days)
        if reminders:
            found.append(Behind(readiness.member, reminders))
    return found


@dataclass(frozen=True)
class RoundReminders:
    inspection_round: InspectionRound
    reminders: list[Reminder]


def reminders_of(*, readinesses: list[Readiness], today: date) -> list[RoundReminders]:
    """The person's items in each round they are on that has not ended (``readinesses``: theirs, newest round
    first, as readiness.api gives them), newest round first (reads only)."""
    days = within_days()
    found = []
    for readiness in readinesses:
        reminders = reminders_for(readiness, today=today, within_days=days)
        if reminders:
            found.append(RoundReminders(readiness.member.team.round, reminders))
    return found


def visible_round(*, user, pk: int) -> InspectionRound | None:
    """The round if the person may see its people (its managers, and those allowed to see every round)."""
    return rounds_visible_to(user).filter(pk=pk).first()


@dataclass(frozen=True)
class BehindRow:
    member: TeamMember
    reminders: list[Reminder]
    #: When the person was last e-mailed about any item this week; None if not this week.
    reminded_at: datetime | None


@dataclass(frozen=True)
class RoundOverview:
    rows: list[BehindRow]
    #: People of the round e-mailed at least once this ISO week.
    reminded_this_week: int
    last_digest_at: datetime | None
    mail_configured: bool


def round_overview(*, inspection_round: InspectionRound, today: date) -> RoundOverview:
    behind = behind_in_round(inspection_round=inspection_round, today=today)
    sent = ReminderSent.objects.filter(round=inspection_round, week=iso_week(today))
    last_sent = dict(sent.values_list("user_id").annotate(last=Max("sent_at")).order_by())
    last_digest = DigestSent.objects.filter(round=inspection_round).aggregate(last=Max("sent_at"))["last"]
    rows = [BehindRow(b.member, b.reminders, last_sent.get(b.member.user_id)) for b in behind]
    return RoundOverview(
        rows=rows,
        reminded_this_week=len(last_sent),
        last_digest_at=last_digest,
        mail_configured=mail_configured(),
    )
