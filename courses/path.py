"""The learning path as a lesson page and the studied button need it: whether a lesson is locked for a person
(and why), and what they should do next.

Whether a module is complete depends on quizzes passed, commitments signed and evenings attended, which
apps above this one record; the readiness app, above them all, works it out. It registers its answers
here when it starts (``set_learning_path``, dependency inversion like ``quizzes.selectors.set_result_scope``),
so the page and the write ask the same rule. Without a registered path nothing is locked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Lock:
    """Why a lesson cannot be studied yet, in words for the reader, and where to go instead."""

    message: str
    #: The first thing to do (the unfinished item of the module to finish first), or 我的学习.
    url: str
    url_label: str


@dataclass(frozen=True)
class NextItem:
    """The person's next step on their track."""

    label: str
    url: str


class LearningPath(Protocol):
    def lesson_lock(self, *, user, lesson_id: int) -> Lock | None: ...

    def next_item(self, *, user) -> NextItem | None: ...


_path: LearningPath | None = None


def set_learning_path(path: LearningPath | None) -> None:
    global _path
    _path = path


def lesson_lock(*, user, lesson_id: int) -> Lock | None:
    """Why this lesson is locked for the person; None when they may study it (or nothing locks it)."""
    if _path is None or not getattr(user, "is_authenticated", False):
        return None
    return _path.lesson_lock(user=user, lesson_id=lesson_id)


def next_item(*, user) -> NextItem | None:
    """The person's next step on their track; None when there is none (or no track)."""
    if _path is None or not getattr(user, "is_authenticated", False):
        return None
    return _path.next_item(user=user)
