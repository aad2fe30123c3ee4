"""The trainee's drill pages and the office's view of a round. Thin: selectors read, services write."""

from __future__ import annotations

import uuid

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.api import CasePage, category_tree
from drills import progress, selectors
from drills.forms import DrillForm
from drills.models import SENTENCE_MAX_LENGTH, DrillAttempt
from drills.services import DrillError, submit_drill
from regulations import api as regulations_api
from rounds.api import InspectionRound


@require_http_methods(["GET", "POST"])
def drill(request, case_id: int):
    try:
        case = selectors.drill_case(case_id=case_id)
    except CasePage.DoesNotExist:
        raise Http404 from None
    form = DrillForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not form.is_valid():
        # Only the hidden token can be invalid (an edited or very old page): keep what was entered, with a new one.
        data = request.POST.copy()
        data["token"] = str(uuid.uuid4())
        form = DrillForm(data)
        form.add_error(None, _("This page was out of date. Check your answer and submit it again."))
    if request.method == "POST" and not form.errors and not form.searching:
        try:
            attempt = submit_drill(
                user=request.user,
                case=case,
                category_id=form.cleaned_data["category"],
                article_ids=form.article_ids,
                sentence=form.cleaned_data["sentence"],
                token=form.cleaned_data["token"],
            )
        except DrillError as error:
            form.add_error(None, str(error))
        else:
            return redirect("drills:result", pk=attempt.pk)
    chosen = regulations_api.chosen_articles(article_ids=form.article_ids)
    query = form.cleaned_data.get("q", "") if form.is_bound else ""
    found = regulations_api.search_articles(query=query, exclude_ids=form.article_ids) if form.searching else []
    return render(
        request,
        "drills/drill.html",
        {
            "case": case,
            "form": form,
            "tree": category_tree(),
            "chosen_category": form.chosen_category_id(),
            "chosen": chosen,
            "found": found,
            "article_query": query,
            "searched": form.searching,
            "sentence_max": SENTENCE_MAX_LENGTH,
        },
    )


@require_GET
def result(request, pk: int):
    try:
        attempt = selectors.attempt_of(pk=pk, user=request.user)
    except DrillAttempt.DoesNotExist:
        raise Http404 from None
    return render(request, "drills/result.html", selectors.result_context(attempt=attempt))


@require_GET
def mine(request):
    context = progress.confusions_of(user=request.user)
    context |= {
        "index_url": selectors.drill_index_url(request),
        "rounds": progress.readable_rounds(user=request.user),
    }
    return render(request, "drills/mine.html", context)


@require_GET
def round_categories(request, pk: int):
    try:
        inspection_round = progress.readable_round(user=request.user, pk=pk)
    except InspectionRound.DoesNotExist:
        raise Http404 from None
    return render(request, "drills/round.html", progress.round_weak_categories(inspection_round=inspection_round))
