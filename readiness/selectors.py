"""Reads for the trainee's own page (我的学习)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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


#: Criteria keys of the commitments a module may ask for (readiness.criteria.module_specs: "ack:<kind>").
_ACKNOWLEDGEMENT = "ack:"


@dataclass(frozen=True)
class DueAcknowledgement:
    criterion: Criterion
    #: The earliest due date of the modules asking for it, else the day the round starts (进驻).
    due: date


def acknowledgements_due(readiness: Readiness) -> list[DueAcknowledgement]:
    """The commitments the track asks for (保密承诺, 回避申报), shown before the modules: they are due before
    进驻 and can be signed at any time, whatever module asks for them and whether that module is locked."""
    found: dict[str, DueAcknowledgement] = {}
    starts_on = readiness.member.team.round.starts_on
    for status in readiness.modules:
        for criterion in status.criteria:
            if not criterion.key.startswith(_ACKNOWLEDGEMENT):
                continue
            due = min(status.due, starts_on) if status.due else starts_on
            known = found.get(criterion.key)
            if known is None or due < known.due:
                found[criterion.key] = DueAcknowledgement(criterion, due)
    return list(found.values())
