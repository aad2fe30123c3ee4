"""Reads for the trainee's own page (我的学习)."""

from __future__ import annotations

from dataclasses import dataclass

from courses.api import Module
from readiness.criteria import Criterion
from readiness.rules import Readiness


@dataclass(frozen=True)
class NextStep:
    #: None for an item of the study pack.
    module: Module | None
    criterion: Criterion


def next_step(readiness: Readiness) -> NextStep | None:
    """The first thing to do: the first unfinished criterion of the first unlocked, incomplete module, then the pack."""
    for status in readiness.modules:
        if status.complete or status.locked:
            continue
        for criterion in status.criteria:
            if not criterion.done:
                return NextStep(module=status.module, criterion=criterion)
    for criterion in readiness.pack:
        if not criterion.done:
            return NextStep(module=None, criterion=criterion)
    return None
