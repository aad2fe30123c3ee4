"""The schedule as people see it: my evenings, one evening, and my private calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from studysessions import calendar
from studysessions.schedule.occurrences import occurrence_for_key
from studysessions.schedule.selectors import may_see


@require_GET
def session_list(request):
    upcoming, past = calendar.evenings_for_user(user=request.user, now=timezone.now())
    return render(
        request,
        "studysessions/schedule/list.html",
        {"upcoming": upcoming, "past": past, "weeks": calendar.LIST_WEEKS},
    )


@require_GET
def detail(request, key):
    occurrence = occurrence_for_key(key=key)
    # Someone else's series is as invisible as one that does not exist.
    if occurrence is None or not may_see(occurrence=occurrence, user=request.user):
        raise Http404
    evening = calendar.evening_for_user(occurrence, user=request.user, now=timezone.now())
    return render(
        request,
        "studysessions/schedule/detail.html",
        {"evening": evening, "o": occurrence, "host_name": calendar.host_name(occurrence)},
    )


@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    if request.method == "POST":
        calendar.regenerate_feed(user=request.user)
        messages.success(request, _("A new calendar address was made. The old one no longer works."))
        return redirect("studysessions:calendar")
    feed = calendar.ensure_feed(user=request.user)
    https_url = request.build_absolute_uri(feed_path(feed.token))
    webcal_url = "webcal://" + https_url.split("://", 1)[1]
    return render(
        request,
        "studysessions/schedule/calendar.html",
        {"feed": feed, "https_url": https_url, "webcal_url": webcal_url},
    )


def feed_path(token: str) -> str:
    return reverse("studysessions:feed", args=[token])


@login_not_required
@require_GET
def feed(request, token):
    # Phones fetch without a session: the secret in the URL is the only key, so a wrong one is a plain 404.
    found = calendar.feed_for_token(token)
    if found is None:
        raise Http404
    now = timezone.now()
    body = calendar.build_feed(
        user=found.user, now=now, url_for=lambda key: request.build_absolute_uri(calendar.detail_path(key))
    )
    calendar.record_fetch(feed=found, now=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="xuncha-sessions.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
