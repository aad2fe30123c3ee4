"""The trainee's declarations: the list, the confidentiality commitment and the recusal declaration.

Thin: the rules live in declarations.services and declarations.selectors. Every trainee page shows only
the signed-in person's own records and works without JavaScript; the round's conflict list is for the
people who manage the round.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.api import record_view
from declarations import round_status, selectors, services
from declarations.forms import (
    ConfidentialityForm,
    EntryFormSet,
    RecusalDecisionForm,
    RecusalEntryForm,
    RecusalForm,
    RoundConfirmForm,
    entry_initial,
)
from declarations.models import AcknowledgementKind
from rounds.api import rounds_visible_to

CONFIDENTIALITY = AcknowledgementKind.CONFIDENTIALITY
RECUSAL = AcknowledgementKind.RECUSAL


def index(request):
    context = {
        "statuses": selectors.statuses(user=request.user),
        "round_statuses": round_status.round_statuses(user=request.user),
    }
    return render(request, "declarations/index.html", context)


def _my_current_round(request, round_pk: int):
    """One of the person's current rounds; a 404 for any other round."""
    found = next((r for r in round_status.current_rounds(user=request.user) if r.pk == round_pk), None)
    if found is None:
        raise Http404
    return found


@require_POST
def round_confirm(request, round_pk: int):
    """确认本轮申报: the person's current agreement, unchanged, confirmed for one of their rounds."""
    inspection_round = _my_current_round(request, round_pk)
    form = RoundConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("There is no such declaration."))
        return redirect("declarations:index")
    try:
        services.confirm_for_round(user=request.user, inspection_round=inspection_round, kind=form.cleaned_data["kind"])
    except services.DeclarationError as error:
        for message in error.general:
            messages.error(request, message)
    else:
        messages.success(request, _("Confirmed for %(round)s.") % {"round": inspection_round.name})
    return redirect("declarations:index")


@require_http_methods(["GET", "POST"])
def report_tie(request, round_pk: int):
    """报告新发现的关系: one tie found during the round, added to the declaration confirmed for it."""
    inspection_round = _my_current_round(request, round_pk)
    form = RecusalEntryForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.report_tie(
                user=request.user, inspection_round=inspection_round, entry=form.entry() or {}, request=request
            )
        except services.DeclarationError as error:
            _show_refusal(error, form, [form])
        else:
            messages.success(request, _("The tie is reported to the round's managers."))
            return redirect("declarations:index")
    context = {"round": inspection_round, "form": form}
    return render(request, "declarations/report_tie.html", context, status=400 if form.is_bound else 200)


def _unpublished(request, kind):
    context = {"kind_label": AcknowledgementKind(kind).label}
    return render(request, "declarations/unpublished.html", context)


def confidentiality(request):
    text = selectors.current_text(CONFIDENTIALITY)
    if text is None:
        return _unpublished(request, CONFIDENTIALITY)
    current = selectors.current_acknowledgement(user=request.user, kind=CONFIDENTIALITY)
    form = ConfidentialityForm(request.POST if request.method == "POST" else None)
    if form.is_bound and (current or form.is_valid()):
        # Already agreed to this version (a second tap, another tab): nothing to record again.
        if not current:
            services.agree(
                user=request.user, kind=CONFIDENTIALITY, confirm_rounds=round_status.current_rounds(user=request.user)
            )
            messages.success(request, _("Your commitment is recorded."))
        return redirect("declarations:confidentiality")
    context = {
        "text": text,
        "acknowledgement": current,
        "previous": None if current else selectors.latest_acknowledgement(user=request.user, kind=CONFIDENTIALITY),
        "form": form,
    }
    return render(request, "declarations/confidentiality.html", context)


def _show_refusal(error: services.DeclarationError, form, rows) -> None:
    for message in error.general:
        form.add_error(None, message)
    for index, fields in error.entry_errors.items():
        for field, field_messages in fields.items():
            for message in field_messages:
                rows[index].add_error(field, message)


