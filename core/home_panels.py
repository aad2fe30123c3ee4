"""Panels at the top of the home page, filled by the apps above core (core imports none of them).

An app registers a provider in its ``AppConfig.ready()``: a callable taking the request and answering a
`HomePanel` (a template and its context) or None when it has nothing for this person. The home page shows
the first panel that answers, so a trainee starts with their own next step and everyone else sees the page
as before. A provider reads only (a GET never writes) and keeps to a fixed number of queries.

A section (``register_section``) is shown under that first panel, whichever it is, when it answers: for
what must not hide the next step nor be hidden by it (the reminders of items behind schedule).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass(frozen=True)
class HomePanel:
    #: Rendered at the top of the home page with ``panel`` (this object) and ``panel_context`` (``context``).
    template: str
    context: dict = field(default_factory=dict)
    #: An extra first item of the "where to start" steps: a dict with title, text, url and label (the button).
    start_step: dict | None = None


Provider = Callable[[HttpRequest], HomePanel | None]

_providers: list[Provider] = []
_sections: list[Provider] = []

#: The first panel followed by the sections that answered (context ``panels``).
STACK_TEMPLATE = "core/home_panel_stack.html"


def register(provider: Provider) -> Provider:
    """Add a provider (once: ``ready()`` may run again in tests). Asked in the order registered."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def register_section(provider: Provider) -> Provider:
    """Add a section provider (once), asked after the first panel is chosen; every section that answers shows."""
    if provider not in _sections:
        _sections.append(provider)
    return provider


def first_panel(*, request: HttpRequest) -> HomePanel | None:
    """The first registered provider's panel for this request, with the sections that answer under it (then
    as one stacked panel), or None (anonymous visitors get none)."""
    if not request.user.is_authenticated:
        return None
    panel = next((found for found in (provider(request) for provider in _providers) if found is not None), None)
    sections = [found for found in (section(request) for section in _sections) if found is not None]
    if not sections:
        return panel
    panels = [panel, *sections] if panel is not None else sections
    return HomePanel(STACK_TEMPLATE, {"panels": panels}, start_step=panel.start_step if panel is not None else None)
