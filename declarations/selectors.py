"""Reads: the current text of each kind, who agreed to it, and declared ties that meet a round's units.

Only an agreement to the current (highest) version of a text counts: publishing version 2 means everyone
must agree again. Every function here runs a fixed number of queries, whatever the number of users.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from core.labels import field_label
from declarations.matching import Place, Term, UnitName, match_reasons
from declarations.models import (
    Acknowledgement,
    AcknowledgementKind,
    AcknowledgementText,
    RecusalDecision,
    RecusalEntry,
    RoundDeclaration,
)
from rounds.api import InspectedUnit, InspectionRound, round_structure


def _current_version(kind_ref):
    """A subquery: the highest version of the kind given by ``kind_ref``."""
    return Subquery(AcknowledgementText.objects.filter(kind=kind_ref).order_by("-version").values("version")[:1])


def current_text(kind: str) -> AcknowledgementText | None:
    return AcknowledgementText.objects.filter(kind=kind).order_by("-version").first()


def current_texts() -> dict[str, AcknowledgementText]:
    """The highest version of each kind that has one, in one query."""
    texts = AcknowledgementText.objects.filter(version=_current_version(OuterRef("kind")))
    return {text.kind: text for text in texts}


def current_acknowledgement(*, user, kind: str) -> Acknowledgement | None:
    """The user's agreement to the current version of ``kind``, with its entries; an older version does not count."""
    return (
        Acknowledgement.objects.filter(user=user, text__kind=kind, text__version=_current_version(kind))
        .select_related("text")
        .prefetch_related("entries")
        .first()
    )


def latest_acknowledgement(*, user, kind: str) -> Acknowledgement | None:
    """The user's most recent agreement to any version of ``kind`` (to say "you agreed to an older version")."""
    return (
        Acknowledgement.objects.filter(user=user, text__kind=kind)
        .select_related("text")
        .order_by("-text__version", "-agreed_at")
        .first()
    )


@dataclass(frozen=True)
class KindStatus:
    """Where one person stands with one kind of text, for their declarations page."""

    kind: str
    label: str
    text: AcknowledgementText | None
    #: Their agreement to the current version, if any.
    acknowledgement: Acknowledgement | None
    #: Their latest agreement to an older version, when they have not agreed to the current one.
    previous: Acknowledgement | None

    @property
    def can_update(self) -> bool:
        """A recusal declaration lists ties and is updated when they change; a commitment is only viewed."""
        return self.kind == AcknowledgementKind.RECUSAL


def statuses(*, user) -> list[KindStatus]:
    """Each kind of text with the person's agreement, in two queries."""
    texts = current_texts()
    mine: dict[str, list[Acknowledgement]] = {}
    acknowledgements = (
        Acknowledgement.objects.filter(user=user).select_related("text").order_by("-text__version", "-agreed_at")
    )
    for acknowledgement in acknowledgements:
        mine.setdefault(acknowledgement.text.kind, []).append(acknowledgement)
    result = []
    for kind, label in AcknowledgementKind.choices:
        text, agreed = texts.get(kind), mine.get(kind, [])
        current = next((a for a in agreed if text and a.text_id == text.pk), None)
        previous = None if current else next(iter(agreed), None)
        result.append(KindStatus(kind=kind, label=label, text=text, acknowledgement=current, previous=previous))
    return result


def acknowledged_kinds(*, user_ids: Iterable[int]) -> dict[int, set[str]]:
    """For each user id asked about, the kinds whose current version they agreed to (an empty set for none).

    One query, whatever the number of users.
    """
    user_ids = list(user_ids)
    result: dict[int, set[str]] = {user_id: set() for user_id in user_ids}
    rows = Acknowledgement.objects.filter(
        user_id__in=user_ids, text__version=_current_version(OuterRef("text__kind"))
    ).values_list("user_id", "text__kind")
    for user_id, kind in rows:
        result[user_id].add(kind)
    return result


def acknowledgement_times(*, user_ids: Iterable[int]) -> dict[tuple[int, str], datetime]:
    """(user id, kind) → when they agreed to the current version of that kind; two queries.

    The current texts are read first (a handful of rows) so that the agreements are found by text id: a
    correlated subquery per agreement cost more for a round of hundreds.
    """
    current = {text.pk: kind for kind, text in current_texts().items()}
    rows = Acknowledgement.objects.filter(user_id__in=list(user_ids), text_id__in=current).values_list(
        "user_id", "text_id", "agreed_at"
    )
    return {(user_id, current[text_id]): agreed_at for user_id, text_id, agreed_at in rows}


