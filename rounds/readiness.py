"""Readiness per person and round, computed from the records, never typed in.

A member is 已就绪 when every module of the round's track is complete and every item of the study packs
for their team's unit types is done; 待补考 when a required quiz was failed and not passed since;
学习中 once anything counts; 未开始 before that. The date reached is the latest completion among the
criteria. A module is complete when its own requirements are met and its prerequisites are complete.

`readiness_for_round` reads everything for all members in a fixed number of queries (no query per
member), so the office dashboard stays fast for a round of hundreds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.models import ItemKind, Module
from declarations.models import AcknowledgementKind
from quizzes.models import Quiz
from rounds.models import InspectionRound, StudyPack, TeamMember
from rounds.readiness_records import Records, read_records


class State:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    RETAKE = "retake"
    READY = "ready"

    LABELS = {
        NOT_STARTED: gettext_lazy("Not started"),
        IN_PROGRESS: gettext_lazy("Studying"),
        RETAKE: gettext_lazy("Retake needed"),
        READY: gettext_lazy("Ready"),
    }
    ORDER = (NOT_STARTED, IN_PROGRESS, RETAKE, READY)


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


@dataclass(slots=True)
class Readiness:
    member: TeamMember
    modules: list[ModuleStatus]
    pack: list[Criterion]
    state: str = State.NOT_STARTED
    reached_at: datetime | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return State.LABELS[self.state]

    @property
    def criteria(self) -> list[Criterion]:
        return [c for m in self.modules for c in m.criteria] + self.pack


@dataclass(frozen=True)
class _Spec:
    """What one criterion asks, the same for every member: worked out once per round, not once per member.

    Labels, lesson URLs (a page tree lookup) and quiz URLs (a reverse) cost far more than the lookups in
    the records, so a round of hundreds computes each once.
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
    #: The criterion of every member with no record for it yet: one shared (frozen) instance, not one each.
    blank: Criterion | None = None


def _with_blank(spec: _Spec) -> _Spec:
    if spec.sessions:
        return spec  # its label counts the member's sessions
    return replace(
        spec, blank=Criterion(key=spec.key, label=spec.label, url=spec.url, kind=spec.kind, item_id=spec.item_id)
    )


_NO_QUIZ_RESULT = (False, False, None, False)
_NOTHING: dict = {}


def _quiz_spec(quiz: Quiz) -> _Spec:
    label = _("Pass the quiz “%(quiz)s”") % {"quiz": quiz.title}
    if quiz.has_pass_mark:
        label += _(" (pass mark %(mark)s%%)") % {"mark": quiz.pass_mark}
    return _with_blank(_Spec(key=f"quiz:{quiz.pk}", label=label, url=quiz.get_absolute_url(), quiz_id=quiz.pk))


def _module_specs(module: Module) -> list[_Spec]:
    specs = [
        _with_blank(
            _Spec(
                key=f"lesson:{placement.lesson.pk}",
                label=_("Study the lesson “%(title)s”") % {"title": placement.lesson.title},
                url=placement.lesson.url or "",
                kind=ItemKind.LESSON,
                item_id=placement.lesson.pk,
            )
        )
        for placement in module.lessons.all()
    ]
    if module.quiz:
        specs.append(_quiz_spec(module.quiz))
    for required, kind, label in (
        (
            module.requires_confidentiality,
            AcknowledgementKind.CONFIDENTIALITY,
            _("Sign the confidentiality commitment"),
        ),
        (module.requires_recusal, AcknowledgementKind.RECUSAL, _("Submit the recusal declaration")),
    ):
        if required:
            specs.append(
                _with_blank(_Spec(key=f"ack:{kind}", label=label, url=f"/declarations/{kind}/", ack_kind=kind))
            )
    if module.min_sessions_attended:
        specs.append(_Spec(key="sessions", label="", sessions=module.min_sessions_attended))
    return specs


