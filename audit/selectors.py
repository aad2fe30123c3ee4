"""What the auditor reads: the log, newest first, filtered one way for the listing and its export."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from audit.models import AuditCategory, AuditEntry

VIEW_PERMISSION = "audit.view_auditentry"

#: Readable names for the actions the site records; an action not listed here is shown by its dotted name.
ACTION_LABELS = {
    "audit.pruned": _("Old audit entries removed"),
    "audit.log_exported": _("Audit log exported"),
    "readiness.dashboard_viewed": _("Round dashboard viewed"),
    "readiness.dashboard_exported": _("Round dashboard exported"),
    "quizzes.report_viewed": _("Quiz report viewed"),
    "quizzes.results_exported": _("Quiz results exported"),
    "quizzes.attempt_marking_viewed": _("Attempt opened for marking"),
    "studysessions.record_viewed": _("Evening record viewed"),
    "studysessions.minutes_viewed": _("Evening minutes viewed"),
    "studysessions.roster_viewed": _("Evening roster viewed"),
    "drills.marking_queue_viewed": _("Characterisation marking queue viewed"),
    "drills.sentence_marking_viewed": _("Characterisation opened for marking"),
    "supervision.coverage_viewed": _("Field pack coverage viewed"),
    "report_writing.draft_viewed": _("Report draft viewed"),
    "report_writing.lists_viewed": _("Report draft's three lists viewed"),
    "report_writing.draft_exported": _("Report draft exported"),
    "report_writing.marking_queue_viewed": _("Report marking queue viewed"),
    "report_writing.draft_marking_viewed": _("Report draft opened for marking"),
    "report_writing.draft_marked": _("Report draft marked"),
    "desensitisation.flag_cleared": _("Anonymisation flag cleared"),
    "desensitisation.clearance_withdrawn": _("Anonymisation clearance withdrawn"),
    "interference.report_viewed": _("Approach report viewed"),
    "interference.register_viewed": _("Round's approach register viewed"),
    "interference.report_acknowledged": _("Approach report acknowledged"),
    "interference.audit_list_viewed": _("Approach reports listed for audit"),
    "declarations.round_conflicts_viewed": _("Round's recusal conflicts viewed"),
    "declarations.tie_reported": _("Tie reported during a round"),
    "hours.certificate_verified": _("Certificate verified"),
    "hours.round_viewed": _("Round's study hours viewed"),
    "hours.round_exported": _("Round's study hours exported"),
    "reminders.digest_sent": _("Weekly reminder digest sent"),
    "reminders.round_viewed": _("Round's reminders viewed"),
    "talent.pool_viewed": _("Talent pool searched"),
    "talent.record_viewed": _("Growth record viewed"),
    "talent.specialisms_changed": _("Someone's specialisms changed"),
    "packages.office_named": _("Office name for content packages set"),
    "packages.flag_cleared": _("Anonymisation flag in a package item cleared"),
    "packages.export_approved": _("Content package approved for export"),
    "packages.export_downloaded": _("Content package downloaded"),
    "packages.uploaded": _("Content package uploaded"),
    "packages.imported": _("Content package imported"),
    "packages.questions_released": _("Imported questions let into quiz draws"),
    "round.members_enrolled": _("Members enrolled from a spreadsheet"),
    "rounds.enrolment_checked": _("Enrolment spreadsheet checked"),
    "rounds.enrolment_members_viewed": _("Round's members listed for enrolment"),
    "password.changed": _("Password changed"),
    "password.initial_reissued": _("Initial password re-issued"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def may_read_log(user) -> bool:
    return bool(user.is_authenticated and user.has_perm(VIEW_PERMISSION))


def log_entries() -> QuerySet[AuditEntry]:
    """Every entry, newest first, with the two people it names."""
    return AuditEntry.objects.select_related("actor", "subject").order_by("-at", "-pk")


def entries_about(*, person) -> Q:
    """Entries whose data was this person's, alone (subject) or among others (people shown)."""
    shown = AuditEntry.people.through.objects.filter(user_id=person.pk).values("auditentry_id")
    return Q(subject=person) | Q(pk__in=shown)


@dataclass(frozen=True)
class SecurityEvent:
    at: datetime
    action: str
    address: str | None


def security_events_of(*, user, actions: Iterable[str]) -> list[SecurityEvent]:
    """One person's security events of the given actions, newest first: done by them, typed with their user
    name (failed log-ins), or done to their account (a reset, an unlock). For their own data export."""
    about_account = Q(object_type=user._meta.label_lower, object_id=str(user.pk))
    typed = Q(actor__isnull=True, actor_name=user.get_username())
    rows = (
        AuditEntry.objects.filter(category=AuditCategory.SECURITY, action__in=list(actions))
        .filter(Q(actor=user) | typed | about_account)
        .order_by("-at", "-pk")
        .values_list("at", "action", "address")
    )
    return [SecurityEvent(at, action, address) for at, action, address in rows]


def _action_choices():
    actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    return [(action, f"{action_label(action)} ({action})" if action in ACTION_LABELS else action) for action in actions]


def _people(request=None):
    User = get_user_model()
    return User.objects.order_by(User.USERNAME_FIELD)


class PersonChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name}（{obj.get_username()}）" if name else obj.get_username()


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


class AuditFilterSet(WagtailFilterSet):
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=AuditCategory.choices, empty_label=_("All"), widget=forms.RadioSelect
    )
    action = django_filters.ChoiceFilter(label=_("Action"), choices=_action_choices, empty_label=_("All"))
    actor = PersonFilter(label=_("User"), queryset=_people)
    subject = PersonFilter(label=_("Whose data"), queryset=_people, method="filter_subject")
    at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    address = django_filters.CharFilter(label=_("IP address (or its beginning)"), lookup_expr="startswith")

    class Meta:
        model = AuditEntry
        fields = ["category", "action", "actor", "subject", "at", "address"]

    def filter_subject(self, queryset, name, value):
        return queryset.filter(entries_about(person=value)) if value else queryset


def filtered_entries(*, data, request=None) -> QuerySet[AuditEntry]:
    """The entries the auditor's filters (a query dict) select; invalid filters select nothing."""
    filterset = AuditFilterSet(data, queryset=log_entries(), request=request)
    if not filterset.is_valid():
        return AuditEntry.objects.none()
    return filterset.qs
