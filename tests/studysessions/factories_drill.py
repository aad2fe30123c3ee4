"""An evening of one team with a 定性 drill on its agenda: a talk, then the drill's facts and its reveal."""

from __future__ import annotations

from dataclasses import dataclass

from tests.drills.factories import Taxonomy, drill_case, taxonomy
from tests.studysessions.factories_practice import PracticeEvening, practice_evening

# Steps: 0 talk, 1 the drill's facts, 2 its reveal.
FACTS_STEP, REVEAL_STEP = 1, 2
DRILL_ITEM = 1
#: The title and summary name the answer; the facts step must not show them.
TITLE, SUMMARY = "村支书优亲厚友发包鱼塘", "优亲厚友问题概要"
FACTS = "某村党支部书记将村集体鱼塘低价发包给其亲属，未经村民代表会议。"
CHARACTERISATION = "违反群众纪律，在集体资源发包中优亲厚友。"


@dataclass
class DrillEvening(PracticeEvening):
    case: object = None
    tax: Taxonomy | None = None


def drill_evening(
    *, members: int = 2, usernames: tuple[str, ...] = (), tax: Taxonomy | None = None, case=None
) -> DrillEvening:
    """``tax`` and ``case``: reuse those of an earlier evening (a second taxonomy would clash on its slugs)."""
    tax = tax or taxonomy()
    case = case or drill_case(
        categories=[tax.mass], title=TITLE, summary=SUMMARY, facts=f"<p>{FACTS}</p>", characterisation=CHARACTERISATION
    )
    names = list(usernames) or [f"drill-member-{n}" for n in range(members)]
    ev = practice_evening(block=("drill", {"case": case, "minutes": 15}), usernames=names)
    return DrillEvening(**vars(ev), case=case, tax=tax)
