"""Reads of a scenario played by the room (情景演练): the path the room took, the step on screen, its choices
lettered A, B, C…, the votes once shown, the ending.

The room's state is its rows (studysessions.models.RoomScenarioStep): no row yet means the room is at the
scenario's first step. The scenario's own steps are read from the page as it is now.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from scenarios import api as scenarios_api
from studysessions.agenda.selectors import Step
from studysessions.models import RoomScenarioStep, RoomScenarioVote


@dataclass(frozen=True)
class ScenarioChoice:
    number: int  # from 1, what the host's apply button sends
    letter: str
    id: str
    label: str
    count: int = 0
    percent: int = 0
    applied: bool = False


@dataclass
class ScenarioPlay:
    scenario: object  # scenarios.api.ScenarioPage
    item: int
    path: list[RoomScenarioStep]  # the steps the room went through, with the choices applied
    position: int  # of the step on screen in the room's path, from 0
    step_key: str = ""
    situation: str = ""
    is_lead: bool = False
    choices: list[ScenarioChoice] = field(default_factory=list)
    revealed: bool = False
    voters: int = 0
    #: The last choice applied: its consequence and rule are shown above the step it led to (or the ending).
    last: RoomScenarioStep | None = None
    ending: str = ""
    ending_label: str = ""
    ending_note: str = ""
    red_line: bool = False
    #: The scenario was changed and the room's step is gone from it.
    stale: bool = False
    #: A 线索登记 step: the practice form's fields (label, choices) shown for discussion only.
    lead_fields: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def ended(self) -> bool:
        return bool(self.ending)

    @property
    def voting(self) -> bool:
        """Phones vote now: a step with choices on screen, votes not yet shown."""
        return not self.ended and not self.stale and not self.is_lead and not self.revealed and bool(self.choices)


def letter(n: int) -> str:
    return string.ascii_uppercase[n] if n < 26 else str(n + 1)


def room_rows(*, session, rehearsal, item: int):
    rows = RoomScenarioStep.objects.filter(session=session, item=item)
    return rows.filter(rehearsal=rehearsal) if rehearsal is not None else rows.filter(rehearsal__isnull=True)


def scenario_play(*, session, step: Step, rehearsal=None) -> ScenarioPlay:
    """The room's state in the scenario on ``step``: one query for its rows."""
    page = step.context["scenario"]
    rows = [r for r in room_rows(session=session, rehearsal=rehearsal, item=step.item) if r.scenario_id == page.pk]
    applied = [r for r in rows if r.applied]
    current = rows[-1] if rows and not rows[-1].applied else None
    play = ScenarioPlay(scenario=page, item=step.item, path=applied, position=len(rows) - 1 if current else len(rows))
    play.last = applied[-1] if applied else None
    if play.last is not None and play.last.ending:
        ending = scenarios_api.Ending(play.last.ending) if play.last.ending in scenarios_api.Ending.values else None
        play.ending = play.last.ending
        play.ending_label = str(ending.label) if ending is not None else play.last.ending
        play.red_line = ending in scenarios_api.RED_LINES
        play.ending_note = play.last.ending_note
        return play
    key = current.step_key if current is not None else page.first_step_key()
    block, is_lead = page.step(key)
    play.step_key = key
    if block is None:
        play.stale = True
        return play
    play.situation, play.is_lead = block.value["situation"], is_lead
    play.revealed = current is not None and current.revealed_at is not None
    counts = current.distribution if play.revealed else {}
    play.voters = current.voters if play.revealed else 0
    play.choices = [
        ScenarioChoice(
            number=n,
            letter=letter(n - 1),
            id=c.id,
            label=c.value["label"],
            count=counts.get(c.id, 0),
            percent=round(100 * counts.get(c.id, 0) / play.voters) if play.voters else 0,
        )
        for n, c in enumerate(block.value["choices"].bound_blocks, 1)
    ]
    if is_lead:
        play.lead_fields = lead_fields()
    return play


def lead_fields() -> list[tuple[str, list[str]]]:
    form = scenarios_api.LeadRegistrationForm()
    fields = []
    for bound in form:
        choices = [str(label) for value, label in getattr(bound.field, "choices", []) if value]
        fields.append((str(bound.label), choices))
    return fields


def my_vote(*, session, user, play: ScenarioPlay | None) -> ScenarioChoice | None:
    """The person's vote at the step on screen, as one of its lettered choices."""
    if play is None or play.ended or play.stale:
        return None
    vote = (
        RoomScenarioVote.objects.filter(
            step__session=session,
            step__rehearsal__isnull=True,
            step__item=play.item,
            step__position=play.position,
            user=user,
        )
        .values_list("choice_id", flat=True)
        .first()
    )
    return next((c for c in play.choices if c.id == vote), None) if vote else None