def recusal(request):
    text = selectors.current_text(RECUSAL)
    if text is None:
        return _unpublished(request, RECUSAL)
    current = selectors.current_acknowledgement(user=request.user, kind=RECUSAL)
    previous = None if current else selectors.latest_acknowledgement(user=request.user, kind=RECUSAL)
    if request.method == "POST":
        form = RecusalForm(request.POST)
        formset = EntryFormSet(request.POST, prefix="entries")
        if all([form.is_valid(), formset.is_valid()]):
            rows = [row for row in formset.forms if row.entry() is not None]
            try:
                services.agree(
                    user=request.user,
                    kind=RECUSAL,
                    entries=[row.entry() for row in rows],
                    nothing_to_declare=form.cleaned_data["nothing_to_declare"],
                    confirm_rounds=round_status.current_rounds(user=request.user),
                )
            except services.DeclarationError as error:
                _show_refusal(error, form, rows)
            else:
                messages.success(request, _("Your declaration is recorded."))
                return redirect("declarations:recusal")
    else:
        # Start from what the person declared last, even under an older text, so updating is quick.
        earlier = current or previous
        form = RecusalForm(initial={"nothing_to_declare": bool(earlier and earlier.nothing_to_declare)})
        formset = EntryFormSet(prefix="entries", initial=entry_initial(earlier))
    context = {"text": text, "acknowledgement": current, "previous": previous, "form": form, "formset": formset}
    return render(request, "declarations/recusal.html", context)


@require_http_methods(["GET", "POST"])
def round_conflicts(request, round_pk: int):
    """A round's recusal conflicts with the office's decision on each; a 404 for anyone who may not see the round."""
    inspection_round = get_object_or_404(rounds_visible_to(request.user), pk=round_pk)
    refused = None
    if request.method == "POST":
        refused = RecusalDecisionForm(request.POST)
        if refused.is_valid():
            data = refused.cleaned_data
            try:
                services.decide_conflict(
                    inspection_round=inspection_round,
                    user_id=data["user"],
                    unit_id=data["unit"],
                    outcome=data["outcome"],
                    reason=data["reason"],
                    decided_by=request.user,
                    request=request,
                )
            except services.DeclarationError as error:
                for message in error.general:
                    refused.add_error(None, message)
            else:
                messages.success(request, _("The decision is recorded."))
                return redirect("declarations:round_conflicts", round_pk=inspection_round.pk)
    cases = selectors.conflict_cases(inspection_round=inspection_round)
    rows, shown_refusal = [], False
    for case in cases:
        key = {"user": case.user.pk, "unit": case.unit.pk}
        auto_id = f"id_{case.user.pk}_{case.unit.pk}_%s"  # one form per row: ids must not repeat
        if refused is not None and [refused.data.get("user"), refused.data.get("unit")] == [
            str(case.user.pk),
            str(case.unit.pk),
        ]:
            form, shown_refusal = RecusalDecisionForm(refused.data, auto_id=auto_id), True
            form.is_valid()
            for message in refused.non_field_errors():
                if message not in form.non_field_errors():
                    form.add_error(None, message)
        else:
            initial = {"outcome": case.decision.outcome, "reason": case.decision.reason} if case.decision else {}
            form = RecusalDecisionForm(initial={**key, **initial}, auto_id=auto_id)
        rows.append({"case": case, "form": form})
    record_view(
        action="declarations.round_conflicts_viewed",
        request=request,
        target=inspection_round,
        people=[case.user.pk for case in cases],
    )
    context = {
        "round": inspection_round,
        "rows": rows,
        "pending": sum(1 for c in cases if c.decision is None),
        # A refusal about no listed conflict (the tie was withdrawn meanwhile, a tampered form) is shown on top.
        "refusal": refused.errors if refused is not None and not shown_refusal else None,
    }
    status = 400 if refused is not None else 200
    return render(request, "declarations/round_conflicts.html", context, status=status)
