"""Writes of the register: a member reports an approach, corrects it until a leader has read it, and a leader
acknowledges it (once; audited). Every refusal is a ValidationError with Chinese messages by field."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.api import record_security_event
from interference.models import (
    APPROACHER_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    REQUEST_MAX_LENGTH,
    RESPONSE_MAX_LENGTH,
    ApproachReport,
    Channel,
)
from interference.selectors import is_member, may_acknowledge

#: How long before a round's start an approach may have happened and still be this round's (a unit hearing of
#: the round early).
DAYS_BEFORE_START = 30
ACKNOWLEDGED = "interference.report_acknowledged"


def _text(value) -> str:
    return (value or "").strip()


def _checked(
    *, inspection_round, happened_on, channel: str, approacher: str, request: str, response: str
) -> dict[str, object]:
    """The cleaned fields, or a ValidationError naming every problem at once."""
    errors: dict[str, str] = {}
    approacher, request, response = _text(approacher), _text(request), _text(response)
    if not isinstance(happened_on, date):
        errors["happened_on"] = _("Enter the date it happened.")
    elif happened_on > timezone.localdate():
        errors["happened_on"] = _("The date cannot be in the future.")
    elif happened_on < inspection_round.starts_on - timedelta(days=DAYS_BEFORE_START):
        errors["happened_on"] = _(
            "The date is more than %(days)d days before the round started (%(start)s): it does not belong to this "
            "round."
        ) % {"days": DAYS_BEFORE_START, "start": inspection_round.starts_on.strftime("%Y-%m-%d")}
    if channel not in Channel.values:
        errors["channel"] = _("Choose how they approached you.")
    if not approacher:
        errors["approacher"] = _("Say who approached you (their position and unit are enough).")
    elif len(approacher) > APPROACHER_MAX_LENGTH:
        errors["approacher"] = _("Keep who approached you within %(n)d characters.") % {"n": APPROACHER_MAX_LENGTH}
    if not request:
        errors["request"] = _("Say what they asked for.")
    elif len(request) > REQUEST_MAX_LENGTH:
        errors["request"] = _("Keep what they asked for within %(n)d characters.") % {"n": REQUEST_MAX_LENGTH}
    if len(response) > RESPONSE_MAX_LENGTH:
        errors["response"] = _("Keep your answer within %(n)d characters.") % {"n": RESPONSE_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    return {
        "happened_on": happened_on,
        "channel": channel,
        "approacher": approacher,
        "request": request,
        "response": response,
    }


def report_approach(
    *, reporter, inspection_round, happened_on, channel: str, approacher: str, request: str, response: str = ""
) -> ApproachReport:
    """Record an approach made to a member of the round; it goes to the round's leaders."""
    if not is_member(user=reporter, inspection_round=inspection_round):
        raise ValidationError(_("Only members of this round can report an approach made during it."))
    fields = _checked(
        inspection_round=inspection_round,
        happened_on=happened_on,
        channel=channel,
        approacher=approacher,
        request=request,
        response=response,
    )
    with transaction.atomic():
        return ApproachReport.objects.create(round=inspection_round, reporter=reporter, **fields)


def correct_report(
    *, report: ApproachReport, reporter, happened_on, channel: str, approacher: str, request: str, response: str = ""
) -> ApproachReport:
    """The reporter corrects their report; refused once a leader has acknowledged it."""
    with transaction.atomic():
        locked = ApproachReport.objects.select_for_update().select_related("round").get(pk=report.pk)
        if locked.reporter_id != reporter.pk:
            raise ValidationError(_("Only the person who reported it can correct it."))
        if locked.acknowledged:
            raise ValidationError(_("A leader has already read this report: it can no longer be changed."))
        fields = _checked(
            inspection_round=locked.round,
            happened_on=happened_on,
            channel=channel,
            approacher=approacher,
            request=request,
            response=response,
        )
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(fields))
        return locked


def acknowledge(*, report: ApproachReport, leader, note: str = "", request=None) -> ApproachReport:
    """A leader of the round marks the report read (已阅), with an optional note. A second tap, by them or another
    leader, finds it acknowledged and changes nothing."""
    note = _text(note)
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("Keep the note within %(n)d characters.") % {"n": NOTE_MAX_LENGTH}})
    with transaction.atomic():
        locked = ApproachReport.objects.select_for_update().select_related("round", "reporter").get(pk=report.pk)
        if not may_acknowledge(user=leader, report=locked):
            raise ValidationError(_("Only a leader of this round can acknowledge the report."))
        if locked.acknowledged:
            return locked
        locked.acknowledged_by = leader
        locked.acknowledged_at = timezone.now()
        locked.leader_note = note
        locked.save(update_fields=["acknowledged_by", "acknowledged_at", "leader_note"])
        record_security_event(
            action=ACKNOWLEDGED, request=request, actor=leader, target=locked, subject=locked.reporter
        )
        return locked