def _pack_specs(pack: StudyPack) -> list[_Spec]:
    items = [
        (ItemKind.ARTICLE, a, _("Study %(article)s") % {"article": f"《{a.regulation.title}》{a.label}"}, a.get_url())
        for a in pack.articles.all()
    ]
    items += [
        (ItemKind.CASE, c, _("Read the case “%(title)s”") % {"title": c.title}, c.url or "") for c in pack.cases.all()
    ]
    items += [
        (ItemKind.GUIDE, g, _("Read the guide “%(title)s”") % {"title": g.title}, g.url or "")
        for g in pack.guides.all()
    ]
    specs = [
        _with_blank(_Spec(key=f"{kind}:{obj.pk}", label=label, url=url, kind=kind, item_id=obj.pk))
        for kind, obj, label, url in items
    ]
    if pack.quiz:
        specs.append(_quiz_spec(pack.quiz))
    return specs


def _criterion(spec: _Spec, user_id: int, records: Records) -> Criterion:
    """One member's standing on one criterion, from the records read for the whole round."""
    if spec.kind:
        # The spec's key is "kind:item id", the completions' key too.
        done_at = records.completions.get(user_id, _NOTHING).get(spec.key)
        if done_at is None:
            return spec.blank
        return Criterion(
            key=spec.key,
            label=spec.label,
            done=True,
            done_at=done_at,
            url=spec.url,
            started=True,
            kind=spec.kind,
            item_id=spec.item_id,
        )
    if spec.quiz_id:
        passed, failed, passed_at, awaiting = records.quiz_results.get((user_id, spec.quiz_id), _NO_QUIZ_RESULT)
        if not (passed or failed or awaiting):
            return spec.blank
        return Criterion(
            key=spec.key,
            label=spec.label,
            done=passed,
            done_at=passed_at,
            failed=failed and not passed,
            awaiting_marking=awaiting and not passed,
            url=spec.url,
            started=passed or failed or awaiting,
        )
    if spec.ack_kind:
        done_at = records.acknowledged.get((user_id, spec.ack_kind))
        if done_at is None:
            return spec.blank
        return Criterion(key=spec.key, label=spec.label, done=True, done_at=done_at, url=spec.url, started=True)
    attended = records.sessions.get(user_id, 0)
    return Criterion(
        key=spec.key,
        label=_("Attend %(needed)s evening study sessions (attended %(attended)s)")
        % {"needed": spec.sessions, "attended": attended},
        done=attended >= spec.sessions,
        started=attended > 0,
    )


def _summarise(readiness: Readiness, notes: dict[tuple, str]) -> None:
    """State, date reached and what is missing; ``notes`` keeps the "finish first" wording between members."""
    criteria = readiness.criteria
    for status in readiness.modules:
        if status.locked:
            key = (status.module.pk, *(m.pk for m in status.prerequisites_missing))
            note = notes.get(key)
            if note is None:
                names = "、".join(f"《{m.title}》" for m in status.prerequisites_missing)
                note = notes[key] = _("Finish %(modules)s before “%(module)s”") % {
                    "modules": names,
                    "module": status.module.title,
                }
            readiness.missing.append(note)
        readiness.missing += [c.label for c in status.criteria if not c.done]
    readiness.missing += [c.label for c in readiness.pack if not c.done]
    if all(m.complete for m in readiness.modules) and all(c.done for c in readiness.pack):
        readiness.state = State.READY
        times = [c.done_at for c in criteria if c.done_at]
        readiness.reached_at = max(times) if times else None
    elif any(c.failed for c in criteria):
        readiness.state = State.RETAKE
    elif any(c.started or c.done for c in criteria):
        readiness.state = State.IN_PROGRESS


def _modules(round: InspectionRound) -> list[Module]:
    if round.track_id is None:
        return []
    return list(
        round.track.modules.select_related("quiz")
        .prefetch_related("lessons__lesson", "prerequisites")
        .order_by("sort_order", "pk")
    )


