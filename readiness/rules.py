"""Readiness per person and round, computed from the records, never typed in.

A member is 已就绪 when every module of the round's track is complete, every item of the study packs
for their team's unit types is done and the office has decided every recusal conflict they have with a
unit of the round (until then, 回避待定); 待补考 when a required quiz was failed and not passed since;
需复训 when something that counted no longer does (its module's validity window ran out for this round, or
a quoted article was revised after the lesson was studied: readiness.refreshers); 学习中 once anything
counts; 未开始 before that. The date reached is the latest completion among the criteria. A module is
complete when its own requirements are met and its prerequisites are complete.

`readiness_for_round` reads everything for all members in a fixed number of queries (no query per
member), so the office dashboard stays fast for a round of hundreds. It works out each member's state
and complete modules at once; their criteria, study pack and missing list are built when first read
(the dashboard reads them for the fifty rows it shows, the export for every member).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.utils.translation import gettext as _

from courses.api import Module, track_modules
from declarations.api import Conflict, recusal_conflicts
from readiness.criteria import Criterion, ModuleStatus, Spec, State, criterion, module_specs, pack_specs, standing
from readiness.records import Records, completion_times, pack_validity, read_records
from rounds import api as rounds_api
from rounds.api import InspectionRound, StudyPack, TeamMember

__all__ = ["Criterion", "ModuleStatus", "Readiness", "State", "prepare_details", "readiness_for_round"]


@dataclass(frozen=True)
class _ModulePlan:
    """One module of the track as every member is measured against it."""

    module: Module
    specs: list[Spec]
    due: date | None
    #: The shared blank criterion of each spec (None for the sessions and drills ones: their labels count).
    blanks: list[Criterion | None]


class _ChecklistEntry(NamedTuple):
    """One criterion a team's members meet, and where it counts: a module's index, or the pack (last)."""

    position: int
    spec: Spec


class Readiness:
    """One member's readiness in one round.

    The state and which modules are complete are worked out for every member when the round is read; the
    detail (each module's criteria, the study pack, what is missing, the date reached) only when first
    asked for, from the records already read plus the completion times (one query for every member whose
    detail is read, or for a page of them given to `prepare_details`). The dashboard counts every member
    of a round of hundreds but shows fifty rows: building every member's criteria up front cost most of
    its time, and kept enough objects alive to set off full garbage collections.
    """

    __slots__ = (
        "_missing",
        "_modules",
        "_pack",
        "_plan",
        "conflicts",
        "member",
        "module_complete",
        "refresh_reasons",
        "state",
    )

    def __init__(
        self,
        *,
        member: TeamMember,
        state: str,
        module_complete: tuple[bool, ...],
        plan: _Plan,
        conflicts: list[Conflict],
        refresh_reasons: tuple[str, ...] = (),
    ) -> None:
        self.member = member
        #: Why something must be studied or taken again (需复训), each reason once, in the track's order.
        self.refresh_reasons = refresh_reasons
        self.state = state
        #: Declared ties that meet a unit of the round, each with the office's decision (or none yet).
        self.conflicts = conflicts
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
    def pending_conflicts(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.pending]

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


class _Plan:
    """What every member of one round is measured against, worked out once, and the records read for them all."""

    def __init__(
        self,
        *,
        inspection_round: InspectionRound,
        modules: list[Module],
        packs: list[StudyPack],
        team_types: dict[int, set[int]],
        records: Records,
        conflicts: dict[int, list[Conflict]],
    ) -> None:
        self.records = records
        self.conflicts = conflicts
        self.modules: list[_ModulePlan] = []
        for module in modules:
            specs = module_specs(module, records.exercise_pass_marks, inspection_round)
            due = (
                inspection_round.starts_on - timedelta(days=module.due_days_before_start)
                if module.due_days_before_start is not None
                else None
            )
            self.modules.append(_ModulePlan(module, specs, due, [spec.blank for spec in specs]))
        in_track = {m.pk for m in modules}
        self.prerequisites = {m.pk: [p for p in m.prerequisites.all() if p.pk in in_track] for m in modules}
        self.track_modules = modules
        self._module_ids = [m.pk for m in modules]
        self._packs = packs
        pack_reason = pack_validity(modules).study_reason
        self._pack_specs = {p.pk: pack_specs(p, pack_reason) for p in packs}
        self._team_types = team_types
        #: Per team: every criterion its members meet, with where it counts.
        self._checklists: dict[int, list[_ChecklistEntry]] = {}
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

    def _pack_specs_for(self, team_id: int) -> list[Spec]:
        types = self._team_types.get(team_id, ())
        return [spec for p in self._packs if p.unit_type_id in types for spec in self._pack_specs[p.pk]]

    def _checklist(self, team_id: int) -> list[_ChecklistEntry]:
        checklist = self._checklists.get(team_id)
        if checklist is None:
            checklist = [_ChecklistEntry(i, spec) for i, plan in enumerate(self.modules) for spec in plan.specs]
            checklist += [_ChecklistEntry(len(self.modules), spec) for spec in self._pack_specs_for(team_id)]
            self._checklists[team_id] = checklist
        return checklist

    def readiness(self, member: TeamMember) -> Readiness:
        """State and complete modules, from the facts alone: no criterion is built here."""
        user_id, records = member.user_id, self.records
        self._user_ids.append(user_id)
        done_in = [True] * (len(self.modules) + 1)  # each module's own criteria, then the pack
        failed = started = False
        reasons: dict[str, None] = {}
        for entry in self._checklist(member.team_id):
            found = standing(entry.spec, user_id, records)
            if not found.done:
                done_in[entry.position] = False
            if found.failed:
                failed = True
            if found.started or found.done:
                started = True
            if found.refresh:
                reasons[found.refresh] = None
        own_done = tuple(done_in[:-1])
        complete = self._complete.get(own_done)
        if complete is None:
            known = _completeness(dict(zip(self._module_ids, own_done, strict=True)), self.prerequisites)
            complete = self._complete[own_done] = tuple(known[pk] for pk in self._module_ids)
        conflicts = self.conflicts.get(user_id, [])
        ready = all(complete) and done_in[-1]
        if ready and any(c.pending for c in conflicts):
            state = State.RECUSAL_PENDING
        elif ready:
            state = State.READY
        elif failed:
            state = State.RETAKE
        elif reasons:
            state = State.REFRESHER
        elif started:
            state = State.IN_PROGRESS
        else:
            state = State.NOT_STARTED
        return Readiness(
            member=member,
            state=state,
            module_complete=complete,
            plan=self,
            conflicts=conflicts,
            refresh_reasons=tuple(reasons),
        )

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
        for plan in self.modules:
            module = plan.module
            criteria = [criterion(spec, user_id, records, times) for spec in plan.specs]
            missing = [p for p in self.prerequisites[module.pk] if not complete[p.pk]]
            # Untouched: every criterion is its spec's shared blank (compared by identity on purpose).
            if all(c is blank for c, blank in zip(criteria, plan.blanks, strict=True)):
                key = (module.pk, *(p.pk for p in missing))
                status = self._untouched.get(key)
                if status is None:
                    status = self._untouched[key] = ModuleStatus(module, criteria, missing, plan.due)
            else:
                status = ModuleStatus(module, criteria, missing, plan.due)
            statuses.append(status)
        return statuses

    def pack(self, readiness: Readiness) -> list[Criterion]:
        user_id = readiness.member.user_id
        times = self._times_of(user_id)
        specs = self._pack_specs_for(readiness.member.team_id)
        return [criterion(spec, user_id, self.records, times) for spec in specs]

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
        if readiness.pending_conflicts:
            missing.append(_("The office's decision on a declared recusal tie"))
        return missing


def readiness_for_round(
    *, inspection_round: InspectionRound, members: list[TeamMember] | None = None, with_conflicts: bool = True
) -> list[Readiness]:
    """Readiness of every member of the round (or of the given members), in a fixed number of queries.

    ``with_conflicts=False`` skips the recusal conflicts (five queries): the state then never says 回避待定.
    Only for callers that read the modules alone (a lesson page's lock).
    """
    if members is None:
        teams = rounds_api.teams_of(inspection_round=inspection_round)
        members = rounds_api.members_in_order(teams=teams, with_person=True)
    modules = track_modules(track_id=inspection_round.track_id)
    packs = rounds_api.study_packs(inspection_round=inspection_round)
    team_types = rounds_api.team_unit_types(inspection_round=inspection_round)
    user_ids = [m.user_id for m in members]
    records = read_records(inspection_round=inspection_round, user_ids=user_ids, modules=modules, packs=packs)
    wanted = user_ids and with_conflicts
    conflicts = recusal_conflicts(inspection_round=inspection_round, user_ids=user_ids) if wanted else {}
    plan = _Plan(
        inspection_round=inspection_round,
        modules=modules,
        packs=packs,
        team_types=team_types,
        records=records,
        conflicts=conflicts,
    )
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


def readiness_for_user(*, user, with_conflicts: bool = True) -> list[Readiness]:
    """The person's readiness in each round they are a member of that has not ended, newest first
    (``with_conflicts``: see :func:`readiness_for_round`)."""
    return [
        r
        for m in rounds_api.current_memberships(user=user)
        for r in readiness_for_round(inspection_round=m.team.round, members=[m], with_conflicts=with_conflicts)
    ]


#: Where :func:`readiness_for_request` keeps its answer for the rest of the request.
_REQUEST_CACHE = "_readiness_for_user"


def readiness_for_request(request) -> list[Readiness]:
    """:func:`readiness_for_user` for the signed-in person, worked out once per request: the home page's
    next step and its reminders section both read it."""
    found = getattr(request, _REQUEST_CACHE, None)
    if found is None:
        found = readiness_for_user(user=request.user)
        setattr(request, _REQUEST_CACHE, found)
    return found
