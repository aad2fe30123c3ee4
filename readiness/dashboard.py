"""The office's view of one round: every member with their readiness, conflicts and module completion.

The dashboard reads in a fixed number of queries whatever the number of members: the members in one
query, readiness through `readiness_for_round` (bulk), recusal conflicts through `declarations.api` (bulk),
and the detail of the members on the page shown through `dashboard_page` (one query for the page).
The state counts describe the members of the chosen team (every state, so a click shows what it leaves);
the chart and the rows describe the members shown (team and state filters both applied).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.filters import QueryFilter
from courses.api import module_headings
from declarations.api import Conflict
from readiness.rules import Readiness, State, prepare_details, readiness_for_round
from rounds import api as rounds_api
from rounds.api import InspectionRound, InspectionTeam, TeamMember, TeamRole

#: Blocking reasons shown in a row before "and N more".
MISSING_SHOWN = 3
MEMBERS_PER_PAGE = 50


@dataclass(frozen=True)
class DashboardFilter(QueryFilter):
    team: str = ""
    state: str = ""


@dataclass(frozen=True)
class StateCount:
    state: str
    label: str
    count: int
    selected: bool = False


@dataclass
class ModuleCompletion:
    """How many of the members shown completed one module."""

    number: int
    module: object
    completed: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0


@dataclass
class MemberRow:
    """One member's row. The wording a row shows is made here, once, rather than by template tags per cell:
    the page renders fifty rows, and each blocktranslate or filter costs more than the string it makes."""

    readiness: Readiness

    @property
    def conflicts(self) -> list[Conflict]:
        return self.readiness.conflicts

    @property
    def member(self) -> TeamMember:
        return self.readiness.member

    @property
    def name(self) -> str:
        user = self.member.user
        return user.get_full_name() or user.get_username()

    @property
    def role_label(self) -> str:
        # Not get_role_display(): it rebuilds the field's choices on every call, a cost the export pays
        # for every member.
        role = self.member.role
        return str(dict(TeamRole.choices).get(role, role))

    @property
    def modules(self):
        return self.readiness.modules

    @property
    def refresh_text(self) -> str:
        """Why the member needs a refresher (需复训): each reason once."""
        return "；".join(self.readiness.refresh_reasons)

    @property
    def missing_shown(self) -> list[str]:
        return self.readiness.missing[:MISSING_SHOWN]

    @property
    def missing_more(self) -> int:
        return max(0, len(self.readiness.missing) - MISSING_SHOWN)

    @property
    def conflict_lines(self) -> list[str]:
        return [describe_conflict(c) for c in self.conflicts]

    @property
    def pack_done(self) -> int:
        return sum(c.done for c in self.readiness.pack)

    @cached_property
    def since(self) -> str:
        """The "since <date>" of a ready member (the date in the current time zone); empty for anyone else."""
        reached_at = self.readiness.reached_at
        if reached_at is None:
            return ""
        return _("since %(when)s") % {"when": date_format(timezone.localtime(reached_at), "Y-m-d")}

    @cached_property
    def pack_summary(self) -> str:
        """Study pack items done of those that apply; empty when no pack applies to the member's team."""
        if not self.readiness.pack:
            return ""
        return _("Study pack %(done)s/%(total)s") % {"done": self.pack_done, "total": len(self.readiness.pack)}

    @cached_property
    def missing_more_text(self) -> str:
        more = self.missing_more
        return ngettext("and %(counter)s more", "and %(counter)s more", more) % {"counter": more} if more else ""


@dataclass
class Dashboard:
    inspection_round: InspectionRound
    dashboard_filter: DashboardFilter
    teams: list[InspectionTeam]
    team: InspectionTeam | None
    state: str
    invalid_filters: list[str]
    state_counts: list[StateCount]
    #: Members of the chosen team (or of the round), whatever their state.
    member_count: int
    modules: list[ModuleCompletion]
    rows: list[MemberRow]

    @property
    def conflict_count(self) -> int:
        return sum(1 for row in self.rows if row.conflicts)

    @property
    def pending_conflict_count(self) -> int:
        """People shown with a conflict the office has not decided yet."""
        return sum(1 for row in self.rows if row.readiness.pending_conflicts)


def round_dashboard(*, inspection_round: InspectionRound, dashboard_filter: DashboardFilter) -> Dashboard:
    """Every member of the round (or of the chosen team) with readiness, conflicts and module completion.

    Unknown filter values are reported in ``invalid_filters`` and ignored, never guessed at.
    """
    teams = rounds_api.teams_of(inspection_round=inspection_round)
    team = next((t for t in teams if str(t.pk) == dashboard_filter.team), None)
    state = dashboard_filter.state if dashboard_filter.state in State.ORDER else ""
    invalid = [
        name
        for name, known in (("team", team is not None), ("state", bool(state)))
        if getattr(dashboard_filter, name) and not known
    ]
    members = rounds_api.members_in_order(teams=[team] if team is not None else teams)
    results = readiness_for_round(inspection_round=inspection_round, members=members) if members else []

    counts = Counter(r.state for r in results)
    state_counts = [StateCount(s, State.LABELS[s], counts[s], s == state) for s in State.ORDER]
    rows = [MemberRow(readiness=r) for r in results if not state or r.state == state]
    return Dashboard(
        inspection_round=inspection_round,
        dashboard_filter=dashboard_filter,
        teams=teams,
        team=team,
        state=state,
        invalid_filters=invalid,
        state_counts=state_counts,
        member_count=len(results),
        modules=module_completion(rows) or _headings(inspection_round),
        rows=rows,
    )