def round_acknowledgement_times(
    *, inspection_round: InspectionRound, user_ids: Iterable[int]
) -> dict[int, dict[str, datetime]]:
    """user id → kind → when the member confirmed that commitment for this round; every id asked about is present.

    A confirmation counts while the agreement it confirms answers the current text: a new version asks
    everyone again. Two queries, whatever the number of users.
    """
    user_ids = list(user_ids)
    result: dict[int, dict[str, datetime]] = {user_id: {} for user_id in user_ids}
    if not user_ids:
        return result
    current = [text.pk for text in current_texts().values()]
    rows = RoundDeclaration.objects.filter(
        inspection_round=inspection_round, user_id__in=user_ids, acknowledgement__text_id__in=current
    ).values_list("user_id", "kind", "confirmed_at")
    for user_id, kind, confirmed_at in rows:
        result[user_id][kind] = confirmed_at
    return result


@dataclass(frozen=True)
class Conflict:
    """A declared tie that meets a unit the round inspects, with every reason it does."""

    entry: RecusalEntry
    unit: InspectedUnit
    #: The unit is inspected by a team the person is a member of (the case that needs a decision first).
    by_own_team: bool
    #: What the office decided about this person and unit for the round; None while it waits for one.
    decision: RecusalDecision | None = None
    #: Why the tie meets the unit, in plain Chinese ("单位名称相同", "同一系统：教育" ...).
    reasons: tuple[str, ...] = ()

    @property
    def pending(self) -> bool:
        """Waiting for the office's decision: it blocks the person's readiness for the round."""
        return self.decision is None

    @property
    def reported_at(self) -> datetime | None:
        """When the tie was reported during the round; None for a tie declared before confirming."""
        return self.entry.reported_at


def _term(term) -> Term | None:
    if term is None:
        return None
    parent = getattr(term, "parent", None)
    return Term(
        id=term.pk,
        name=term.name,
        parent_id=getattr(term, "parent_id", None),
        parent_name=parent.name if parent else "",
    )


def place_of(obj, name: str) -> Place:
    """A tie or a unit as matching reads it (its system and region loaded with the region's township)."""
    return Place(name=UnitName(name), system=_term(obj.system), region=_term(obj.region))


def _confirmed_recusal_entries(inspection_round: InspectionRound, user_ids) -> list[RecusalEntry]:
    """The entries of the recusal declaration each user confirmed for this round (ties reported since included).

    A declaration that was not confirmed for this round is not read: last round's does not count.
    """
    confirmed = RoundDeclaration.objects.filter(
        inspection_round=inspection_round, kind=AcknowledgementKind.RECUSAL, user_id__in=user_ids
    ).values("acknowledgement_id")
    return list(
        RecusalEntry.objects.filter(acknowledgement_id__in=confirmed)
        .select_related("acknowledgement", "system", "region__parent")
        .order_by("acknowledgement__user_id", "pk")
    )


def recusal_conflicts(
    *, inspection_round: InspectionRound, user_ids: Iterable[int] | None = None
) -> dict[int, list[Conflict]]:
    """Confirmed ties that meet a unit of this round, by user id; users without a conflict are left out.

    ``user_ids`` defaults to the members of the round's teams. Only declarations confirmed for this round
    count. A tie meets a unit by name (:func:`declarations.matching.same_unit`), system or region
    (:func:`declarations.matching.match_reasons`). Each conflict carries its reasons and the office's
    decision for the round, if any. Five queries, whatever the number of users and entries.
    """
    structure = round_structure(inspection_round=inspection_round)
    units = [(unit, place_of(unit, unit.name)) for unit in structure.units]
    if not units:
        return {}
    team_of, inspected_by = structure.teams_of_user, structure.teams_of_unit
    user_ids = list(team_of) if user_ids is None else list(user_ids)

    conflicts: dict[int, list[Conflict]] = {}
    entries = _confirmed_recusal_entries(inspection_round, user_ids)
    decisions = _decisions(inspection_round, {entry.acknowledgement.user_id for entry in entries})
    for entry in entries:
        declared = place_of(entry, entry.unit_name)
        user_id = entry.acknowledgement.user_id
        for unit, place in units:
            reasons = match_reasons(declared, place)
            if reasons:
                own = bool(team_of.get(user_id, set()) & inspected_by.get(unit.pk, set()))
                decision = decisions.get((user_id, unit.pk))
                conflicts.setdefault(user_id, []).append(
                    Conflict(entry=entry, unit=unit, by_own_team=own, decision=decision, reasons=tuple(reasons))
                )
    return conflicts


def _decisions(inspection_round: InspectionRound, user_ids: set[int]) -> dict[tuple[int, int], RecusalDecision]:
    """(user id, unit id) → the office's decision in this round, with who decided; no query without users."""
    if not user_ids:
        return {}
    rows = RecusalDecision.objects.filter(inspection_round=inspection_round, user_id__in=user_ids).select_related(
        "decided_by"
    )
    return {(d.user_id, d.unit_id): d for d in rows}


