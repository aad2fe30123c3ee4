"""My calendar address (subscribe, make a new one) and the feed the phones fetch."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from studysessions.calendar_feed import selectors, services


@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    # A GET only shows the address; the first one is made by the button (POST), like a new one.
    if request.method == "POST":
        if request.POST.get("action") == "create":
            services.ensure_feed(user=request.user)
        else:
            services.regenerate_feed(user=request.user)
            messages.success(request, _("A new calendar address was made. The old one no longer works."))
        return redirect("studysessions:calendar")
    feed = selectors.feed_of(user=request.user)
    if feed is None:
        return render(request, "studysessions/calendar_feed/settings.html", {"feed": None})
    https_url = request.build_absolute_uri(reverse("studysessions:feed", args=[feed.token]))
    webcal_url = "webcal://" + https_url.split("://", 1)[1]
    return render(
        request,
        "studysessions/calendar_feed/settings.html",
        {"feed": feed, "https_url": https_url, "webcal_url": webcal_url},
    )


@login_not_required
@require_GET
def feed(request, token):
    # Phones fetch without a session: the secret in the URL is the only key, so a wrong one is a plain 404.
    found = selectors.feed_for_token(token=token)
    if found is None:
        raise Http404
    now = timezone.now()
    body = selectors.build_feed(
        user=found.user,
        now=now,
        url_for=lambda key: request.build_absolute_uri(reverse("studysessions:detail", args=[key])),
    )
    services.record_fetch(feed=found, now=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, "xuncha-sessions.ics")
    response["Cache-Control"] = "private, no-store"
    return response