def dashboard_page(*, dashboard: Dashboard, number: str | int | None) -> Page:
    """One page of the dashboard's rows, ready to show (see `prepare_rows`)."""
    page = Paginator(dashboard.rows, MEMBERS_PER_PAGE).get_page(number)
    prepare_rows(page.object_list)
    return page


def prepare_rows(rows: list[MemberRow]) -> None:
    """Read what showing these rows takes and the counts did not: the person of each member (name and
    username) and the detail of their readiness (completion times), in one query each, for these rows only.

    Call it before reading a row's name or detail (the page shown, or every row for the export); else
    each name costs a query.
    """
    members = [row.member for row in rows]
    people = get_user_model().objects.only("username", "first_name", "last_name")
    prefetch_related_objects(members, Prefetch("user", queryset=people))
    prepare_details(row.readiness for row in rows)


def _headings(inspection_round: InspectionRound) -> list[ModuleCompletion]:
    """The track's modules in order, for headings when no member is shown."""
    modules = module_headings(track_id=inspection_round.track_id)
    return [ModuleCompletion(i, m) for i, m in enumerate(modules, start=1)]


def module_completion(rows: list[MemberRow]) -> list[ModuleCompletion]:
    """Per module of the track, how many of these members completed it (modules come from any row)."""
    if not rows:
        return []
    completion = [
        ModuleCompletion(number=i, module=module, total=len(rows))
        for i, module in enumerate(rows[0].readiness.track_modules, start=1)
    ]
    for row in rows:
        # module_complete, not row.modules: the statuses are built only for the rows a page shows.
        for entry, complete in zip(completion, row.readiness.module_complete, strict=True):
            entry.completed += complete
    return completion


def describe_conflict(conflict: Conflict) -> str:
    """One line for a flagged tie: what was declared and which unit of the round it matches."""
    entry = conflict.entry
    who = entry.person_name
    if who and entry.relationship:
        who = f"{who}（{entry.relationship}）"
    text = _("%(relation)s %(who)s at %(declared)s matches the inspected unit %(unit)s") % {
        "relation": entry.get_relation_display(),
        "who": who,
        "declared": entry.unit_name,
        "unit": conflict.unit.name,
    }
    if conflict.reasons:
        text += "（" + "；".join(conflict.reasons) + "）"
    if conflict.by_own_team:
        text += _(" (inspected by their own team)")
    return f"{text}；{describe_decision(conflict)}"


def describe_decision(conflict: Conflict) -> str:
    """What the office decided about the conflict, by whom and when; or that it waits for a decision."""
    decision = conflict.decision
    if decision is None:
        return _("awaiting the office's decision")
    by = decision.decided_by
    return _("decided: %(outcome)s (%(reason)s; %(who)s, %(when)s)") % {
        "outcome": decision.get_outcome_display(),
        "reason": decision.reason,
        "who": by.get_full_name() or by.get_username(),
        "when": date_format(timezone.localtime(decision.decided_at), "Y-m-d"),
    }


@dataclass(frozen=True)
class RoundSummary:
    inspection_round: InspectionRound
    member_count: int
    #: Members per state; empty for a round that has ended (its dashboard still shows them).
    state_counts: list[StateCount]

    @property
    def ended(self) -> bool:
        return not self.state_counts


def round_summaries(*, rounds: list[InspectionRound], today: date | None = None) -> list[RoundSummary]:
    """Members per state for each round given that has not ended; members only for the others.

    Readiness costs a fixed number of queries per round whatever its size, but a few hundred ms for a
    large one: the list pays it only for rounds still being prepared, not for every past round.
    """
    today = today or timezone.localdate()
    members = rounds_api.member_counts(rounds=rounds)
    summaries = []
    for inspection_round in rounds:
        state_counts = []
        if inspection_round.ends_on >= today:
            # Only states are counted: the members are read bare, without a person and a team instance each.
            people = rounds_api.bare_members(inspection_round=inspection_round)
            counts = Counter(r.state for r in readiness_for_round(inspection_round=inspection_round, members=people))
            state_counts = [StateCount(s, State.LABELS[s], counts[s]) for s in State.ORDER]
        summaries.append(RoundSummary(inspection_round, members.get(inspection_round.pk, 0), state_counts))
    return summaries
