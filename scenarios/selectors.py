"""Reads of the scenarios app: the list with each person's best and last result, one run as its owner sees it.

A run is only ever shown to the person who played it (``run_for_owner``: 404 for anyone else).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from regulations.api import CITATION_RELATED
from scenarios.blocks import LEAD_STEP
from scenarios.endings import RED_LINES, Ending
from scenarios.forms import lead_for_display
from scenarios.models import RunStep, ScenarioIndexPage, ScenarioPage, ScenarioRun


@dataclass
class ScenarioRow:
    page: ScenarioPage
    best: int | None = None
    last: ScenarioRun | None = None
    open_run_id: int | None = None


def _results(user, scenario_ids: list[int]) -> dict[int, ScenarioRow]:
    rows: dict[int, ScenarioRow] = {}
    runs = ScenarioRun.objects.filter(user=user, scenario_id__in=scenario_ids).order_by("-started_at", "-pk")
    for run in runs:
        row = rows.setdefault(run.scenario_id, ScenarioRow(page=None))
        if not run.finished:
            row.open_run_id = run.pk
        elif run.ending:
            if row.last is None:
                row.last = run
            if run.completed and (row.best is None or run.score > row.best):
                row.best = run.score
    return rows


def scenario_list(*, index: ScenarioIndexPage, user) -> list[ScenarioRow]:
    """The live scenarios under the index, each with the person's best completed score, last ended run and
    open run. Two queries, whatever the number of scenarios and runs."""
    pages = list(ScenarioPage.objects.child_of(index).live().order_by("path"))
    results = _results(user, [p.pk for p in pages])
    listed = []
    for page in pages:
        row = results.get(page.pk) or ScenarioRow(page=page)
        row.page = page
        listed.append(row)
    return listed


@dataclass
class ScenarioRuns:
    open_run: ScenarioRun | None
    ended: list[ScenarioRun]
    best: int | None


def runs_of(*, scenario: ScenarioPage, user, limit: int = 5) -> ScenarioRuns:
    """The person's open run of this scenario, their last ended runs and best completed score."""
    row = _results(user, [scenario.pk]).get(scenario.pk) or ScenarioRow(page=scenario)
    ended = list(
        ScenarioRun.objects.filter(user=user, scenario=scenario, finished_at__isnull=False)
        .exclude(ending="")
        .order_by("-finished_at", "-pk")[:limit]
    )
    open_run = ScenarioRun.objects.filter(pk=row.open_run_id).first() if row.open_run_id else None
    return ScenarioRuns(open_run=open_run, ended=ended, best=row.best)


def run_for_owner(*, pk: int, user) -> ScenarioRun:
    """The run, if it is this person's; 404 otherwise (another person's run is not known to exist)."""
    return get_object_or_404(ScenarioRun.objects.select_related("scenario"), pk=pk, user=user)


@dataclass
class StepChoice:
    id: str
    label: str


@dataclass
class CurrentStep:
    key: str
    number: int
    situation: str
    is_lead: bool
    choices: list[StepChoice]


@dataclass
class BestChoice:
    """For the summary: each step of the scenario with its best choice (most points) and the rule."""

    situation: str
    label: str
    rule: str
    article: object
    points: int
    visited: bool


@dataclass
class RunView:
    run: ScenarioRun
    scenario: ScenarioPage
    taken: list[RunStep]
    last: RunStep | None
    current: CurrentStep | None
    #: The scenario changed since the run started and the run's step is gone.
    stale: bool = False
    ending_label: str = ""
    red_line: bool = False
    best_choices: list[BestChoice] = field(default_factory=list)
    lead_lines: list[tuple[str, str]] = field(default_factory=list)


def _best_choices(scenario: ScenarioPage, visited: set[str]) -> list[BestChoice]:
    best = []
    for child in scenario.steps:
        choices = list(child.value["choices"])
        if not choices:
            continue
        top = max(choices, key=lambda c: c["points"] or 0)
        best.append(
            BestChoice(
                situation=child.value["situation"],
                label=top["label"],
                rule=top["rule"],
                article=top["article"],
                points=top["points"] or 0,
                visited=child.value["key"].strip() in visited,
            )
        )
    return best


def run_view(*, run: ScenarioRun) -> RunView:
    """What the run page shows: the last choice's consequence and rule, then the step the run is on, or,
    once ended, the ending, the path taken and each step's best choice."""
    scenario = run.scenario
    taken = list(
        RunStep.objects.filter(run=run).select_related(*(f"article__{r}" for r in CITATION_RELATED), "article")
    )
    view = RunView(run=run, scenario=scenario, taken=taken, last=taken[-1] if taken else None, current=None)
    for step in taken:
        if step.lead:
            view.lead_lines = lead_for_display(step.lead)
    if not run.finished:
        block, _is_lead = scenario.step(run.current_step)
        if block is None:
            view.stale = True
        else:
            view.current = CurrentStep(
                key=run.current_step,
                number=len(taken) + 1,
                situation=block.value["situation"],
                is_lead=block.block_type == LEAD_STEP,
                choices=[StepChoice(id=c.id, label=c.value["label"]) for c in block.value["choices"].bound_blocks],
            )
        return view
    if run.ending:
        view.ending_label = Ending(run.ending).label
        view.red_line = run.ending in RED_LINES
        view.best_choices = _best_choices(scenario, {s.step_key for s in taken})
    return view


def personal_records(*, user) -> dict[str, list[dict]]:
    """The person's scenario runs (one row per run) and the practice leads they typed, for their data export."""
    runs = list(ScenarioRun.objects.filter(user=user).select_related("scenario").order_by("started_at", "pk"))
    steps = RunStep.objects.filter(run__user=user, lead__isnull=False).select_related("run__scenario")
    run_rows = [
        {
            _("Scenario"): run.scenario.title,
            _("Started"): run.started_at,
            _("Ended"): run.finished_at,
            _("Ending"): run.get_ending_display(),
            _("Score"): run.score,
        }
        for run in runs
    ]
    lead_rows = [
        {_("Scenario"): step.run.scenario.title, _("Chosen at"): step.chosen_at} | dict(lead_for_display(step.lead))
        for step in steps.order_by("chosen_at", "pk")
    ]
    return {_("Scenario drills"): run_rows, _("Practice lead registrations"): lead_rows}


def good_endings(*, user_ids, since, page_ids) -> dict[int, set[int]]:
    """User id → the ids of these scenarios they played to a good ending (not a red line) in a run finished since
    ``since``, for readiness's module criteria. One query."""
    good: dict[int, set[int]] = {}
    if user_ids and page_ids:
        rows = ScenarioRun.objects.filter(
            user_id__in=user_ids, scenario_id__in=page_ids, ending=Ending.GOOD, finished_at__gte=since
        ).values_list("user_id", "scenario_id")
        for user_id, page_id in rows.distinct().order_by():
            good.setdefault(user_id, set()).add(page_id)
    return good
