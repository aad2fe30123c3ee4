"""The learning path's rule for the lesson pages (courses.path): a lesson is locked while every module of the
person's tracks that holds it waits for a prerequisite, and the next step is 我的学习's (selectors.next_step).

Registered with courses in ``ReadinessConfig.ready``, so the lesson page and the studied button (its
service refuses a locked lesson) ask the same rule as 我的学习 and the office dashboard.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from courses.api import ItemKind, Lock, NextItem
from readiness.criteria import ModuleStatus
from readiness.rules import Readiness, readiness_for_user
from readiness.selectors import next_step


def _holds(status: ModuleStatus, lesson_id: int) -> bool:
    return any(placement.lesson_id == lesson_id for placement in status.module.lessons.all())


def _first_to_do(readiness: Readiness, modules: list) -> tuple[str, str] | None:
    """(label, url) of the first unfinished item of the first of these modules that is open."""
    wanted = {m.pk for m in modules}
    for status in readiness.modules:
        if status.module.pk in wanted and not status.locked:
            for criterion in status.criteria:
                if not criterion.done and criterion.url:
                    return criterion.label, criterion.url
    return None


def lesson_lock(*, user, lesson_id: int) -> Lock | None:
    holding: list[tuple[Readiness, ModuleStatus]] = []
    # Locks depend on modules only: the recusal conflicts (five queries a lesson page) are not read.
    for readiness in readiness_for_user(user=user, with_conflicts=False):
        for status in readiness.modules:
            if _holds(status, lesson_id):
                if not status.locked:
                    return None  # open in one of the person's modules: open
                holding.append((readiness, status))
    if not holding:
        return None  # not on the person's tracks: nothing locks it
    readiness, status = holding[0]
    names = "、".join(f"《{m.title}》" for m in status.prerequisites_missing)
    message = _("Finish %(modules)s first: this lesson belongs to “%(module)s”, which opens after it.") % {
        "modules": names,
        "module": status.module.title,
    }
    first = _first_to_do(readiness, status.prerequisites_missing)
    if first is None:
        step = next_step(readiness)
        first = (step.criterion.label, step.criterion.url) if step and step.criterion.url else None
    if first is None:
        return Lock(message=message, url=reverse("readiness:my_learning"), url_label=_("Back to my learning"))
    label, url = first
    return Lock(message=message, url=url, url_label=_("Go to: %(item)s") % {"item": label})


def next_item(*, user) -> NextItem | None:
    for readiness in readiness_for_user(user=user):
        step = next_step(readiness)
        if step is None:
            continue
        criterion = step.criterion
        if criterion.kind == ItemKind.LESSON and step.module is not None:
            title = next(
                (p.lesson.title for p in step.module.lessons.all() if p.lesson_id == criterion.item_id),
                criterion.label,
            )
            return NextItem(label=_("Next lesson: “%(title)s”") % {"title": title}, url=criterion.url)
        url = criterion.url or reverse("readiness:my_learning")
        return NextItem(label=_("Next: %(item)s") % {"item": criterion.label}, url=url)
    return None
