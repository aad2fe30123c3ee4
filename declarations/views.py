"""The trainee's declarations: the list, the confidentiality commitment and the recusal declaration.

Thin: the rules live in declarations.services and declarations.selectors. Every page shows only the
signed-in person's own records and works without JavaScript.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from declarations import selectors, services
from declarations.forms import ConfidentialityForm, EntryFormSet, RecusalForm, entry_initial
from declarations.models import AcknowledgementKind

CONFIDENTIALITY = AcknowledgementKind.CONFIDENTIALITY
RECUSAL = AcknowledgementKind.RECUSAL


def index(request):
    return render(request, "declarations/index.html", {"statuses": selectors.statuses(user=request.user)})


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
            services.agree(user=request.user, kind=CONFIDENTIALITY)
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
