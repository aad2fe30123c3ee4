"""The register's pages. Thin: who may read is interference.selectors (anyone else gets a 404), writes are
interference.services. Reading someone else's report, or a round's register, leaves an audit entry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.api import record_view
from interference import selectors, services
from interference.forms import FIELDS, AcknowledgeForm, ReportForm
from interference.models import ApproachReport
from rounds.api import InspectionRound

REPORT_VIEWED = "interference.report_viewed"
REGISTER_VIEWED = "interference.register_viewed"


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _values(form) -> dict:
    return {name: form.cleaned_data[name] for name in FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    rounds = selectors.current_rounds_of(user=request.user)
    form = ReportForm(request.POST or None, rounds=rounds)
    if rounds and request.method == "POST" and form.is_valid():
        try:
            report = services.report_approach(
                reporter=request.user, inspection_round=form.chosen_round(), **_values(form)
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Reported. The round's leaders will read it."))
            return redirect("interference:report", pk=report.pk)
    return render(request, "interference/new.html", {"form": form, "rounds": rounds})


@login_required
@require_GET
def mine(request):
    return render(request, "interference/mine.html", {"reports": selectors.my_reports(user=request.user)})


def _readable(request, pk: int) -> ApproachReport:
    try:
        return selectors.readable_report(user=request.user, pk=pk)
    except ApproachReport.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk: int):
    approach = _readable(request, pk)
    is_reporter = approach.reporter_id == request.user.pk
    may_correct = is_reporter and not approach.acknowledged
    if request.method == "POST" and not may_correct:
        raise Http404
    initial = {name: getattr(approach, name) for name in FIELDS}
    form = ReportForm(request.POST or None, initial=initial, rounds=[approach.round]) if may_correct else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.correct_report(report=approach, reporter=request.user, **_values(form))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your report is corrected."))
            return redirect("interference:report", pk=approach.pk)
    if not is_reporter:
        record_view(action=REPORT_VIEWED, request=request, target=approach, subject=approach.reporter)
    context = {
        "report": approach,
        "is_reporter": is_reporter,
        "form": form,
        "may_acknowledge": not approach.acknowledged and selectors.may_acknowledge(user=request.user, report=approach),
        "acknowledge_form": AcknowledgeForm(),
        "may_read_round": not is_reporter
        or selectors.may_read_round(user=request.user, inspection_round=approach.round),
    }
    return render(request, "interference/report.html", context)


@login_required
@require_POST
def acknowledge(request, pk: int):
    approach = _readable(request, pk)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("interference:report", pk=approach.pk)
    try:
        services.acknowledge(report=approach, leader=request.user, note=form.cleaned_data["note"], request=request)
    except ValidationError as error:
        if not selectors.may_read_round(user=request.user, inspection_round=approach.round):
            raise Http404 from error
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as read."))
    return redirect("interference:report", pk=approach.pk)


@login_required
@require_GET
def round_register(request, round_pk: int):
    inspection_round = get_object_or_404(InspectionRound, pk=round_pk)
    if not selectors.may_read_round(user=request.user, inspection_round=inspection_round):
        raise Http404
    reports = selectors.round_register(inspection_round=inspection_round)
    record_view(
        action=REGISTER_VIEWED,
        request=request,
        target=inspection_round,
        people=[r.reporter_id for r in reports],
    )
    context = {
        "round": inspection_round,
        "reports": reports,
        "total": len(reports),
        "open": sum(not r.acknowledged for r in reports),
    }
    return render(request, "interference/round.html", context)
