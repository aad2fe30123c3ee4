"""The host's minutes and the printable record of an evening."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.api import record_view
from studysessions.history import selectors, services
from studysessions.history.forms import MinutesForm
from studysessions.schedule.selectors import host_of, may_see_record
from studysessions.schedule.shortcuts import evening_context, occurrence_or_404, require_host, row_or_404


@require_http_methods(["GET", "POST"])
def minutes(request, key):
    occurrence = occurrence_or_404(key, user=request.user)
    require_host(occurrence, request.user)
    context = evening_context(occurrence)
    if occurrence.cancelled:
        return render(request, "studysessions/history/minutes.html", context | {"form": None})
    if request.method == "POST":
        form = MinutesForm(request.POST)
        if form.is_valid():
            services.save_minutes(session=row_or_404(occurrence), text=form.cleaned_data["text"])
            messages.success(request, _("The minutes are saved."))
            return redirect("studysessions:minutes", key=occurrence.key)
    else:
        current = occurrence.session.minutes if occurrence.session else ""
        evening = {"target": occurrence.session or occurrence.series, "detail": {"evening": occurrence.key}}
        record_view(action="studysessions.minutes_viewed", request=request, **evening)
        form = MinutesForm(initial={"text": selectors.minutes_text(current)})
    return render(request, "studysessions/history/minutes.html", context | {"form": form})


@require_http_methods(["GET"])
def record(request, key):
    """The printable record for the office's files: agenda, minutes, attendance sheet, make-ups."""
    occurrence = occurrence_or_404(key, user=request.user)
    user = request.user
    if not may_see_record(occurrence=occurrence, user=user):
        raise PermissionDenied
    host = host_of(occurrence=occurrence)
    context = evening_context(occurrence) | {"host": host, "printed_at": timezone.now()}
    context |= selectors.session_record(series=occurrence.series, session=occurrence.session)
    shown = [line.user.pk for line in context["sheet"]] + [make_up.user_id for make_up in context["make_ups"]]
    evening = {"target": occurrence.session or occurrence.series, "detail": {"evening": occurrence.key}}
    record_view(action="studysessions.record_viewed", request=request, people=shown, **evening)
    return render(request, "studysessions/history/record.html", context)
