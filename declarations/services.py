"""Writes: agreeing to the current text of a commitment, with the recusal entries when there are any.

One row per (user, text version): agreeing again to the same version updates the time and replaces the
entries. Refused input raises :class:`DeclarationError` and writes nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.api import record_security_event
from declarations.models import (
    Acknowledgement,
    AcknowledgementKind,
    RecusalDecision,
    RecusalEntry,
    RecusalOutcome,
    RelationKind,
    RoundDeclaration,
)
from declarations.selectors import conflict_of, current_acknowledgement, current_text
from rounds.api import InspectionRound, Region, UnitSystem, manages_round, member_user_ids

#: The audit action of a recusal decision (recorded with the person it is about).
RECUSAL_DECIDED = "declarations.recusal_decided"
#: The audit action of a tie a member reported during a round.
TIE_REPORTED = "declarations.tie_reported"

ENTRY_FIELDS = ("relation", "person_name", "relationship", "unit_name", "position", "note")
#: Optional choices from the editors' lists (rounds' UnitSystem and Region), given by id.
CHOICE_FIELDS = ("system", "region")


class DeclarationError(ValidationError):
    """Refused input; messages are for the user, in Chinese.

    ``entry_errors`` maps the index of an entry in the list given to :func:`agree` to
    ``{field name: [messages]}``, so a form can show each message next to its field.
    """

    def __init__(self, message: str | list[str], *, entry_errors: dict[int, dict[str, list[str]]] | None = None):
        self.entry_errors = entry_errors or {}
        messages = [message] if isinstance(message, str) else message
        every = messages + [m for fields in self.entry_errors.values() for ms in fields.values() for m in ms]
        super().__init__(every)
        self.general = messages


def _max_length(field: str) -> int:
    return RecusalEntry._meta.get_field(field).max_length


def clean_entry(raw: dict) -> tuple[dict, dict[str, list[str]]]:
    """One entry with its text stripped, and the problems found, by field."""
    unknown = set(raw) - set(ENTRY_FIELDS) - set(CHOICE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown recusal entry fields: {sorted(unknown)}")
    entry = {field: str(raw.get(field) or "").strip() for field in ENTRY_FIELDS}
    problems: dict[str, list[str]] = {}

    def refuse(field, message):
        problems.setdefault(field, []).append(message)

    lists = {"system": UnitSystem, "region": Region}
    for field in CHOICE_FIELDS:
        value = raw.get(field)
        if value in (None, ""):
            entry[f"{field}_id"] = None
            continue
        try:
            entry[f"{field}_id"] = int(getattr(value, "pk", value))
        except (TypeError, ValueError):
            entry[f"{field}_id"] = None
        if entry[f"{field}_id"] is None or not lists[field].objects.filter(pk=entry[f"{field}_id"]).exists():
            refuse(field, _("Choose from the list, or leave it empty."))

    if entry["relation"] not in RelationKind.values:
        refuse("relation", _("Choose the kind of tie: a relative, a former workplace or another interest."))
    if not entry["unit_name"]:
        refuse("unit_name", _("Enter the full name of the unit."))
    if entry["relation"] == RelationKind.RELATIVE:
        if not entry["person_name"]:
            refuse("person_name", _("Enter the relative's name."))
        if not entry["relationship"]:
            refuse("relationship", _("Enter how you are related, e.g. spouse or brother."))
    for field in ENTRY_FIELDS:
        limit = _max_length(field)
        if len(entry[field]) > limit:
            refuse(field, _("Keep this to at most %(limit)d characters.") % {"limit": limit})
    return entry, problems


def _clean_recusal(entries: list[dict], nothing_to_declare: bool) -> list[dict]:
    if nothing_to_declare and entries:
        raise DeclarationError(
            _("You ticked that you have nothing to declare but also listed ties: untick it or clear the rows.")
        )
    if not nothing_to_declare and not entries:
        raise DeclarationError(_("List at least one tie, or tick that you have nothing to declare."))
    cleaned, problems = [], {}
    for index, raw in enumerate(entries):
        entry, entry_problems = clean_entry(raw)
        cleaned.append(entry)
        if entry_problems:
            problems[index] = entry_problems
    if problems:
        raise DeclarationError(_("Some rows need correcting."), entry_errors=problems)
    return cleaned


def agree(
    *,
    user,
    kind: str,
    now: datetime | None = None,
    entries: list[dict] | None = None,
    nothing_to_declare: bool = False,
    confirm_rounds: list[InspectionRound] | tuple = (),
) -> Acknowledgement:
    """Record that ``user`` agrees to the current version of ``kind``.

    For the recusal declaration give either ``nothing_to_declare=True`` or at least one entry
    (keys: relation, person_name, relationship, unit_name, position, note, and optionally system and
    region). The confidentiality commitment takes neither. The agreement is also confirmed for each of
    ``confirm_rounds`` (the person's current rounds), in the same transaction.
    """
    entries = list(entries or [])
    if kind not in AcknowledgementKind.values:
        raise DeclarationError(_("There is no such declaration."))
    if kind == AcknowledgementKind.RECUSAL:
        cleaned = _clean_recusal(entries, nothing_to_declare)
    elif entries or nothing_to_declare:
        raise DeclarationError(_("Only the recusal declaration lists ties."))
    else:
        cleaned = []

    with transaction.atomic():
        text = current_text(kind)
        if text is None:
            raise DeclarationError(_("The office has not published this text yet."))
        acknowledgement, _created = Acknowledgement.objects.update_or_create(
            user=user,
            text=text,
            defaults={"agreed_at": now or timezone.now(), "nothing_to_declare": nothing_to_declare},
        )
        # A tie reported during a round keeps the date it was reported when the declaration is updated.
        reported = {
            (e.relation, e.unit_name, e.person_name): e.reported_at
            for e in acknowledgement.entries.exclude(reported_at=None)
        }
        acknowledgement.entries.all().delete()
        RecusalEntry.objects.bulk_create(
            RecusalEntry(
                acknowledgement=acknowledgement,
                reported_at=reported.get((entry["relation"], entry["unit_name"], entry["person_name"])),
                **entry,
            )
            for entry in cleaned
        )
        for inspection_round in confirm_rounds:
            confirm_for_round(user=user, inspection_round=inspection_round, kind=kind, now=acknowledgement.agreed_at)
    return acknowledgement


def anonymise_person_data(*, user, placeholder: str) -> int:
    """Replace the names, relationships and notes in the person's recusal entries, and the reasons the office
    gave for its decisions about them (they describe the tie); units, outcomes and dates stay.

    Returns the number of the person's entries. Runs inside the caller's transaction when there is one.
    """
    with transaction.atomic():
        entries = RecusalEntry.objects.filter(acknowledgement__user=user)
        for field in ("person_name", "relationship", "note"):
            entries.exclude(**{field: ""}).update(**{field: placeholder})
        RecusalDecision.objects.filter(user=user).update(reason=placeholder)
        return entries.count()


def decide_conflict(
    *,
    inspection_round: InspectionRound,
    user_id: int,
    unit_id: int,
    outcome: str,
    reason: str,
    decided_by,
    request=None,
    now: datetime | None = None,
) -> RecusalDecision:
    """Record (or change) what the office decided about a member's conflict with a unit of the round.

    Only someone who manages the round may decide, only about a conflict that exists, with one of the two
    outcomes and a reason. The decision is written to the audit log with the person it is about.
    """
    reason = (reason or "").strip()
    if not manages_round(user=decided_by, round_id=inspection_round.pk):
        raise DeclarationError(_("Only the managers of this round decide its recusal conflicts."))
    if outcome not in RecusalOutcome.values:
        raise DeclarationError(_("Choose a decision: duties reassigned, or no recusal needed."))
    if not reason:
        raise DeclarationError(_("Give the reason for the decision in a sentence."))
    limit = RecusalDecision._meta.get_field("reason").max_length
    if len(reason) > limit:
        raise DeclarationError(_("Keep the reason to at most %(limit)d characters.") % {"limit": limit})
    with transaction.atomic():
        conflict = conflict_of(inspection_round=inspection_round, user_id=user_id, unit_id=unit_id)
        if conflict is None:
            raise DeclarationError(_("This person has no declared tie with that unit in this round."))
        decision, created = RecusalDecision.objects.update_or_create(
            inspection_round=inspection_round,
            user_id=user_id,
            unit_id=unit_id,
            defaults={
                "outcome": outcome,
                "reason": reason,
                "decided_by": decided_by,
                "decided_at": now or timezone.now(),
            },
        )
        record_security_event(
            action=RECUSAL_DECIDED,
            request=request,
            actor=decided_by,
            target=decision,
            subject=decision.user,
            detail={
                "round": inspection_round.pk,
                "unit": conflict.unit.name,
                "outcome": outcome,
                "changed": not created,
            },
        )
    return decision


def confirm_for_round(
    *, user, inspection_round: InspectionRound, kind: str, now: datetime | None = None
) -> RoundDeclaration:
    """Confirm the person's current agreement of ``kind`` for a round they are a member of (确认本轮申报).

    Confirming again (another tab, an update of the declaration) moves the time and points at the current
    agreement; a double tap that races is caught by the unique constraint and answers the existing row.
    """
    if kind not in AcknowledgementKind.values:
        raise DeclarationError(_("There is no such declaration."))
    if not member_user_ids(round_id=inspection_round.pk).filter(user_id=user.pk).exists():
        raise DeclarationError(_("You are not a member of this round."))
    acknowledgement = current_acknowledgement(user=user, kind=kind)
    if acknowledgement is None:
        raise DeclarationError(_("Agree to the current text first, then confirm it for this round."))
    defaults = {"acknowledgement": acknowledgement, "confirmed_at": now or timezone.now()}
    try:
        with transaction.atomic():
            confirmation, _created = RoundDeclaration.objects.select_for_update().update_or_create(
                inspection_round=inspection_round, user=user, kind=kind, defaults=defaults
            )
    except IntegrityError:
        confirmation = RoundDeclaration.objects.get(inspection_round=inspection_round, user=user, kind=kind)
    return confirmation


def report_tie(
    *, user, inspection_round: InspectionRound, entry: dict, request=None, now: datetime | None = None
) -> RecusalEntry:
    """Add a tie discovered during the round to the declaration the member confirmed for it (报告新发现的关系).

    The entry is dated, audited with the person it concerns, and meets the round's units like any other:
    the round's managers see a new undecided conflict when it matches. Refused input writes nothing.
    """
    cleaned, problems = clean_entry(entry)
    if problems:
        raise DeclarationError(_("Some rows need correcting."), entry_errors={0: problems})
    with transaction.atomic():
        confirmation = (
            RoundDeclaration.objects.select_for_update()
            .select_related("acknowledgement")
            .filter(inspection_round=inspection_round, user=user, kind=AcknowledgementKind.RECUSAL)
            .first()
        )
        if confirmation is None:
            raise DeclarationError(_("Confirm your recusal declaration for this round first."))
        acknowledgement = confirmation.acknowledgement
        if acknowledgement.nothing_to_declare:
            acknowledgement.nothing_to_declare = False
            acknowledgement.save(update_fields=["nothing_to_declare"])
        tie = RecusalEntry.objects.create(acknowledgement=acknowledgement, reported_at=now or timezone.now(), **cleaned)
        record_security_event(
            action=TIE_REPORTED,
            request=request,
            actor=user,
            target=tie,
            subject=user,
            detail={"round": inspection_round.pk, "unit": tie.unit_name, "relation": tie.relation},
        )
    return tie
