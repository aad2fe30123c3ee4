"""Writes: exporting one person's data (an audit entry, then the file) and anonymising one person.

Anonymising keeps every record that statistics are computed from (attempts, attendance, completions, the
review queue, memberships), still linked to the same user row, and replaces what identifies the person or
what they wrote in their own words. It is one transaction: a failure anywhere leaves everything as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from accounts.api import anonymise_account_data
from audit.api import record_export, record_security_event
from declarations.api import anonymise_person_data as anonymise_declarations
from drills.api import anonymise_person_data as anonymise_drill_sentences
from hours.api import anonymise_person_data as anonymise_certificates
from interference.api import anonymise_person_data as anonymise_approach_reports
from privacy import files
from privacy.selectors import personal_data
from quizzes.api import anonymise_person_data as anonymise_answers
from reminders.api import anonymise_person_data as anonymise_reminders
from report_writing.api import anonymise_person_data as anonymise_report_drafts
from scenarios.api import anonymise_person_data as anonymise_lead_forms
from studysessions.api import anonymise_person_data as anonymise_attendance
from talent.api import anonymise_person_data as anonymise_specialisms

#: Stored values, not interface text: they stay the same whatever language the admin used.
ANONYMOUS_USERNAME = "已注销用户-{id}"
PLACEHOLDER = "（已匿名）"

OWN_DATA_EXPORTED = "privacy.own_data_exported"
PERSON_EXPORTED = "privacy.person_exported"
PERSON_ANONYMISED = "privacy.person_anonymised"


_DATABASE_SESSION_ENGINES = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")


class PrivacyError(ValidationError):
    """A refused request; the message is for the admin, in Chinese."""


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def _export_file(*, subject, file_format: str) -> ExportFile:
    now = timezone.now()
    sections = personal_data(user=subject)
    stamp = timezone.localtime(now).strftime("%Y%m%d")
    name = _("personal data %(username)s %(date)s") % {"username": subject.get_username(), "date": stamp}
    if file_format == "json":
        return ExportFile(files.json_document(sections, exported_at=now), files.JSON, f"{name}.json")
    if file_format == "xlsx":
        return ExportFile(files.workbook(sections), files.XLSX, f"{name}.xlsx")
    raise PrivacyError(_("Choose Excel or JSON."))


def export_own_data(*, user, request, file_format: str = "xlsx") -> ExportFile:
    """The person's own records as one file; the export is audited (个人信息保护法: access and portability)."""
    with transaction.atomic():
        exported = _export_file(subject=user, file_format=file_format)
        record_export(action=OWN_DATA_EXPORTED, request=request, subject=user, detail={"format": file_format})
    return exported


def export_person_data(*, subject, request, file_format: str = "xlsx") -> ExportFile:
    """One person's records, taken by the office; audited with who took them and whose they were."""
    with transaction.atomic():
        exported = _export_file(subject=subject, file_format=file_format)
        record_export(
            action=PERSON_EXPORTED, request=request, target=subject, subject=subject, detail={"format": file_format}
        )
    return exported


def _end_sessions(user) -> int:
    """Delete the person's stored sessions (deactivating and the unusable password refuse them anyway)."""
    if settings.SESSION_ENGINE not in _DATABASE_SESSION_ENGINES:
        return 0
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def anonymise_person(*, subject, actor, request=None) -> dict[str, int]:
    """Replace the person's identity and own words with placeholders, keep their records, close the account.

    Returns what was changed, by kind (also written to the audit entry). Refuses the actor's own account.
    """
    if subject.pk == actor.pk:
        raise PrivacyError(_("You cannot anonymise your own account."))
    if subject.is_superuser:
        raise PrivacyError(_("A superuser account cannot be anonymised here."))
    with transaction.atomic():
        subject = get_user_model().objects.select_for_update().get(pk=subject.pk)
        changed = {
            "recusal_entries": anonymise_declarations(user=subject, placeholder=PLACEHOLDER),
            "absence_reasons": anonymise_attendance(user=subject, placeholder=PLACEHOLDER),
            "essay_answers": anonymise_answers(user=subject, placeholder=PLACEHOLDER),
            "drill_sentences": anonymise_drill_sentences(user=subject, placeholder=PLACEHOLDER),
            "practice_lead_forms": anonymise_lead_forms(user=subject, placeholder=PLACEHOLDER),
            "report_drafts": anonymise_report_drafts(user=subject, placeholder=PLACEHOLDER),
            "approach_reports": anonymise_approach_reports(user=subject, placeholder=PLACEHOLDER),
            "declared_specialisms": anonymise_specialisms(user=subject, placeholder=PLACEHOLDER),
            "certificate_names": anonymise_certificates(user=subject, placeholder=PLACEHOLDER),
            "reminders_sent": anonymise_reminders(user=subject, placeholder=PLACEHOLDER),
        }
        devices = list(devices_for_user(subject, confirmed=None))
        for device in devices:
            device.delete()
        changed["second_factor_devices"] = len(devices)
        new_username = ANONYMOUS_USERNAME.format(id=subject.pk)
        changed |= anonymise_account_data(user=subject, old_username=subject.get_username(), new_username=new_username)
        setattr(subject, get_user_model().USERNAME_FIELD, new_username)
        subject.first_name = ""
        subject.last_name = ""
        subject.email = ""
        subject.is_active = False
        subject.set_unusable_password()
        subject.save()
        changed["sessions"] = _end_sessions(subject)
        record_security_event(
            action=PERSON_ANONYMISED,
            request=request,
            actor=actor,
            target=subject,
            detail={"user_id": subject.pk, **changed},
        )
    return changed