def readiness_for_round(*, round: InspectionRound, members: list[TeamMember] | None = None) -> list[Readiness]:
    """Readiness of every member of the round (or of the given members), in a fixed number of queries."""
    if members is None:
        members = list(
            TeamMember.objects.filter(team__round=round)
            .select_related("user", "team")
            .order_by("team__name", "sort_order", "pk")
        )
    modules = _modules(round)
    packs = list(
        round.study_packs.select_related("quiz", "unit_type")
        .prefetch_related("articles__regulation", "cases", "guides")
        .order_by("title")
    )
    team_types = defaultdict(set)
    for team_id, unit_type_id in round.teams.values_list("pk", "units__unit_type_id"):
        if unit_type_id:
            team_types[team_id].add(unit_type_id)
    user_ids = [m.user_id for m in members]
    records = read_records(round=round, user_ids=user_ids, modules=modules, packs=packs)

    # Everything that does not depend on the member, once.
    plan = []
    for module in modules:
        specs = _module_specs(module)
        due = (
            round.starts_on - timedelta(days=module.due_days_before_start)
            if module.due_days_before_start is not None
            else None
        )
        plan.append((module, specs, due, [spec.blank for spec in specs]))
    in_track = {m.pk for m in modules}
    prerequisites = {m.pk: [p for p in m.prerequisites.all() if p.pk in in_track] for m in modules}
    pack_specs = {p.pk: _pack_specs(p) for p in packs}

    results = []
    # A module nobody has started looks the same for every member with the same prerequisites missing:
    # one shared (frozen) status for them, so a large round builds and keeps far fewer objects.
    untouched: dict[tuple, ModuleStatus] = {}
    notes: dict[tuple, str] = {}
    for member in members:
        user_id = member.user_id
        built = [
            (module, [_criterion(spec, user_id, records) for spec in specs], due, blanks)
            for module, specs, due, blanks in plan
        ]
        complete = _completeness(
            {module.pk: all(c.done for c in criteria) for module, criteria, _due, _blanks in built}, prerequisites
        )
        statuses = []
        for module, criteria, due, blanks in built:
            missing = [p for p in prerequisites[module.pk] if not complete[p.pk]]
            if all(c is blank for c, blank in zip(criteria, blanks, strict=True)):
                key = (module.pk, *(p.pk for p in missing))
                status = untouched.get(key)
                if status is None:
                    status = untouched[key] = ModuleStatus(module, criteria, missing, due)
            else:
                status = ModuleStatus(module, criteria, missing, due)
            statuses.append(status)
        pack = [
            _criterion(spec, user_id, records)
            for p in packs
            if p.unit_type_id in team_types[member.team_id]
            for spec in pack_specs[p.pk]
        ]
        readiness = Readiness(member=member, modules=statuses, pack=pack)
        _summarise(readiness, notes)
        results.append(readiness)
    return results


def _completeness(own_done: dict[int, bool], prerequisites: dict[int, list[Module]]) -> dict[int, bool]:
    """Whether each module is complete: its own criteria are and, recursively, its prerequisites are.

    A module on a cycle of prerequisites can never be completed, nor can one that needs it.
    """
    known: dict[int, bool] = {}
    for module_id in own_done:
        _complete(module_id, own_done, prerequisites, known, set())
    return known


def _complete(module_id: int, own_done, prerequisites, known: dict[int, bool], path: set[int]) -> bool:
    if module_id in known:
        return known[module_id]
    if module_id in path:
        return False  # a cycle: everything on it, and everything needing it, is incomplete
    path.add(module_id)
    result = own_done[module_id] and all(
        _complete(p.pk, own_done, prerequisites, known, path) for p in prerequisites[module_id]
    )
    path.discard(module_id)
    known[module_id] = result
    return result


def readiness_for_user(*, user) -> list[Readiness]:
    """The person's readiness in each round they are a member of that has not ended, newest first."""
    from django.utils import timezone

    memberships = (
        TeamMember.objects.filter(user=user, team__round__ends_on__gte=timezone.localdate())
        .select_related("team__round__track", "user", "team")
        .order_by("-team__round__starts_on")
    )
    return [r for m in memberships for r in readiness_for_round(round=m.team.round, members=[m])]
