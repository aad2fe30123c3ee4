"""Check an uploaded sheet, keep its rows between the preview and the confirm, and enrol them in one transaction.

The rows are kept server-side in the person's session (the database), with a SHA-256 checksum of their JSON;
the confirm form carries only that checksum, which must match what is kept. The confirm checks every row again
against the database as it is then (someone may have been enrolled meanwhile) before writing anything: users,
profiles and team members all commit together or not at all. Initial passwords come back once, for the slips,
and are never kept.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.api import IssuedPassword, NewPerson, complete_profiles, create_people, known_people, taken_usernames
from audit.api import record_security_event
from rounds.enrolment.checking import EnrolmentContext, KnownMember, Plan, check_rows
from rounds.enrolment.sheet import PHONE, STAFF_NUMBER, SheetError, SheetRow, read_rows
from rounds.events import secondment_changed
from rounds.models import InspectionRound, TeamMember, TeamRole

SESSION_KEY = "rounds.enrolment.{round_id}"
ENROLLED = "round.members_enrolled"


class EnrolmentError(Exception):
    """A refused step; ``messages`` are for the person (every row's problem)."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def role_choices() -> tuple[dict[str, str], list[str]]:
    """Chinese role label → value (as TeamRole's labels read in Chinese; 成员 too), and the labels in order."""
    with translation.override("zh-hans"):
        labels = {str(label): value for value, label in TeamRole.choices}
    order = list(labels)
    # The sheet's default role last: an empty 角色 means 组员.
    member = next(label for label, value in labels.items() if value == TeamRole.MEMBER)
    order.remove(member)
    order.append(member)
    return {**labels, "成员": TeamRole.MEMBER}, order


def _context(*, inspection_round: InspectionRound, rows: list[SheetRow]) -> EnrolmentContext:
    phones = {row.values.get(PHONE, "").replace(" ", "").replace("-", "") for row in rows}
    staff_numbers = {row.values.get(STAFF_NUMBER, "") for row in rows}
    known = known_people(phones=phones, staff_numbers=staff_numbers)
    roles, labels = role_choices()
    members = TeamMember.objects.filter(team__round=inspection_round).values_list("user_id", "team_id")
    return EnrolmentContext(
        starts_on=inspection_round.starts_on,
        ends_on=inspection_round.ends_on,
        teams=dict(inspection_round.teams.values_list("name", "pk")),
        roles=roles,
        role_labels=labels,
        known=known,
        taken_usernames=taken_usernames(usernames=(phones | staff_numbers) - {""}),
        members={user_id: KnownMember(user_id=user_id, team_id=team_id) for user_id, team_id in members},
    )


def _checksum(payload: str) -> str:
    return hashlib.sha256(payload.encode()).hexdigest()


def _payload(rows: list[SheetRow]) -> str:
    return json.dumps([[row.line, row.values] for row in rows], ensure_ascii=False, sort_keys=True)


def _rows_of(payload: str) -> list[SheetRow]:
    return [SheetRow(line=line, values=values) for line, values in json.loads(payload)]


@dataclass(frozen=True)
class Checked:
    plan: Plan
    #: The token of the kept rows (their checksum); empty when the plan has errors and nothing was kept.
    token: str


def check_upload(*, session, inspection_round: InspectionRound, data: bytes) -> Checked:
    """Read and check the sheet. Without errors its rows are kept in the session for the confirm. Writes nothing
    else; the file itself is not kept."""
    session.pop(SESSION_KEY.format(round_id=inspection_round.pk), None)
    try:
        rows = read_rows(data)
    except SheetError as error:
        return Checked(plan=Plan(errors=[str(error)]), token="")
    plan = check_rows(rows, _context(inspection_round=inspection_round, rows=rows))
    if plan.errors:
        return Checked(plan=plan, token="")
    payload = _payload(rows)
    token = _checksum(payload)
    session[SESSION_KEY.format(round_id=inspection_round.pk)] = {"payload": payload, "checksum": token}
    return Checked(plan=plan, token=token)


def kept_plan(*, session, inspection_round: InspectionRound, token: str) -> Plan:
    """The kept rows for this token, checked again against the database as it is now."""
    kept = session.get(SESSION_KEY.format(round_id=inspection_round.pk)) or {}
    payload = kept.get("payload", "")
    if not token or not payload or kept.get("checksum") != token or _checksum(payload) != token:
        gone = _("The checked sheet is no longer here (already enrolled, or replaced). Upload it again.")
        raise EnrolmentError([gone])
    rows = _rows_of(payload)
    plan = check_rows(rows, _context(inspection_round=inspection_round, rows=rows))
    if plan.errors:
        raise EnrolmentError(plan.errors)
    return plan


@dataclass(frozen=True)
class Slip:
    username: str
    name: str
    password: str
    team_name: str
    role_label: str


def confirm_enrolment(*, request, session, inspection_round: InspectionRound, token: str) -> tuple[Plan, list[Slip]]:
    """Enrol the kept rows: new accounts (with initial passwords and the forced change), the known people's
    empty profile fields filled, and a team membership for each, in one transaction. The kept rows are
    dropped, so the same sheet cannot be enrolled twice. Audited as one security event naming the new accounts.
    """
    with transaction.atomic():
        # One enrolment of a round at a time: the second waits here and then finds the members of the first.
        InspectionRound.objects.select_for_update().filter(pk=inspection_round.pk).first()
        plan = kept_plan(session=session, inspection_round=inspection_round, token=token)
        new_rows = plan.new
        issued: list[IssuedPassword] = create_people(
            people=[
                NewPerson(
                    name=row.name,
                    username=row.username,
                    phone=row.phone,
                    staff_number=row.staff_number,
                    home_unit=row.home_unit,
                )
                for row in new_rows
            ]
        )
        matched = plan.matched
        complete_profiles(
            details={
                row.user_id: NewPerson(
                    name=row.name,
                    username=row.username,
                    phone=row.phone,
                    staff_number=row.staff_number,
                    home_unit=row.home_unit,
                )
                for row in matched
            }
        )
        user_ids = [password.user_id for password in issued] + [row.user_id for row in matched]
        TeamMember.objects.bulk_create(
            [
                TeamMember(
                    team_id=row.team_id, user_id=user_id, role=row.role, secondment_ends_on=row.secondment_ends_on
                )
                for row, user_id in zip([*new_rows, *matched], user_ids, strict=True)
            ]
        )
        # A bulk insert sends no post_save: tell the apps above about the known people's new secondments (new
        # accounts have nothing yet that depends on one).
        for user in get_user_model().objects.filter(pk__in=[row.user_id for row in matched]):
            secondment_changed.send(sender=TeamMember, user=user)
        record_security_event(
            action=ENROLLED,
            request=request,
            target=inspection_round,
            detail={
                "new": [password.username for password in issued],
                "matched": [row.username for row in matched],
                "skipped": [row.username for row in plan.skipped],
            },
        )
        session.pop(SESSION_KEY.format(round_id=inspection_round.pk), None)
    slips = [
        Slip(
            username=password.username,
            name=password.name,
            password=password.password,
            team_name=row.team_name,
            role_label=row.role_label,
        )
        for row, password in zip(new_rows, issued, strict=True)
    ]
    return plan, slips
