"""Every row of an enrolment sheet checked against the round and the people already known, before anything is
written. Pure: the caller reads the database once into an ``EnrolmentContext``; the answer is a ``Plan`` with
every problem, each with its row number, in Chinese.

Decisions: a person is matched by 手机号 or 工号 (both must point at the same account, and its name must be the
row's name: a mismatch is an error, never a silent overwrite); a member already in the round in the same team is
reported and skipped, in another team it is an error (moving people is the round's edit page's job); a
secondment may end before the round ends (people leave early) but not before it starts (they would never
serve), and an empty end means the round's end.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from rounds.enrolment.sheet import HOME_UNIT, NAME, PHONE, ROLE, SECONDMENT_ENDS, STAFF_NUMBER, TEAM, SheetRow

PHONE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
STAFF_NUMBER_PATTERN = re.compile(r"^[0-9A-Za-z_-]{1,32}$")
EXAMPLE_NAME = "张示例"
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)


@dataclass(frozen=True)
class KnownMember:
    user_id: int
    team_id: int


@dataclass(frozen=True)
class EnrolmentContext:
    starts_on: datetime.date
    ends_on: datetime.date
    #: team name → id, for this round only.
    teams: dict[str, int]
    #: Chinese role label (and aliases) → TeamRole value; labels in the order to show them.
    roles: dict[str, str]
    role_labels: list[str]
    #: accounts.api.KnownPerson for every phone or staff number in the file.
    known: list
    #: user names already taken (a new person's would-be user name).
    taken_usernames: set[str]
    #: user id → membership in this round.
    members: dict[int, KnownMember]


@dataclass(frozen=True)
class PlannedRow:
    line: int
    name: str
    phone: str
    staff_number: str
    home_unit: str
    team_id: int
    team_name: str
    role: str
    role_label: str
    secondment_ends_on: datetime.date | None
    #: None for a new person.
    user_id: int | None
    username: str
    #: Already in this team of the round: reported, nothing written.
    already_member: bool = False


@dataclass
class Plan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def new(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.user_id is None]

    @property
    def matched(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.user_id is not None and not row.already_member]

    @property
    def skipped(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.already_member]

    def by_team(self) -> list[tuple[str, int, int]]:
        """(team name, new people, known people) for the rows that will be written, by team name."""
        counts: dict[str, list[int]] = {}
        for row in self.rows:
            if row.already_member:
                continue
            counts.setdefault(row.team_name, [0, 0])[0 if row.user_id is None else 1] += 1
        return [(name, new, known) for name, (new, known) in sorted(counts.items())]


def parse_date(text: str) -> datetime.date | None:
    """2027-03-31, 2027/3/31, 2027.3.31, 2027年3月31日 (an Excel date cell arrives as the first); None if none."""
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None


def _clean_phone(text: str) -> str:
    return re.sub(r"[\s-]", "", text).removeprefix("+86")


def _row_problems(row: SheetRow, context: EnrolmentContext) -> tuple[list[str], dict]:
    """The problems of one row on its own, and its cleaned values."""
    values = row.values
    problems: list[str] = []
    name = values.get(NAME, "")
    phone = _clean_phone(values.get(PHONE, ""))
    staff_number = values.get(STAFF_NUMBER, "")
    if not name:
        problems.append(_("the name is missing"))
    elif len(name) > 30:
        problems.append(_("the name is longer than 30 characters"))
    elif name == EXAMPLE_NAME:
        problems.append(_("this is the template's example row; delete it"))
    if not phone and not staff_number:
        problems.append(_("give a mobile phone number or a staff number"))
    if phone and not PHONE_PATTERN.match(phone):
        problems.append(_("the mobile phone number is not in the right form (11 digits, starting with 1)"))
    if staff_number and not STAFF_NUMBER_PATTERN.match(staff_number):
        problems.append(_("the staff number may hold only letters, digits, - and _ (at most 32)"))
    home_unit = values.get(HOME_UNIT, "")
    if len(home_unit) > 120:
        problems.append(_("the home unit is longer than 120 characters"))
    team_name = values.get(TEAM, "")
    team_id = context.teams.get(team_name)
    if not team_name:
        problems.append(_("the team is missing"))
    elif team_id is None:
        problems.append(
            _("the team “%(team)s” does not exist (this round's teams: %(teams)s)")
            % {"team": team_name, "teams": "、".join(sorted(context.teams)) or _("none yet")}
        )
    role_label = values.get(ROLE, "") or context.role_labels[-1]
    role = context.roles.get(role_label)
    if role is None:
        problems.append(
            _("the role “%(role)s” is not known (use one of: %(roles)s)")
            % {"role": role_label, "roles": "、".join(context.role_labels)}
        )
    ends_text = values.get(SECONDMENT_ENDS, "")
    ends_on = parse_date(ends_text) if ends_text else None
    if ends_text and ends_on is None:
        problems.append(_("the secondment end “%(text)s” is not a date (write 2027-03-31)") % {"text": ends_text})
    elif ends_on is not None and ends_on < context.starts_on:
        problems.append(
            _("the secondment ends on %(end)s, before the round starts on %(start)s")
            % {"end": ends_on.isoformat(), "start": context.starts_on.isoformat()}
        )
    cleaned = {
        "name": name,
        "phone": phone,
        "staff_number": staff_number,
        "home_unit": home_unit,
        "team_id": team_id,
        "team_name": team_name,
        "role": role,
        "role_label": role_label,
        "secondment_ends_on": ends_on,
    }
    return problems, cleaned


def _message(line: int, problem: str) -> str:
    return _("Row %(line)d: %(problem)s") % {"line": line, "problem": problem}


def _match(cleaned: dict, context: EnrolmentContext, by_phone: dict, by_staff: dict) -> tuple[list[str], object]:
    """The known person this row names, if any, and the problems of that match."""
    person_by_phone = by_phone.get(cleaned["phone"]) if cleaned["phone"] else None
    person_by_staff = by_staff.get(cleaned["staff_number"]) if cleaned["staff_number"] else None
    if person_by_phone and person_by_staff and person_by_phone.user_id != person_by_staff.user_id:
        return [
            _("the mobile phone number belongs to “%(a)s” and the staff number to “%(b)s”")
            % {"a": person_by_phone.name, "b": person_by_staff.name}
        ], None
    person = person_by_phone or person_by_staff
    if person is None:
        return [], None
    problems = []
    how = _("mobile phone number") if person_by_phone else _("staff number")
    if person.name != cleaned["name"]:
        problems.append(
            _("the %(how)s belongs to an existing person named “%(known)s”, not “%(name)s”")
            % {"how": how, "known": person.name, "name": cleaned["name"]}
        )
    for key, label in (("phone", _("mobile phone number")), ("staff_number", _("staff number"))):
        mine, theirs = cleaned[key], getattr(person, key)
        if mine and theirs and mine != theirs:
            message = _("the %(field)s differs from the one on record for “%(known)s”")
            problems.append(message % {"field": label, "known": person.name})
    return problems, person


def check_rows(rows: list[SheetRow], context: EnrolmentContext) -> Plan:
    """Every row checked; the plan's errors list every problem of every row, in row order."""
    plan = Plan()
    by_phone = {p.phone: p for p in context.known if p.phone}
    by_staff = {p.staff_number: p for p in context.known if p.staff_number}
    first_line: dict[tuple[str, str], int] = {}
    for row in rows:
        problems, cleaned = _row_problems(row, context)
        duplicates: list[str] = []
        for key, label in (("phone", _("same mobile phone number")), ("staff_number", _("same staff number"))):
            value = cleaned[key]
            if not value:
                continue
            earlier = first_line.setdefault((key, value), row.line)
            if earlier != row.line:
                duplicates.append(
                    _("Row %(line)d is the same person as row %(earlier)d (%(why)s)")
                    % {"line": row.line, "earlier": earlier, "why": label}
                )
        match_problems, person = _match(cleaned, context, by_phone, by_staff)
        problems += match_problems
        username = person.username if person else (cleaned["phone"] or cleaned["staff_number"])
        already = False
        if person is None and username and username in context.taken_usernames:
            problems.append(_("the user name %(username)s is taken by another account") % {"username": username})
        if person is not None and person.user_id in context.members and cleaned["team_id"] is not None:
            current = context.members[person.user_id]
            if current.team_id == cleaned["team_id"]:
                already = True
            else:
                team = next((name for name, pk in context.teams.items() if pk == current.team_id), "")
                problems.append(
                    _("%(name)s is already in this round's team %(team)s; move them on the team's page")
                    % {"name": person.name, "team": team}
                )
        if problems or duplicates:
            plan.errors += [*duplicates, *(_message(row.line, problem) for problem in problems)]
            continue
        plan.rows.append(
            PlannedRow(
                line=row.line,
                user_id=person.user_id if person else None,
                username=username,
                already_member=already,
                **cleaned,
            )
        )
    return plan
