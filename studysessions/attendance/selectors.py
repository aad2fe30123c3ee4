"""Reads of attendance: who is on the roster and what is recorded for an evening."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.labels import field_label
from studysessions.models import (
    Attendance,
    AttendanceStatus,
    MakeUp,
    RoomDrillAnswer,
    RoomScenarioStep,
    RoomScenarioVote,
    StudySeries,
    StudySession,
)
from studysessions.schedule.selectors import audience_user_ids

#: The statuses that count as having been there (a make-up never does).
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


def roster_people(*, series: StudySeries) -> list:
    """Everyone expected at the series' evenings, by name."""
    ids = audience_user_ids(series=series)
    return list(get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name", "username"))


def rows_by_user(*, session: StudySession | None) -> dict[int, Attendance]:
    """User id → the evening's attendance row; empty for an evening without a row."""
    if session is None:
        return {}
    return {a.user_id: a for a in Attendance.objects.filter(session=session)}


def attendance_of(*, session: StudySession | None, user) -> Attendance | None:
    """The person's row for the evening, if any."""
    if session is None:
        return None
    return Attendance.objects.filter(session=session, user=user).first()


def has_attended(*, session: StudySession, user) -> bool:
    return Attendance.objects.filter(session=session, user=user, status__in=ATTENDED).exists()


def personal_records(*, user) -> dict[str, list[dict]]:
    """The person's evening attendance, make-ups and answers to the room's 定性 drills and scenario votes as
    plain rows, for their own data export."""

    attendance = Attendance.objects.filter(user=user).select_related("session__series").order_by("session__starts_at")
    attendance_rows = [
        {
            _("Series"): row.session.series.title,
            field_label(StudySession, "starts_at"): row.session.starts_at,
            field_label(Attendance, "status"): row.get_status_display(),
            field_label(Attendance, "method"): row.get_method_display(),
            field_label(Attendance, "signed_in_at"): row.signed_in_at,
            field_label(Attendance, "reason"): row.reason,
        }
        for row in attendance
    ]
    make_ups = MakeUp.objects.filter(user=user).select_related("session__series").order_by("session__starts_at")
    make_up_rows = [
        {
            _("Series"): row.session.series.title,
            capfirst(_("study session")): row.session.starts_at,
            field_label(MakeUp, "started_at"): row.started_at,
            field_label(MakeUp, "studied_at"): row.studied_at,
            field_label(MakeUp, "completed_at"): row.completed_at,
        }
        for row in make_ups
    ]
    drill_answers = (
        RoomDrillAnswer.objects.filter(user=user).select_related("session__series", "category").order_by("answered_at")
    )
    drill_rows = [
        {
            _("Series"): row.session.series.title,
            capfirst(_("study session")): row.session.starts_at,
            field_label(RoomDrillAnswer, "case"): row.case_id,
            field_label(RoomDrillAnswer, "category"): str(row.category),
            field_label(RoomDrillAnswer, "answered_at"): row.answered_at,
        }
        for row in drill_answers
    ]
    votes = (
        RoomScenarioVote.objects.filter(user=user)
        .select_related("step__session__series", "step__scenario")
        .order_by("voted_at", "pk")
    )
    vote_rows = [
        {
            _("Series"): row.step.session.series.title,
            capfirst(_("study session")): row.step.session.starts_at,
            field_label(RoomScenarioStep, "scenario"): row.step.scenario.title,
            field_label(RoomScenarioVote, "choice_label"): row.choice_label,
            field_label(RoomScenarioVote, "voted_at"): row.voted_at,
        }
        for row in votes
    ]
    return {
        _("Evening attendance"): attendance_rows,
        _("Make-ups"): make_up_rows,
        _("Characterisation answers in the room"): drill_rows,
        _("Scenario votes in the room"): vote_rows,
    }
