"""Writes of what an evening leaves behind: the covered articles in each attendee's study history (and so
their review queue), and the host's minutes."""

from __future__ import annotations

import re
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.html import escape

from courses.api import ItemKind, record_completion
from studysessions.attendance.selectors import ATTENDED
from studysessions.history.selectors import covered_articles
from studysessions.models import StudySession


@transaction.atomic
def record_session(*, session: StudySession, now: datetime) -> int:
    """Puts the covered articles into each attendee's study history and review queue. Safe to call again
    (record_completion keeps one row per person and article); returns how many records were new."""
    if session.is_cancelled:
        return 0
    article_ids = covered_articles(session)
    if not article_ids:
        return 0
    when = session.closed_at or min(now, session.ends_at)
    attendees = get_user_model().objects.filter(
        session_attendance__session=session, session_attendance__status__in=ATTENDED
    )
    created = 0
    for user in attendees:
        for article_id in article_ids:
            _record, new = record_completion(user=user, kind=ItemKind.ARTICLE, item_id=article_id, when=when)
            created += new
    return created


def minutes_html(text: str) -> str:
    """Plain text from the host's textarea as rich text: a paragraph per blank-line block, escaped."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    return "".join("<p>" + escape(b).replace("\n", "<br/>") + "</p>" for b in blocks)


@transaction.atomic
def save_minutes(*, session: StudySession, text: str) -> StudySession:
    session.minutes = minutes_html(text)
    session.save(update_fields=["minutes"])
    return session
