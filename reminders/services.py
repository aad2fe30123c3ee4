"""Writes: the reminder e-mails (``send_reminders``, run daily by manage.py send_reminders).

Each member behind schedule gets one e-mail listing the items not sent to them yet this ISO week; each manager
of a round with someone behind gets one digest per round and week. As for the 夜学 reminders, the row
(`ReminderSent`, `DigestSent`) is written in the same transaction as the e-mail is handed to the backend: a
failed send leaves no row and is retried on the next run, and a second run, or two at once, sends nothing
again (the unique constraints). Without mail (the dummy backend) nothing is sent and nothing is written: the
items still show on the home page.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.api import record_export
from core.addresses import site_url
from core.labels import person_name
from reminders.models import DigestSent, ReminderSent
from reminders.rules import Reminder
from reminders.selectors import Behind, behind_in_round, current_rounds, iso_week, mail_configured
from rounds.api import InspectionRound

logger = logging.getLogger(__name__)

DIGEST_SENT = "reminders.digest_sent"


@dataclass
class SendSummary:
    mail_configured: bool = True
    #: Members with at least one item, over every current round (a person on two rounds counts once).
    members_behind: int = 0
    people_sent: int = 0
    items_sent: int = 0
    digests_sent: int = 0
    #: People with something new to receive but no e-mail address (members and managers).
    no_email: int = 0
    failed: int = 0

    def line(self) -> str:
        if not self.mail_configured:
            return _(
                "Mail is not configured: no reminders sent; %(behind)s people behind see their items on the home page."
            ) % {"behind": self.members_behind}
        return _(
            "Reminders sent to %(people)s people (%(items)s items), %(digests)s weekly digests to round managers; "
            "%(behind)s people behind; skipped without an e-mail address: %(no_email)s; failed: %(failed)s."
        ) % {
            "people": self.people_sent,
            "items": self.items_sent,
            "digests": self.digests_sent,
            "behind": self.members_behind,
            "no_email": self.no_email,
            "failed": self.failed,
        }


def _send_member(*, user, items: list[tuple[InspectionRound, Reminder]], now: datetime, week: str) -> bool:
    context = {
        "name": person_name(user),
        "items": [(round_, reminder, site_url(reminder.url)) for round_, reminder in items],
        "learning_url": site_url(reverse("readiness:my_learning")),
    }
    subject = _("Study reminder: %(count)s items to catch up on") % {"count": len(items)}
    body = render_to_string("reminders/email_member.txt", context)
    rows = [
        ReminderSent(user=user, round=round_, key=r.key, week=week, text=r.text[:255], sent_at=now)
        for round_, r in items
    ]
    try:
        with transaction.atomic():
            ReminderSent.objects.bulk_create(rows)
            # Inside the transaction: if the backend fails, the rows go too and the next run tries again.
            send_mail(subject, body, None, [user.email])
    except IntegrityError:
        return False  # another run sent these first
    except Exception:
        logger.exception("Reminder to user %s not sent", user.pk)
        raise
    return True


def _send_digest(*, inspection_round: InspectionRound, manager, behind: list[Behind], now: datetime, week: str) -> bool:
    reminded = set(
        ReminderSent.objects.filter(round=inspection_round, week=week).values_list("user_id", flat=True).distinct()
    )
    context = {
        "name": person_name(manager),
        "round": inspection_round,
        "rows": [(b.member, b.reminders, b.member.user_id in reminded) for b in behind],
        "page_url": site_url(reverse("reminders:round", args=[inspection_round.pk])),
    }
    subject = _("%(round)s: %(count)s members behind schedule this week") % {
        "round": inspection_round.name,
        "count": len(behind),
    }
    body = render_to_string("reminders/email_digest.txt", context)
    try:
        with transaction.atomic():
            DigestSent.objects.create(
                round=inspection_round, manager=manager, week=week, members_behind=len(behind), sent_at=now
            )
            # Names of others leave the site in this e-mail: audited like an export.
            record_export(
                action=DIGEST_SENT,
                actor=None,
                target=inspection_round,
                people=[b.member.user_id for b in behind],
                detail={"manager": manager.pk, "week": week},
            )
            send_mail(subject, body, None, [manager.email])
    except IntegrityError:
        return False
    except Exception:
        logger.exception("Digest of round %s to user %s not sent", inspection_round.pk, manager.pk)
        raise
    return True


def send_reminders(*, now: datetime) -> SendSummary:
    """Send what is due this ISO week and not sent yet; returns what was done (for the command's line)."""
    today = timezone.localdate(now)
    week = iso_week(today)
    summary = SendSummary(mail_configured=mail_configured())
    # The command has no request to pick a language from: the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        rounds = current_rounds(today=today)
        behind_by_round = {r.pk: behind_in_round(inspection_round=r, today=today) for r in rounds}
        per_user: dict[int, list[tuple[InspectionRound, Reminder]]] = defaultdict(list)
        users = {}
        for round_ in rounds:
            for b in behind_by_round[round_.pk]:
                users[b.member.user_id] = b.member.user
                per_user[b.member.user_id] += [(round_, r) for r in b.reminders]
        summary.members_behind = len(per_user)
        if not summary.mail_configured:
            return summary
        sent = set(ReminderSent.objects.filter(week=week, round__in=rounds).values_list("user_id", "round_id", "key"))
        for user_id, items in per_user.items():
            new = [(round_, r) for round_, r in items if (user_id, round_.pk, r.key) not in sent]
            user = users[user_id]
            if not new or not user.is_active:
                continue
            if not user.email:
                summary.no_email += 1
                continue
            try:
                if _send_member(user=user, items=new, now=now, week=week):
                    summary.people_sent += 1
                    summary.items_sent += len(new)
            except Exception:
                summary.failed += 1  # one refused address must not stop the others; retried next run
        digested = set(DigestSent.objects.filter(week=week, round__in=rounds).values_list("round_id", "manager_id"))
        for round_ in rounds:
            behind = behind_by_round[round_.pk]
            if not behind:
                continue
            for manager in round_.managers.filter(is_active=True).order_by("pk"):
                if (round_.pk, manager.pk) in digested:
                    continue
                if not manager.email:
                    summary.no_email += 1
                    continue
                try:
                    if _send_digest(inspection_round=round_, manager=manager, behind=behind, now=now, week=week):
                        summary.digests_sent += 1
                except Exception:
                    summary.failed += 1
    return summary
