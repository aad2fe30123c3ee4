"""Whether a scenario's steps make a playable graph, checked on plain values.

Pure functions: the admin's StreamField (``scenarios.blocks.ScenarioStepsBlock.clean``), the demo loader and
the tests call them with :class:`StepShape` tuples and get back every problem, each naming the step (by its
position in the list) and, where it belongs to one, the choice. The first step is where a run starts.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

#: Ending values a choice may carry (scenarios.models.Ending); "" means it leads to another step.
GOOD_ENDING = "good"


@dataclass(frozen=True)
class ChoiceShape:
    """One choice: where it leads (a step key) or how it ends the run (an ending value)."""

    leads_to: str = ""
    ending: str = ""


@dataclass(frozen=True)
class StepShape:
    key: str
    choices: tuple[ChoiceShape, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class StepProblem:
    """``step`` is the position of the step (0 for the first); ``None`` for the scenario as a whole."""

    step: int | None
    message: str
    choice: int | None = None


def _label(index: int) -> str:
    return _("Step %(number)s") % {"number": index + 1}


def key_problems(steps: Sequence[StepShape]) -> list[StepProblem]:
    """Empty keys, and keys used by more than one step (every step after the first that reuses it)."""
    problems = []
    seen: dict[str, int] = {}
    for index, step in enumerate(steps):
        key = step.key.strip()
        if not key:
            problems.append(StepProblem(index, _("%(step)s has no key.") % {"step": _label(index)}))
        elif key in seen:
            problems.append(
                StepProblem(
                    index,
                    _("%(step)s uses the key “%(key)s”, which %(other)s already uses. Each key may be used once.")
                    % {"step": _label(index), "key": key, "other": _label(seen[key])},
                )
            )
        else:
            seen[key] = index
    return problems


def choice_problems(steps: Sequence[StepShape]) -> list[StepProblem]:
    """Steps without choices; choices that both lead on and end, or do neither; choices leading to an
    unknown key."""
    keys = {step.key.strip() for step in steps if step.key.strip()}
    problems = []
    for index, step in enumerate(steps):
        if not step.choices:
            problems.append(
                StepProblem(index, _("%(step)s has no choices: add at least one.") % {"step": _label(index)})
            )
        for number, choice in enumerate(step.choices):
            target = choice.leads_to.strip()
            where = {"step": _label(index), "choice": number + 1, "key": target}
            if target and choice.ending:
                message = _("%(step)s, choice %(choice)s: give either the next step or an ending, not both.")
            elif not target and not choice.ending:
                message = _("%(step)s, choice %(choice)s: give the key of the next step or choose an ending.")
            elif target and target not in keys:
                message = _("%(step)s, choice %(choice)s leads to “%(key)s”, but no step has that key.")
            else:
                continue
            problems.append(StepProblem(index, message % where, choice=number))
    return problems


def _edges(steps: Sequence[StepShape]) -> dict[str, set[str]]:
    keys = {step.key.strip() for step in steps}
    edges: dict[str, set[str]] = {}
    for step in steps:
        targets = {c.leads_to.strip() for c in step.choices if c.leads_to.strip() in keys and not c.ending}
        edges.setdefault(step.key.strip(), set()).update(targets)
    return edges


def reachable_keys(steps: Sequence[StepShape]) -> set[str]:
    """The keys a run can reach from the first step."""
    if not steps:
        return set()
    edges = _edges(steps)
    first = steps[0].key.strip()
    seen = {first}
    queue = deque([first])
    while queue:
        for target in edges.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def keys_that_can_end(steps: Sequence[StepShape]) -> set[str]:
    """The keys from which some path reaches an ending (good or red line)."""
    edges = _edges(steps)
    can_end = {step.key.strip() for step in steps if any(c.ending for c in step.choices)}
    changed = True
    while changed:
        changed = False
        for key, targets in edges.items():
            if key not in can_end and targets & can_end:
                can_end.add(key)
                changed = True
    return can_end


def graph_problems(steps: Sequence[StepShape]) -> list[StepProblem]:
    """Steps no path reaches from the first step, steps from which no ending can be reached, and a
    scenario without a good ending."""
    problems = []
    if not steps:
        return [StepProblem(None, _("The scenario has no steps: add at least one."))]
    reachable = reachable_keys(steps)
    can_end = keys_that_can_end(steps)
    for index, step in enumerate(steps):
        key = step.key.strip()
        if not key:
            continue
        if key not in reachable:
            problems.append(
                StepProblem(
                    index,
                    _("%(step)s (“%(key)s”) cannot be reached: no choice from the first step leads to it.")
                    % {"step": _label(index), "key": key},
                )
            )
        if step.choices and key not in can_end:
            problems.append(
                StepProblem(
                    index,
                    _("From %(step)s (“%(key)s”) no ending can be reached: its choices go round in a loop.")
                    % {"step": _label(index), "key": key},
                )
            )
    if not any(c.ending == GOOD_ENDING for step in steps for c in step.choices):
        problems.append(
            StepProblem(None, _("The scenario has no good ending: at least one choice must end it as completed."))
        )
    return problems


def scenario_problems(steps: Iterable[StepShape]) -> list[StepProblem]:
    """Every problem of a scenario, in the order an editor would fix them."""
    steps = list(steps)
    return key_problems(steps) + choice_problems(steps) + graph_problems(steps)
