"""My evenings and one evening's page."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from studysessions.my_evenings import selectors
from studysessions.schedule.occurrences import occurrence_for_key
from studysessions.schedule.selectors import may_see


@require_GET
def session_list(request):
    upcoming, past = selectors.evenings_for_user(user=request.user, now=timezone.now())
    return render(
        request,
        "studysessions/my_evenings/list.html",
        {"upcoming": upcoming, "past": past, "weeks": selectors.LIST_WEEKS},
    )


@require_GET
def detail(request, key):
    occurrence = occurrence_for_key(key=key)
    # Someone else's series is as invisible as one that does not exist.
    if occurrence is None or not may_see(occurrence=occurrence, user=request.user):
        raise Http404
    evening = selectors.evening_for_user(occurrence, user=request.user, now=timezone.now())
    return render(
        request,
        "studysessions/my_evenings/detail.html",
        {"evening": evening, "o": occurrence, "host_name": selectors.host_name(occurrence)},
    )
