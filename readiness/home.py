"""The trainee's next step on the home page: a panel registered with core.home_panels (core cannot import us).

Reads only, through the same rules and selector as 我的学习, so the home page and 我的学习 never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.home_panels import HomePanel
from readiness.criteria import Criterion
from readiness.rules import Readiness, readiness_for_request
from readiness.selectors import next_step

TEMPLATE = "readiness/home_panel.html"


@dataclass(frozen=True)
class HomeNextStep:
    """What the home page says: the round, the first thing to do in it (None when nothing is left) and by when."""

    readiness: Readiness
    criterion: Criterion | None
    module_title: str = ""
    due: date | None = None
    #: Due when the round starts (进驻): study pack items, and modules due that day.
    due_at_start: bool = False

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


def home_next_step(*, readinesses: list[Readiness]) -> HomeNextStep | None:
    """The first round (newest first) with something left to do, and that thing; else the newest round with
    nothing left; None for someone on no round."""
    for readiness in readinesses:
        step = next_step(readiness)
        if step is None:
            continue
        starts_on = readiness.member.team.round.starts_on
        if step.module is None:
            return HomeNextStep(readiness, step.criterion, due=starts_on, due_at_start=True)
        due = next((s.due for s in readiness.modules if s.module.pk == step.module.pk), None)
        return HomeNextStep(readiness, step.criterion, step.module.title, due, due_at_start=due == starts_on)
    if readinesses:
        return HomeNextStep(readinesses[0], None)
    return None


def next_step_panel(request: HttpRequest) -> HomePanel | None:
    found = home_next_step(readinesses=readiness_for_request(request))
    if found is None:
        return None
    learning = reverse("readiness:my_learning")
    start_step = {
        "title": _("My learning"),
        "text": _("Your training track for the round: lessons, quizzes and declarations in order, each with its date."),
        "url": learning,
        "label": _("Open my learning"),
    }
    return HomePanel(TEMPLATE, {"step": found, "learning_url": learning}, start_step=start_step)
