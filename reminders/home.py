"""The person's reminders on the home page: a section under the first panel (readiness's next step), read only."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from core.home_panels import HomePanel
from readiness.api import readiness_for_request
from reminders.selectors import reminders_of

TEMPLATE = "reminders/home_section.html"


def reminders_section(request: HttpRequest) -> HomePanel | None:
    found = reminders_of(readinesses=readiness_for_request(request), today=timezone.localdate())
    if not found:
        return None
    return HomePanel(TEMPLATE, {"rounds": found})
