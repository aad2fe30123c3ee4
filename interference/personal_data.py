"""What the register holds about a person, for their own data export and for anonymising them (privacy). Only
the reports they made are theirs; the reports stay (a round's record), with what they typed replaced."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.labels import field_label
from interference.models import ApproachReport


def personal_records(*, user) -> dict[str, list[dict]]:
    """The approaches the person reported, one row each, with what they wrote and whether a leader read it."""
    reports = ApproachReport.objects.filter(reporter=user).select_related("round").order_by("created_at", "pk")
    rows = [
        {
            _("Round"): report.round.name,
            field_label(ApproachReport, "happened_on"): report.happened_on,
            field_label(ApproachReport, "channel"): report.get_channel_display(),
            field_label(ApproachReport, "approacher"): report.approacher,
            field_label(ApproachReport, "request"): report.request,
            field_label(ApproachReport, "response"): report.response,
            field_label(ApproachReport, "created_at"): report.created_at,
            field_label(ApproachReport, "acknowledged_at"): report.acknowledged_at,
        }
        for report in reports
    ]
    return {_("Approach register"): rows}


def anonymise_person_data(*, user, placeholder: str) -> int:
    """Replace the text the person typed (who, what was asked, their answer); the report's existence, round,
    date, channel and acknowledgement stay. Returns the number of reports changed."""
    with transaction.atomic():
        reports = ApproachReport.objects.filter(reporter=user)
        count = reports.exclude(approacher=placeholder[:60], request=placeholder).count()
        reports.update(approacher=placeholder[:60], request=placeholder, response="")
        return count
