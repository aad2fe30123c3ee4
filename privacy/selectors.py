"""Reads: everything the site holds about one person, section by section, as plain rows.

Each app says what it holds about a person through its api (``personal_records``); this app only puts the
sections together, so a new record type is added where it is stored, not here.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.api import personal_records as account_records
from core.labels import field_label
from courses.api import personal_records as study_records
from declarations.api import personal_records as declaration_records
from drills.api import personal_records as drill_records
from hours.api import personal_records as certificate_records
from interference.api import personal_records as approach_records
from quizzes.api import personal_records as quiz_records
from reminders.api import personal_records as reminder_records
from report_writing.api import personal_records as report_records
from reviews.api import review_summary
from rounds.api import personal_records as round_records
from scenarios.api import personal_records as scenario_records
from studysessions.api import personal_records as evening_records
from supervision.api import personal_records as coverage_records
from talent.api import personal_records as specialism_records

Sections = dict[str, list[dict]]


def _label(field: str) -> str:
    return field_label(get_user_model(), field)


def profile_rows(*, user) -> list[dict]:
    """One row: who the person is on the site."""
    return [
        {
            _("Name"): user.get_full_name(),
            _label("username"): user.get_username(),
            _label("email"): user.email,
            _("Roles"): "、".join(user.groups.order_by("name").values_list("name", flat=True)),
            _label("date_joined"): user.date_joined,
            _label("last_login"): user.last_login,
            _label("is_active"): user.is_active,
        }
    ]


def review_rows(*, user) -> list[dict]:
    """One row: the review queue in numbers (the cards themselves are scheduling state, not the person's words)."""
    summary = review_summary(user=user)
    return [
        {
            _("Due today"): summary.due_today,
            _("Upcoming"): summary.upcoming,
            _("Retired"): summary.retired,
            _("Next due"): summary.next_due,
        }
    ]


def personal_data(*, user) -> Sections:
    """Section title → rows, in the order the file shows them. Only this person's rows, in every section."""
    sections: Sections = {_("Profile"): profile_rows(user=user)}
    for records in (
        declaration_records,
        quiz_records,
        evening_records,
        study_records,
        drill_records,
        scenario_records,
        report_records,
        approach_records,
        coverage_records,
        specialism_records,
        certificate_records,
        reminder_records,
    ):
        sections |= records(user=user)
    sections[_("Review queue")] = review_rows(user=user)
    sections |= round_records(user=user)
    sections |= account_records(user=user)
    return sections


def people(*, query: str = "") -> QuerySet:
    """Accounts for the admin's personal-data page, searched by name, username or e-mail."""
    users = get_user_model().objects.order_by("username")
    query = query.strip()
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    return users


def record_counts(*, user) -> dict[str, int]:
    """Section title → number of rows, for the admin's page about one person (before and after anonymising)."""
    return {title: len(rows) for title, rows in personal_data(user=user).items()}
