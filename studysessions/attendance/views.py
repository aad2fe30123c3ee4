"""Views of attendance: sign-in by code, the projector's QR image, the host's roster."""

from __future__ import annotations

import io
import json

import segno
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from audit.api import record_view
from studysessions.attendance import codes, selectors, services
from studysessions.attendance.errors import AttendanceError
from studysessions.attendance.forms import RosterForm, SignInForm
from studysessions.schedule.selectors import is_expected
from studysessions.schedule.shortcuts import evening_context, occurrence_or_404, require_host, row_or_404


@require_http_methods(["GET", "POST"])
def sign_in(request, key):
    """GET only shows the 签到 button (WeChat opens links ahead of time); the POST signs in."""
    occurrence = occurrence_or_404(key, user=request.user)
    here = reverse("studysessions:sign_in", kwargs={"key": occurrence.key})
    if request.method == "POST":
        form = SignInForm(request.POST)
        code = form.cleaned_data["code"] if form.is_valid() else ""
        try:
            result = services.sign_in(session=occurrence.session, user=request.user, code=code, now=timezone.now())
        except AttendanceError as error:
            messages.error(request, str(error))
            return redirect(here)
        if result.changed:
            messages.success(request, _("You are signed in. Welcome!"))
        else:
            messages.info(request, _("You were already signed in."))
        return redirect(here)
    code = codes.normalise_code(request.GET.get("code", ""))
    row = selectors.attendance_of(session=occurrence.session, user=request.user)
    context = evening_context(occurrence) | {
        "form": SignInForm(initial={"code": code}),
        "code": code,
        "row": row,
        "expected": is_expected(series=occurrence.series, user=request.user),
        "refusal": codes.sign_in_refusal(session=occurrence.session, now=timezone.now())
        if occurrence.session is not None
        else None,
    }
    return render(request, "studysessions/attendance/sign_in.html", context)


@require_http_methods(["GET"])
def sign_in_code(request, key):
    """The projector's QR code as SVG (or ``?format=json`` with the code as text), never cached. A GET
    writes nothing: an evening without a row (never started, nothing planned) has no code yet."""
    occurrence = occurrence_or_404(key, user=request.user)
    require_host(occurrence, request.user)
    session = occurrence.session
    now = timezone.now()
    code = codes.current_code(session=session, now=now) if session is not None else None
    url = None
    if code is not None:
        url = request.build_absolute_uri(reverse("studysessions:sign_in", kwargs={"key": occurrence.key}))
        url = f"{url}?code={code}"
    if request.GET.get("format") == "json":
        refusal = codes.sign_in_refusal(session=session, now=now) if session is not None else _not_started()
        payload = {
            "code": code,
            "url": url,
            "rotates_in": codes.seconds_until_rotation(now=now) if code else None,
            "closed": str(refusal) if refusal else None,
        }
        response = HttpResponse(json.dumps(payload, ensure_ascii=False), content_type="application/json")
    elif code is None:
        response = HttpResponse(_closed_svg(_("Signing in is not open")), content_type="image/svg+xml")
    else:
        response = HttpResponse(_qr_svg(url, title=code), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


def _not_started() -> AttendanceError:
    return AttendanceError(_("Signing in opens when the host starts the session."), code="not_started")


def _qr_svg(url: str, *, title: str) -> bytes:
    buffer = io.BytesIO()
    qr = segno.make(url, micro=False)
    # omitsize: segno writes a viewBox instead of a fixed width and height, so the projector page scales
    # the image to the screen.
    qr.save(buffer, kind="svg", scale=10, border=2, title=title, omitsize=True)
    return buffer.getvalue()


def _closed_svg(text: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 300" width="300" height="300">'
        '<rect width="300" height="300" fill="#fff" stroke="#999"/>'
        f'<text x="150" y="155" font-size="22" text-anchor="middle" fill="#555">{escape(text)}</text></svg>'
    )


@require_http_methods(["GET", "POST"])
def roster(request, key):
    occurrence = occurrence_or_404(key, user=request.user)
    require_host(occurrence, request.user)
    context = evening_context(occurrence)
    if occurrence.cancelled:
        return render(request, "studysessions/attendance/roster.html", context | {"form": None})
    people = selectors.roster_people(series=occurrence.series)
    rows = selectors.rows_by_user(session=occurrence.session)
    if request.method == "POST":
        form = RosterForm(request.POST, people=people, rows=rows)
        if form.is_valid():
            try:
                changed = services.save_roster(
                    session=row_or_404(occurrence), entries=form.entries(), by=request.user, now=timezone.now()
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
        evening = {"target": occurrence.session or occurrence.series, "detail": {"evening": occurrence.key}}
        record_view(action="studysessions.roster_viewed", request=request, people=people, **evening)
    return render(request, "studysessions/attendance/roster.html", context | {"form": form})
