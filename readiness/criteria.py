"""What a person must do to be ready, one criterion at a time, and where they stand on each.

A criterion is worked out once per round (a `Spec`: its label, link and what it asks), then read per
member from the records (`standing`) and shown as a `Criterion`. Kept apart from the evaluation of a
whole member (readiness.rules) so the office can read the rules as rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import NamedTuple
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.api import ItemKind, Module, report_exercises_of, scenarios_of
from declarations.api import AcknowledgementKind
from drills.api import drill_index_url
from readiness.records import Records, count_window, pack_article
from regulations.api import citation_of
from rounds.api import StudyPack


class State:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    RETAKE = "retake"
    #: Something that counted before no longer does: a window ran out, or a quoted article was revised since.
    REFRESHER = "refresher"
    #: Everything studied, but a declared tie meets a unit of the round and the office has not decided yet.
    RECUSAL_PENDING = "recusal_pending"
    READY = "ready"

    LABELS = {
        NOT_STARTED: gettext_lazy("Not started"),
        IN_PROGRESS: gettext_lazy("Studying"),
        REFRESHER: gettext_lazy("Refresher needed"),
        RETAKE: gettext_lazy("Retake needed"),
        RECUSAL_PENDING: gettext_lazy("Recusal pending"),
        READY: gettext_lazy("Ready"),
    }
    ORDER = (NOT_STARTED, IN_PROGRESS, REFRESHER, RETAKE, RECUSAL_PENDING, READY)


@dataclass(frozen=True, slots=True)
class Criterion:
    key: str
    label: str
    done: bool = False
    done_at: datetime | None = None
    failed: bool = False
    awaiting_marking: bool = False
    url: str = ""
    started: bool = False
    #: For items the reader marks as studied (lessons, pack articles, cases, guides).
    kind: str = ""
    item_id: int | None = None
    #: Why it must be studied or taken again (需复训), empty when it need not.
    refresh: str = ""
    #: Where the refresher of a lesson's revised articles is (empty when there is none due).
    refresher_url: str = ""


@dataclass(frozen=True, slots=True)
class ModuleStatus:
    module: Module
    criteria: list[Criterion]
    prerequisites_missing: list[Module] = field(default_factory=list)
    due: date | None = None

    @property
    def own_done(self) -> bool:
        return all(c.done for c in self.criteria)

    @property
    def complete(self) -> bool:
        return self.own_done and not self.prerequisites_missing

    @property
    def locked(self) -> bool:
        return bool(self.prerequisites_missing)

    @property
    def done_count(self) -> int:
        return sum(c.done for c in self.criteria)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / len(self.criteria)) if self.criteria else 100


@dataclass(frozen=True)
class Spec:
    """What one criterion asks, the same for every member: worked out once per round, not once per member.

    Labels, lesson URLs (a page tree lookup) and quiz URLs (a reverse) cost far more than the lookups in
    the records, so a round of hundreds computes each once. Exactly one of kind, quiz_id, ack_kind,
    sessions, drills, scenario_id and report_exercise_id says what the criterion asks.
    """

    key: str
    label: str
    url: str = ""
    #: An item kind: done when the member has a completion row for (kind, item_id).
    kind: str = ""
    item_id: int | None = None
    quiz_id: int | None = None
    ack_kind: str = ""
    #: Evening sessions to attend.
    sessions: int = 0
    #: Different cases of the drill set (``drill_set``: a category id, None for every case) to get exactly right.
    drills: int = 0
    drill_set: int | None = None
    drill_set_name: str = ""
    #: A scenario page to play to a good ending.
    scenario_id: int | None = None
    #: A report writing exercise to get marked at its pass mark or above.
    report_exercise_id: int | None = None
    #: Counts (evenings, practice) are read since this time (readiness.records.count_window).
    since: datetime | None = None
    #: Why a completion outside its validity window no longer counts (courses.validity).
    expired_reason: str = ""
    #: The criterion of every member with no record for it yet: one shared (frozen) instance, not one each.
    blank: Criterion | None = None


class Standing(NamedTuple):
    """Where one member stands on one criterion, as the records say. A named tuple: one is made per member
    and criterion of a round of hundreds, and a tuple is built several times faster than a frozen dataclass."""

    done: bool = False
    done_at: datetime | None = None
    failed: bool = False
    awaiting_marking: bool = False
    #: Anything counts yet (a record exists): otherwise the member's criterion is the shared blank.
    started: bool = False
    #: Why it must be done again (需复训): the window ran out, or quoted articles were revised.
    refresh: str = ""


NOTHING_YET = Standing()
_DONE_UNDATED = Standing(done=True, started=True)
#: A report writing exercise's standing (report_writing.api.exercise_standings) as a criterion's.
_REPORT_STANDINGS = {
    "passed": _DONE_UNDATED,
    "awaiting": Standing(awaiting_marking=True, started=True),
    "below": Standing(failed=True, started=True),
}


def _with_blank(spec: Spec) -> Spec:
    if spec.sessions or spec.drills:
        return spec  # its label counts the member's sessions or drills
    return replace(
        spec, blank=Criterion(key=spec.key, label=spec.label, url=spec.url, kind=spec.kind, item_id=spec.item_id)
    )


def quiz_spec(quiz, expired_reason: str = "") -> Spec:
    if quiz.has_pass_mark:  # "passed" only where there is a pass mark, stated as the quiz pages state it
        label = _("Pass the quiz “%(quiz)s” (%(mark)s)") % {"quiz": quiz.title, "mark": quiz.pass_mark_label}
    else:
        label = _("Complete the quiz “%(quiz)s”") % {"quiz": quiz.title}
    spec = Spec(
        key=f"quiz:{quiz.pk}", label=label, url=quiz.get_absolute_url(), quiz_id=quiz.pk, expired_reason=expired_reason
    )
    return _with_blank(spec)


def module_specs(module: Module, pass_marks: dict[int, int] | None = None, inspection_round=None) -> list[Spec]:
    """A module asks: its lessons studied, its quiz passed, the commitments it needs signed, evenings attended
    (counted in the module's windows for ``inspection_round``)."""
    study_reason = module.lessons_validity.study_reason
    specs = [
        _with_blank(
            Spec(
                key=f"lesson:{placement.lesson.pk}",
                label=_("Study the lesson “%(title)s”") % {"title": placement.lesson.title},
                url=placement.lesson.url or "",
                kind=ItemKind.LESSON,
                item_id=placement.lesson.pk,
                expired_reason=study_reason,
            )
        )
        for placement in module.lessons.all()
    ]
    if module.quiz:
        specs.append(quiz_spec(module.quiz, module.quiz_validity.quiz_reason))
    for required, kind, label in (
        (
            module.requires_confidentiality,
            AcknowledgementKind.CONFIDENTIALITY,
            _("Sign the confidentiality commitment"),
        ),
        (module.requires_recusal, AcknowledgementKind.RECUSAL, _("Submit the recusal declaration")),
    ):
        if required:
            url = reverse(f"declarations:{kind}")
            specs.append(_with_blank(Spec(key=f"ack:{kind}", label=label, url=url, ack_kind=kind)))
    if module.min_sessions_attended:
        since = _since(module.sessions_validity, inspection_round)
        specs.append(Spec(key="sessions", label="", sessions=module.min_sessions_attended, since=since))
    return specs + practice_specs(module, pass_marks, inspection_round)


def _since(validity, inspection_round) -> datetime | None:
    return count_window(validity, inspection_round) if inspection_round is not None else None


def practice_specs(module: Module, pass_marks: dict[int, int] | None = None, inspection_round=None) -> list[Spec]:
    """A module's practice: cases of its drill set characterised exactly right, its scenarios played to a good end,
    its report writing exercises marked at their pass mark (``pass_marks``: exercise id → pass mark)."""
    specs = []
    since = _since(module.practice_validity, inspection_round)
    if module.min_drills_correct:
        category = module.drill_category
        url = drill_index_url(None)
        if url and category is not None:
            url += "?" + urlencode({"category": category.slug})
        specs.append(
            Spec(
                key=f"drills:{module.pk}",
                label="",
                url=url,
                drills=module.min_drills_correct,
                drill_set=module.drill_category_id,
                drill_set_name=category.name if category is not None else "",
                since=since,
            )
        )
    for page in scenarios_of(module):
        label = _("Complete the scenario drill “%(title)s” (reaching a good ending)") % {"title": page.title}
        specs.append(
            _with_blank(
                Spec(key=f"scenario:{page.pk}", label=label, url=page.url or "", scenario_id=page.pk, since=since)
            )
        )
    for page in report_exercises_of(module):
        label = _("Complete the report writing exercise “%(title)s” (marked %(mark)s points or more)") % {
            "title": page.title,
            "mark": (pass_marks or {}).get(page.pk, 0),
        }
        spec = Spec(key=f"report:{page.pk}", label=label, url=page.url or "", report_exercise_id=page.pk, since=since)
        specs.append(_with_blank(spec))
    return specs


def _article_item(cited) -> tuple:
    article = pack_article(cited)
    label = _("Study %(article)s") % {"article": f"《{article.regulation.title}》{article.label}"}
    if citation_of(cited).removed:
        label += _("(removed from the edition in force)")
    return article, label, article.get_url()


def pack_specs(pack: StudyPack, expired_reason: str = "") -> list[Spec]:
    """A study pack asks: each article, case and guide studied, and its quiz passed."""
    # A pack that still cites a superseded article asks for the article in force (records.pack_article):
    # that is the rule the member must know, and studying the old text does not count for it.
    items = [(ItemKind.ARTICLE, *_article_item(a)) for a in pack.articles.all()]
    items += [
        (ItemKind.CASE, c, _("Read the case “%(title)s”") % {"title": c.title}, c.url or "") for c in pack.cases.all()
    ]
    items += [
        (ItemKind.GUIDE, g, _("Read the guide “%(title)s”") % {"title": g.title}, g.url or "")
        for g in pack.guides.all()
    ]
    specs = [
        _with_blank(
            Spec(
                key=f"{kind}:{obj.pk}",
                label=label,
                url=url,
                kind=kind,
                item_id=obj.pk,
                expired_reason=expired_reason,
            )
        )
        for kind, obj, label, url in items
    ]
    if pack.quiz:
        specs.append(quiz_spec(pack.quiz))
    return specs


def standing(spec: Spec, user_id: int, records: Records, times: dict[str, datetime] | None = None) -> Standing:
    """The one place that reads a criterion's standing from the records.

    ``times`` are the member's completion times: without them an item's completion has no date (the
    state and complete modules do not need one).
    """
    if spec.kind:
        # The spec's key is "kind:item id", the completions' key too.
        if spec.key not in records.completed.get(user_id, ()):
            if spec.key in records.expired.get(user_id, ()):
                return Standing(started=True, refresh=spec.expired_reason)
            return NOTHING_YET
        revised = records.refreshers.get(user_id)
        if revised and spec.key in revised:
            return Standing(started=True, refresh="、".join(r.reason for r in revised[spec.key]))
        return _DONE_UNDATED if times is None else Standing(done=True, done_at=times.get(spec.key), started=True)
    if spec.quiz_id:
        result = records.quiz_results.get((user_id, spec.quiz_id))
        if result is None or not (result.passed or result.failed or result.awaiting_marking or result.expired):
            return NOTHING_YET
        return Standing(
            done=result.passed,
            done_at=result.passed_at,
            failed=result.failed and not result.passed,
            awaiting_marking=result.awaiting_marking and not result.passed,
            started=True,
            refresh=spec.expired_reason if result.expired else "",
        )
    if spec.ack_kind:
        done_at = records.acknowledged.get((user_id, spec.ack_kind))
        return NOTHING_YET if done_at is None else Standing(done=True, done_at=done_at, started=True)
    if spec.drills:
        correct = records.drills_correct.get((spec.since, spec.drill_set), {}).get(user_id, 0)
        return Standing(done=correct >= spec.drills, started=correct > 0)
    if spec.scenario_id:
        good = records.good_endings.get(spec.since, {}).get(user_id, ())
        return _DONE_UNDATED if spec.scenario_id in good else NOTHING_YET
    if spec.report_exercise_id:
        found = records.report_exercises.get(spec.since, {}).get(user_id, {}).get(spec.report_exercise_id)
        return _REPORT_STANDINGS.get(found, NOTHING_YET)
    attended = records.sessions.get(spec.since, {}).get(user_id, 0)
    return Standing(done=attended >= spec.sessions, started=attended > 0)


def drills_label(spec: Spec, records: Records, user_id: int) -> str:
    numbers = {
        "needed": spec.drills,
        "done": records.drills_correct.get((spec.since, spec.drill_set), {}).get(user_id, 0),
    }
    if spec.drill_set_name:
        return _(
            "Characterisation drills in “%(category)s”: %(needed)s cases characterised exactly right (done %(done)s)"
        ) % {"category": spec.drill_set_name, **numbers}
    return _("Characterisation drills: %(needed)s cases characterised exactly right (done %(done)s)") % numbers


def criterion(spec: Spec, user_id: int, records: Records, times: dict[str, datetime]) -> Criterion:
    """One member's standing on one criterion, as shown: the shared blank while nothing counts yet."""
    found = standing(spec, user_id, records, times)
    if spec.sessions:  # its label counts the member's sessions, so it has no shared blank
        label = _("Attend %(needed)s evening study sessions (attended %(attended)s)") % {
            "needed": spec.sessions,
            "attended": records.sessions.get(spec.since, {}).get(user_id, 0),
        }
        return Criterion(key=spec.key, label=label, done=found.done, started=found.started)
    if spec.drills:  # its label counts the member's cases
        label = drills_label(spec, records, user_id)
        return Criterion(key=spec.key, label=label, url=spec.url, done=found.done, started=found.started)
    if not found.started:
        return spec.blank
    return Criterion(
        key=spec.key,
        label=spec.label,
        done=found.done,
        done_at=found.done_at,
        failed=found.failed,
        awaiting_marking=found.awaiting_marking,
        url=spec.url,
        started=found.started,
        kind=spec.kind,
        item_id=spec.item_id,
        refresh=found.refresh,
        refresher_url=_refresher_url(spec, user_id, records),
    )


def _refresher_url(spec: Spec, user_id: int, records: Records) -> str:
    revised = records.refreshers.get(user_id)
    if spec.kind != ItemKind.LESSON or not revised or spec.key not in revised:
        return ""
    return reverse("readiness:refresher", args=[spec.item_id])
