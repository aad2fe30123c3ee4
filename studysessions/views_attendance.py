"""Views of the attendance part: sign-in by code, the QR image, the roster, make-up, minutes, the record."""

from __future__ import annotations

import io
import json

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from studysessions import attendance, history
from studysessions.attendance import AttendanceError
from studysessions.forms_attendance import MinutesForm, RosterForm, SignInForm
from studysessions.models import Attendance
from studysessions.schedule.occurrences import occurrence_for_key
from studysessions.schedule.selectors import can_host, host_of, is_expected, may_see_record
from studysessions.schedule.services import ScheduleError, materialise


def _occurrence(key: str):
    occurrence = occurrence_for_key(key=key)
    if occurrence is None:
        raise Http404
    return occurrence


def _host_only(occurrence, user) -> None:
    if not can_host(occurrence=occurrence, user=user):
        raise PermissionDenied


def _row(occurrence):
    """The evening's row, created on first need (the host's pages attach things to it)."""
    if occurrence.session is not None:
        return occurrence.session
    try:
        session = materialise(series=occurrence.series, slot_start=occurrence.slot_start)
    except ScheduleError as error:
        raise Http404 from error
    session.series = occurrence.series
    return session


def _base_context(occurrence) -> dict:
    return {"occurrence": occurrence, "session": occurrence.session, "series": occurrence.series}


@require_http_methods(["GET", "POST"])
def sign_in(request, key):
    """GET only shows the 签到 button (WeChat opens links ahead of time); the POST signs in."""
    occurrence = _occurrence(key)
    here = reverse("studysessions:sign_in", kwargs={"key": occurrence.key})
    if request.method == "POST":
        form = SignInForm(request.POST)
        code = form.cleaned_data["code"] if form.is_valid() else ""
        try:
            result = attendance.sign_in(session=occurrence.session, user=request.user, code=code, now=timezone.now())
        except AttendanceError as error:
            messages.error(request, str(error))
            return redirect(here)
        if result.changed:
            messages.success(request, _("You are signed in. Welcome!"))
        else:
            messages.info(request, _("You were already signed in."))
        return redirect(here)
    code = attendance.normalise_code(request.GET.get("code", ""))
    row = None
    if occurrence.session is not None:
        row = Attendance.objects.filter(session=occurrence.session, user=request.user).first()
    context = _base_context(occurrence) | {
        "form": SignInForm(initial={"code": code}),
        "code": code,
        "row": row,
        "expected": is_expected(series=occurrence.series, user=request.user),
        "refusal": attendance.sign_in_refusal(session=occurrence.session, now=timezone.now())
        if occurrence.session is not None
        else None,
    }
    return render(request, "studysessions/attendance/sign_in.html", context)


