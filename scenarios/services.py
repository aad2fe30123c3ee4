"""Every write of the scenarios app: starting a run and making a choice.

Each runs in one transaction and locks the run row first, so a double tap, two tabs or a replayed form
record one choice. A choice is accepted only for the step the run is on (a forged or replayed POST changes
nothing and the caller gets a :class:`ScenarioError` with a Chinese message).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scenarios.endings import Ending
from scenarios.forms import LeadRegistrationForm
from scenarios.models import RunStep, ScenarioPage, ScenarioRun

#: A run that has taken this many steps is stopped: a scenario whose loops a trainee keeps going round.
MAX_STEPS = 200


class ScenarioError(Exception):
    """A request the rules refuse; the message is for the user, in Chinese. Nothing was written."""


class LeadFormInvalid(ScenarioError):
    """The 线索登记 form of a lead step is incomplete; ``form`` carries the messages."""

    def __init__(self, form: LeadRegistrationForm):
        super().__init__(_("Complete the lead registration form first; nothing was saved."))
        self.form = form


@transaction.atomic
def start_run(*, scenario: ScenarioPage, user, restart: bool = False, now: datetime | None = None) -> ScenarioRun:
    """A new run at the first step. A run already open is returned as it is when it has no steps yet (a
    double tap on 开始), or when ``restart`` is not asked; with ``restart`` it is closed without an ending and
    a new one starts."""
    now = now or timezone.now()
    if not scenario.live:
        raise ScenarioError(_("This scenario is not published."))
    first = scenario.first_step_key()
    if not first:
        raise ScenarioError(_("This scenario has no steps yet."))
    open_run = (
        ScenarioRun.objects.select_for_update().filter(user=user, scenario=scenario, finished_at__isnull=True).first()
    )
    if open_run is not None:
        if not restart or not open_run.steps.exists():
            return open_run
        open_run.finished_at = now
        open_run.current_step = ""
        open_run.save(update_fields=["finished_at", "current_step"])
    try:
        with transaction.atomic():
            return ScenarioRun.objects.create(user=user, scenario=scenario, current_step=first, started_at=now)
    except IntegrityError:
        # Another request started one a moment ago: that one is the run.
        return ScenarioRun.objects.get(user=user, scenario=scenario, finished_at__isnull=True)


def _choice(step_block, choice_id: str):
    for child in step_block.value["choices"].bound_blocks:
        if child.id and child.id == choice_id:
            return child.value
    return None


@transaction.atomic
def choose(
    *,
    run_id: int,
    user,
    step_key: str,
    choice_id: str,
    lead: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> RunStep:
    """Record the choice ``choice_id`` at the step ``step_key`` the run is on: its points are added, and the
    run moves to the step it leads to or ends (completed, or at a red line). A lead step needs its form
    (``lead``, the posted fields), validated here."""
    now = now or timezone.now()
    run = ScenarioRun.objects.select_for_update().filter(pk=run_id, user=user).first()
    if run is None:
        raise ScenarioError(_("This run does not exist."))
    if run.finished:
        raise ScenarioError(_("This run has already ended; nothing was changed."))
    if step_key != run.current_step:
        raise ScenarioError(
            _("That answer was for a step you have already passed; nothing was changed. This is where you are now.")
        )
    scenario = ScenarioPage.objects.get(pk=run.scenario_id)
    step_block, is_lead = scenario.step(run.current_step)
    if step_block is None:
        raise ScenarioError(_("This scenario was changed since you started; nothing was changed. Start again."))
    choice = _choice(step_block, choice_id)
    if choice is None:
        raise ScenarioError(_("That choice is not one of this step's; nothing was changed."))
    position = run.steps.count() + 1
    if position > MAX_STEPS:
        raise ScenarioError(_("This run has gone on too long; start again."))
    stored_lead = None
    if is_lead:
        form = LeadRegistrationForm(data=lead or {})
        if not form.is_valid():
            raise LeadFormInvalid(form)
        stored_lead = form.cleaned_data
    taken = RunStep.objects.create(
        run=run,
        position=position,
        step_key=run.current_step,
        choice_id=choice_id,
        choice_label=choice["label"],
        consequence=choice["consequence"],
        rule=choice["rule"],
        article=choice["article"],
        points=choice["points"] or 0,
        lead=stored_lead,
        chosen_at=now,
    )
    run.score += taken.points
    if choice["ending"]:
        run.ending = Ending(choice["ending"])
        run.ending_note = choice["ending_note"] or ""
        run.current_step = ""
        run.finished_at = now
    else:
        run.current_step = choice["leads_to"].strip()
    run.save(update_fields=["score", "ending", "ending_note", "current_step", "finished_at"])
    return taken


def anonymise_person_data(*, user, placeholder: str) -> int:
    """Replace what the person typed into practice lead forms; runs, choices and scores stay for the statistics.
    Returns the number of lead forms changed. Runs inside the caller's transaction when there is one."""
    with transaction.atomic():
        steps = list(RunStep.objects.filter(run__user=user, lead__isnull=False))
        for step in steps:
            step.lead = {name: placeholder for name in ("subject", "problem")} | {
                name: value for name, value in step.lead.items() if name not in ("subject", "problem")
            }
        RunStep.objects.bulk_update(steps, ["lead"])
        return len(steps)
