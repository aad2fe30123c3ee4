"""The rehearsal's pages: its projector and remote (host only), and the phone's page behind its QR code."""

from __future__ import annotations

import io
from functools import partial

import segno
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from studysessions.attendance import codes
from studysessions.attendance.errors import AttendanceError
from studysessions.rehearsal import selectors, services
from studysessions.room.services import RoomError
from studysessions.room.views import apply_control
from studysessions.schedule import shortcuts
from studysessions.schedule.shortcuts import occurrence_or_404, require_host


@require_http_methods(["GET", "POST"])
def rehearsal(request, key):
    """GET: the rehearsal projector, or the button that starts a rehearsal. POST: start (or restart) it."""
    occurrence = occurrence_or_404(key, user=request.user, cancelled=False)
    require_host(occurrence, request.user)
    if request.method == "POST":
        if request.POST.get("action") == "end":
            found = selectors.rehearsal_of(occurrence.session)
            if found is not None:
                services.end_rehearsal(rehearsal=found)
            messages.info(request, _("The rehearsal has ended. Nothing of it was recorded."))
            return redirect("studysessions:detail", key=occurrence.key)
        try:
            services.start_rehearsal(
                series=occurrence.series, slot_start=occurrence.slot_start, by=request.user, now=timezone.now()
            )
        except RoomError as error:
            messages.error(request, str(error))
        return redirect("studysessions:rehearsal", key=occurrence.key)
    found = selectors.rehearsal_of(occurrence.session)
    if found is None:
        return render(request, "studysessions/rehearsal/start.html", shortcuts.evening_context(occurrence))
    session = occurrence.session
    session.series = occurrence.series
    view = selectors.rehearsal_view(session=session, rehearsal=found)
    context = {
        "key": occurrence.key,
        "series": occurrence.series,
        "session": session,
        "room": view,
        "rehearsal": found,
        "control_url": reverse("studysessions:rehearsal_control", kwargs={"key": occurrence.key}),
        "qr_url": reverse("studysessions:rehearsal_sign_in_code", kwargs={"key": occurrence.key}),
        "ended": False,
    }
    return render(request, "studysessions/room/present.html", context)


@require_POST
def rehearsal_control(request, key):
    occurrence = occurrence_or_404(key, user=request.user, cancelled=False)
    require_host(occurrence, request.user)
    found = selectors.rehearsal_of(occurrence.session)
    if found is None:
        messages.error(request, _("The rehearsal has ended. Start it again to go on."))
        return redirect("studysessions:rehearsal", key=occurrence.key)
    found.session = occurrence.session
    found.session.series = occurrence.series
    apply_control(request, partial(services.control_rehearsal, rehearsal=found))
    return redirect("studysessions:rehearsal", key=occurrence.key)


@require_GET
def rehearsal_sign_in_code(request, key):
    """The rehearsal's QR code: it leads phones to the rehearsal sign-in, never to the evening's."""
    occurrence = occurrence_or_404(key, user=request.user, cancelled=False)
    require_host(occurrence, request.user)
    found = selectors.rehearsal_of(occurrence.session)
    if found is None:
        return HttpResponse(status=404)
    code = codes.rehearsal_code(rehearsal=found, now=timezone.now())
    url = request.build_absolute_uri(reverse("studysessions:rehearsal_sign_in", kwargs={"key": occurrence.key}))
    buffer = io.BytesIO()
    segno.make(f"{url}?code={code}", micro=False).save(
        buffer, kind="svg", scale=10, border=2, title=code, omitsize=True
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def rehearsal_sign_in(request, key):
    """A phone that scanned the rehearsal's code: the page says 演练 everywhere; the POST records nothing."""
    occurrence = occurrence_or_404(key, user=request.user, cancelled=False)
    here = reverse("studysessions:rehearsal_sign_in", kwargs={"key": occurrence.key})
    if request.method == "POST":
        try:
            services.check_rehearsal_sign_in(
                rehearsal=selectors.rehearsal_of(occurrence.session),
                code=request.POST.get("code", ""),
                now=timezone.now(),
            )
        except AttendanceError as error:
            messages.error(request, str(error))
            return redirect(here)
        messages.success(request, _("Rehearsal sign-in succeeded (not counted as attendance)."))
        return redirect(here + "?done=1")
    context = shortcuts.evening_context(occurrence) | {
        "code": codes.normalise_code(request.GET.get("code", "")),
        "done": request.GET.get("done") == "1",
        "rehearsing": selectors.rehearsal_of(occurrence.session) is not None,
    }
    return render(request, "studysessions/rehearsal/sign_in.html", context)