def conflict_of(*, inspection_round: InspectionRound, user_id: int, unit_id: int) -> Conflict | None:
    """The conflict between this member and unit in the round, as the office sees it now; None if there is none."""
    found = recusal_conflicts(inspection_round=inspection_round, user_ids=[user_id]).get(user_id, [])
    return next((c for c in found if c.unit.pk == unit_id), None)


def personal_records(*, user) -> dict[str, list[dict]]:
    """The person's agreements (with the text version) and declared ties as plain rows, for their data export."""

    acknowledgements = list(
        Acknowledgement.objects.filter(user=user)
        .select_related("text")
        .prefetch_related("entries__system", "entries__region__parent")
        .order_by("agreed_at", "pk")
    )
    agreed = [
        {
            field_label(AcknowledgementText, "kind"): acknowledgement.text.get_kind_display(),
            field_label(AcknowledgementText, "title"): acknowledgement.text.title,
            field_label(AcknowledgementText, "version"): acknowledgement.text.version,
            field_label(Acknowledgement, "agreed_at"): acknowledgement.agreed_at,
            field_label(Acknowledgement, "nothing_to_declare"): acknowledgement.nothing_to_declare,
        }
        for acknowledgement in acknowledgements
    ]
    entries = [
        {
            field_label(AcknowledgementText, "version"): acknowledgement.text.version,
            field_label(Acknowledgement, "agreed_at"): acknowledgement.agreed_at,
            field_label(RecusalEntry, "relation"): entry.get_relation_display(),
            field_label(RecusalEntry, "person_name"): entry.person_name,
            field_label(RecusalEntry, "relationship"): entry.relationship,
            field_label(RecusalEntry, "unit_name"): entry.unit_name,
            _("Position held"): entry.position,
            field_label(RecusalEntry, "system"): entry.system.name if entry.system else "",
            field_label(RecusalEntry, "region"): str(entry.region) if entry.region else "",
            field_label(RecusalEntry, "reported_at"): entry.reported_at,
            field_label(RecusalEntry, "note"): entry.note,
        }
        for acknowledgement in acknowledgements
        for entry in acknowledgement.entries.all()
    ]
    confirmations = [
        {
            _("Round"): row.inspection_round.name,
            field_label(RoundDeclaration, "kind"): row.get_kind_display(),
            field_label(AcknowledgementText, "version"): row.acknowledgement.text.version,
            field_label(RoundDeclaration, "confirmed_at"): row.confirmed_at,
        }
        for row in RoundDeclaration.objects.filter(user=user)
        .select_related("inspection_round", "acknowledgement__text")
        .order_by("confirmed_at", "pk")
    ]
    decisions = [
        {
            _("Round"): decision.inspection_round.name,
            field_label(RecusalDecision, "unit"): decision.unit.name,
            field_label(RecusalDecision, "outcome"): decision.get_outcome_display(),
            field_label(RecusalDecision, "reason"): decision.reason,
            field_label(RecusalDecision, "decided_at"): decision.decided_at,
        }
        for decision in RecusalDecision.objects.filter(user=user)
        .select_related("inspection_round", "unit")
        .order_by("decided_at", "pk")
    ]
    return {
        _("Acknowledgements"): agreed,
        _("Recusal entries"): entries,
        _("Recusal decisions"): decisions,
        _("Confirmations for a round"): confirmations,
    }


@dataclass(frozen=True)
class ConflictCase:
    """One person and one unit of the round that their declared ties meet: what the office decides on."""

    user: object
    unit: InspectedUnit
    conflicts: list[Conflict]

    @property
    def decision(self) -> RecusalDecision | None:
        return self.conflicts[0].decision

    @property
    def by_own_team(self) -> bool:
        return any(c.by_own_team for c in self.conflicts)


def conflict_cases(*, inspection_round: InspectionRound) -> list[ConflictCase]:
    """Every (member, unit) conflict of the round, undecided first, then by name; six queries."""
    conflicts = recusal_conflicts(inspection_round=inspection_round)
    people = get_user_model().objects.in_bulk(list(conflicts))
    cases = []
    for user_id, found in conflicts.items():
        by_unit: dict[int, list[Conflict]] = {}
        for conflict in found:
            by_unit.setdefault(conflict.unit.pk, []).append(conflict)
        cases += [ConflictCase(people[user_id], group[0].unit, group) for group in by_unit.values()]
    return sorted(cases, key=lambda c: (c.decision is not None, c.user.get_full_name() or c.user.get_username()))
