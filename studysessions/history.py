"""What an evening leaves behind: the attendees' study history, the minutes, the printable record."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.html import escape

from studysessions.attendance import ATTENDED
from studysessions.models import Attendance, AttendanceStatus, MakeUp, StudySession
from studysessions.schedule.selectors import audience_user_ids


def covered_steps_up_to(session: StudySession) -> int | None:
    """The last step the evening covered. An evening never put on the projector (opened_at empty) was run
    from the printed agenda, so all of it counts; otherwise the furthest step shown, even if the host went
    back afterwards."""
    return None if session.opened_at is None else session.furthest_step


def covered_articles(session: StudySession) -> list[int]:
    from studysessions.agenda.selectors import agenda_steps, covered_article_ids

    return covered_article_ids(agenda_steps(session), up_to=covered_steps_up_to(session))


@transaction.atomic
def record_session(*, session: StudySession, now: datetime) -> int:
    """Puts the covered articles into each attendee's study history and review queue. Safe to call again
    (record_completion keeps one row per person and article); returns how many records were new."""
    from courses.models import ItemKind
    from courses.services import record_completion

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


# Minutes ----------------------------------------------------------------------------------------


def minutes_html(text: str) -> str:
    """Plain text from the host's textarea as rich text: a paragraph per blank-line block, escaped."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    return "".join("<p>" + escape(b).replace("\n", "<br/>") + "</p>" for b in blocks)


def minutes_text(value: str) -> str:
    """The stored rich text back as plain text for the textarea (formatting added in the admin is dropped)."""
    text = re.sub(r"<br\s*/?>", "\n", value or "")
    text = re.sub(r"</(p|h[1-6]|li|blockquote)>", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\n{3,}", "\n\n", html.unescape(text)).strip()


@transaction.atomic
def save_minutes(*, session: StudySession, text: str) -> StudySession:
    session.minutes = minutes_html(text)
    session.save(update_fields=["minutes"])
    return session


# The printable record ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaLine:
    heading: str
    minutes: int | None
    articles: list[str]  # labels of the articles this item covered
    covered: bool  # False: the evening did not get to this item


@dataclass(frozen=True)
class SheetLine:
    user: object
    attendance: Attendance | None
    expected: bool


def session_record(*, series, session: StudySession | None) -> dict:
    """Everything the printed record shows, in a fixed number of queries plus the agenda's own.
    ``session`` is None for an evening with nothing stored: everyone expected is listed as not recorded."""
    from regulations.models import RegulationArticle
    from studysessions.agenda.selectors import agenda_steps

    steps = agenda_steps(session) if session is not None else []
    up_to = covered_steps_up_to(session) if session is not None else None
    covered_ids = {pk for s in steps if up_to is None or s.index <= up_to for pk in s.article_ids}
    labels = dict(RegulationArticle.objects.filter(pk__in=covered_ids).values_list("pk", "label"))
    agenda: list[AgendaLine] = []
    for item in sorted({s.item for s in steps}):
        item_steps = [s for s in steps if s.item == item]
        ids: dict[int, None] = {}
        for s in item_steps:
            for pk in s.article_ids:
                if pk in labels:
                    ids.setdefault(pk, None)
        agenda.append(
            AgendaLine(
                heading=item_steps[0].heading,
                minutes=item_steps[0].minutes,
                articles=[labels[pk] for pk in ids],
                covered=up_to is None or item_steps[0].index <= up_to,
            )
        )
    expected = audience_user_ids(series=series)
    rows = {a.user_id: a for a in Attendance.objects.filter(session=session)} if session is not None else {}
    people = (
        get_user_model().objects.filter(pk__in=expected | set(rows)).order_by("last_name", "first_name", "username")
    )
    sheet = [SheetLine(user=u, attendance=rows.get(u.pk), expected=u.pk in expected) for u in people]
    make_ups = []
    if session is not None:
        make_ups = list(MakeUp.objects.filter(session=session).select_related("user").order_by("started_at"))
    statuses = [r.status for r in rows.values()]
    totals = {
        "expected": len(expected),
        "present": statuses.count(AttendanceStatus.PRESENT),
        "late": statuses.count(AttendanceStatus.LATE),
        "absent": statuses.count(AttendanceStatus.ABSENT),
        "unrecorded": len(expected - set(rows)),
        "made_up": sum(1 for m in make_ups if m.completed_at),
    }
    return {"agenda": agenda, "sheet": sheet, "make_ups": make_ups, "totals": totals}