@require_http_methods(["GET"])
def sign_in_code(request, key):
    """The projector's QR code as SVG (or ``?format=json`` with the code as text), never cached."""
    occurrence = _occurrence(key)
    _host_only(occurrence, request.user)
    session = _row(occurrence)
    now = timezone.now()
    code = attendance.current_code(session=session, now=now)
    url = None
    if code is not None:
        url = request.build_absolute_uri(reverse("studysessions:sign_in", kwargs={"key": occurrence.key}))
        url = f"{url}?code={code}"
    if request.GET.get("format") == "json":
        refusal = attendance.sign_in_refusal(session=session, now=now)
        payload = {
            "code": code,
            "url": url,
            "rotates_in": attendance.seconds_until_rotation(now=now) if code else None,
            "closed": str(refusal) if refusal else None,
        }
        response = HttpResponse(json.dumps(payload, ensure_ascii=False), content_type="application/json")
    elif code is None:
        response = HttpResponse(_closed_svg(_("Signing in is not open")), content_type="image/svg+xml")
    else:
        response = HttpResponse(_qr_svg(url, title=code), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


def _qr_svg(url: str, *, title: str) -> bytes:
    buffer = io.BytesIO()
    qr = segno.make(url, micro=False)
    qr.save(buffer, kind="svg", scale=10, border=2, title=title)
    # A viewBox next to segno's width/height lets the projector page scale the image to the screen.
    size = qr.symbol_size(scale=10, border=2)[0]
    return buffer.getvalue().replace(b"<svg ", f'<svg viewBox="0 0 {size} {size}" '.encode(), 1)


def _closed_svg(text: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 300" width="300" height="300">'
        '<rect width="300" height="300" fill="#fff" stroke="#999"/>'
        f'<text x="150" y="155" font-size="22" text-anchor="middle" fill="#555">{escape(text)}</text></svg>'
    )


@require_http_methods(["GET", "POST"])
def roster(request, key):
    occurrence = _occurrence(key)
    _host_only(occurrence, request.user)
    context = _base_context(occurrence)
    if occurrence.cancelled:
        return render(request, "studysessions/attendance/roster.html", context | {"form": None})
    people = attendance.roster_people(series=occurrence.series)
    rows = {}
    if occurrence.session is not None:
        rows = {a.user_id: a for a in Attendance.objects.filter(session=occurrence.session)}
    if request.method == "POST":
        form = RosterForm(request.POST, people=people, rows=rows)
        if form.is_valid():
            try:
                changed = attendance.save_roster(
                    session=_row(occurrence), entries=form.entries(), by=request.user, now=timezone.now()
                )
            except AttendanceError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    ngettext("Roster saved: %(count)d change.", "Roster saved: %(count)d changes.", changed)
                    % {"count": changed},
                )
                return redirect("studysessions:roster", key=occurrence.key)
        else:
            messages.error(request, _("Nothing was saved. Correct the marked lines."))
    else:
        form = RosterForm(people=people, rows=rows)
    return render(request, "studysessions/attendance/roster.html", context | {"form": form})


@require_http_methods(["GET", "POST"])
def make_up(request, key):
    """补学: the agenda on one page, a 我已学完 button and the evening's quiz; recorded apart from attendance."""
    from quizzes.api import has_passed
    from studysessions.agenda.selectors import agenda_steps, session_quiz

    occurrence = _occurrence(key)
    session = occurrence.session
    now = timezone.now()
    context = _base_context(occurrence)
    refusal = attendance.make_up_refusal(session=session, user=request.user, now=now)
    if refusal is not None:
        if refusal.code == "not_expected":
            raise PermissionDenied
        return render(request, "studysessions/attendance/make_up.html", context | {"refusal": refusal})
    if request.method == "POST":
        attendance.mark_studied(session=session, user=request.user, now=now)
        messages.success(request, _("Recorded: you have worked through the agenda."))
        return redirect("studysessions:make_up", key=occurrence.key)
    row = attendance.start_make_up(session=session, user=request.user, now=now)
    quiz = session_quiz(session)
    context |= {
        "make_up": row,
        "steps": [s for s in agenda_steps(session) if s.kind != "quiz"],
        "quiz": quiz,
        "quiz_passed": quiz is not None and has_passed(quiz=quiz, user=request.user),
    }
    return render(request, "studysessions/attendance/make_up.html", context)


@require_http_methods(["GET", "POST"])
def minutes(request, key):
    occurrence = _occurrence(key)
    _host_only(occurrence, request.user)
    context = _base_context(occurrence)
    if occurrence.cancelled:
        return render(request, "studysessions/attendance/minutes.html", context | {"form": None})
    if request.method == "POST":
        form = MinutesForm(request.POST)
        if form.is_valid():
            history.save_minutes(session=_row(occurrence), text=form.cleaned_data["text"])
            messages.success(request, _("The minutes are saved."))
            return redirect("studysessions:minutes", key=occurrence.key)
    else:
        current = occurrence.session.minutes if occurrence.session else ""
        form = MinutesForm(initial={"text": history.minutes_text(current)})
    return render(request, "studysessions/attendance/minutes.html", context | {"form": form})


@require_http_methods(["GET"])
def record(request, key):
    """The printable record for the office's files: agenda, minutes, attendance sheet, make-ups."""
    occurrence = _occurrence(key)
    user = request.user
    if not may_see_record(occurrence=occurrence, user=user):
        raise PermissionDenied
    host = host_of(occurrence=occurrence)
    context = _base_context(occurrence) | {"host": host, "printed_at": timezone.now()}
    context |= history.session_record(series=occurrence.series, session=occurrence.session)
    return render(request, "studysessions/attendance/record.html", context)
