"""Reads of what an evening left: the articles it covered, the minutes as plain text, the printed record."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from regulations.api import article_labels
from studysessions.agenda.selectors import agenda_steps, covered_article_ids
from studysessions.attendance.selectors import rows_by_user
from studysessions.models import Attendance, AttendanceStatus, MakeUp, StudySeries, StudySession
from studysessions.schedule.selectors import audience_user_ids


def covered_steps_up_to(session: StudySession) -> int | None:
    """The last step the evening covered. An evening never put on the projector (opened_at empty) was run
    from the printed agenda, so all of it counts; otherwise the furthest step shown, even if the host went
    back afterwards."""
    return None if session.opened_at is None else session.furthest_step


def covered_articles(session: StudySession) -> list[int]:
    return covered_article_ids(agenda_steps(session), up_to=covered_steps_up_to(session))


def minutes_text(value: str) -> str:
    """The stored rich text back as plain text for the textarea (formatting added in the admin is dropped)."""
    text = re.sub(r"<br\s*/?>", "\n", value or "")
    text = re.sub(r"</(p|h[1-6]|li|blockquote)>", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\n{3,}", "\n\n", html.unescape(text)).strip()


# The printable record ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordItem:
    """One agenda item as the record lists it."""

    heading: str
    minutes: int | None
    articles: list[str]  # labels of the articles this item covered
    covered: bool  # False: the evening did not get to this item


@dataclass(frozen=True)
class SheetLine:
    user: object
    attendance: Attendance | None
    expected: bool


def session_record(*, series: StudySeries, session: StudySession | None) -> dict:
    """Everything the printed record shows, in a fixed number of queries plus the agenda's own.
    ``session`` is None for an evening with nothing stored: everyone expected is listed as not recorded."""
    steps = agenda_steps(session) if session is not None else []
    up_to = covered_steps_up_to(session) if session is not None else None
    covered_ids = {pk for s in steps if up_to is None or s.index <= up_to for pk in s.article_ids}
    labels = article_labels(article_ids=list(covered_ids))
    agenda: list[RecordItem] = []
    for item in sorted({s.item for s in steps}):
        item_steps = [s for s in steps if s.item == item]
        ids: dict[int, None] = {}
        for s in item_steps:
            for pk in s.article_ids:
                if pk in labels:
                    ids.setdefault(pk, None)
        agenda.append(
            RecordItem(
                heading=item_steps[0].heading,
                minutes=item_steps[0].minutes,
                articles=[labels[pk] for pk in ids],
                covered=up_to is None or item_steps[0].index <= up_to,
            )
        )
    expected = audience_user_ids(series=series)
    rows = rows_by_user(session=session)
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
