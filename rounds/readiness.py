"""Readiness per person and round, computed from the records, never typed in.

A member is 已就绪 when every module of the round's track is complete and every item of the study packs
for their team's unit types is done; 待补考 when a required quiz was failed and not passed since;
学习中 once anything counts; 未开始 before that. The date reached is the latest completion among the
criteria. A module is complete when its own requirements are met and its prerequisites are complete.

`readiness_for_round` reads everything for all members in a fixed number of queries (no query per
member), so the office dashboard stays fast for a round of hundreds. It works out each member's state
and complete modules at once; their criteria, study pack and missing list are built when first read
(the dashboard reads them for the fifty rows it shows, the export for every member).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.models import ItemKind, Module, ModuleLesson
from declarations.models import AcknowledgementKind
from quizzes.models import Quiz
from rounds.models import InspectionRound, StudyPack, TeamMember
from rounds.readiness_records import Records, completion_times, read_records


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


class Readiness:
    """One member's readiness in one round.

    The state and which modules are complete are worked out for every member when the round is read; the
    detail (each module's criteria, the study pack, what is missing, the date reached) only when first
    asked for, from the records already read plus the completion times (one query for every member whose
    detail is read, or for a page of them given to `prepare_details`). The dashboard counts every member
    of a round of hundreds but shows fifty rows: building every member's criteria up front cost most of
    its time, and kept enough objects alive to set off full garbage collections.
    """

    __slots__ = ("_missing", "_modules", "_pack", "_plan", "member", "module_complete", "state")

    def __init__(self, *, member: TeamMember, state: str, module_complete: tuple[bool, ...], plan: _Plan) -> None:
        self.member = member
        self.state = state
        #: Whether each module of the track is complete, in the track's order (as ``modules``).
        self.module_complete = module_complete
        self._plan = plan
        self._modules: list[ModuleStatus] | None = None
        self._pack: list[Criterion] | None = None
        self._missing: list[str] | None = None

    def __repr__(self) -> str:
        return f"<Readiness {self.member.user_id} {self.state}>"

    @property
    def track_modules(self) -> list[Module]:
        """The modules of the round's track, in order (as ``module_complete``), without building the detail."""
        return self._plan.track_modules

    @property
    def modules(self) -> list[ModuleStatus]:
        if self._modules is None:
            self._modules = self._plan.statuses(self)
        return self._modules

    @property
    def pack(self) -> list[Criterion]:
        if self._pack is None:
            self._pack = self._plan.pack(self)
        return self._pack

    @property
    def missing(self) -> list[str]:
        """What is left, in order: each module's waiting note and unmet criteria, then the pack's."""
        if self._missing is None:
            self._missing = self._plan.missing(self)
        return self._missing

    @property
    def reached_at(self) -> datetime | None:
        """When a ready member met the last of their criteria; None for anyone not ready."""
        if self.state != State.READY:
            return None
        times = [c.done_at for c in self.criteria if c.done_at]
        return max(times) if times else None

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


#: What one member's records say about one criterion: done, done at, failed, awaiting marking, started.
_Facts = tuple[bool, datetime | None, bool, bool, bool]
_NO_FACTS: _Facts = (False, None, False, False, False)


def _facts(spec: _Spec, user_id: int, records: Records, times: dict[str, datetime] | None = None) -> _Facts:
    """The one place that reads a criterion's standing from the records; ``_NO_FACTS`` when nothing counts yet.

    ``times`` are the member's completion times: without them an item's completion has no date (the
    state and complete modules do not need one).
    """
    if spec.kind:
        # The spec's key is "kind:item id", the completions' key too.
        if spec.key not in records.completed.get(user_id, _NOTHING):
            return _NO_FACTS
        return (True, times.get(spec.key) if times is not None else None, False, False, True)
    if spec.quiz_id:
        passed, failed, passed_at, awaiting = records.quiz_results.get((user_id, spec.quiz_id), _NO_QUIZ_RESULT)
        if not (passed or failed or awaiting):
            return _NO_FACTS
        return (passed, passed_at, failed and not passed, awaiting and not passed, True)
    if spec.ack_kind:
        done_at = records.acknowledged.get((user_id, spec.ack_kind))
        return _NO_FACTS if done_at is None else (True, done_at, False, False, True)
    attended = records.sessions.get(user_id, 0)
    return (attended >= spec.sessions, None, False, False, attended > 0)


def _criterion(spec: _Spec, user_id: int, records: Records, times: dict[str, datetime]) -> Criterion:
    """One member's standing on one criterion, from the records read for the whole round."""
    facts = _facts(spec, user_id, records, times)
    done, done_at, failed, awaiting, started = facts
    if spec.sessions:  # its label counts the member's sessions, so it has no shared blank
        label = _("Attend %(needed)s evening study sessions (attended %(attended)s)") % {
            "needed": spec.sessions,
            "attended": records.sessions.get(user_id, 0),
        }
        return Criterion(key=spec.key, label=label, done=done, started=started)
    if facts is _NO_FACTS:
        return spec.blank
    return Criterion(
        key=spec.key,
        label=spec.label,
        done=done,
        done_at=done_at,
        failed=failed,
        awaiting_marking=awaiting,
        url=spec.url,
        started=started,
        kind=spec.kind,
        item_id=spec.item_id,
    )


class _Plan:
    """What every member of one round is measured against, worked out once, and the records read for them all."""

    def __init__(
        self,
        *,
        round: InspectionRound,
        modules: list[Module],
        packs: list[StudyPack],
        team_types: dict[int, set[int]],
        records: Records,
    ) -> None:
        self.records = records
        self.modules = []
        for module in modules:
            specs = _module_specs(module)
            due = (
                round.starts_on - timedelta(days=module.due_days_before_start)
                if module.due_days_before_start is not None
                else None
            )
            self.modules.append((module, specs, due, [spec.blank for spec in specs]))
        in_track = {m.pk for m in modules}
        self.prerequisites = {m.pk: [p for p in m.prerequisites.all() if p.pk in in_track] for m in modules}
        self.track_modules = modules
        self._module_ids = [m.pk for m in modules]
        self._packs = packs
        self._pack_specs = {p.pk: _pack_specs(p) for p in packs}
        self._team_types = team_types
        #: Per team: (position, spec) for every criterion its members meet; position len(modules) is the pack.
        self._checklists: dict[int, list[tuple[int, _Spec]]] = {}
        #: Modules' own criteria met → modules complete; members share a few patterns (none, all, a prefix).
        self._complete: dict[tuple[bool, ...], tuple[bool, ...]] = {}
        # A module nobody has started looks the same for every member with the same prerequisites missing:
        # one shared (frozen) status for them, so a large round builds and keeps far fewer objects.
        self._untouched: dict[tuple, ModuleStatus] = {}
        #: The "finish first" wording, between members.
        self._notes: dict[tuple, str] = {}
        #: user id → completion times, read for the members whose detail is asked for (see `_times_of`).
        self._times: dict[int, dict[str, datetime]] = {}
        self._user_ids: list[int] = []
        self._prepared: set[int] = set()

    def _pack_specs_for(self, team_id: int) -> list[_Spec]:
        types = self._team_types.get(team_id, ())
        return [spec for p in self._packs if p.unit_type_id in types for spec in self._pack_specs[p.pk]]

    def _checklist(self, team_id: int) -> list[tuple[int, _Spec]]:
        checklist = self._checklists.get(team_id)
        if checklist is None:
            checklist = [(i, spec) for i, (_module, specs, _due, _blanks) in enumerate(self.modules) for spec in specs]
            checklist += [(len(self.modules), spec) for spec in self._pack_specs_for(team_id)]
            self._checklists[team_id] = checklist
        return checklist

    def readiness(self, member: TeamMember) -> Readiness:
        """State and complete modules, from the facts alone: no criterion is built here."""
        user_id, records = member.user_id, self.records
        self._user_ids.append(user_id)
        done_in = [True] * (len(self.modules) + 1)  # each module's own criteria, then the pack
        failed = started = False
        for position, spec in self._checklist(member.team_id):
            done, _done_at, spec_failed, _awaiting, spec_started = _facts(spec, user_id, records)
            if not done:
                done_in[position] = False
            if spec_failed:
                failed = True
            if spec_started or done:
                started = True
        own_done = tuple(done_in[:-1])
        complete = self._complete.get(own_done)
        if complete is None:
            known = _completeness(dict(zip(self._module_ids, own_done, strict=True)), self.prerequisites)
            complete = self._complete[own_done] = tuple(known[pk] for pk in self._module_ids)
        ready = all(complete) and done_in[-1]
        if ready:
            state = State.READY
        elif failed:
            state = State.RETAKE
        elif started:
            state = State.IN_PROGRESS
        else:
            state = State.NOT_STARTED
        return Readiness(member=member, state=state, module_complete=complete, plan=self)

    def prepare(self, user_ids: set[int]) -> None:
        self._prepared |= user_ids - self._times.keys()

    def _times_of(self, user_id: int) -> dict[str, datetime]:
        """The member's completion times: read with those of every member prepared (else every member) not read yet."""
        times = self._times.get(user_id)
        if times is None:
            batch = self._prepared if user_id in self._prepared else set(self._user_ids) - self._times.keys()
            self._times.update(completion_times(records=self.records, user_ids=batch | {user_id}))
            self._prepared -= batch
            times = self._times[user_id]
        return times

    def statuses(self, readiness: Readiness) -> list[ModuleStatus]:
        user_id, records = readiness.member.user_id, self.records
        times = self._times_of(user_id)
        complete = dict(zip(self._module_ids, readiness.module_complete, strict=True))
        statuses = []
        for module, specs, due, blanks in self.modules:
            criteria = [_criterion(spec, user_id, records, times) for spec in specs]
            missing = [p for p in self.prerequisites[module.pk] if not complete[p.pk]]
            if all(c is blank for c, blank in zip(criteria, blanks, strict=True)):
                key = (module.pk, *(p.pk for p in missing))
                status = self._untouched.get(key)
                if status is None:
                    status = self._untouched[key] = ModuleStatus(module, criteria, missing, due)
            else:
                status = ModuleStatus(module, criteria, missing, due)
            statuses.append(status)
        return statuses

    def pack(self, readiness: Readiness) -> list[Criterion]:
        user_id = readiness.member.user_id
        times = self._times_of(user_id)
        specs = self._pack_specs_for(readiness.member.team_id)
        return [_criterion(spec, user_id, self.records, times) for spec in specs]

    def missing(self, readiness: Readiness) -> list[str]:
        missing = []
        for status in readiness.modules:
            if status.locked:
                key = (status.module.pk, *(m.pk for m in status.prerequisites_missing))
                note = self._notes.get(key)
                if note is None:
                    names = "、".join(f"《{m.title}》" for m in status.prerequisites_missing)
                    note = self._notes[key] = _("Finish %(modules)s before “%(module)s”") % {
                        "modules": names,
                        "module": status.module.title,
                    }
                missing.append(note)
            missing += [c.label for c in status.criteria if not c.done]
        missing += [c.label for c in readiness.pack if not c.done]
        return missing


def _modules(round: InspectionRound) -> list[Module]:
    if round.track_id is None:
        return []
    # A criterion needs a lesson's id, title and URL: not the rest of the page (its body is parsed on load).
    placements = ModuleLesson.objects.select_related("lesson").only(
        "module", "sort_order", "lesson", "lesson__title", "lesson__url_path"
    )
    return list(
        round.track.modules.select_related("quiz")
        .prefetch_related(Prefetch("lessons", queryset=placements), "prerequisites")
        .order_by("sort_order", "pk")
    )


def readiness_for_round(*, round: InspectionRound, members: list[TeamMember] | None = None) -> list[Readiness]:
    """Readiness of every member of the round (or of the given members), in a fixed number of queries."""
    if members is None:
        # Each member gets its team from one read of the round's teams, not an instance of its own from a
        # join: for a round of hundreds, building those instances cost more than the query saved.
        teams = {t.pk: t for t in round.teams.all()}
        in_order = TeamMember.objects.filter(team__round=round).order_by("team__name", "sort_order", "pk")
        members = list(in_order.select_related("user"))
        for member in members:
            member.team = teams[member.team_id]
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
    records = read_records(round=round, user_ids=[m.user_id for m in members], modules=modules, packs=packs)
    plan = _Plan(round=round, modules=modules, packs=packs, team_types=team_types, records=records)
    return [plan.readiness(member) for member in members]


def prepare_details(readinesses: Iterable[Readiness]) -> None:
    """Read the completion times of these members together when the detail of the first is read.

    Without it, the first detail read reads them for every member of its round: right for an export of
    them all, wasted for a page that shows fifty of five hundred.
    """
    by_plan: dict[int, tuple[_Plan, set[int]]] = {}
    for readiness in readinesses:
        by_plan.setdefault(id(readiness._plan), (readiness._plan, set()))[1].add(readiness.member.user_id)
    for plan, user_ids in by_plan.values():
        plan.prepare(user_ids)


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
