"""Reminder e-mails before an evening: each expected person gets at most one per evening.

``send_due_reminders`` is run every few minutes (manage.py send_session_reminders, from a systemd timer or
cron). An evening is due when it starts within its series' ``reminder_hours`` from now. The
``SessionReminder`` row is written in the same transaction as the e-mail is handed to the backend, so a
failed send is retried on the next run and a second run, or two runs at once, send nothing again.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core.addresses import site_url
from studysessions.agenda.selectors import agenda_lines
from studysessions.models import SessionReminder
from studysessions.reminders.selectors import due_occurrences
from studysessions.schedule.occurrences import Occurrence
from studysessions.schedule.selectors import audience_user_ids
from studysessions.schedule.services import materialise

logger = logging.getLogger(__name__)


def _when(occurrence: Occurrence) -> str:
    start = timezone.localtime(occurrence.starts_at)
    end = timezone.localtime(occurrence.ends_at)
    return f"{formats.date_format(start, 'Y-m-d')} {formats.date_format(start, 'D')} {start:%H:%M}–{end:%H:%M}"


def detail_url(key: str) -> str:
    return site_url(reverse("studysessions:detail", args=[key]))


def _message(occurrence: Occurrence, user) -> tuple[str, str]:
    context = {
        "o": occurrence,
        "name": user.get_full_name() or user.get_username(),
        "when": _when(occurrence),
        "lines": agenda_lines(occurrence.session),
        "url": detail_url(occurrence.key),
    }
    subject = _("Evening study reminder: %(title)s, %(when)s") % {
        "title": occurrence.series.title,
        "when": context["when"],
    }
    return subject, render_to_string("studysessions/reminders/email.txt", context)


def _send_one(occurrence: Occurrence, user, *, now: datetime) -> bool:
    subject, body = _message(occurrence, user)
    try:
        with transaction.atomic():
            SessionReminder.objects.create(session=occurrence.session, user=user, sent_at=now)
            # Inside the transaction: if the backend fails, the row goes too and the next run tries again.
            send_mail(subject, body, None, [user.email])
    except IntegrityError:
        # Another run sent this one first.
        return False
    except Exception:
        # One refused address or a mail server hiccup must not stop the others; the next run retries it.
        logger.exception("Reminder for session %s to user %s not sent", occurrence.session.pk, user.pk)
        return False
    return True


def send_due_reminders(*, now: datetime) -> int:
    """Send the reminders that are due and not sent yet; returns how many were sent."""
    sent = 0
    # The command has no request to pick a language from: the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        for occurrence in due_occurrences(now=now):
            expected = audience_user_ids(series=occurrence.series)
            people = list(
                get_user_model().objects.filter(pk__in=expected, is_active=True).exclude(email="").order_by("pk")
            )
            if not people:
                continue
            session = occurrence.session or materialise(series=occurrence.series, slot_start=occurrence.slot_start)
            session.series = occurrence.series
            occurrence = Occurrence(
                series=occurrence.series,
                slot_start=occurrence.slot_start,
                starts_at=occurrence.starts_at,
                ends_at=occurrence.ends_at,
                session=session,
            )
            done = set(SessionReminder.objects.filter(session=session).values_list("user_id", flat=True))
            for user in people:
                if user.pk not in done and _send_one(occurrence, user, now=now):
                    sent += 1
    return sent
