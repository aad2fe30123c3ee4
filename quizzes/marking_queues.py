"""Other marking queues, listed on the quizzes' 阅卷 page so a marker finds all their marking in one place.

Marking of apps above quizzes (the 定性 drills' sentences) lives in those apps; quizzes cannot import them, so
each registers its queue here at start (``AppConfig.ready``), as readiness registers the home page's panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

__all__ = ["MarkingQueue", "other_queues", "register_marking_queue"]


@dataclass(frozen=True)
class MarkingQueue:
    #: What waits there ("定性表述").
    label: str
    #: The admin URL name of the queue.
    url_name: str
    #: Who may mark there.
    permission: str
    #: How many items wait for this marker.
    waiting: Callable[..., int]


@dataclass(frozen=True)
class WaitingQueue:
    label: str
    url: str
    count: int


_queues: dict[str, MarkingQueue] = {}


def register_marking_queue(queue: MarkingQueue) -> None:
    """Called from the owning app's ready(); registering the same URL name again replaces it."""
    _queues[queue.url_name] = queue


def other_queues(*, marker) -> list[WaitingQueue]:
    """The registered queues this marker may mark in, with how many items wait in each."""
    return [
        WaitingQueue(label=str(queue.label), url=reverse(queue.url_name), count=queue.waiting(marker=marker))
        for queue in _queues.values()
        if marker.has_perm(queue.permission)
    ]
