"""People as the office enrols them: profiles (手机号, 工号, 原单位), initial passwords and the forced change.

Writes are module-level, keyword-only and atomic; the reads other apps need are here too and reach them
through ``accounts.api``. An initial password is a random one-time secret, returned once to be printed on a
slip and never kept in clear (stored with ``accounts.hashers.InitialPasswordHasher``; see there why).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.hashers import ALGORITHM
from accounts.models import PersonProfile
from audit.api import record_security_event
from core.roles import TRAINEE

#: Set in the session at log-in while the person must choose their own password (read by the middleware, so a
#: request costs no query); cleared by ``change_password``.
MUST_CHANGE_SESSION_KEY = "accounts.must_change_password"

# Letters and digits that cannot be mistaken for one another on paper (no 0/O/o, 1/l/I, 5/S, 2/Z).
_LOWER = "abcdefghijkmnpqrstuvwxyz"
_UPPER = "ABCDEFGHJKLMNPQRTUVWXY"
_DIGITS = "346789"
_GROUPS, _GROUP_LENGTH = 3, 4


def generate_initial_password() -> str:
    """Three groups of four (``Kq7m-x3Pd-9tRb``): about 70 bits, every character class the policy asks for."""
    alphabet = _LOWER + _UPPER + _DIGITS
    while True:
        chars = "".join(secrets.choice(alphabet) for _index in range(_GROUPS * _GROUP_LENGTH))
        if any(c in _LOWER for c in chars) and any(c in _UPPER for c in chars) and any(c in _DIGITS for c in chars):
            return "-".join(chars[i : i + _GROUP_LENGTH] for i in range(0, len(chars), _GROUP_LENGTH))


def _hashed_initial(password: str) -> str:
    return make_password(password, hasher=ALGORITHM)


@dataclass(frozen=True)
class NewPerson:
    name: str
    username: str
    phone: str = ""
    staff_number: str = ""
    home_unit: str = ""


@dataclass(frozen=True)
class IssuedPassword:
    """An initial password to print once. Never stored like this."""

    user_id: int
    username: str
    name: str
    password: str


@dataclass(frozen=True)
class KnownPerson:
    user_id: int
    username: str
    name: str
    phone: str
    staff_number: str
    home_unit: str


def known_people(*, phones: set[str], staff_numbers: set[str]) -> list[KnownPerson]:
    """People whose profile has one of these phones or staff numbers (one query)."""
    profiles = PersonProfile.objects.filter(phone__in=phones - {""}) | PersonProfile.objects.filter(
        staff_number__in=staff_numbers - {""}
    )
    return [
        KnownPerson(
            user_id=p.user_id,
            username=p.user.get_username(),
            name=p.user.first_name,
            phone=p.phone,
            staff_number=p.staff_number,
            home_unit=p.home_unit,
        )
        for p in profiles.select_related("user")
    ]


def taken_usernames(*, usernames: set[str]) -> set[str]:
    return set(get_user_model().objects.filter(username__in=usernames).values_list("username", flat=True))


def must_change_password(user) -> bool:
    if not user.is_authenticated:
        return False
    return PersonProfile.objects.filter(user=user, must_change_password=True).exists()


def profile_of(*, user) -> PersonProfile | None:
    return PersonProfile.objects.filter(user=user).first()


def create_people(*, people: list[NewPerson]) -> list[IssuedPassword]:
    """New 学员 accounts with their profiles, each with an initial password and the forced change set.

    A few queries whatever the number (bulk inserts); runs inside the caller's transaction when there is one.
    The passwords come back once, in the order of ``people``."""
    User = get_user_model()
    with transaction.atomic():
        passwords = [generate_initial_password() for _person in people]
        users = User.objects.bulk_create(
            [
                User(username=person.username, first_name=person.name, password=_hashed_initial(password))
                for person, password in zip(people, passwords, strict=True)
            ]
        )
        if users and users[0].pk is None:  # a backend that cannot return ids from a bulk insert
            by_name = dict(User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk"))
            for user in users:
                user.pk = by_name[user.username]
        trainee = Group.objects.get(name=TRAINEE)
        Membership = User.groups.through
        Membership.objects.bulk_create([Membership(user_id=user.pk, group_id=trainee.pk) for user in users])
        PersonProfile.objects.bulk_create(
            [
                PersonProfile(
                    user_id=user.pk,
                    phone=person.phone,
                    staff_number=person.staff_number,
                    home_unit=person.home_unit,
                    must_change_password=True,
                )
                for user, person in zip(users, people, strict=True)
            ]
        )
        return [
            IssuedPassword(user_id=user.pk, username=user.username, name=user.first_name, password=password)
            for user, password in zip(users, passwords, strict=True)
        ]


def complete_profiles(*, details: dict[int, NewPerson]) -> int:
    """Fill the empty phone, staff number or home unit of known people (never overwrite what is there)."""
    changed = 0
    with transaction.atomic():
        existing = {p.user_id: p for p in PersonProfile.objects.select_for_update().filter(user_id__in=details)}
        for user_id, person in details.items():
            profile = existing.get(user_id) or PersonProfile(user_id=user_id)
            fields = []
            for field in ("phone", "staff_number", "home_unit"):
                if not getattr(profile, field) and getattr(person, field):
                    setattr(profile, field, getattr(person, field))
                    fields.append(field)
            if fields or profile.pk is None:
                profile.save()
                changed += 1
    return changed


def reissue_initial_password(*, request, actor, user) -> IssuedPassword:
    """A new initial password for one person (lost, never used): the forced change is set again and their open
    sessions end (the session hash follows the password). Audited."""
    password = generate_initial_password()
    with transaction.atomic():
        User = get_user_model()
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.password = _hashed_initial(password)
        locked.save(update_fields=["password"])
        profile, _created = PersonProfile.objects.select_for_update().get_or_create(user=locked)
        profile.must_change_password = True
        profile.save(update_fields=["must_change_password", "updated_at"])
        record_security_event(action="password.initial_reissued", request=request, actor=actor, target=locked)
    return IssuedPassword(user_id=locked.pk, username=locked.username, name=locked.first_name, password=password)


def change_password(*, request, form) -> None:
    """Save a password change form (Django's, with the site's policy) and clear the forced change, in one
    transaction; audited as a security event. The session stays signed in."""
    user = form.user
    with transaction.atomic():
        profile = PersonProfile.objects.select_for_update().filter(user=user).first()
        forced = bool(profile and profile.must_change_password)
        form.save()
        if forced:
            profile.must_change_password = False
            profile.save(update_fields=["must_change_password", "updated_at"])
        record_security_event(
            action="password.changed", request=request, actor=user, target=user, detail={"forced": forced}
        )
    update_session_auth_hash(request, user)
    request.session.pop(MUST_CHANGE_SESSION_KEY, None)
