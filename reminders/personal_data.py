"""What the reminders hold about a person, for their own data export and for anonymising them (privacy).

The reminders they were sent (round, item, when). The digests name people only in the e-mail, which is not
stored; a digest row is the manager's (round, week, how many were behind). Anonymising deletes the person's
reminder rows: they are only there so nothing is sent twice in a week.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.labels import field_label
from reminders.models import DigestSent, ReminderSent


def personal_records(*, user) -> dict[str, list[dict]]:
    sent = ReminderSent.objects.filter(user=user).select_related("round").order_by("sent_at", "pk")
    rows = [
        {
            _("Round"): row.round.name,
            field_label(ReminderSent, "text"): row.text,
            field_label(ReminderSent, "sent_at"): row.sent_at,
        }
        for row in sent
    ]
    digests = DigestSent.objects.filter(manager=user).select_related("round").order_by("sent_at", "pk")
    rows += [
        {
            _("Round"): row.round.name,
            field_label(ReminderSent, "text"): _("Weekly digest: %(count)s members behind")
            % {"count": row.members_behind},
            field_label(ReminderSent, "sent_at"): row.sent_at,
        }
        for row in digests
    ]
    return {_("Reminders sent"): rows}


def anonymise_person_data(*, user, placeholder: str) -> int:
    """Delete the person's reminder rows (no words of theirs, nothing statistics need); returns how many."""
    with transaction.atomic():
        deleted, _by_model = ReminderSent.objects.filter(user=user).delete()
        return deleted
